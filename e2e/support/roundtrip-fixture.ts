// Writes a native export file with the export tests' fixture corpus (non-BMP text, every kind of
// note and evidence, replies, verdicts; people with and without email addresses) and a page extracted
// from HTML (headings, a list, a link, a footnote: a structure beyond plain text) with an annotation
// accepted from a suggested claim, for the round trip of e2e/engines.spec.ts.
// Usage: tsx e2e/support/roundtrip-fixture.ts <out.json>
import { createHash } from "node:crypto";
import fs from "node:fs";
import { ANNOTATIONS, DOC_1, DOC_2, alice, repliesOf } from "../../lib/export/__fixtures__/corpus";
import { buildNativeExport, toNativeAnnotation, type NativeAnnotation, type NativeDocumentMeta } from "../../lib/export/native";
import { extractText } from "../../lib/documents/extract";
import { suggestClaims } from "../../lib/suggestions/suggest";

const emails: Record<string, string> = { "u-alice": "alice@archive.example.org", "u-bob": "bob@checkers.example.org" };

const page = extractText({
  format: "html",
  boilerplate: "drop",
  text: `<html><head><title>Quay report</title></head><body><nav><a href="/">Home</a> | <a href="/about">About</a></nav>
    <main><article><h1>Quay report 𝔔</h1>
    <p>The harbour board says <a href="https://board.example.org/minutes">its minutes</a> record the vote.<sup id="r1"><a href="#fn1">1</a></sup></p>
    <h2>Demands</h2><ul><li>a pay rise;</li><li><em>safer</em> cranes.</li></ul>
    <ol class="footnotes"><li id="fn1">Board minutes of 2 May. <a href="#r1">↩</a></li></ol></article></main></body></html>`,
});
if (!page.ok) throw new Error(page.message);
const text = page.text;
const cps = [...text];
const QUAY: NativeDocumentMeta = {
  id: "doc-quay",
  title: "Quay report",
  kind: "newspaper",
  publisher: null,
  author: null,
  publishedAt: null,
  sourceUrl: null,
  createdAt: "2024-05-03T08:00:00.000Z",
  textSha256: createHash("sha256").update(text, "utf8").digest("hex"),
  length: cps.length,
  text,
  structure: page.structure,
};
const accepted = suggestClaims(text, page.structure).find((s) => s.kind === "likely-sourced");
if (!accepted) throw new Error("the fixture page should have a likely-sourced sentence");
const quayAnnotation: NativeAnnotation = {
  id: "a-quay-1",
  start: accepted.start,
  end: accepted.end,
  quote: cps.slice(accepted.start, accepted.end).join(""),
  prefix: cps.slice(Math.max(0, accepted.start - 32), accepted.start).join(""),
  suffix: cps.slice(accepted.end, accepted.end + 32).join(""),
  classification: "sourced",
  note: { type: "doc", content: [{ type: "paragraph" }] },
  noteText: "",
  evidence: [{ url: "https://board.example.org/minutes" }],
  author: { ...alice, email: emails[alice.id] },
  createdAt: "2024-05-03T09:00:00.000Z",
  updatedAt: "2024-05-03T09:00:00.000Z",
  version: 1,
  suggestion: { kind: accepted.kind, reason: accepted.reason },
  replies: [],
  verdicts: [],
};

// Its history: the page is version 2 of a draft (the draft ended with a line since cut), the annotation
// was reclassified once, and its place on the draft is kept.
const draft = `${text}\nDraft: figures to follow.`;
QUAY.version = 2;
QUAY.versions = [
  { version: 1, createdAt: "2024-05-02T08:00:00.000Z", addedBy: { id: alice.id, name: alice.name, email: emails[alice.id] }, note: null, format: "text", textSha256: createHash("sha256").update(draft, "utf8").digest("hex"), length: [...draft].length, text: draft },
  { version: 2, createdAt: "2024-05-03T08:00:00.000Z", addedBy: null, note: "Draft line cut", format: "html", textSha256: QUAY.textSha256, length: QUAY.length },
];
Object.assign(quayAnnotation, {
  version: 2,
  updatedAt: "2024-05-03T10:00:00.000Z",
  anchor: { state: "exact", version: 2 },
  revisions: [
    {
      version: 1,
      editor: { ...alice, email: emails[alice.id] },
      createdAt: "2024-05-03T10:00:00.000Z",
      changed: ["classification"],
      classification: "opinion",
      note: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Says who? 𝔔" }] }] },
      noteText: "Says who? 𝔔",
      evidence: [],
    },
  ],
  placements: [{ version: 1, start: quayAnnotation.start, end: quayAnnotation.end, quote: quayAnnotation.quote, prefix: quayAnnotation.prefix, suffix: quayAnnotation.suffix, state: "exact", supersededAt: "2024-05-03T08:00:00.000Z" }],
} satisfies Partial<NativeAnnotation>);

const file = buildNativeExport({
  exportedAt: "2024-06-01T00:00:00.000Z",
  documents: [
    ...[DOC_1, DOC_2].map((meta) => ({
      meta,
      annotations: ANNOTATIONS.filter((a) => a.documentId === meta.id).map((a) => toNativeAnnotation(a, repliesOf(a.id), (id) => emails[id])),
    })),
    { meta: QUAY, annotations: [quayAnnotation] },
  ],
});
fs.writeFileSync(process.argv[2], JSON.stringify(file));
