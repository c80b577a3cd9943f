import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { ChunkWriter, CHUNK_SIZE, jsonString } from "./chunks";
import { isDateTime } from "./formats";
import {
  buildNativeExport,
  parseNativeExport,
  streamNativeExport,
  summaryOf,
  toNativeAnnotation,
  type NativeAnnotation,
  type NativeDocumentInput,
  type NativeExport,
} from "./native";
import { ADJUDICATED, DOC_1, DOC_2, collect, repliesOf, slowly } from "./__fixtures__/corpus";

const EXPORTED_AT = "2024-06-01T12:00:00.000Z";
const annotationsOf = (docId: string): NativeAnnotation[] =>
  ADJUDICATED.filter((a) => a.documentId === docId).map((a) => toNativeAnnotation(a, repliesOf(a.id), (id) => (id === "u-alice" ? "alice@example.org" : undefined)));
const inputs = (): NativeDocumentInput[] => [
  { meta: DOC_1, annotations: annotationsOf(DOC_1.id) },
  { meta: DOC_2, annotations: annotationsOf(DOC_2.id) },
];
const sample = (): NativeExport => buildNativeExport({ exportedAt: EXPORTED_AT, documents: inputs() });

const jsonSchema = JSON.parse(readFileSync(new URL("./apparatus.export.v2.schema.json", import.meta.url), "utf8"));
const jsonSchemaV1 = JSON.parse(readFileSync(new URL("./apparatus.export.v1.schema.json", import.meta.url), "utf8"));
// strictTuples off: a list item is "a paragraph, then any blocks", an open tuple by design.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false });
ajv.addFormat("date-time", isDateTime);
ajv.addSchema(JSON.parse(readFileSync(new URL("./document-structure.v1.schema.json", import.meta.url), "utf8")));
const validateFile = ajv.compile(jsonSchema);
const validateV1 = ajv.compile(jsonSchemaV1);

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe("native export: content", () => {
  it("holds metadata, text, annotations with replies, verdicts and evidence, and a summary", () => {
    const file = sample();
    expect(file).toMatchObject({ format: "apparatus.export", version: 2, exportedAt: EXPORTED_AT });
    const [doc1, doc2] = file.documents;
    expect(doc1.text).toBe(DOC_1.text);
    expect(doc1.length).toBe([...DOC_1.text].length); // code points, not UTF-16 units
    expect(doc1.length).toBeLessThan(DOC_1.text.length);
    expect(doc1.annotations.map((a) => a.classification)).toEqual(["sourced", "contested", "opinion", "sourced"]);
    const a2 = doc1.annotations[1];
    expect(a2.replies).toHaveLength(1);
    expect(a2.verdicts.map((v) => [v.verdict, v.proposedClass])).toEqual([["dispute", "opinion"], ["agree", null]]);
    expect(doc1.annotations[0].evidence).toHaveLength(3);
    expect(doc1.annotations[0].author).toEqual({ id: "u-alice", name: "Alice Archivist", email: "alice@example.org" });
    expect(Object.keys(doc1).at(-1)).toBe("summary");
    expect(doc1.summary.counts).toEqual({ sourced: 2, contested: 1, opinion: 1 });
    expect(doc1.summary.disputed[0]).toEqual({ annotationId: "a-2", disputes: 1, replies: 1 });
    expect(doc2.summary.counts.opinion).toBe(1);
    // The claim-based figures come with it (computed by lib/summary from the exported annotations).
    expect(doc1.summary).toMatchObject({ minimumClaims: 5, openDisputes: 1, rulings: 1 });
    // Verdicts carry their status; a ruled annotation carries its ruling, the others null.
    expect(a2.verdicts.map((v) => [v.status, v.resolvedAt, v.resolution])).toEqual([["open", null, null], ["open", null, null]]);
    const [a3, a4] = [doc1.annotations[2], doc1.annotations[3]];
    expect(a4.verdicts.map((v) => [v.status, v.resolution])).toEqual([["resolved", "adopted"]]);
    expect(a3.verdicts.map((v) => [v.status, v.resolution])).toEqual([["resolved", "ruled"]]);
    expect(a3.ruling).toMatchObject({ classification: "contested", rationaleText: "A prediction dressed as fact: contested until sourced 📜.", by: { id: "u-carol", name: "Carol" } });
    expect(Object.keys(a3.ruling!)).toEqual(["classification", "rationale", "rationaleText", "by", "at", "createdAt"]);
    expect(a2.ruling).toBeNull();
    expect(Object.keys(a3).at(-1)).toBe("ruling"); // no revisions or earlier placements: neither key
    // The ruled claim takes the ruling's class: a-3 (an opinion annotation) counts as a contested claim.
    expect(doc1.summary.claims).toEqual({ sourced: 2, contested: 2, opinion: 0 });
    const claims = doc1.summary.claims!;
    expect(claims.sourced + claims.contested + claims.opinion).toBeGreaterThan(0);
    expect(doc1.summary.reliabilityLow).not.toBeUndefined();
    // Each quote is the text between its code point offsets.
    for (const doc of file.documents) {
      for (const a of doc.annotations) expect([...doc.text].slice(a.start!, a.end!).join("")).toBe(a.quote);
    }
  });

  it("validates against the shipped JSON Schema and nativeExportSchema, and parses back unchanged", () => {
    const file = clone(sample());
    expect(validateFile(file), ajv.errorsText(validateFile.errors)).toBe(true);
    const parsed = parseNativeExport(file);
    expect(parsed).toEqual({ ok: true, data: file });
  });

  it("still accepts a version 1 file written before the claim-based figures, rulings and dispute status were added", () => {
    const file = clone(sample());
    for (const doc of file.documents) {
      for (const key of ["claims", "reliabilityLow", "reliabilityHigh", "minimumClaims", "openDisputes", "rulings"] as const) delete doc.summary[key];
      for (const a of doc.annotations) {
        delete a.ruling;
        a.verdicts = a.verdicts.filter((v) => v.status !== "resolved");
        for (const v of a.verdicts) for (const key of ["status", "resolvedAt", "resolution"] as const) delete v[key];
      }
    }
    expect(validateFile(file), ajv.errorsText(validateFile.errors)).toBe(true);
    expect(parseNativeExport(file)).toEqual({ ok: true, data: file });
  });

  it("refuses a resolved agree verdict, a resolved dispute without its resolution, and a ruling without a class", () => {
    const cases: Array<[(f: NativeExport) => void, RegExp]> = [
      [(f) => Object.assign(f.documents[0].annotations[1].verdicts[1], { status: "resolved", resolvedAt: "2024-05-06T09:00:00.000Z", resolution: "ruled" }), /only a dispute can be resolved/],
      [(f) => Object.assign(f.documents[0].annotations[1].verdicts[0], { status: "resolved" }), /a resolved verdict has resolvedAt and resolution/],
      [(f) => Object.assign(f.documents[0].annotations[3].verdicts[0], { status: "open" }), /a resolved verdict has resolvedAt and resolution/],
      [(f) => delete (f.documents[0].annotations[2].ruling as Partial<NonNullable<NativeAnnotation["ruling"]>>).classification, /ruling\.classification/],
    ];
    for (const [edit, message] of cases) {
      const file = clone(sample());
      edit(file);
      const result = parseNativeExport(file);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.join("\n")).toMatch(message);
      expect(validateFile(file)).toBe(false);
    }
  });
});

