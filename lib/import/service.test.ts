import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/testing/db";
import { AppError } from "@/lib/errors";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { describeSpan } from "@/lib/anchoring/quote";
import { deleteAnnotation } from "@/lib/annotations/service";
import { sha256Hex } from "@/lib/documents/extract";
import type { CurrentUser } from "@/lib/auth/roles";
import { verifyPassword } from "@/lib/auth/password";
import { prepareExport } from "@/lib/export/service";
import type { NativeExport } from "@/lib/export/native";
import { buildDbState, collectText, spanOf, type DbState } from "./__fixtures__/db-state";
import { hypothesisPage, recogitoAnnotations } from "./__fixtures__/other-tools";
import { IMPORT_BATCH, importDocumentFile, importFile, importFromPath, importInput, parseImport, titleFromFileName } from "./service";
import { chunked } from "./__fixtures__/input";
import { isPlaceholderEmail } from "./placeholder";

const BASE = "https://apparatus.test";
const encode = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

async function nativeOf(ids: string[]): Promise<NativeExport> {
  const prepared = await prepareExport({ user: null, format: "native", documentIds: ids, baseUrl: BASE });
  return JSON.parse(await collectText(prepared.chunks)) as NativeExport;
}

async function w3cOf(ids: string[]): Promise<unknown> {
  const prepared = await prepareExport({ user: null, format: "w3c", documentIds: ids, baseUrl: BASE });
  return JSON.parse(await collectText(prepared.chunks));
}

async function expectAppError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
  return error as AppError;
}

/** Rows and their last change for the given documents: what "changes nothing" means. */
async function fingerprint(documentIds: string[]) {
  const annotations = await db.annotation.findMany({
    where: { documentId: { in: documentIds } },
    orderBy: { id: "asc" },
    include: { evidence: { orderBy: { id: "asc" } }, replies: { orderBy: { id: "asc" } }, verdicts: { orderBy: { id: "asc" } }, revisions: true, ruling: true },
  });
  const documents = await db.document.findMany({ where: { id: { in: documentIds } }, orderBy: { id: "asc" } });
  return JSON.stringify({ annotations, documents });
}

let state: DbState;
let admin: CurrentUser;
beforeAll(async () => {
  state = await buildDbState();
  admin = state.users.ada;
});

describe("importing an export", () => {
  it("imported into the database it came from, changes nothing and says so", async () => {
    const ids = state.documents.map((d) => d.id);
    const file = await nativeOf(ids);
    const before = await fingerprint(ids);
    const report = await importFile({ actor: admin, bytes: encode(file) });
    expect(report).toMatchObject({
      format: "native",
      documents: { created: 0, matched: 3, refused: 0 },
      annotations: { created: 0, unchanged: 9, updated: 0, replaced: 0, unplaced: [] },
      replies: { created: 0, unchanged: 3, updated: 0, skipped: [] },
      verdicts: { created: 0, unchanged: 6, updated: 0, skipped: [] },
      rulings: { created: 0, unchanged: 1, updated: 0 },
      people: { created: 0 },
      warnings: [],
    });
    expect(report.documents.list.map((d) => d.matchedBy)).toEqual(["text", "text", "text"]);
    expect(await fingerprint(ids)).toBe(before);
    // the same in W3C
    const w3c = await importFile({ actor: admin, bytes: encode(await w3cOf(ids)) });
    expect(w3c).toMatchObject({ format: "w3c", documents: { matched: 3 }, annotations: { created: 0, unchanged: 9, unplaced: [] } });
    expect(w3c.replies).toMatchObject({ created: 0, unchanged: 3 });
    expect(w3c.verdicts).toMatchObject({ created: 0, unchanged: 6 });
    expect(await fingerprint(ids)).toBe(before);
    const audit = await db.auditEvent.findFirst({ where: { type: "import", actorId: admin.id }, orderBy: { id: "desc" } });
    expect(JSON.parse(audit!.detail!)).toMatchObject({ via: "api", format: "w3c", annotations: { unchanged: 9, unplaced: 0 } });
  });

  it("takes a newer version of an annotation, reply or verdict from the file and keeps the stored one as a revision", async () => {
    const doc = state.documents[1];
    const file = await nativeOf([doc.id]);
    const a = file.documents[0].annotations[0];
    const later = new Date(Date.parse(a.updatedAt) + 60_000).toISOString();
    Object.assign(a, {
      classification: "sourced",
      note: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Checked elsewhere" }] }] },
      evidence: [{ url: "https://example.org/vote-record" }],
      updatedAt: later,
      version: 4,
    });
    Object.assign(a.replies[0], { body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Which vote, exactly?" }] }] }, updatedAt: later });
    const older = file.documents[0].annotations[1];
    older.classification = "opinion"; // same updatedAt: the stored version stays
    const report = await importFile({ actor: admin, bytes: encode(file) });
    expect(report.annotations).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(report.replies).toMatchObject({ updated: 1 });
    const row = await db.annotation.findUniqueOrThrow({ where: { id: a.id }, include: { evidence: true, revisions: true } });
    expect(row).toMatchObject({ classification: "sourced", noteText: "Checked elsewhere", version: 4 });
    expect(row.updatedAt.toISOString()).toBe(later);
    expect(row.evidence.map((e) => e.url)).toEqual(["https://example.org/vote-record"]);
    expect(row.revisions).toHaveLength(1);
    expect(row.revisions[0]).toMatchObject({ classification: "opinion", version: 1, editorId: row.authorId });
    expect(row.revisions[0].createdAt.toISOString()).toBe(later); // when the file's version was made, as in the app
    expect(JSON.parse(row.revisions[0].changed)).toEqual(["classification", "note", "evidence"]);
    expect((await db.reply.findUniqueOrThrow({ where: { id: a.replies[0].id } })).bodyText).toBe("Which vote, exactly?");
    expect((await db.annotation.findUniqueOrThrow({ where: { id: older.id } })).classification).toBe("contested");
    // and importing the same file again changes nothing more
    const before = await fingerprint([doc.id]);
    const again = await importFile({ actor: admin, bytes: encode(file) });
    expect(again.annotations).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await fingerprint([doc.id])).toBe(before);
  });

  it("keeps an orphaned annotation's decision from the file: left orphaned on purpose, with who, when and the note", async () => {
    const file = await nativeOf([state.documents[0].id]);
    const doc = file.documents[0];
    // as a document of its own (another text), so the shared documents stay as the other tests expect them
    Object.assign(doc, { id: `doc-${crypto.randomUUID()}`, title: `Left orphaned ${crypto.randomUUID()}`, text: `${doc.text}\n\nA paragraph of this test.` });
    Object.assign(doc, { textSha256: sha256Hex(doc.text), length: [...doc.text].length });
    const a = clone(doc.annotations[0]);
    a.id = `left-${crypto.randomUUID()}`;
    Object.assign(a, { start: null, end: null, quote: "A sentence that was cut from this text.", prefix: "", suffix: "", replies: [], verdicts: [], ruling: null });
    a.anchor = {
      state: "orphaned",
      version: doc.version ?? 1,
      previousQuote: a.quote,
      resolution: { action: "left-orphaned", by: { id: admin.id, name: admin.name }, at: "2024-06-01T10:00:00.000Z", note: "The sentence was cut." },
    };
    doc.annotations = [a];
    const report = await importFile({ actor: admin, bytes: encode(file) });
    expect(report.documents).toMatchObject({ created: 1 });
    expect(report.annotations).toMatchObject({ created: 1, anchoring: { orphaned: 1 }, unplaced: [] });
    const row = await db.annotation.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.anchorState).toBe("orphaned");
    expect(JSON.parse(row.anchorDetail!)).toMatchObject({ resolution: { action: "left-orphaned", byId: admin.id, at: "2024-06-01T10:00:00.000Z", note: "The sentence was cut." } });
  });

  it("reports an annotation deleted here, or an id used twice in the file, instead of importing it", async () => {
    const doc = state.documents[2];
    const file = await nativeOf([doc.id]);
    const target = file.documents[0].annotations[0];
    await deleteAnnotation({ user: state.users.rosa, id: target.id });
    const twice = { ...clone(target), id: `dup-${state.tag}`, replies: [], verdicts: [] };
    file.documents[0].annotations.push(twice, clone(twice));
    const report = await importFile({ actor: admin, bytes: encode(file) });
    expect(report.annotations.created).toBe(1);
    expect(report.annotations.unplaced.map((u) => [u.id, u.reason])).toEqual([
      [target.id, expect.stringMatching(/deleted here/)],
      [twice.id, expect.stringMatching(/twice in the file/)],
    ]);
    expect(report.verdicts.skipped).toEqual([
      { annotationId: target.id, reviewer: state.users.victor.id, reviewerName: state.users.victor.name, reason: "its annotation was not imported" },
    ]);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: target.id } })).deletedAt).not.toBeNull();
  });
});

