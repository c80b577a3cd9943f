// Structures and suggestion origins in the native format, through the real export and import on the
// run's throw-away database: exported as stored, read back when they fit the text, dropped with a
// warning when they do not.
import crypto from "node:crypto";
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import { beforeAll, describe, expect, it } from "vitest";
import { createAnnotation } from "@/lib/annotations/service";
import type { CurrentUser } from "@/lib/auth/roles";
import { addDocument, findDocumentStructure } from "@/lib/documents/service";
import { sha256Hex } from "@/lib/documents/extract";
import { plainTextStructure } from "@/lib/documents/plain-structure";
import type { DocumentStructure } from "@/lib/documents/structure";
import { isDateTime } from "@/lib/export/formats";
import type { NativeExport } from "@/lib/export/native";
import { prepareExport } from "@/lib/export/service";
import { listSuggestions } from "@/lib/suggestions/service";
import { db } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/factories";
import { collectText } from "./__fixtures__/db-state";
import { importFile } from "./service";

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const schema = (name: string) => JSON.parse(readFileSync(new URL(`../export/${name}`, import.meta.url), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false });
ajv.addFormat("date-time", isDateTime);
ajv.addSchema(schema("document-structure.v1.schema.json"));
const validateFile = ajv.compile(schema("apparatus.export.v2.schema.json"));

async function nativeOf(id: string): Promise<{ file: NativeExport; text: string }> {
  const prepared = await prepareExport({ user: null, format: "native", documentIds: [id], baseUrl: "https://apparatus.test" });
  const text = await collectText(prepared.chunks);
  return { file: JSON.parse(text) as NativeExport, text };
}

let admin: CurrentUser;
let docId: string;
let stored: DocumentStructure;
const tag = crypto.randomUUID().slice(0, 8);

beforeAll(async () => {
  admin = await makeUser("admin", "Structure Admin");
  const html = `<html><head><title>Dock strike ${tag}</title></head><body>
    <nav><a href="/">Home</a> | <a href="/about">About</a></nav>
    <h1>Dock strike ${tag}</h1>
    <p>The union says <a href="https://union.example.org/leaflet">its leaflet</a> explains the strike.<sup><a href="#fn1" id="r1">1</a></sup></p>
    <p>I think the demands are modest.</p>
    <ol class="footnotes"><li id="fn1">Union leaflet, 6 May. <a href="#r1">↩</a></li></ol></body></html>`;
  const doc = await addDocument({
    user: admin,
    input: { text: html, format: "html", boilerplate: "drop" },
    metadata: { title: `Dock strike ${tag}`, kind: "newspaper", publisher: null, author: null, publishedAt: null, sourceUrl: null },
  });
  docId = doc.id;
  stored = (await findDocumentStructure({ documentId: docId })).structure;
  const [sourced] = (await listSuggestions({ user: admin, documentId: docId })).suggestions;
  await createAnnotation({
    user: admin,
    documentId: docId,
    input: { start: sourced.start, end: sourced.end, quote: sourced.quote, classification: "sourced", evidence: [], fromSuggestion: true },
  });
});

describe("the native export", () => {
  it("carries each document's stored structure and each annotation's suggestion origin, and validates against the JSON Schemas", async () => {
    const { file } = await nativeOf(docId);
    const [doc] = file.documents;
    expect(Object.keys(doc)).toEqual(["id", "title", "kind", "publisher", "author", "publishedAt", "sourceUrl", "createdAt", "version", "textSha256", "length", "text", "structure", "versions", "annotations", "summary"]);
    expect(doc.structure).toEqual(stored);
    expect(stored.ranges.some((r) => r.type === "link" && r.url === "https://union.example.org/leaflet")).toBe(true);
    expect(doc.annotations[0].suggestion).toMatchObject({ kind: "likely-sourced", reason: expect.stringContaining("union.example.org") });
    expect(validateFile(file), ajv.errorsText(validateFile.errors)).toBe(true);
  });
});