describe("native export: document versions and anchoring (format version 2)", () => {
  const withAnchors = (): NativeExport => {
    const file = clone(sample());
    const doc = file.documents[0];
    doc.version = 3;
    const [a1, a2] = doc.annotations;
    a1.anchor = { state: "fuzzy", version: 3, score: 0.82, previousQuote: "the harvest dubled” [8]" };
    Object.assign(a2, { start: null, end: null });
    a2.anchor = {
      state: "orphaned",
      version: 3,
      previousQuote: a2.quote,
      resolution: { action: "left-orphaned", by: { id: "u-alice", name: "Alice Archivist" }, at: "2024-06-01T10:00:00.000Z", note: "The sentence was cut." },
    };
    for (const a of doc.annotations.slice(2)) a.anchor = { state: "exact", version: 3 };
    return file;
  };

  it("names the version of each document's text and where each annotation is anchored, and validates", () => {
    const file = sample();
    expect(file.documents.map((d) => d.version)).toEqual([1, 1]);
    expect(file.documents[0].annotations[0].anchor).toEqual({ state: "exact", version: 1 });
    expect(Object.keys(file.documents[0]).slice(7, 11)).toEqual(["createdAt", "version", "textSha256", "length"]);
    expect(Object.keys(file.documents[0].annotations[0]).slice(-6)).toEqual(["version", "suggestion", "anchor", "replies", "verdicts", "ruling"]);
    const anchored = withAnchors();
    expect(validateFile(anchored), ajv.errorsText(validateFile.errors)).toBe(true);
    expect(parseNativeExport(anchored)).toEqual({ ok: true, data: anchored });
  });

  it("counts an orphaned annotation only in the summary's open disputes and rulings (it has no span), and keeps it in the file", () => {
    const file = withAnchors();
    const doc = file.documents[0];
    const orphan = doc.annotations[1];
    const summary = summaryOf(doc.id, doc.length, doc.annotations);
    expect(summary.counts).toEqual({ sourced: 2, contested: 0, opinion: 1 });
    const placed = summaryOf(doc.id, doc.length, doc.annotations.filter((a) => a !== orphan));
    const openDisputes = orphan.verdicts.filter((v) => v.verdict === "dispute" && v.status === "open").length;
    expect(summary.openDisputes).toBe((placed.openDisputes ?? 0) + openDisputes);
    expect(summary.rulings).toBe((placed.rulings ?? 0) + (orphan.ruling ? 1 : 0));
    expect({ ...summary, openDisputes: 0, rulings: 0, disputed: [] }).toEqual({ ...placed, openDisputes: 0, rulings: 0, disputed: [] });
    expect(doc.annotations).toHaveLength(4);
  });

  it("refuses null offsets on a placed annotation, and numbers on an orphaned one", () => {
    const placedWithoutOffsets = withAnchors();
    Object.assign(placedWithoutOffsets.documents[0].annotations[0], { start: null, end: null });
    const orphanedWithOffsets = withAnchors();
    Object.assign(orphanedWithOffsets.documents[0].annotations[1], { start: 3, end: 9 });
    for (const file of [placedWithoutOffsets, orphanedWithOffsets]) {
      const result = parseNativeExport(file);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.join("\n")).toMatch(/start and end are null exactly when anchor.state is "orphaned"/);
      expect(validateFile(file)).toBe(false);
    }
  });

  it("still reads a version 1 file: no document version, no anchors, every annotation placed", () => {
    const file = clone(sample()) as unknown as Record<string, unknown> & { documents: Array<Record<string, unknown> & { annotations: Array<Record<string, unknown>> }> };
    file.version = 1;
    for (const doc of file.documents) {
      delete doc.version;
      delete doc.versions;
      for (const a of doc.annotations) {
        delete a.anchor;
        delete a.revisions;
        delete a.placements;
      }
    }
    expect(validateV1(file), ajv.errorsText(validateV1.errors)).toBe(true);
    expect(parseNativeExport(file)).toEqual({ ok: true, data: file });
  });
});