describe("rulings and dispute status", () => {
  it("imports a ruling (resolving the disputes it settles), takes a newer one, keeps a stored one, and settles an older file's disputes", async () => {
    const doc = state.documents[0];
    const { edith, rosa } = state.users;
    const file = await nativeOf([doc.id]);
    const a2 = file.documents[0].annotations.find((a) => a.quote === "a fantasy")!;
    expect(a2.ruling).toBeNull();
    expect(a2.verdicts.find((v) => v.reviewer.id === rosa.id)).toMatchObject({ verdict: "dispute", status: "open" });
    const at = new Date(Date.parse(a2.updatedAt) + 60_000).toISOString();
    a2.ruling = {
      classification: "opinion",
      rationale: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "A judgement 📜" }] }] },
      rationaleText: "A judgement 📜",
      by: { id: edith.id, name: edith.name },
      at,
      createdAt: at,
    };
    const report = await importFile({ actor: admin, bytes: encode(file) });
    expect(report.rulings).toEqual({ created: 1, unchanged: 0, updated: 0, skipped: [] });
    const stored = await db.ruling.findUniqueOrThrow({ where: { annotationId: a2.id } });
    expect(stored).toMatchObject({ classification: "opinion", editorId: edith.id, rationaleText: "A judgement 📜" });
    expect(stored.updatedAt.toISOString()).toBe(at);
    // The dispute the ruling settles is resolved, as in the app.
    const dispute = await db.verdict.findFirstOrThrow({ where: { annotationId: a2.id, reviewerId: rosa.id } });
    expect(dispute).toMatchObject({ resolution: "ruled" });
    expect(dispute.resolvedAt).not.toBeNull();

    // The same file again changes nothing.
    const before = await fingerprint([doc.id]);
    expect((await importFile({ actor: admin, bytes: encode(file) })).rulings).toEqual({ created: 0, unchanged: 1, updated: 0, skipped: [] });
    expect(await fingerprint([doc.id])).toBe(before);
    // An older ruling, or none, leaves the stored one; a newer one replaces it (keeping when it was first made).
    const older = clone(file);
    Object.assign(older.documents[0].annotations.find((a) => a.id === a2.id)!.ruling!, { classification: "sourced", at: a2.updatedAt });
    expect((await importFile({ actor: admin, bytes: encode(older) })).rulings).toEqual({ created: 0, unchanged: 1, updated: 0, skipped: [] });
    const none = clone(file);
    none.documents[0].annotations.find((a) => a.id === a2.id)!.ruling = null;
    await importFile({ actor: admin, bytes: encode(none) });
    expect(await fingerprint([doc.id])).toBe(before);
    const newer = clone(file);
    const later = new Date(Date.parse(at) + 60_000).toISOString();
    Object.assign(newer.documents[0].annotations.find((a) => a.id === a2.id)!.ruling!, { classification: "contested", at: later, by: { id: admin.id, name: admin.name } });
    expect((await importFile({ actor: admin, bytes: encode(newer) })).rulings).toEqual({ created: 0, unchanged: 0, updated: 1, skipped: [] });
    const replaced = await db.ruling.findUniqueOrThrow({ where: { annotationId: a2.id } });
    expect(replaced).toMatchObject({ classification: "contested", editorId: admin.id });
    expect([replaced.createdAt.toISOString(), replaced.updatedAt.toISOString()]).toEqual([at, later]);
  });

  it("leaves out a verdict or a ruling by the annotation's own author, as the app refuses them, and reports them", async () => {
    const doc = state.documents[0];
    const { edith, rosa } = state.users;
    const file = await nativeOf([doc.id]);
    const before = await fingerprint([doc.id]);
    const own = file.documents[0].annotations.find((a) => a.author.id === rosa.id && a.ruling === null)!;
    const at = new Date(Date.parse(own.updatedAt) + 60_000).toISOString();
    own.verdicts.push({ reviewer: { id: rosa.id, name: rosa.name }, verdict: "agree", proposedClass: null, status: "open", resolvedAt: null, resolution: null, createdAt: at, updatedAt: at });
    const rationale = { type: "doc" as const, content: [{ type: "paragraph" as const, content: [{ type: "text" as const, text: "Mine is right." }] }] };
    own.ruling = { classification: "sourced", rationale, rationaleText: "Mine is right.", by: { id: rosa.id, name: rosa.name }, at, createdAt: at };
    const report = await importFile({ actor: admin, bytes: encode(file) });
    expect(report.verdicts.skipped).toEqual([{ annotationId: own.id, reviewer: rosa.id, reviewerName: rosa.name, reason: "a verdict by the annotation's own author" }]);
    expect(report.rulings).toMatchObject({
      created: 0,
      updated: 0,
      skipped: [{ annotationId: own.id, editor: rosa.id, editorName: rosa.name, reason: "a ruling by the annotation's own author" }],
    });
    expect(await fingerprint([doc.id])).toBe(before);
    // Another editor's ruling on it is taken.
    own.ruling.by = { id: edith.id, name: edith.name };
    expect((await importFile({ actor: admin, bytes: encode(file) })).rulings).toMatchObject({ created: 1, skipped: [] });
  });

  it("reads an editor's ruling from a W3C file (motivation moderating) by the native rules: taken, kept when older or undated, never the author's own", async () => {
    const doc = state.documents[2];
    const { edith, ada } = state.users;
    // the document's one ruled annotation (Edith's ruling), as the export writes it
    const collection = (await w3cOf([doc.id])) as { first: { items: Array<Record<string, unknown>> } };
    const rulings = collection.first.items.filter((i) => i.motivation === "moderating");
    expect(rulings).toHaveLength(1);
    const item = rulings[0];
    const stored = await db.ruling.findUniqueOrThrow({ where: { annotationId: idOf(item.target) } });
    expect(item.id).toBe(`${BASE}/api/annotations/${stored.annotationId}/ruling`);
    // The same file changes nothing.
    const before = await fingerprint([doc.id]);
    expect((await importFile({ actor: admin, bytes: encode(collection) })).rulings).toEqual({ created: 0, unchanged: 1, updated: 0, skipped: [] });
    expect(await fingerprint([doc.id])).toBe(before);
    // Gone here, the file brings it back as it was: class, rationale, editor and both times.
    await db.ruling.delete({ where: { annotationId: stored.annotationId } });
    expect((await importFile({ actor: admin, bytes: encode(collection) })).rulings).toEqual({ created: 1, unchanged: 0, updated: 0, skipped: [] });
    const { id: _was, ...fields } = stored;
    expect(await db.ruling.findUniqueOrThrow({ where: { annotationId: stored.annotationId } })).toEqual({ ...fields, id: expect.any(String) });
    // On its own (its annotation is here, not in the file): a newer one replaces it, an older or undated one does not.
    const later = new Date(stored.updatedAt.getTime() + 60_000).toISOString();
    const alone = (over: Record<string, unknown>) => encode([{ ...clone(item), ...over }]);
    const undated = { ...clone(item), created: undefined, modified: undefined, body: [{ type: "TextualBody", value: "sourced", purpose: "classifying" }, { type: "TextualBody", value: "Undated." }] };
    expect((await importFile({ actor: admin, bytes: encode([undated]) })).rulings).toMatchObject({ created: 0, unchanged: 1, updated: 0 });
    expect((await importFile({ actor: admin, bytes: alone({ modified: stored.createdAt.toISOString() }) })).rulings).toMatchObject({ unchanged: 1, updated: 0 });
    const rationale = { type: "TextualBody", value: "<p>Now <strong>sourced</strong>: chapter 22 has the table.</p>", format: "text/html", purpose: "commenting" };
    const newer = alone({ modified: later, creator: { id: `${BASE}/users/${ada.id}`, type: "Person", name: ada.name }, body: [{ type: "TextualBody", value: "sourced", purpose: "classifying" }, rationale] });
    expect((await importFile({ actor: admin, bytes: newer })).rulings).toEqual({ created: 0, unchanged: 0, updated: 1, skipped: [] });
    expect(await db.ruling.findUniqueOrThrow({ where: { annotationId: stored.annotationId } })).toMatchObject({
      classification: "sourced",
      editorId: ada.id,
      rationaleText: "Now sourced: chapter 22 has the table.",
      createdAt: stored.createdAt,
      updatedAt: new Date(later),
    });
    // Its annotation's own author cannot rule on it; one on an annotation neither in the file nor here is reported.
    const annotation = await db.annotation.findUniqueOrThrow({ where: { id: stored.annotationId } });
    const author = await db.user.findUniqueOrThrow({ where: { id: annotation.authorId } });
    const own = { ...clone(item), modified: new Date(Date.parse(later) + 60_000).toISOString(), creator: { id: `${BASE}/users/${author.id}`, type: "Person", name: author.name } };
    const nowhere = { ...clone(item), id: `${BASE}/api/annotations/nowhere/ruling`, target: `${BASE}/api/annotations/nowhere` };
    const report = await importFile({ actor: admin, bytes: encode([own, nowhere]) });
    expect(report.rulings).toEqual({
      created: 0,
      unchanged: 0,
      updated: 0,
      skipped: [
        { annotationId: "nowhere", editor: edith.id, editorName: edith.name, reason: "annotation nowhere is neither in the file nor here" },
        { annotationId: stored.annotationId, editor: author.id, editorName: author.name, reason: "a ruling by the annotation's own author" },
      ],
    });
    // Two or more in one file: the one set last, a dated one before an undated one (dated at the import, so
    // later than both here), whatever their order.
    await db.ruling.update({ where: { annotationId: stored.annotationId }, data: fields });
    const soon = (ms: number) => new Date(stored.updatedAt.getTime() + ms).toISOString();
    expect(Date.parse(soon(20))).toBeLessThan(Date.now());
    const say = (cls: string, text: string) => [{ type: "TextualBody", value: cls, purpose: "classifying" }, { type: "TextualBody", value: text }];
    const three = [
      { ...clone(item), modified: soon(20), body: say("opinion", "The last word.") },
      { ...clone(item), modified: soon(10), body: say("contested", "Set before it.") },
      { ...clone(item), created: undefined, modified: undefined, body: say("sourced", "Undated.") },
    ];
    expect((await importFile({ actor: admin, bytes: encode(three) })).rulings).toMatchObject({ created: 0, updated: 1, skipped: [] });
    expect(await db.ruling.findUniqueOrThrow({ where: { annotationId: stored.annotationId } })).toMatchObject({ classification: "opinion", rationaleText: "The last word.", updatedAt: new Date(soon(20)) });
    await db.ruling.update({ where: { annotationId: stored.annotationId }, data: fields }); // as the other tests expect it
  });

  it("reads a file written before disputes could resolve, and settles what the rules settle", async () => {
    const doc = state.documents[1];
    const file = await nativeOf([doc.id]);
    const b2 = file.documents[0].annotations.find((a) => a.quote === "Nobody else was there")!;
    for (const a of file.documents[0].annotations) {
      delete a.ruling;
      for (const v of a.verdicts) for (const key of ["status", "resolvedAt", "resolution"] as const) delete v[key];
    }
    // The author adopted the disputing class in the other installation: a newer version of the annotation.
    Object.assign(b2, { classification: "opinion", updatedAt: new Date(Date.parse(b2.updatedAt) + 60_000).toISOString(), version: b2.version + 1 });
    const report = await importFile({ actor: admin, bytes: encode(file) });
    expect(report.annotations.updated).toBe(1);
    const dispute = await db.verdict.findFirstOrThrow({ where: { annotationId: b2.id, reviewerId: state.users.rosa.id } });
    expect(dispute).toMatchObject({ proposedClass: "opinion", resolution: "adopted" });
    const out = await nativeOf([doc.id]);
    expect(out.documents[0].summary.openDisputes).toBe(0);
  });
});