describe("importing a native file", () => {
  /** The exported document as a new one (another text, so it is not matched): offsets of the structure still fit. */
  async function asNewDocument(edit: (doc: NativeExport["documents"][number]) => void = () => {}) {
    const { file } = await nativeOf(docId);
    const copy = clone(file);
    const doc = copy.documents[0];
    const n = crypto.randomUUID().slice(0, 8);
    doc.id = `copy-${n}`;
    doc.title = `Copy ${n}`;
    doc.text = `${doc.text}\n\nCopy ${n}.`;
    doc.textSha256 = sha256Hex(doc.text);
    doc.length = [...doc.text].length;
    doc.annotations.forEach((a) => (a.id = `${a.id}-${n}`));
    edit(doc);
    return { copy, doc };
  }

  it("stores the file's structure and suggestion origins for a new document, and exports them again unchanged", async () => {
    const { copy, doc } = await asNewDocument();
    const report = await importFile({ actor: admin, bytes: encode(copy) });
    expect(report.warnings).toEqual([]);
    expect(report.documents).toMatchObject({ created: 1, list: [{ id: doc.id, status: "created" }] });
    expect((await findDocumentStructure({ documentId: doc.id })).structure).toEqual(doc.structure);
    const again = (await nativeOf(doc.id)).file.documents[0];
    expect(again.structure).toEqual(doc.structure);
    expect(again.annotations.map((a) => a.suggestion)).toEqual(doc.annotations.map((a) => a.suggestion));
  });

  for (const [label, broken] of [
    ["a javascript: link", (s: DocumentStructure) => s.ranges.push({ type: "link", start: 0, end: 3, url: "javascript:alert(1)" } as never)],
    ["a range beyond the text", (s: DocumentStructure) => s.ranges.push({ type: "emphasis", start: 10, end: 10_000_000 })],
    ["ranges out of order", (s: DocumentStructure) => s.ranges.reverse()],
    ["an unknown range type", (s: DocumentStructure) => s.ranges.push({ type: "script", start: 0, end: 2 } as never)],
    ["100,001 ranges", (s: DocumentStructure) => (s.ranges = Array.from({ length: 100_001 }, () => ({ type: "emphasis" as const, start: 0, end: 1 })))],
    ["a citation pointing at no note", (s: DocumentStructure) => s.ranges.push({ type: "citation", start: 0, end: 1, label: "9", note: "n999" })],
  ] as const) {
    it(`drops a structure with ${label}, with a warning, and stores the plain-text structure; the annotations are imported`, async () => {
      const { copy, doc } = await asNewDocument((d) => broken(d.structure!));
      const report = await importFile({ actor: admin, bytes: encode(copy) });
      expect(report.documents.created).toBe(1);
      expect(report.annotations.created).toBe(doc.annotations.length);
      expect(report.warnings).toHaveLength(1);
      expect(report.warnings[0]).toMatch(/its structure was left out .*plain text was stored instead/);
      expect((await findDocumentStructure({ documentId: doc.id })).structure).toEqual(plainTextStructure(doc.text));
    });
  }

  it("a file written before structures were exported: the plain-text structure, no warning, and annotations without a suggestion origin", async () => {
    const { copy, doc } = await asNewDocument((d) => {
      delete d.structure;
      for (const a of d.annotations) delete a.suggestion;
    });
    const report = await importFile({ actor: admin, bytes: encode(copy) });
    expect(report.warnings).toEqual([]);
    expect((await findDocumentStructure({ documentId: doc.id })).structure).toEqual(plainTextStructure(doc.text));
    expect((await nativeOf(doc.id)).file.documents[0].annotations.map((a) => a.suggestion)).toEqual(doc.annotations.map(() => null));
  });

  it("keeps the stored structure of a document it matches, whatever the file says", async () => {
    const { file } = await nativeOf(docId);
    const copy = clone(file);
    copy.documents[0].structure = { version: 1, truncated: false, ranges: [{ type: "heading", start: 0, end: 4, level: 1 }] };
    const report = await importFile({ actor: admin, bytes: encode(copy) });
    expect(report.documents).toMatchObject({ matched: 1, created: 0 });
    expect((await findDocumentStructure({ documentId: docId })).structure).toEqual(stored);
    expect(await db.documentStructure.count({ where: { documentId: docId } })).toBe(1);
  });
});