describe("native export: streaming", () => {
  it("concatenates to exactly JSON.stringify of the non-streaming export", async () => {
    let summaryAskedAfterAnnotations = false;
    let annotationsDone = false;
    async function* annotations() {
      yield* slowly(annotationsOf(DOC_1.id));
      annotationsDone = true;
    }
    const chunks = await collect(
      streamNativeExport({
        exportedAt: EXPORTED_AT,
        documents: slowly([
          {
            meta: DOC_1,
            annotations: annotations(),
            summary: async () => {
              summaryAskedAfterAnnotations = annotationsDone;
              return summaryOf(DOC_1.id, DOC_1.length, annotationsOf(DOC_1.id));
            },
          },
          { meta: DOC_2, annotations: slowly(annotationsOf(DOC_2.id)) }, // summary computed while streaming
        ]),
      }),
    );
    const text = chunks.join("");
    expect(text).toBe(JSON.stringify(sample()));
    expect(JSON.parse(text)).toEqual(sample());
    expect(summaryAskedAfterAnnotations).toBe(true);
  });

  it("writes an empty corpus and a document without annotations", async () => {
    const empty = await collect(streamNativeExport({ exportedAt: EXPORTED_AT, documents: [] }));
    expect(JSON.parse(empty.join(""))).toEqual(buildNativeExport({ exportedAt: EXPORTED_AT, documents: [] }));
    const bare = await collect(streamNativeExport({ exportedAt: EXPORTED_AT, documents: [{ meta: DOC_2, annotations: [] }] }));
    expect(bare.join("")).toBe(JSON.stringify(buildNativeExport({ exportedAt: EXPORTED_AT, documents: [{ meta: DOC_2, annotations: [] }] })));
  });

  it("emits a large document in bounded chunks without splitting surrogate pairs", async () => {
    const template = annotationsOf(DOC_1.id);
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...template[i % template.length], id: `bulk-${i}` }));
    const chunks = await collect(streamNativeExport({ exportedAt: EXPORTED_AT, documents: [{ meta: DOC_1, annotations: slowly(many) }] }));
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(CHUNK_SIZE);
      expect(/[\ud800-\udbff]$/.test(chunk)).toBe(false);
    }
    expect(chunks.join("")).toBe(JSON.stringify(buildNativeExport({ exportedAt: EXPORTED_AT, documents: [{ meta: DOC_1, annotations: many }] })));
  });

  it("jsonString writes what JSON.stringify writes", () => {
    const samples = ["", "plain", 'a "quote"', "back\\slash", "tab\tnew\nline\u0000\u001f", "\u2028\u2029\u007f", "pair 😀 𝔄", "lone \ud800 x", "lone \udc00", "end \ud83d", "“curly” — dash"];
    for (const s of samples) expect(jsonString(s)).toBe(JSON.stringify(s));
  });

  it("ChunkWriter never cuts a piece, so a surrogate pair stays in one chunk", () => {
    const writer = new ChunkWriter(4);
    const chunks = ["ab", "c😀", "d", "efghij", "k"].map((p) => writer.push(p)).concat(writer.end());
    expect(chunks).toEqual([null, "ab", null, "c😀d", "efghij", "k"]);
  });
});