describe("documents and people that are not here yet", () => {
  it("creates the document with its id, metadata and time, and inactive placeholder authors who keep the attribution", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const base = await nativeOf([state.documents[0].id]);
    const file = clone(base);
    const doc = file.documents[0];
    doc.id = `doc-${tag}`;
    doc.title = `Imported ${tag}`;
    doc.text = `${doc.text}\nImported copy ${tag}.`;
    doc.textSha256 = sha256Hex(doc.text);
    doc.length = [...doc.text].length;
    doc.createdAt = "2020-02-02T02:02:02.000Z";
    const xena = { id: `xena-${tag}`, name: "Xena External", email: `Xena-${tag}@Elsewhere.test` };
    const nameless = { id: `anon-${tag}`, name: "Anon Ymous" };
    const victorElsewhere = { id: `victor-${tag}`, name: "Victor (other install)", email: state.users.victor.email };
    doc.annotations.forEach((a, i) => {
      a.id = `${a.id}-${tag}`;
      a.author = [xena, nameless, victorElsewhere][i % 3];
      a.replies.forEach((r) => {
        r.id = `${r.id}-${tag}`;
        r.author = nameless;
      });
    });
    const report = await importFile({ actor: admin, bytes: encode(file) });
    expect(report.documents).toMatchObject({ created: 1, matched: 0, list: [{ id: doc.id, fileId: doc.id, status: "created" }] });
    expect(report.annotations).toMatchObject({ created: doc.annotations.length, replaced: 0, unplaced: [] });
    expect(report.people).toEqual({ created: 2, withoutAddress: 1, matched: expect.any(Number) }); // Anon Ymous has no address

    const stored = await db.document.findUniqueOrThrow({ where: { id: doc.id } });
    expect(stored).toMatchObject({ title: doc.title, kind: "newspaper", publisher: "The Daily 𝔗ribune", publishedAt: "1952-03", textHash: doc.textSha256 });
    expect(stored.createdAt.toISOString()).toBe("2020-02-02T02:02:02.000Z");
    const users = await db.user.findMany({ where: { id: { in: [xena.id, nameless.id, victorElsewhere.id] } }, omit: { passwordHash: false } });
    expect(users.map((u) => u.id).sort()).toEqual([nameless.id, xena.id].sort());
    for (const u of users) {
      expect(u).toMatchObject({ active: false, role: "reviewer" });
      expect(await verifyPassword("", u.passwordHash)).toBe(false);
    }
    expect(users.find((u) => u.id === xena.id)!.email).toBe(xena.email.toLowerCase());
    expect(isPlaceholderEmail(users.find((u) => u.id === nameless.id)!.email)).toBe(true);
    const byVictor = await db.annotation.findMany({ where: { documentId: doc.id, authorId: state.users.victor.id } });
    expect(byVictor.length).toBe(doc.annotations.filter((a) => a.author === victorElsewhere).length);

    // a second import finds everyone and everything
    const again = await importFile({ actor: admin, bytes: encode(file) });
    expect(again).toMatchObject({ documents: { created: 0, matched: 1 }, annotations: { created: 0, unchanged: doc.annotations.length }, people: { created: 0 } });
    // exported again, the placeholders' synthetic addresses stay out of the file
    const out = await nativeOf([doc.id]);
    const authors = out.documents[0].annotations.map((a) => a.author);
    expect(authors.find((p) => p.id === nameless.id)).toEqual(nameless);
    expect(authors.find((p) => p.id === xena.id)).toEqual({ ...xena, email: xena.email.toLowerCase() });
  });

  it("keeps a publication date after today that a file carries (the app may have stored it before dates were checked)", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const file = clone(await nativeOf([state.documents[0].id]));
    const doc = file.documents[0];
    Object.assign(doc, { id: `future-${tag}`, title: `Dated ahead ${tag}`, publishedAt: `${new Date().getUTCFullYear() + 3}-01-15`, annotations: [] });
    doc.text = `A text dated three years ahead ${tag}.`;
    doc.textSha256 = sha256Hex(doc.text);
    doc.length = [...doc.text].length;
    const report = await importFile({ actor: admin, bytes: encode(file) });
    expect(report.documents).toMatchObject({ created: 1, list: [{ id: doc.id, status: "created" }] });
    expect((await db.document.findUniqueOrThrow({ where: { id: doc.id } })).publishedAt).toBe(doc.publishedAt);
  });

  it("re-anchors on another version of a stored text, found by id or by title, and reports the quote that is gone", async () => {
    const source = state.documents[0];
    const original = await nativeOf([source.id]);
    for (const by of ["id", "title"] as const) {
      const tag = crypto.randomUUID().slice(0, 6);
      const file = clone(original);
      const doc = file.documents[0];
      // a few characters inserted before the annotated passages (and between them)
      const insertAt = Math.min(...doc.annotations.map((a) => a.start!));
      const cps = [...doc.text];
      const inserted = `✎ ${tag} `;
      const secondAt = cps.indexOf("\n") + 1;
      const text = [...cps.slice(0, insertAt), ...inserted, ...cps.slice(insertAt, secondAt), "📌 ", ...cps.slice(secondAt)].join("");
      const shift = (p: number) => p + (p >= insertAt ? [...inserted].length : 0) + (p >= secondAt ? 2 : 0);
      doc.text = text;
      doc.textSha256 = sha256Hex(text);
      doc.length = [...text].length;
      if (by === "title") doc.id = `elsewhere-${tag}`;
      for (const a of doc.annotations) {
        a.id = `${a.id}-${tag}`;
        a.replies.forEach((r) => (r.id = `${r.id}-${tag}`));
        [a.start, a.end] = [shift(a.start!), shift(a.end!)];
        Object.assign(a, describeSpan(text, a.start, a.end));
        expect(a.quote).toBe(cpSlice(text, a.start, a.end));
      }
      const gone = doc.annotations[doc.annotations.length - 1];
      gone.quote = "a sentence that is in neither version";
      const report = await importFile({ actor: admin, bytes: encode(file) });
      expect(report.documents.list).toEqual([
        { id: source.id, fileId: doc.id, title: source.title, status: "matched", matchedBy: by, reanchored: true },
      ]);
      const placed = doc.annotations.length - 1;
      expect(report.annotations).toMatchObject({ created: placed, replaced: placed });
      expect(report.annotations.unplaced).toEqual([{ id: gone.id, quote: gone.quote, reason: expect.stringMatching(/not in this installation's text/) }]);
      // each one sits on the passage the original annotation with the same content marks
      for (const a of original.documents[0].annotations.slice(0, placed)) {
        const row = await db.annotation.findUniqueOrThrow({ where: { id: `${a.id}-${tag}` } });
        expect([row.documentId, row.start, row.end, row.quote, row.prefix, row.suffix]).toEqual([source.id, a.start, a.end, a.quote, a.prefix, a.suffix]);
      }
      await db.annotation.updateMany({ where: { id: { endsWith: `-${tag}` } }, data: { deletedAt: new Date() } }); // keep the document's summary as it was
    }
  });

  it("re-anchors onto an edited text: moved, fuzzy for a fixed typo (never exact), orphaned for a deleted sentence", async () => {
    const source = state.documents[0];
    const original = await nativeOf([source.id]);
    const tag = crypto.randomUUID().slice(0, 6);
    const file = clone(original);
    const doc = file.documents[0];
    // The file holds an older version of the stored text: a sentence since deleted at the start, a
    // typo since fixed inside an annotated passage, and an annotated sentence since deleted.
    const stored = doc.text;
    const gone = "The vote was never counted at all 😀.";
    const older = stored
      .replace("] The 𝔄pparatus", `] An opening 𝐰𝐨𝐫𝐝 ${tag} since removed. The 𝔄pparatus`)
      .replace("last forever — a bold", "last forevr — a bold")
      .replace("which nobody checked.\n", `which nobody checked. ${gone}\n`);
    expect(older).not.toBe(stored);
    doc.text = older;
    doc.textSha256 = sha256Hex(older);
    doc.length = [...older].length;
    const typo = doc.annotations.find((a) => a.quote.includes("forever"))!;
    typo.quote = typo.quote.replace("forever", "forevr");
    const extra = { ...clone(typo), id: `gone-${tag}`, quote: gone, replies: [], verdicts: [] };
    doc.annotations.push(extra);
    for (const a of doc.annotations) {
      if (a !== extra) a.id = `${a.id}-${tag}`;
      a.replies.forEach((r) => (r.id = `${r.id}-${tag}`));
      const at = a.quote.startsWith("the harvest doubled") && a.quote.length === "the harvest doubled".length ? older.lastIndexOf(a.quote) : older.indexOf(a.quote);
      a.start = [...older.slice(0, at)].length;
      a.end = a.start + [...a.quote].length;
      Object.assign(a, describeSpan(older, a.start, a.end));
    }
    const report = await importFile({ actor: admin, bytes: encode(file) });
    expect(report.documents.list).toEqual([{ id: source.id, fileId: doc.id, title: source.title, status: "matched", matchedBy: "id", reanchored: true }]);
    const moved = doc.annotations.length - 2;
    expect(report.annotations).toMatchObject({ created: moved + 1, replaced: moved + 1, anchoring: { exact: 0, moved, fuzzy: 1, orphaned: 1 } });
    expect(report.annotations.fuzzy).toEqual([
      { id: typo.id, documentId: source.id, quote: typo.quote.replace("forevr", "forever"), previousQuote: typo.quote, score: expect.any(Number) },
    ]);
    expect(report.annotations.fuzzy[0].score).toBeGreaterThan(0.8);
    expect(report.annotations.fuzzy[0].score).toBeLessThan(1);
    expect(report.annotations.unplaced).toEqual([{ id: extra.id, quote: gone, reason: expect.stringMatching(/not in this installation's text/) }]);
    // each one sits on the passage of the stored text that the original annotation marks
    for (const a of original.documents[0].annotations) {
      const row = await db.annotation.findUniqueOrThrow({ where: { id: `${a.id}-${tag}` } });
      expect([row.start, row.end, row.quote]).toEqual([a.start, a.end, a.quote]);
      expect(cpSlice(stored, row.start, row.end)).toBe(row.quote);
    }
    await db.annotation.updateMany({ where: { id: { endsWith: `-${tag}` } }, data: { deletedAt: new Date() } }); // keep the document's summary as it was
  });

  it("places a W3C annotation by its quote, and reports one whose document is not here", async () => {
    const doc = state.documents[1];
    const collection = (await w3cOf([doc.id])) as { first: { items: Array<Record<string, unknown>> } };
    const tag = crypto.randomUUID().slice(0, 6);
    const items = collection.first.items.filter((i) => i.motivation === "classifying").map((i) => clone(i));
    const [moved, lost] = items;
    moved.id = `${String(moved.id)}-${tag}`;
    (moved.target as { selector: Array<Record<string, unknown>> }).selector[1].start = 0; // stale offsets
    lost.id = `${String(lost.id)}-${tag}`;
    (lost.target as { source: string }).source = `${BASE}/documents/not-here-${tag}`;
    const reply = { "@context": "http://www.w3.org/ns/anno.jsonld", id: `${BASE}/x/replies/r-${tag}`, type: "Annotation", motivation: "replying", body: { type: "TextualBody", value: "A late reply" }, target: collection.first.items[0].id };
    const report = await importFile({ actor: admin, bytes: encode([moved, lost, reply]) });
    expect(report.annotations).toMatchObject({ created: 1, replaced: 1, unplaced: [{ id: idOf(lost.id), reason: expect.stringMatching(/not in this installation/) }] });
    expect(report.replies).toMatchObject({ created: 1 });
    expect(report.documents).toMatchObject({ matched: 1, refused: 1 });
    const original = await db.annotation.findUniqueOrThrow({ where: { id: idOf(collection.first.items[0].id) } });
    const placed = await db.annotation.findUniqueOrThrow({ where: { id: idOf(moved.id) } });
    expect([placed.start, placed.end, placed.quote]).toEqual([original.start, original.end, original.quote]);
    expect((await db.reply.findUniqueOrThrow({ where: { id: `r-${tag}` } })).annotationId).toBe(original.id);
  });

  it("reads a W3C file an item at a time: replies and verdicts reach their annotation wherever they are in the file", async () => {
    const doc = state.documents[1];
    const collection = (await w3cOf([doc.id])) as { first: { items: Array<Record<string, unknown>> } };
    const template = collection.first.items.find((i) => i.motivation === "classifying")!;
    const tag = crypto.randomUUID().slice(0, 6);
    const iri = (id: string) => `${BASE}/api/annotations/${id}`;
    const annotation = (id: string, source = `${BASE}/documents/${doc.id}`) => {
      const a = clone(template);
      a.id = iri(id);
      (a.target as { source: string }).source = source;
      return a;
    };
    const judge = { id: `${BASE}/users/judge-${tag}`, type: "Person", name: `Judge ${tag}` };
    const reply = (id: string, on: string) => ({ type: "Annotation", id: `${iri(on)}/replies/${id}`, motivation: "replying", creator: judge, body: { type: "TextualBody", value: `Reply ${id}` }, target: iri(on) });
    const verdict = (on: string) => ({ type: "Annotation", id: `${iri(on)}/verdicts/judge`, motivation: "assessing", creator: judge, body: { type: "TextualBody", value: "agree", purpose: "assessing" }, target: iri(on) });
    const n = IMPORT_BATCH + 20;
    const ids = Array.from({ length: n }, (_, k) => `w-${tag}-${k}`);
    const items = [
      reply(`early-${tag}`, ids[0]), // before its annotation
      ...ids.flatMap((id, k) => (k === 3 ? [annotation(id), verdict(id)] : [annotation(id)])),
      reply(`late-${tag}`, ids[0]), // after its annotation was written (the batch after it came)
      verdict(ids[1]),
      annotation(`lost-${tag}`, `${BASE}/documents/not-here-${tag}`),
      reply(`on-lost-${tag}`, `lost-${tag}`),
      reply(`on-nothing-${tag}`, `nothing-${tag}`),
    ];
    // from a file on disk larger than what is read at once, as the HTTP route and the command line import
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "w3c-"));
    const file = path.join(dir, "w3c.json");
    fs.writeFileSync(file, JSON.stringify({ "@context": "http://www.w3.org/ns/anno.jsonld", type: "AnnotationPage", items }));
    expect(fs.statSync(file).size).toBeGreaterThan(256 * 1024); // more than one read of the file
    const report = await importFromPath({ actor: admin, path: file });
    expect(report.annotations).toMatchObject({ created: n, unplaced: [{ id: `lost-${tag}` }] });
    expect(report.replies.created).toBe(2);
    expect(report.replies.skipped).toEqual([
      { id: `on-lost-${tag}`, reason: "its annotation was not imported" },
      { id: `on-nothing-${tag}`, reason: `annotation nothing-${tag} is neither in the file nor here` },
    ]);
    expect(report.verdicts).toMatchObject({ created: 2, skipped: [] });
    expect(report.items).toEqual({ total: items.length, skipped: 0 });
    const replies = await db.reply.findMany({ where: { id: { in: [`early-${tag}`, `late-${tag}`] } }, orderBy: { id: "asc" } });
    expect(replies.map((r) => [r.id, r.annotationId])).toEqual([
      [`early-${tag}`, ids[0]],
      [`late-${tag}`, ids[0]],
    ]);
    const verdicts = await db.verdict.findMany({ where: { annotationId: { in: ids } }, orderBy: { annotationId: "asc" } });
    expect(verdicts.map((v) => v.annotationId).sort()).toEqual([ids[1], ids[3]].sort());
    // the same file again changes nothing; it is never held whole
    const before = await fingerprint([doc.id]);
    const bytes = fs.readFileSync(file);
    const streamed = { ...chunked(bytes, 65536), whole: () => Promise.reject(new Error("read whole")) };
    const again = await importInput({ actor: admin, input: streamed });
    expect(again.annotations).toMatchObject({ created: 0, unchanged: n });
    expect(again.replies).toMatchObject({ created: 0, unchanged: 2 });
    expect(again.verdicts).toMatchObject({ created: 0, unchanged: 2 });
    expect(await fingerprint([doc.id])).toBe(before);
    fs.rmSync(dir, { recursive: true });
    await db.annotation.updateMany({ where: { id: { in: ids } }, data: { deletedAt: new Date() } }); // keep the document's summary as it was
  });

  it("keeps the name of a W3C creator without an id: one placeholder per name, found again on a second import", async () => {
    const doc = state.documents[1];
    const collection = (await w3cOf([doc.id])) as { first: { items: Array<Record<string, unknown>> } };
    const tag = crypto.randomUUID().slice(0, 6);
    const [a, b] = collection.first.items.filter((i) => i.motivation === "classifying").map((i) => clone(i));
    for (const item of [a, b]) {
      item.id = `${String(item.id)}-named-${tag}`;
      item.creator = { type: "Person", name: `Hypo User ${tag}` };
    }
    const reply = { "@context": "http://www.w3.org/ns/anno.jsonld", id: `${BASE}/x/replies/n-${tag}`, type: "Annotation", motivation: "replying", creator: { type: "Person", name: `Other Person ${tag}` }, body: { type: "TextualBody", value: "Named" }, target: a.id };
    const file = encode([a, b, reply]);
    const first = await importFile({ actor: admin, bytes: file });
    expect(first.people).toMatchObject({ created: 2 });
    const [ra, rb] = await Promise.all([a, b].map((i) => db.annotation.findUniqueOrThrow({ where: { id: idOf(i.id) }, include: { author: true } })));
    expect([ra.author.name, rb.author.name]).toEqual([`Hypo User ${tag}`, `Hypo User ${tag}`]);
    expect(ra.authorId).toBe(rb.authorId);
    expect(ra.author.active).toBe(false);
    const r = await db.reply.findUniqueOrThrow({ where: { id: `n-${tag}` }, include: { author: true } });
    expect(r.author.name).toBe(`Other Person ${tag}`);
    const again = await importFile({ actor: admin, bytes: file });
    expect(again.people).toMatchObject({ created: 0 });
    expect(again.annotations).toMatchObject({ created: 0 });
  });

  it("says why verdicts without a named creator are left out, rather than calling them their annotation's own author's or one reviewer's second", async () => {
    const doc = state.documents[1];
    const collection = (await w3cOf([doc.id])) as { first: { items: Array<Record<string, unknown>> } };
    const tag = crypto.randomUUID().slice(0, 6);
    const [named, unnamed] = collection.first.items.filter((i) => i.motivation === "classifying").map((i) => clone(i));
    named.id = `${String(named.id)}-by-${tag}`;
    named.creator = { type: "Person", name: `Named Author ${tag}` };
    unnamed.id = `${String(unnamed.id)}-nobody-${tag}`;
    delete unnamed.creator;
    const verdict = (n: number, target: unknown, value: string) => ({
      "@context": "http://www.w3.org/ns/anno.jsonld",
      id: `${BASE}/x/verdicts/${n}-${tag}`,
      type: "Annotation",
      motivation: "assessing",
      body: { type: "TextualBody", value, purpose: "assessing" },
      target,
    });
    // two creator-less verdicts on the named author's annotation, one on the creator-less annotation
    const report = await importFile({ actor: admin, bytes: encode([named, unnamed, verdict(1, named.id, "agree"), verdict(2, named.id, "dispute"), verdict(3, unnamed.id, "agree")]) });
    expect(report.verdicts.created).toBe(1);
    expect(report.verdicts.skipped.map((v) => [v.annotationId, v.reason])).toEqual([
      [idOf(named.id), "a second verdict on it whose creator the file does not name (“Unknown reviewer” holds one)"],
      [idOf(unnamed.id), "the file names no creator for the verdict nor for its annotation: both would be “Unknown reviewer”, who cannot judge their own annotation"],
    ]);
  });
});

const idOf = (iri: unknown) => String(iri).split("/").pop()!;

describe("W3C annotations another tool wrote (Hypothesis, Recogito)", () => {
  it("takes what it can place, says what it left out and what it put in place of a missing author or date, and a second import changes nothing", async () => {
    const doc = state.documents[1];
    const source = `${BASE}/documents/${doc.id}`;
    const tag = crypto.randomUUID().slice(0, 6);
    const vote = spanOf(doc.text, "“We won the vote,”");
    const file = encode([hypothesisPage(source, tag, { exact: vote.quote, start: vote.start, end: vote.end }), ...recogitoAnnotations(source, tag, "Nobody else was there to see it")]);
    const report = await importFile({ actor: admin, bytes: file });

    expect(report.annotations).toMatchObject({ created: 2, unchanged: 0, updated: 0 });
    expect(report.items).toEqual({ total: 9, skipped: 5 }); // 2 placed, 1 not placed (its document is not here), 1 reply
    expect(report.annotations.unplaced).toEqual([
      { id: `rec6-${tag}`, quote: "Nobody else was there to see it", reason: `its document https://example.com/no-such-page-${tag} is not in this installation (a W3C file carries no text)` },
    ]);
    expect(report.documents.list.find((d) => d.status === "refused")?.reason).toContain(`https://example.com/no-such-page-${tag}`);
    expect(report.replies).toMatchObject({ created: 1, skipped: [] });
    const w = report.warnings;
    const hyp1 = `item 1 (https://hypothes.is/a/hyp1-${tag})`;
    const rec = (n: number) => `(#rec${n}-${tag})`;
    // left out, each with its reason
    expect(w).toContain(`${hyp1}: tags "vote", "needs-source" left out: annotations here have no tags`);
    expect(w).toContain(`${hyp1}: target 2 (https://example.com/mirror-of-the-chat) left out: an annotation here marks one passage in one document; target 1 was used`);
    expect(w).toContain(`item 2 (https://hypothes.is/a/hyp2-${tag}): no body with purpose classifying and value sourced, contested or opinion; skipped`);
    expect(w).toContain(`item 3 ${rec(1)}: tags "chat", http://vocab.getty.edu/aat/300026877 left out: annotations here have no tags`);
    expect(w).toContain(`item 3 ${rec(1)}: a body with purpose editing ("Rewrite as a question") left out: annotations here have no place for it`);
    expect(w).toContain(`item 4 ${rec(2)}: classification "Place" is not one of sourced, contested, opinion`);
    expect(w).toContain(`item 5 ${rec(3)}: no target with a source and a TextQuoteSelector (passages are placed by their quote): its target is ${source} by XPathSelector + CssSelector, which cannot be placed here; skipped`);
    expect(w).toContain(`item 6 ${rec(4)}: no target with a source and a TextQuoteSelector (passages are placed by their quote): its target is ${source} as a whole, not a passage in it; skipped`);
    expect(w).toContain(`item 7 ${rec(5)}: no target with a source and a TextQuoteSelector (passages are placed by their quote): its target is ${source} by FragmentSelector, which cannot be placed here; skipped`);
    // what the import put in place of what the file did not say
    expect(w).toContain(`item 3 ${rec(1)}: no creator: attributed to "Unknown reviewer"`);
    expect(w).toContain(`item 3 ${rec(1)}: no valid created or modified date: dated at the import time`);
    expect(w).toContain(`item 9 (#rep1-${tag}): no creator: attributed to "Unknown reviewer"`);
    expect(w).toContain(`${hyp1}: its creator has no name: unless a person here has the id "rosa-${tag}@hypothes.is", one is added under that name`);
    expect(w.filter((x) => x.startsWith(hyp1))).toHaveLength(3); // its dates are the file's

    const hyp = await db.annotation.findUniqueOrThrow({ where: { id: `hyp1-${tag}` }, include: { evidence: true, author: true } });
    expect(hyp.author.name).toBe(`rosa-${tag}@hypothes.is`); // not a name shared by every creator without one
    expect([hyp.classification, hyp.start, hyp.end, hyp.quote, hyp.noteText, hyp.createdAt.toISOString()]).toEqual([
      "contested", vote.start, vote.end, vote.quote, "Which vote? No minutes were published.", "2024-03-01T10:00:00.000Z",
    ]);
    const recogito = await db.annotation.findUniqueOrThrow({ where: { id: `rec1-${tag}` }, include: { evidence: true, author: true } });
    expect(recogito.classification).toBe("opinion");
    expect(recogito.author.name).toBe("Unknown reviewer");
    // a semantic tag's IRI is not evidence; a linked image is (an External Web Resource body)
    expect(recogito.evidence.map((e) => e.url)).toEqual(["https://example.org/screenshot.png"]);

    const before = await fingerprint([doc.id]);
    const again = await importFile({ actor: admin, bytes: file });
    expect(again.annotations).toMatchObject({ created: 0, unchanged: 2, updated: 0 });
    expect(again.replies).toMatchObject({ created: 0, unchanged: 1, updated: 0 });
    expect(await fingerprint([doc.id])).toBe(before);
    await db.annotation.updateMany({ where: { id: { in: [`hyp1-${tag}`, `rec1-${tag}`] } }, data: { deletedAt: new Date() } });
  });
  it("reads a collection whose page is linked by IRI and held beside it in the file, once, without a false warning", async () => {
    const doc = state.documents[1];
    const c = (await w3cOf([doc.id])) as { first: { id: string; items: unknown[] } } & Record<string, unknown>;
    const linked = { ...c, first: c.first.id };
    for (const file of [[linked, c.first], { "@graph": [c.first, linked] }, [c, c.first]]) {
      const report = await importFile({ actor: admin, bytes: encode(file) });
      expect(report.warnings).toEqual([]);
      expect(report.annotations).toMatchObject({ created: 0, unplaced: [] });
      expect(report.annotations.unchanged + report.replies.unchanged + report.verdicts.unchanged).toBe(c.first.items.length);
    }
  });

  it("refuses a file none of whose items has a class, saying how many items there were and changing nothing", async () => {
    const doc = state.documents[1];
    const before = await fingerprint([doc.id]);
    const source = `${BASE}/documents/${doc.id}`;
    const items = [1, 2, 3, 4, 5].map((i) => ({ id: `https://hypothes.is/a/none-${i}`, type: "Annotation", motivation: "commenting", body: { type: "TextualBody", value: "note" }, target: { source, selector: { type: "TextQuoteSelector", exact: "Nobody else was there" } } }));
    const error = await expectAppError(
      importFile({ actor: admin, bytes: encode({ type: "AnnotationPage", items }) }),
      "UNPROCESSABLE",
      /^No annotation could be read from the file \(from any of its 5 items\); nothing was imported: item 1 \(https:\/\/hypothes.is\/a\/none-1\): no body with purpose classifying .* \(and 2 more, listed by Admin → Import, the command line and the API's error.details.errors\)$/,
    );
    expect((error.details as { errors: string[] }).errors).toHaveLength(5);
    expect(await fingerprint([doc.id])).toBe(before);
    // the collection's own problems come first, and count once
    const collection = { type: "AnnotationCollection", total: 6, first: { type: "AnnotationPage", items, next: `${BASE}/elsewhere/page-2` } };
    const cut = await expectAppError(importFile({ actor: admin, bytes: encode(collection) }), "UNPROCESSABLE", /\(and 4 more, listed by/);
    expect((cut.details as { errors: string[] }).errors.slice(0, 2)).toEqual([
      `page ${BASE}/elsewhere/page-2 is not embedded in this file; its annotations were not read (import that page separately)`,
      "the collection announces 6 annotations but holds 5",
    ]);
    expect((cut.details as { errors: string[] }).errors).toHaveLength(7);
    // nothing but a page that is not in the file
    const nothing = await expectAppError(importFile({ actor: admin, bytes: encode({ ...collection, total: 0, first: `${BASE}/elsewhere/page-1` }) }), "UNPROCESSABLE", /from it\); nothing was imported: page .*page-1 is not embedded/);
    expect((nothing.details as { errors: string[] }).errors).toHaveLength(1);
    expect(await fingerprint([doc.id])).toBe(before);
  });

  it("reads a date-time without a time zone, or a day alone, as UTC and says so; skips a blank quote, saying why", async () => {
    const doc = state.documents[1];
    const source = `${BASE}/documents/${doc.id}`;
    const tag = crypto.randomUUID().slice(0, 6);
    const item = (id: string, extra: Record<string, unknown>) => ({
      "@context": "http://www.w3.org/ns/anno.jsonld",
      id: `urn:uuid:${id}-${tag}`,
      type: "Annotation",
      creator: { name: `Seminar ${tag}` },
      body: { type: "TextualBody", value: "opinion", purpose: "classifying" },
      target: { source, selector: { type: "TextQuoteSelector", exact: "Nobody else was there", suffix: " to see it." } },
      ...extra,
    });
    const report = await importFile({
      actor: admin,
      bytes: encode([
        item("local", { created: "2024-03-01T10:00:00", modified: "2024-03-02" }),
        item("blank", { created: "2024-03-01T10:00:00Z", target: { source, selector: { type: "TextQuoteSelector", exact: "  " } } }),
      ]),
    });
    expect(report.annotations).toMatchObject({ created: 1, unplaced: [] });
    expect(report.warnings).toEqual([
      `item 1 (urn:uuid:local-${tag}): created "2024-03-01T10:00:00" has no time zone: read as 2024-03-01T10:00:00.000Z (UTC)`,
      `item 1 (urn:uuid:local-${tag}): modified "2024-03-02" has no time zone: read as 2024-03-02T00:00:00.000Z (UTC)`,
      `item 2 (urn:uuid:blank-${tag}): no target with a source and a TextQuoteSelector (passages are placed by their quote): its target is ${source} by a TextQuoteSelector whose exact text is empty or only whitespace; skipped`,
    ]);
    const row = await db.annotation.findUniqueOrThrow({ where: { id: `local-${tag}` } });
    expect([row.createdAt.toISOString(), row.updatedAt.toISOString()]).toEqual(["2024-03-01T10:00:00.000Z", "2024-03-02T00:00:00.000Z"]);
    await db.annotation.updateMany({ where: { id: `local-${tag}` }, data: { deletedAt: new Date() } });
  });
});

describe("W3C annotations from an edited version of a text", () => {
  it("reports the same states: fuzzy for changed wording, never exact, and orphaned for a passage that is gone", async () => {
    const doc = state.documents[1];
    const collection = (await w3cOf([doc.id])) as { first: { items: Array<Record<string, unknown>> } };
    const tag = crypto.randomUUID().slice(0, 6);
    type Selector = { type: string; exact?: string; prefix?: string; suffix?: string; start?: number; end?: number };
    const selectorsOf = (item: Record<string, unknown>) => (item.target as { selector: Selector[] }).selector;
    const items = collection.first.items.filter((i) => i.motivation === "classifying").map((i) => clone(i));
    const [edited, gone] = [items.find((i) => selectorsOf(i)[0].exact === "Nobody else was there")!, clone(items[0])];
    // another tool's file, made on a version where the sentence read differently and sat further on
    edited.id = `${String(edited.id)}-${tag}`;
    const [quote, position] = selectorsOf(edited);
    quote.exact = "Nobody else were there";
    position.start! += 7;
    position.end! += 8;
    gone.id = `${String(gone.id)}-gone-${tag}`;
    Object.assign(selectorsOf(gone)[0], { exact: "The count was disputed", prefix: "wrote the admin.\n", suffix: "\nNobody else" });
    const report = await importFile({ actor: admin, bytes: encode([edited, gone]) });
    expect(report.annotations).toMatchObject({
      created: 1,
      anchoring: { exact: 0, moved: 0, fuzzy: 1, orphaned: 1 },
      fuzzy: [{ id: idOf(edited.id), documentId: doc.id, quote: "Nobody else was there", previousQuote: "Nobody else were there", score: expect.any(Number) }],
      unplaced: [{ id: idOf(gone.id), quote: "The count was disputed" }],
    });
    const row = await db.annotation.findUniqueOrThrow({ where: { id: idOf(edited.id) } });
    expect(cpSlice(doc.text, row.start, row.end)).toBe("Nobody else was there");
    await db.annotation.updateMany({ where: { id: { endsWith: tag } }, data: { deletedAt: new Date() } });
  });
});

describe("refusals", () => {
  it("refuses what is not an export with 400/422 and a message that says why, changing nothing", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    await expectAppError(importFile({ actor: admin, bytes: encode("{ not json") }), "INVALID_INPUT", /not valid JSON/);
    await expectAppError(importFile({ actor: admin, bytes: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }), "INVALID_INPUT", /UTF-8/);
    await expectAppError(importFile({ actor: admin, bytes: encode("   ") }), "INVALID_INPUT", /empty/);
    await expectAppError(importFile({ actor: admin, bytes: encode({ hello: "world" }) }), "UNPROCESSABLE", /neither an Apparatus export/);
    await expectAppError(importFile({ actor: admin, bytes: encode({ format: "other.export" }) }), "UNPROCESSABLE", /Unknown export format/);
    const claimReview = [{ "@context": "https://schema.org", "@type": "ClaimReview", claimReviewed: "x", reviewRating: { "@type": "Rating" } }];
    await expectAppError(importFile({ actor: admin, bytes: encode(claimReview) }), "UNPROCESSABLE", /ClaimReview export .* cannot be imported/);
    const file = await nativeOf([state.documents[1].id]);
    await expectAppError(importFile({ actor: admin, bytes: encode({ ...file, version: 3 }) }), "UNPROCESSABLE", /version must be 1 or 2/);
    const bad = clone(file);
    bad.documents[0].id = `doc-${tag}`;
    bad.documents[0].text += tag; // would be a new document…
    bad.documents[0].annotations[0].end = bad.documents[0].annotations[0].start; // …but the file is malformed
    const error = await expectAppError(importFile({ actor: admin, bytes: encode(bad) }), "UNPROCESSABLE", /documents\[0\]\.annotations\[0\]\.end/);
    expect((error.details as { errors: string[] }).errors.length).toBeGreaterThan(0);
    expect(await db.document.findUnique({ where: { id: `doc-${tag}` } })).toBeNull();
    await expectAppError(importFile({ actor: admin, bytes: encode({ type: "AnnotationCollection", first: { type: "AnnotationPage", items: [{ type: "Annotation", id: "x" }] } }) }), "UNPROCESSABLE", /No annotation could be read/);
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    await expectAppError(Promise.resolve().then(() => parseImport(deep)), "INVALID_INPUT", /nested/);
    const lone = clone(file);
    lone.documents[0].annotations[0].noteText = "broken \ud800 half";
    await expectAppError(importFile({ actor: admin, bytes: encode(lone) }), "INVALID_INPUT", /unpaired UTF-16 surrogates/);
  });

  it("refuses a NUL anywhere but in a document's text with 400, changing nothing (PostgreSQL cannot store one: the import was a 500 there)", async () => {
    const file = await nativeOf([state.documents[1].id]);
    const tag = crypto.randomUUID().slice(0, 8);
    const annotation = () => ({ ...clone(file.documents[0].annotations[0]), id: `nul-${tag}`, replies: [], verdicts: [], ruling: null, revisions: [] });
    // what holds the NUL, and how
    const withNul: Array<[string, (f: NativeExport) => void]> = [
      ["an author's name", (f) => void (f.documents[0].annotations = [{ ...annotation(), author: { id: `nul-author-${tag}`, name: "Nul\u0000Name", email: `nul-${tag}@example.org` } }])],
      ["an annotation's id", (f) => void (f.documents[0].annotations = [{ ...annotation(), id: `nul\u0000${tag}` }])],
      ["a note's text", (f) => void (f.documents[0].annotations = [{ ...annotation(), note: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "a\u0000b" }] }] } }])],
      ["a citation", (f) => void (f.documents[0].annotations = [{ ...annotation(), evidence: [{ citation: "c\u0000d" }] }])],
      ["a document's title", (f) => void (f.documents[0].title = "T\u0000itle")],
    ];
    const before = await fingerprint([state.documents[1].id]);
    for (const [, change] of withNul) {
      const f = clone(file);
      change(f);
      await expectAppError(importFile({ actor: admin, bytes: encode(f) }), "INVALID_INPUT", /NUL characters/);
      // read whole (a W3C file, or a native one the streaming check passes on) the same
      await expectAppError(Promise.resolve().then(() => parseImport(JSON.stringify(f))), "INVALID_INPUT", /NUL characters/);
    }
    expect(await fingerprint([state.documents[1].id])).toBe(before);
    expect(await db.user.findUnique({ where: { id: `nul-author-${tag}` } })).toBeNull();
    // A document's own text with a NUL stays that document's refusal, the rest of the file imported.
    const text = clone(file);
    text.documents[0].id = `nul-doc-${tag}`;
    text.documents[0].text = `A text with a NUL \u0000 in it ${tag}.`;
    text.documents[0].textSha256 = sha256Hex(text.documents[0].text);
    text.documents[0].annotations = [];
    delete text.documents[0].versions;
    delete text.documents[0].structure;
    const report = await importFile({ actor: admin, bytes: encode(text) });
    expect(report.documents.list[0]).toMatchObject({ status: "refused", reason: expect.stringMatching(/NUL/) });
  });

  it("refuses a well-formed file with nothing to import with 422, writing nothing (not even an audit event)", async () => {
    // This file's admin only: other test files import into the same database at the same time.
    const imports = () => db.auditEvent.count({ where: { type: "import", actorId: admin.id } });
    const before = await imports();
    const ANNO = "http://www.w3.org/ns/anno.jsonld";
    const empty: unknown[] = [
      { "@context": ANNO, type: "AnnotationCollection", label: "Apparatus corpus", total: 0 }, // what an empty corpus exports
      { "@context": ANNO, type: "AnnotationCollection", first: { type: "AnnotationPage", items: [] } },
      { "@context": ANNO, type: "AnnotationPage", items: [] },
      { "@graph": [] },
      [],
    ];
    for (const file of empty) {
      await expectAppError(importFile({ actor: admin, bytes: encode(file) }), "UNPROCESSABLE", /holds no annotations, replies, verdicts or rulings.*nothing was imported/);
    }
    const native = { format: "apparatus.export", version: 2, exportedAt: "2024-06-01T12:00:00.000Z", documents: [] };
    await expectAppError(importFile({ actor: admin, bytes: encode(native) }), "UNPROCESSABLE", /holds no documents; nothing was imported/);
    // read whole too (a key twice is not streamed)
    const twice = `{"format":"apparatus.export","version":2,"exportedAt":"2024-06-01T12:00:00.000Z","documents":[],"documents":[]}`;
    await expectAppError(importFile({ actor: admin, bytes: encode(twice) }), "UNPROCESSABLE", /holds no documents/);
    expect(await imports()).toBe(before);
    // Syntax is a 400 whatever the content would have been.
    await expectAppError(importFile({ actor: admin, bytes: encode("") }), "INVALID_INPUT", /empty/);
    await expectAppError(importFile({ actor: admin, bytes: encode("<annotations/>") }), "INVALID_INPUT", /not valid JSON/);
    await expectAppError(importFile({ actor: admin, bytes: encode('{"type": "AnnotationCollection", ') }), "INVALID_INPUT", /not valid JSON/);
  });

  it("lets only admins import", async () => {
    const file = encode(await nativeOf([state.documents[1].id]));
    await expectAppError(importFile({ actor: state.users.rosa, bytes: file }), "FORBIDDEN");
    await expectAppError(importFile({ actor: { ...state.users.rosa, role: "viewer" }, bytes: file }), "FORBIDDEN");
    await expectAppError(importDocumentFile({ actor: state.users.rosa, bytes: encode("text"), fileName: "a.txt" }), "FORBIDDEN");
  });
});

