// Stored structures on the run's throw-away database (SQLite, or PostgreSQL with TEST_POSTGRES_URL):
// the store functions, what adding a document stores, and structures computed for documents stored
// before structures were (the seeds of an existing database among them).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { db } from "@/lib/testing/db";
import { makeDocument, makeUser, sharedDocument } from "@/lib/testing/factories";
import { write } from "@/lib/store/transaction";
import { sha256Hex } from "./extract";
import { plainTextStructure } from "./plain-structure";
import { addDocument, findDocument, findDocumentStructure, findTextAndStructure } from "./service";
import { findStructure, saveStructure } from "./store";
import { emptyStructure, structureProblems, type DocumentStructure } from "./structure";

const meta = (title: string) => ({ title, kind: "other" as const, publisher: null, author: null, publishedAt: null, sourceUrl: null });
const unique = () => Math.random().toString(36).slice(2);

describe("saveStructure and findStructure", () => {
  it("store one structure per version of a document's text, and never replace one", async () => {
    const doc = await makeDocument(`Structure store ${unique()}.\n\nA second paragraph.`);
    await db.documentStructure.deleteMany({ where: { documentId: doc.id } });
    expect(await findStructure(doc.id, 1)).toBeNull();

    const first: DocumentStructure = { version: 1, truncated: false, ranges: [{ type: "paragraph", start: 0, end: 10 }] };
    const second: DocumentStructure = { version: 1, truncated: true, ranges: [{ type: "heading", start: 0, end: 5, level: 2 }] };
    expect(await write((tx) => saveStructure(tx, doc.id, 1, first))).toBe(true);
    expect(await write((tx) => saveStructure(tx, doc.id, 1, second))).toBe(false);
    expect(JSON.parse((await findStructure(doc.id, 1))!)).toEqual(first);

    expect(await write((tx) => saveStructure(tx, doc.id, 2, second))).toBe(true);
    expect(JSON.parse((await findStructure(doc.id, 2))!)).toEqual(second);
    expect(JSON.parse((await findStructure(doc.id, 1))!)).toEqual(first);
    expect(await findStructure(doc.id, 3)).toBeNull();
    expect(await findStructure("no-such-document", 1)).toBeNull();
  });

  it("save inside the caller's write: a write that fails stores nothing", async () => {
    const doc = await makeDocument(`Rolled back ${unique()}.`);
    await db.documentStructure.deleteMany({ where: { documentId: doc.id } });
    await expect(
      write(async (tx) => {
        await saveStructure(tx, doc.id, 1, emptyStructure());
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await findStructure(doc.id, 1)).toBeNull();
  });
});

describe("adding a document stores its structure", () => {
  it("an HTML upload: headings, the link's URL and the footnote linked to its note, over the stored text", async () => {
    const user = await makeUser();
    const html = `<html><head><title>Structure ${unique()}</title></head><body>
      <h1>Harbour report</h1><h2>The strike</h2>
      <p>The union says <a href="https://union.example.org/leaflet">a leaflet</a> explains it.<sup id="r1"><a href="#fn1">1</a></sup></p>
      <ul><li>First demand</li><li>Second demand</li></ul>
      <ol class="footnotes"><li id="fn1">The leaflet of 6 May. <a href="#r1">↩</a></li></ol></body></html>`;
    const doc = await addDocument({ user, input: { text: html, format: "html" }, metadata: meta(`HTML ${unique()}`) });
    const { text } = await findDocument(doc.id);
    const stored = JSON.parse((await findStructure(doc.id, 1))!) as DocumentStructure;
    expect(structureProblems(stored, [...text].length)).toEqual([]);
    const slice = (r: { start: number; end: number }) => cpSlice(text, r.start, r.end);
    expect(stored.ranges.filter((r) => r.type === "heading").map((r) => [slice(r), r.type === "heading" && r.level])).toEqual([
      ["Harbour report", 1],
      ["The strike", 2],
    ]);
    const link = stored.ranges.find((r) => r.type === "link");
    expect(link && [slice(link), link.type === "link" && link.url]).toEqual(["a leaflet", "https://union.example.org/leaflet"]);
    const citation = stored.ranges.find((r) => r.type === "citation");
    const note = stored.ranges.find((r) => r.type === "note");
    expect(citation?.type === "citation" && note?.type === "note" && citation.note === note.id).toBe(true);
    expect(slice(note!)).toContain("The leaflet of 6 May.");
    expect(stored.ranges.filter((r) => r.type === "listItem")).toHaveLength(3);
    // The service serves what was stored.
    expect((await findDocumentStructure({ documentId: doc.id })).structure).toEqual(stored);
  });

  it("a plain text (the seeds' path): paragraphs, safe headings and citation markers, the text unchanged", async () => {
    const text = readFileSync(path.resolve(__dirname, "../../seeds/anti-stalinist-left-wikipedia.txt"), "utf8");
    const doc = await sharedDocument(text, "Anti-Stalinist left");
    const stored = JSON.parse((await findStructure(doc.id, 1))!) as DocumentStructure;
    expect(stored).toEqual(plainTextStructure(text));
    expect(stored.ranges.filter((r) => r.type === "citation")).toHaveLength(107);
    const row = await findDocument(doc.id);
    expect(row.text).toBe(text);
    expect(row.textHash).toBe(sha256Hex(text));
  });
});

describe("documents stored before structures were", () => {
  it("get the plain-text structure of their text on first read, saved then, and keep their text and hash", async () => {
    const text = `# An old document ${unique()}\n\nIt was stored before structures were.[1]\n\n[1] The old archive.`;
    const doc = await makeDocument(text);
    await db.documentStructure.deleteMany({ where: { documentId: doc.id } }); // as in a database of before
    const { structure } = await findTextAndStructure(doc.id);
    expect(structure).toEqual(plainTextStructure(text));
    expect(structure.ranges.map((r) => r.type)).toEqual(["heading", "paragraph", "citation", "note", "paragraph"]);
    expect(JSON.parse((await findStructure(doc.id, 1))!)).toEqual(structure);
    const row = await findDocument(doc.id);
    expect([row.text, row.textHash]).toEqual([text, sha256Hex(text)]);
  });

  it("a stored structure that fails its check is not served: the plain-text one is", async () => {
    const text = `A damaged structure ${unique()}.\n\nSecond paragraph.`;
    const doc = await makeDocument(text);
    await db.documentStructure.deleteMany({ where: { documentId: doc.id } });
    const bad = { version: 1, truncated: false, ranges: [{ type: "link", start: 0, end: 5, url: "javascript:alert(1)" }] };
    await db.documentStructure.create({ data: { documentId: doc.id, version: 1, structure: JSON.stringify(bad) } });
    expect((await findDocumentStructure({ documentId: doc.id })).structure).toEqual(plainTextStructure(text));
  });

  it("a deleted document has no structure to serve", async () => {
    const doc = await makeDocument(`Deleted ${unique()}.`);
    await db.document.update({ where: { id: doc.id }, data: { deletedAt: new Date() } });
    await expect(findDocumentStructure({ documentId: doc.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(findDocumentStructure({ documentId: "no-such-document" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
