import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/testing/db";
import type { CurrentUser } from "@/lib/auth/roles";
import { createDocument, deleteDocument } from "@/lib/documents/service";
import { addVersion } from "@/lib/documents/versions";
import { anchorAnnotation } from "@/lib/annotations/anchoring";
import { createAnnotation, findAnnotationHistory, updateAnnotation } from "@/lib/annotations/service";
import { spanOf } from "./__fixtures__/db-state";
import { counts, enc, exportDoc, firstDiff, parse, person, renderVersionsPage, strip } from "./__fixtures__/history";
import { importFile } from "./service";

let ada: CurrentUser, rosa: CurrentUser, victor: CurrentUser;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
beforeAll(async () => {
  ada = await person("admin", "Ada");
  rosa = await person("reviewer", "Rosa");
  victor = await person("reviewer", "Victor");
});

/** A 3-version document with 4 annotations (edited, fuzzy-confirmed, orphaned, made on v2); exported then hard-deleted. */
async function source() {
  const t = crypto.randomUUID().slice(0, 8);
  const v1 = `[${t}] The quay was rebuilt in 1911. The board paid for it. The dockers struck for a week. Nothing further was recorded.`;
  const doc = await createDocument({ text: v1, metadata: { title: `Idem ${t}`, kind: "report" }, createdById: ada.id, format: "text" });
  const mk = async (who: CurrentUser, text: string, needle: string) => (await createAnnotation({ user: who, documentId: doc.id, input: { ...spanOf(text, needle), classification: "sourced", evidence: [] } })).id;
  const a = await mk(rosa, v1, "The board paid for it.");
  const b = await mk(victor, v1, "The dockers struck for a week.");
  await mk(rosa, v1, "Nothing further was recorded.");
  await updateAnnotation({ user: rosa, id: a, input: { classification: "contested" } });
  const v2 = v1.replace("for a week", "for a whole week").replace(" Nothing further was recorded.", " Later: a fine.");
  await addVersion({ user: victor, documentId: doc.id, input: { text: v2, format: "text" }, note: "v2" });
  await anchorAnnotation({ user: victor, id: b, input: { confirm: true } as never });
  await mk(victor, v2, "Later: a fine.");
  await addVersion({ user: ada, documentId: doc.id, input: { text: `<h1>Q</h1><p>${v2}</p>`, format: "html" }, note: null });
  const text = await exportDoc(doc.id);
  await db.document.delete({ where: { id: doc.id } });
  return { id: doc.id, text, file: parse(text), v1, v2 };
}

async function fingerprint(documentId: string) {
  const annotations = await db.annotation.findMany({ where: { documentId }, orderBy: { id: "asc" }, include: { revisions: { orderBy: { version: "asc" } }, placements: { orderBy: { id: "asc" } } } });
  const versions = await db.documentVersion.findMany({ where: { documentId }, orderBy: { number: "asc" } });
  const document = await db.document.findUnique({ where: { id: documentId } });
  return JSON.stringify({ annotations, versions, document });
}

describe("idempotence and targets with their own history", () => {
  it("I1 the same file twice changes nothing (versions, placements, revisions included)", async () => {
    const s = await source();
    const first = await importFile({ actor: null, bytes: enc(s.text) });
    expect(first.warnings).toEqual([]);
    const before = await fingerprint(s.id);
    const again = await importFile({ actor: null, bytes: enc(s.text) });
    expect(again).toMatchObject({ documents: { created: 0, matched: 1 }, annotations: { created: 0, unchanged: 4 }, warnings: [] });
    expect(await fingerprint(s.id)).toBe(before);
    expect(firstDiff(strip(s.text), strip(await exportDoc(s.id)))).toBeNull();
  });

  it("I2 an import interrupted after its first batch and run again (as the CONFLICT message says) ends as one clean import", async () => {
    const s = await source();
    // the state an interruption after the first batch leaves: the document and some annotations written
    const partial = clone(s.file);
    partial.documents[0].annotations = partial.documents[0].annotations.slice(0, 1);
    await importFile({ actor: null, bytes: enc(partial) });
    const report = await importFile({ actor: null, bytes: enc(s.text) });
    expect(report.annotations.created).toBe(3);
    console.log("I2 warnings on the re-run:", JSON.stringify(report.warnings), "matchedBy", report.documents.list[0].matchedBy);
    const d = firstDiff(strip(s.text), strip(await exportDoc(s.id)));
    expect(d, JSON.stringify(d, null, 1)).toBeNull();
  });

  it("I3 a file with history into a database where the document exists (same id) with another history", async () => {
    const s = await source();
    // the target: the same document id, only version 1's text, one version, none of the annotations
    const target = await createDocument({ text: s.v1, metadata: { title: s.file.documents[0].title, kind: "report" }, id: s.id, createdById: ada.id });
    expect(target.id).toBe(s.id);
    const first = await importFile({ actor: null, bytes: enc(s.text) });
    expect(first.documents).toMatchObject({ created: 0, matched: 1 });
    const c = await counts(s.id);
    expect(c.versions).toBe(1); // the stored document keeps its own history
    const byId = new Map(s.file.documents[0].annotations.map((a) => [a.id, a]));
    for (const a of await db.annotation.findMany({ where: { documentId: s.id }, include: { revisions: true, placements: true } })) {
      expect(a.placements).toEqual([]); // joined here: placements start here
      expect(a.revisions.length).toBe((byId.get(a.id)!.revisions ?? []).length);
    }
    await renderVersionsPage(s.id);
    const before = await fingerprint(s.id);
    await importFile({ actor: null, bytes: enc(s.text) });
    expect(await fingerprint(s.id)).toBe(before);
  });

  it("I4 the document's id is taken by a deleted document: a new id, with its versions and placements", async () => {
    const s = await source();
    const squatter = await createDocument({ text: `squatter ${crypto.randomUUID()}`, metadata: { title: "Squatter", kind: "report" }, id: s.id, createdById: ada.id });
    await deleteDocument({ user: ada, id: squatter.id } as never);
    const report = await importFile({ actor: null, bytes: enc(s.text) });
    expect(report.warnings).toEqual([]);
    const id = report.documents.list[0].id!;
    expect(id).not.toBe(s.id);
    const c = await counts(id);
    expect(c.versions).toBe(3);
    const expected = s.file.documents[0].annotations.reduce((n, a) => n + a.placements!.length, 0);
    expect(c.placements).toBe(expected);
    await renderVersionsPage(id);
    const again = strip(await exportDoc(id)).split(id).join(s.id);
    expect(firstDiff(strip(s.text), again)).toBeNull();
  });

  it("I5 after an import with history: a new version, a person's fix and an edit continue the history", async () => {
    const s = await source();
    await importFile({ actor: null, bytes: enc(s.text) });
    const current = s.file.documents[0];
    const text = current.text;
    await addVersion({ user: victor, documentId: s.id, input: { text: text + "\n\nAppendix.", format: "text" }, note: "v4" });
    const edited = current.annotations.find((a) => a.revisions!.length > 0)!;
    const author = [rosa, victor].find((p) => p.id === edited.author.id)!;
    await updateAnnotation({ user: author, id: edited.id, input: { classification: "opinion" } });
    const history = await findAnnotationHistory({ id: edited.id });
    const versions = history.map((h) => h.version);
    expect(new Set(versions).size).toBe(versions.length);
    await renderVersionsPage(s.id);
    const v3 = (await renderVersionsPage(s.id)).versions.find((v) => v.number === 3)!;
    expect(v3.annotations).toBe(current.annotations.length);
  });
});
