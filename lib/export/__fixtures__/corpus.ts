// A small corpus for the export tests: two documents whose texts contain characters outside
// the Basic Multilingual Plane (so code point and UTF-16 offsets differ), annotations of all
// three classes, formatted notes, every kind of evidence, a reply and verdicts; ADJUDICATED adds
// resolved disputes and a ruling.
import { createHash } from "node:crypto";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { describeSpan } from "@/lib/anchoring/quote";
import type { AnnotationDTO, PersonRef, ReplyDTO, RulingDTO, VerdictDTO } from "@/lib/annotations/types";
import type { NoteDoc } from "@/lib/notes/schema";
import { noteToPlainText } from "@/lib/notes/text";
import type { NativeDocumentMeta } from "../native";

export const alice: PersonRef = { id: "u-alice", name: "Alice Archivist" };
export const bob: PersonRef = { id: "u-bob", name: "Bob Checker" };

export const TEXT_1 =
  "The 𝔄pparatus report 📜 says “the harvest doubled” [8].\n" +
  "Critics call it “a fantasy”; others 𝒷elieve it will last forever — a bold claim.\n" +
  "The minister resigned in 1952, according to the archive.";
export const TEXT_2 = "Chat log 😀: “We won the vote,” wrote the admin.";

function meta(id: string, title: string, kind: string, text: string): NativeDocumentMeta {
  return {
    id,
    title,
    kind,
    publisher: kind === "newspaper" ? "The Daily 𝔗ribune" : null,
    author: null,
    publishedAt: kind === "newspaper" ? "1952-03" : null,
    sourceUrl: kind === "newspaper" ? "https://example.org/tribune/1952" : null,
    createdAt: "2024-05-01T08:00:00.000Z",
    textSha256: createHash("sha256").update(text, "utf8").digest("hex"),
    length: new CodePointIndex(text).length,
    text,
  };
}

export const DOC_1 = meta("doc-1", "Harvest editorial", "newspaper", TEXT_1);
export const DOC_2 = meta("doc-2", "Reposted chat", "transcript", TEXT_2);

const p = (...content: NoteDoc["content"][number][]): NoteDoc => ({ type: "doc", content });

const NOTES: NoteDoc[] = [
  p({
    type: "paragraph",
    content: [
      { type: "text", text: "Checked against the " },
      { type: "text", text: "yearbook", marks: [{ type: "bold" }] },
      { type: "text", text: " & the " },
      { type: "text", text: "archive <index>", marks: [{ type: "link", attrs: { href: "https://example.org/archive" } }] },
      { type: "text", text: " 𝔄." },
    ],
  }),
  p(
    { type: "paragraph", content: [{ type: "text", text: "Disputed by:" }] },
    {
      type: "bulletList",
      content: [
        { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "the opposition press" }] }] },
        { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "two historians", marks: [{ type: "italic" }] }] }] },
      ],
    },
    { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "Numbers were invented." }, { type: "hardBreak" }, { type: "text", text: "— a critic" }] }] },
  ),
  { type: "doc", content: [{ type: "paragraph" }] }, // empty note
  p({
    type: "orderedList",
    attrs: { start: 3 },
    content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Archive file 7" }] }] }],
  }),
  p({ type: "paragraph", content: [{ type: "text", text: "Only a chat message 😀." }] }),
];

function annotation(
  id: string,
  doc: NativeDocumentMeta,
  quote: string,
  classification: AnnotationDTO["classification"],
  noteIndex: number,
  author: PersonRef,
  extra: Partial<AnnotationDTO> = {},
): AnnotationDTO {
  const index = new CodePointIndex(doc.text);
  const utf16 = doc.text.indexOf(quote);
  if (utf16 < 0) throw new Error(`fixture quote not found: ${quote}`);
  const start = index.toCodePoint(utf16);
  const end = start + new CodePointIndex(quote).length;
  const span = describeSpan(index, start, end);
  const note = NOTES[noteIndex];
  const verdicts = extra.verdicts ?? [];
  return {
    id,
    documentId: doc.id,
    start,
    end,
    quote: span.quote,
    prefix: span.prefix,
    suffix: span.suffix,
    classification,
    note,
    noteText: noteToPlainText(note),
    evidence: [],
    author,
    createdAt: "2024-05-02T09:00:00.000Z",
    updatedAt: "2024-05-02T09:30:00.000Z",
    version: 1,
    suggestion: null,
    agrees: verdicts.filter((v) => v.verdict === "agree").length,
    disputes: verdicts.filter((v) => v.verdict === "dispute" && v.status === "open").length,
    replyCount: 0,
    verdicts,
    ruling: null,
    ...extra,
  };
}