describe("native import validation", () => {
  const corrupt = (edit: (f: NativeExport) => void) => {
    const file = clone(sample());
    edit(file);
    return file;
  };

  it("refuses end before start with the place and the numbers", () => {
    const file = corrupt((f) => Object.assign(f.documents[0].annotations[1], { start: 9, end: 3 }));
    const result = parseNativeExport(file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContain("documents[0].annotations[1].end: end (3) must be greater than start (9)");
  });

  it("refuses an unknown class", () => {
    const file = corrupt((f) => ((f.documents[0].annotations[0] as { classification: string }).classification = "rumour"));
    const result = parseNativeExport(file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/^documents\[0\]\.annotations\[0\]\.classification: classification must be one of sourced, contested, opinion/);
    expect(validateFile(file)).toBe(false);
  });

  it("refuses a note that parseNote refuses (a script node, a javascript: link)", () => {
    const script = corrupt((f) => ((f.documents[0].annotations[0].note.content as unknown[]).push({ type: "script", content: [] })));
    const result = parseNativeExport(script);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/^documents\[0\]\.annotations\[0\]\.note: invalid note \(content\.1\.type: unknown block node type "script"/);
    expect(validateFile(script)).toBe(false);

    const link = corrupt((f) => {
      f.documents[1].annotations[0].replies = [{ ...clone(sample().documents[0].annotations[1].replies[0]) }];
      const text = f.documents[1].annotations[0].replies[0].body.content[0] as { content: { marks?: unknown[] }[] };
      text.content[0].marks = [{ type: "link", attrs: { href: "javascript:alert(1)" } }];
    });
    const linkResult = parseNativeExport(link);
    expect(linkResult.ok).toBe(false);
    if (!linkResult.ok) expect(linkResult.errors[0]).toMatch(/^documents\[1\]\.annotations\[0\]\.replies\[0\]\.body: invalid note .*href must be an absolute/);
  });

  it("refuses other malformed files with clear messages", () => {
    const cases: [(f: NativeExport) => void, RegExp][] = [
      [(f) => ((f as { version: number }).version = 3), /^version: version must be 1 or 2/],
      [(f) => ((f.documents[0].annotations[0] as { start: number }).start = -1), /annotations\[0\]\.start: must be 0 or more/],
      [(f) => ((f.documents[0].annotations[0] as { start: number }).start = 1.5), /annotations\[0\]\.start: must be an integer/],
      [(f) => ((f.documents[0] as { textSha256: string }).textSha256 = "xyz"), /documents\[0\]\.textSha256: must be 64 lowercase/],
      [(f) => ((f.documents[0].annotations[0].verdicts as unknown[]) = [{ ...sample().documents[0].annotations[1].verdicts[1], proposedClass: "opinion" }]), /proposedClass: an agree verdict has no proposedClass/],
      [(f) => ((f.documents[0].annotations[0] as { updatedAt: string }).updatedAt = "yesterday"), /updatedAt: must be an ISO 8601 date-time/],
      [(f) => ((f.documents[0].annotations[0] as unknown as { extra: number }).extra = 1), /Unrecognized key: "extra"/],
    ];
    for (const [edit, message] of cases) {
      const result = parseNativeExport(corrupt(edit));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.join("\n")).toMatch(message);
    }
    expect(parseNativeExport("not json at all")).toEqual({ ok: false, errors: [expect.stringMatching(/^file: /)] });
  });
});