describe("plain files as new documents", () => {
  it("adds .txt, .md and .html files with a title from the file, skips duplicates and refuses binary or empty files", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const txt = await importDocumentFile({ actor: null, bytes: encode(`Field notes ${tag}\r\nsecond line`), fileName: "field-notes_2024.txt" });
    expect(txt).toMatchObject({ status: "created", title: "field notes 2024" });
    const md = await importDocumentFile({ actor: null, bytes: encode(`# Harbour log ${tag}\n\nShips came in.`), fileName: "log.md" });
    expect(md).toMatchObject({ status: "created", title: `Harbour log ${tag}` });
    const html = await importDocumentFile({ actor: admin, bytes: encode(`<html><head><title>Dispatch ${tag}</title></head><body><p>News<script>alert(1)</script></p></body></html>`), fileName: "d.html" });
    expect(html).toMatchObject({ status: "created", title: `Dispatch ${tag}` });
    const stored = await db.document.findUniqueOrThrow({ where: { id: (html as { id: string }).id } });
    expect(stored.text).not.toContain("alert");
    expect(stored.kind).toBe("other");
    expect(await importDocumentFile({ actor: null, bytes: encode(`Field notes ${tag}\nsecond line`), fileName: "again.txt" })).toMatchObject({
      status: "duplicate",
      existingId: (txt as { id: string }).id,
    });
    expect(await importDocumentFile({ actor: null, bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), fileName: "image.txt" })).toMatchObject({
      status: "refused",
      reason: expect.stringMatching(/.+/),
    });
    expect(await importDocumentFile({ actor: null, bytes: encode(" \n "), fileName: "empty.md" })).toMatchObject({ status: "refused" });
    expect(titleFromFileName("/a/b/The_October--lessons.html")).toBe("The October lessons");
  });
});