const open = { status: "open", resolvedAt: null, resolution: null } as const;
const carol = { id: "u-carol", name: "Carol" };
const verdicts: VerdictDTO[] = [
  { reviewer: alice, verdict: "dispute", proposedClass: "opinion", ...open, createdAt: "2024-05-03T10:00:00.000Z", updatedAt: "2024-05-03T10:00:00.000Z" },
  { reviewer: carol, verdict: "agree", proposedClass: null, ...open, createdAt: "2024-05-03T11:00:00.000Z", updatedAt: "2024-05-03T11:05:00.000Z" },
];
// Adjudication (ADJUDICATED below): a dispute the author settled by adopting the proposed class, and one
// an editor's ruling settled.
const adopted: VerdictDTO[] = [
  { reviewer: bob, verdict: "dispute", proposedClass: "sourced", status: "resolved", resolvedAt: "2024-05-05T08:00:00.000Z", resolution: "adopted", createdAt: "2024-05-04T08:00:00.000Z", updatedAt: "2024-05-04T08:00:00.000Z" },
];
const ruledOn: VerdictDTO[] = [
  { reviewer: alice, verdict: "dispute", proposedClass: "contested", status: "resolved", resolvedAt: "2024-05-06T09:00:00.000Z", resolution: "ruled", createdAt: "2024-05-05T09:00:00.000Z", updatedAt: "2024-05-05T09:00:00.000Z" },
];
const RULING: RulingDTO = {
  classification: "contested",
  rationale: p({ type: "paragraph", content: [{ type: "text", text: "A prediction dressed as fact: " }, { type: "text", text: "contested", marks: [{ type: "italic" }] }, { type: "text", text: " until sourced 📜." }] }),
  rationaleText: "A prediction dressed as fact: contested until sourced 📜.",
  by: carol,
  at: "2024-05-06T09:30:00.000Z",
  createdAt: "2024-05-06T09:00:00.000Z",
};

export const ANNOTATIONS: AnnotationDTO[] = [
  annotation("a-1", DOC_1, "the harvest doubled” [8]", "sourced", 0, alice, {
    evidence: [
      { citation: "Ministry yearbook 1951, p. 12" },
      { url: "https://example.org/yearbook" },
      { citation: "Deutscher, The Prophet Armed, p. 12", url: "https://example.org/deutscher?p=12" },
    ],
    version: 3,
  }),
  annotation("a-2", DOC_1, "a fantasy", "contested", 1, bob, { evidence: [{ url: "https://example.org/critique" }], verdicts, replyCount: 1 }),
  annotation("a-3", DOC_1, "𝒷elieve it will last forever — a bold claim", "opinion", 2, bob),
  annotation("a-4", DOC_1, "The minister resigned in 1952", "sourced", 3, alice),
  annotation("a-5", DOC_2, "“We won the vote,”", "opinion", 4, bob),
];

/** ANNOTATIONS with a-3 ruled (its dispute resolved by the ruling) and a-4's dispute adopted by its author. */
export const ADJUDICATED: AnnotationDTO[] = ANNOTATIONS.map((a) =>
  a.id === "a-3" ? { ...a, verdicts: ruledOn, ruling: RULING } : a.id === "a-4" ? { ...a, verdicts: adopted } : a,
);

export const REPLIES: Record<string, ReplyDTO[]> = {
  "a-2": [
    {
      id: "r-1",
      annotationId: "a-2",
      body: p({ type: "paragraph", content: [{ type: "text", text: "Agreed, see " }, { type: "text", text: "page 4", marks: [{ type: "bold" }] }] }),
      bodyText: "Agreed, see page 4",
      author: alice,
      createdAt: "2024-05-04T12:00:00.000Z",
      updatedAt: "2024-05-04T12:00:00.000Z",
    },
  ],
};

export const repliesOf = (annotationId: string): ReplyDTO[] => REPLIES[annotationId] ?? [];

export const BASE_URL = "https://apparatus.example.org";
export const W3C_CONTEXT = { baseUrl: BASE_URL, documentIri: (id: string) => `${BASE_URL}/documents/${id}` };

/** Yields the values one by one, asynchronously, as a database cursor would. */
export async function* slowly<T>(values: T[]): AsyncGenerator<T> {
  for (const value of values) {
    await Promise.resolve();
    yield value;
  }
}

export async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}
