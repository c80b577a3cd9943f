// Document versions on the real stores (SQLite, or PostgreSQL with TEST_POSTGRES_URL): adding a version
// re-anchors every annotation in the same write, the placements of earlier versions are kept, and a
// person can confirm, re-place or orphan what moved.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { AppError } from "@/lib/errors";
import { db } from "@/lib/testing/db";
import { makeDocument, makeUser, orphanRows } from "@/lib/testing/factories";
import { createAnnotation, deleteAnnotation, findAnnotation, findDocumentSpans, restoreAnnotation } from "@/lib/annotations/service";
import { anchorAnnotation, answerAnnotationQuery, countOrphans, findOrphanedAnnotations, listAnnotationsOnVersion } from "@/lib/annotations/anchoring";
import { orphanQuery, restLeavingOut } from "@/lib/annotations/orphan-rest";
import { annotationListQuerySchema, MAX_LISTED } from "@/lib/annotations/schemas";
import { setVerdict, createReply } from "@/lib/annotations/discussion";
import { setRuling } from "@/lib/annotations/rulings";
import { SPAN_FLAGS, decodeSpans, type AnnotationDTO, type AnyAnnotationDTO } from "@/lib/annotations/types";
import type { CurrentUser } from "@/lib/auth/roles";
import { findEventsSince } from "@/lib/events/service";
import { write } from "@/lib/store/transaction";
import { storedTime } from "@/lib/store/time";
import { deleteDocument, listDocuments, restoreDocument } from "./service";
import { findDeletedDocument } from "./deleted";
import { replaceCurrentText } from "./store";
import { addVersion, diffVersions, findDocumentVersion, listVersions } from "./versions";
import { versionDiffQuerySchema } from "./schemas";

// A paragraph with astral characters, one to be reflowed, and one whose second sentence is deleted.
const V1 = (tag: string) =>
  `[${tag}] The 𝔄pparatus report 📜 says the harvest dubled in 1951, and the ministry agreed.\n\n` +
  "The second paragraph is wrapped\nacross three lines\nby the old layout.\n\n" +
  "Critics call it a fantasy. The minister resigned in 1952. Nobody checked the figures.";
const V2 = (tag: string) =>
  `[${tag}] The 𝔄pparatus report 📜 says the harvest doubled in 1951, and the ministry agreed.\n\n` +
  "The second paragraph is wrapped across three lines by the old layout.\n\n" +
  "Critics call it a fantasy. Nobody checked the figures.";

let rosa: CurrentUser;
let victor: CurrentUser;
let admin: CurrentUser;
let viewer: CurrentUser;
let editor: CurrentUser;
beforeAll(async () => {
  [rosa, victor, admin, viewer, editor] = [await makeUser("reviewer", "Rosa"), await makeUser("reviewer", "Victor"), await makeUser("admin", "Ada"), await makeUser("viewer", "Val"), await makeUser("editor", "Edith")];
});

const tagged = () => crypto.randomUUID().slice(0, 8);
const pasted = (text: string) => ({ text, format: "text" as const });

function spanOf(text: string, needle: string) {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`not in the text: ${needle}`);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...needle].length, quote: needle };
}

async function annotate(user: CurrentUser, documentId: string, text: string, needle: string) {
  return createAnnotation({ user, documentId, input: { ...spanOf(text, needle), classification: "sourced", evidence: [] } });
}

async function expectAppError(promise: Promise<unknown>, code: string, message?: RegExp): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, "expected an AppError").toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
  return error as AppError;
}

const byId = (list: AnyAnnotationDTO[], id: string) => list.find((a) => a.id === id)!;

/** A document with four annotations on V1: a typo'd passage, a reflowed one, a deleted sentence, an untouched one. */
async function fixture() {
  const tag = tagged();
  const v1 = V1(tag);
  const doc = await makeDocument(v1, `Versions ${tag}`);
  const typo = await annotate(rosa, doc.id, v1, "the harvest dubled in 1951");
  const reflowed = await annotate(rosa, doc.id, v1, "wrapped\nacross three lines");
  const deleted = await annotate(victor, doc.id, v1, "The minister resigned in 1952.");
  const kept = await annotate(victor, doc.id, v1, "𝔄pparatus report 📜");
  return { tag, v1, v2: V2(tag), doc, typo, reflowed, deleted, kept };
}

describe("adding a version", () => {
  it("stores the new text as the current version and re-anchors every annotation: fixed typo fuzzy, reflow exact, deleted sentence orphaned", async () => {
    const f = await fixture();
    await setVerdict({ user: victor, annotationId: f.typo.id, verdict: "agree" });
    await createReply({ user: victor, annotationId: f.typo.id, body: "Checked." });
    const result = await addVersion({ user: rosa, documentId: f.doc.id, input: pasted(f.v2), note: "Typo fixed, paragraph reflowed, a sentence cut." });

    expect(result.version).toMatchObject({ number: 2, note: "Typo fixed, paragraph reflowed, a sentence cut.", addedBy: { id: rosa.id, name: "Rosa" } });
    expect(result.anchoring).toEqual({ exact: 2, moved: 0, fuzzy: 1, orphaned: 1 });
    expect(result.document).toMatchObject({ id: f.doc.id, version: 2, length: [...f.v2].length });

    const { version, currentVersion, annotations } = await listAnnotationsOnVersion({ documentId: f.doc.id });
    expect([version, currentVersion]).toEqual([2, 2]);
    const typo = byId(annotations, f.typo.id) as AnnotationDTO;
    expect(typo.quote).toBe("the harvest doubled in 1951");
    expect(typo.quote).toBe(cpSlice(f.v2, typo.start, typo.end));
    expect(typo.anchor).toMatchObject({ state: "fuzzy", version: 2, previousQuote: "the harvest dubled in 1951" });
    expect(typo.anchor.score).toBeGreaterThan(0.5);
    expect(typo.anchor.score).toBeLessThan(1);
    // verdicts, replies and history carry over: they hang on the annotation
    expect(typo).toMatchObject({ agrees: 1, replyCount: 1, version: 1 });

    const reflowed = byId(annotations, f.reflowed.id) as AnnotationDTO;
    expect(reflowed.anchor).toMatchObject({ state: "exact", version: 2, previousQuote: "wrapped\nacross three lines" });
    expect(reflowed.quote).toBe("wrapped across three lines");

    const kept = byId(annotations, f.kept.id) as AnnotationDTO;
    expect(kept.anchor).toEqual({ state: "exact", version: 2 });
    expect(kept.quote).toBe(cpSlice(f.v2, kept.start, kept.end));

    const gone = byId(annotations, f.deleted.id);
    expect(gone).toMatchObject({ start: null, end: null, quote: "The minister resigned in 1952." });
    expect(gone.anchor).toEqual({ state: "orphaned", version: 2, previousQuote: "The minister resigned in 1952." });
    // orphaned ones come last
    expect(annotations.at(-1)!.id).toBe(f.deleted.id);

    // the text of both versions, the list, the audit log and one live event
    expect((await findDocumentVersion({ documentId: f.doc.id, number: 1 })).text).toBe(f.v1);
    expect(await findDocumentVersion({ documentId: f.doc.id, number: 2 })).toMatchObject({ text: f.v2, version: 2, currentVersion: 2 });
    const { versions } = await listVersions({ documentId: f.doc.id });
    expect(versions.map((v) => [v.number, v.current, v.note, v.addedBy?.name ?? null])).toEqual([
      [2, true, "Typo fixed, paragraph reflowed, a sentence cut.", "Rosa"],
      [1, false, null, null],
    ]);
    expect(versions[0]).toMatchObject({ format: "text", length: [...f.v2].length });
    const audit = await db.auditEvent.findFirst({ where: { type: "document_version_added", targetId: f.doc.id } });
    expect(JSON.parse(audit!.detail!)).toMatchObject({ version: 2, note: "Typo fixed, paragraph reflowed, a sentence cut.", anchoring: result.anchoring });
    const events = (await findEventsSince(f.doc.id, 0)).events.filter((e) => e.type === "document.version");
    expect(events).toHaveLength(1);
    // stored as a reference: a replay says which version to load, nothing more
    expect(events[0].payload).toEqual({ document: { version: 2 } });
  });

  it("gives the reader a fuzzy flag on the approximate placement and the orphaned annotation apart, with its last quote", async () => {
    const f = await fixture();
    await addVersion({ user: rosa, documentId: f.doc.id, input: pasted(f.v2), note: null });
    const { page } = await findDocumentSpans({ documentId: f.doc.id });
    const flagged = Object.fromEntries(decodeSpans(page).map((s) => [s[0], (s[8] & SPAN_FLAGS.fuzzy) !== 0]));
    expect(flagged).toEqual({ [f.typo.id]: true, [f.reflowed.id]: false, [f.kept.id]: false });
    const orphans = await findOrphanedAnnotations({ documentId: f.doc.id, limit: 10 });
    expect(orphans.annotations.map((a) => [a.id, a.start, a.anchor.state, a.anchor.previousQuote])).toEqual([[f.deleted.id, null, "orphaned", "The minister resigned in 1952."]]);
    expect(orphans).toMatchObject({ nextCursor: null, rest: { count: 0, needsCheck: 0 } });
    await deleteAnnotation({ user: victor, id: f.deleted.id });
    expect(await findOrphanedAnnotations({ documentId: f.doc.id, limit: 10 })).toEqual({ annotations: [], nextCursor: null, rest: { count: 0, needsCheck: 0 }, summary: [], authors: [] });
  });

  it("counts every orphaned annotation and reaches each one a page at a time, past the reader's first 500", async () => {
    // The reader listed (and counted) only the first 500 a heavily edited document had.
    const text = V1(tagged());
    const doc = await makeDocument(text);
    const at = Date.UTC(2026, 0, 1);
    // every tenth left orphaned on purpose (no check needed); one note quotes the JSON key
    const rows = orphanRows({ prefix: "orph", documentId: doc.id, count: 730, at, authors: [victor, rosa] }, (i) => ({
      anchorDetail: JSON.stringify(
        i % 10 === 0
          ? { previousQuote: "gone", resolution: { action: "left-orphaned", byId: rosa.id, at: new Date(at).toISOString(), note: 'said "action":"left-orphaned"' } }
          : i === 207
            ? { previousQuote: "gone", note: '"action":"left-orphaned"' }
            : { previousQuote: "gone" },
      ),
    }));
    await db.annotation.createMany({ data: rows });
    // a deleted one is not counted, nor a placed one
    await db.annotation.update({ where: { id: rows[729].id }, data: { deletedAt: new Date() } });
    await annotate(rosa, doc.id, text, "The second paragraph is wrapped");

    // Beyond the first page: one disputed, one ruled (the reader's summary counts them before their cards come).
    await setVerdict({ user: victor, annotationId: rows[601].id, verdict: "dispute", proposedClass: "opinion" });
    await setRuling({ user: editor, annotationId: rows[650].id, classification: "contested", rationale: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Checked." }] }] } });
    // and one on the first page, whose card carries its own figures
    await setVerdict({ user: victor, annotationId: rows[3].id, verdict: "dispute", proposedClass: "opinion" });

    const seen: string[] = [];
    let page = await findOrphanedAnnotations({ documentId: doc.id, limit: 200 });
    expect(page.summary).toEqual([
      { id: rows[601].id, classification: "sourced", authorId: rosa.id, disputes: 1, replies: 0, ruling: null },
      { id: rows[650].id, classification: "sourced", authorId: victor.id, disputes: 0, replies: 0, ruling: "contested" },
    ]);
    expect(page.annotations).toHaveLength(200);
    // 729 live orphans, 73 of them left so on purpose (i % 10 === 0, i < 729)
    expect(page.rest).toEqual({ count: 529, needsCheck: 529 - 53 });
    const pages = [page];
    while (page.nextCursor) {
      page = await findOrphanedAnnotations({ documentId: doc.id, limit: 200, cursor: page.nextCursor });
      pages.push(page);
    }
    for (const p of pages) seen.push(...p.annotations.map((a) => a.id));
    expect(pages.map((p) => [p.annotations.length, p.rest.count])).toEqual([
      [200, 529],
      [200, 329],
      [200, 129],
      [129, 0],
    ]);
    expect(seen).toEqual(rows.slice(0, 729).map((r) => r.id));
    expect(pages.at(-1)!.summary).toEqual([]); // the last page: every card is there
    expect(pages.every((p) => p.annotations.every((a) => a.start === null && a.anchor.state === "orphaned"))).toBe(true);

    // The API's page: ?anchor=orphaned&limit=&cursor= (other anchors still have no pages).
    const { listDocumentAnnotations } = await import("@/lib/annotations/anchoring");
    const query = annotationListQuerySchema.parse({ anchor: "orphaned", limit: "500", cursor: pages[0].nextCursor! });
    const api = await listDocumentAnnotations({ documentId: doc.id, query });
    expect(api).toMatchObject({ nextCursor: seen[699], rest: { count: 29, needsCheck: 26 } });
    expect(api.annotations.map((a) => a.id)).toEqual(seen.slice(200, 700));
    expect(annotationListQuerySchema.safeParse({ anchor: "fuzzy", limit: "10" }).success).toBe(false);
    expect(annotationListQuerySchema.safeParse({ anchor: "orphaned", ids: "a" }).success).toBe(false);
    await expectAppError(findOrphanedAnnotations({ documentId: doc.id, limit: 10, cursor: "not-one-of-these" }), "INVALID_INPUT", /cursor/);
  });

  it("finds every orphaned annotation matching the reader's filters, a page at a time with the true count, and counts again what a live change leaves", async () => {
    // The reader's filters (class, reviewer, mine) covered only the first 500 orphaned annotations it had
    // fetched, and its count of them drifted when someone changed one it had not fetched.
    const text = V1(tagged());
    const doc = await makeDocument(text);
    const at = Date.UTC(2026, 0, 2);
    const N = 620;
    const rows = orphanRows({ prefix: "filt", documentId: doc.id, count: N, at, authors: [victor, rosa] }, (i) => ({
      classification: i % 3 === 0 ? "opinion" : "sourced",
      anchorDetail: JSON.stringify(i % 10 === 0 ? { previousQuote: "gone", resolution: { action: "left-orphaned", byId: rosa.id, at: new Date(at).toISOString() } } : { previousQuote: "gone" }),
    }));
    await db.annotation.createMany({ data: rows });
    const rationale = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Checked." }] }] };
    // A ruling's class is the one a filter matches, as in the list and the summary.
    await setRuling({ user: editor, annotationId: rows[3].id, classification: "sourced", rationale });
    await setRuling({ user: editor, annotationId: rows[4].id, classification: "contested", rationale });
    const classOf = (i: number) => (i === 3 ? "sourced" : i === 4 ? "contested" : rows[i].classification);
    const ids = (keep: (i: number) => boolean) => rows.flatMap((r, i) => (keep(i) ? [r.id] : []));
    const needing = (list: string[]) => list.filter((id) => Number(id.slice(-4)) % 10 !== 0).length;

    const every = async (filter: { classification?: "sourced" | "contested" | "opinion"; authorId?: string }) => {
      let page = await findOrphanedAnnotations({ documentId: doc.id, limit: 100, filter });
      const first = page;
      const seen = page.annotations.map((a) => a.id);
      while (page.nextCursor) {
        page = await findOrphanedAnnotations({ documentId: doc.id, limit: 100, cursor: page.nextCursor, filter });
        expect(page.summary).toEqual([]); // the reader's summary counts every one from the unfiltered pages
        seen.push(...page.annotations.map((a) => a.id));
      }
      return { first, seen };
    };
    const opinion = ids((i) => classOf(i) === "opinion");
    const { first, seen } = await every({ classification: "opinion" });
    expect(seen).toEqual(opinion);
    expect(first.rest).toEqual({ count: opinion.length - 100, needsCheck: needing(opinion.slice(100)) });
    expect(first.summary).toEqual([]);
    expect(first.authors).toEqual([]);
    expect((await every({ classification: "contested" })).seen).toEqual([rows[4].id]);
    expect((await every({ classification: "sourced" })).seen).toEqual(ids((i) => classOf(i) === "sourced"));
    expect((await every({ classification: "opinion", authorId: rosa.id })).seen).toEqual(ids((i) => classOf(i) === "opinion" && i % 2 === 1));
    expect((await every({ authorId: victor.id })).seen).toEqual(ids((i) => i % 2 === 0));

    // Those the reader lists apart (fetched alone, or changed live) are left out of the count of the rest.
    const page = await findOrphanedAnnotations({ documentId: doc.id, limit: 100, listed: [rows[619].id, rows[50].id] });
    expect(page.rest.count).toBe(N - 100 - 1);
    // with the authors of every orphaned annotation, for the Reviewer filter
    expect(page.authors).toEqual([rosa, victor].map((u) => ({ id: u.id, name: u.name })).sort((x, y) => x.name.localeCompare(y.name)));
    const cursor = page.nextCursor!;
    const listed = [rows[619].id];
    const restNow = () => countOrphans({ documentId: doc.id, cursor, listed });
    const after = ids((i) => i >= 100 && i < 619);
    expect(await restNow()).toEqual({ count: after.length, needsCheck: needing(after) });
    expect(await countOrphans({ documentId: doc.id, cursor, filter: { classification: "contested" } })).toEqual({ count: 0, needsCheck: 0 });
    expect(await countOrphans({ documentId: doc.id, filter: { classification: "contested" } })).toEqual({ count: 1, needsCheck: 1 });
    // Someone deletes one, leaves one orphaned on purpose and places one again: counted again, each is seen.
    await deleteAnnotation({ user: admin, id: rows[603].id });
    expect(await restNow()).toEqual({ count: after.length - 1, needsCheck: needing(after) - 1 });
    await anchorAnnotation({ user: admin, id: rows[601].id, input: { orphan: true, note: "gone for good" } });
    expect(await restNow()).toEqual({ count: after.length - 1, needsCheck: needing(after) - 2 });
    await anchorAnnotation({ user: admin, id: rows[602].id, input: spanOf(text, "Nobody checked the figures.") });
    expect(await restNow()).toEqual({ count: after.length - 2, needsCheck: needing(after) - 3 });
    await restoreAnnotation({ user: admin, id: rows[603].id });
    expect(await restNow()).toEqual({ count: after.length - 1, needsCheck: needing(after) - 2 });
    await expectAppError(countOrphans({ documentId: doc.id, cursor: "not-one-of-these" }), "INVALID_INPUT", /cursor/);

    // The API's query: the filters, listed and only=rest go with the orphaned annotations' pages alone.
    const ok = annotationListQuerySchema.parse({ anchor: "orphaned", limit: "10", class: "opinion", author: rosa.id, listed: `${rows[1].id},${rows[2].id}`, only: "rest" });
    expect(ok).toMatchObject({ class: "opinion", author: rosa.id, listed: [rows[1].id, rows[2].id], only: "rest" });
    for (const bad of [
      { anchor: "orphaned", limit: "10", class: "fact" },
      { anchor: "orphaned", limit: "10", author: "no spaces allowed" },
      { anchor: "orphaned", limit: "10", only: "all" },
      { anchor: "orphaned", limit: "10", listed: Array.from({ length: 501 }, (_, i) => `x${i}`).join(",") },
      { anchor: "orphaned", class: "opinion" },
      { anchor: "fuzzy", limit: "10", class: "opinion" },
      { limit: "10", author: rosa.id },
      { ids: "a", class: "opinion", anchor: "orphaned" },
    ]) {
      expect(annotationListQuerySchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
  });

  it("counts the rest true however many orphaned annotations the reader lists apart, each request under Node's 16 KB", async () => {
    // The reader sent only the last 100 it listed apart: those before them were counted both on screen and in the rest.
    const doc = await makeDocument(V1(tagged()));
    const at = Date.UTC(2026, 0, 3);
    const N = 420;
    // ids as long as an imported annotation's may be (64 characters): the longest URL a part can make
    const rows = orphanRows({ prefix: "l".repeat(50), documentId: doc.id, count: N, at, authors: [victor, rosa] }, (i) => ({
      classification: i % 4 === 0 ? "opinion" : "sourced",
      anchorDetail: JSON.stringify(i % 5 === 0 ? { previousQuote: "gone", resolution: { action: "left-orphaned", byId: rosa.id, at: new Date(at).toISOString() } } : { previousQuote: "gone" }),
    }));
    expect(rows[0].id).toHaveLength(64);
    await db.annotation.createMany({ data: rows });
    const needing = (list: number[]) => list.filter((i) => i % 5 !== 0).length;
    const { nextCursor: cursor } = await findOrphanedAnnotations({ documentId: doc.id, limit: 100 });
    // The client's recount, through the API's own query parsing and service (the route, less HTTP).
    const recount = (listed: number[], filter: { classification?: "opinion" } | null = null) =>
      restLeavingOut(
        listed.map((i) => rows[i].id),
        async (part) => {
          const params = orphanQuery(500, filter, part);
          params.set("cursor", cursor!);
          params.set("only", "rest");
          expect(`/api/documents/${doc.id}/annotations?${params}`.length).toBeLessThan(8 * 1024);
          const query = annotationListQuerySchema.parse(Object.fromEntries(params));
          return ((await answerAnnotationQuery({ documentId: doc.id, query })) as { rest: { count: number; needsCheck: number } }).rest;
        },
      );
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
    // 250 listed apart: 230 after the cursor, 20 before it (counted in no rest), in no particular order
    const listed = [...range(150, 380), ...range(10, 30)].reverse();
    expect(listed.length).toBeGreaterThan(2 * MAX_LISTED);
    const left = range(100, N).filter((i) => !listed.includes(i));
    expect(await recount(listed)).toEqual({ count: left.length, needsCheck: needing(left) });
    // with a filter: only the matching ones, less those listed apart that match
    const opinions = left.filter((i) => i % 4 === 0);
    expect(await recount(listed, { classification: "opinion" })).toEqual({ count: opinions.length, needsCheck: needing(opinions) });
    // exactly a part's worth, and one more
    expect(await recount(range(100, 100 + MAX_LISTED))).toEqual({ count: N - 200, needsCheck: needing(range(200, N)) });
    expect(await recount(range(100, 101 + MAX_LISTED))).toEqual({ count: N - 201, needsCheck: needing(range(201, N)) });
    // after someone deletes one listed apart and one not: the latter leaves the count
    await deleteAnnotation({ user: admin, id: rows[200].id });
    await deleteAnnotation({ user: admin, id: rows[390].id });
    const now = left.filter((i) => i !== 390);
    expect(await recount(listed.filter((i) => i !== 200))).toEqual({ count: now.length, needsCheck: needing(now) });
  });

  it("keeps each annotation's placement on the earlier version: ?version=1 shows them as they were", async () => {
    const f = await fixture();
    await addVersion({ user: rosa, documentId: f.doc.id, input: pasted(f.v2), note: null });
    const later = await annotate(rosa, f.doc.id, f.v2, "Nobody checked the figures.");
    const past = await listAnnotationsOnVersion({ documentId: f.doc.id, version: 1 });
    expect(past.version).toBe(1);
    expect(past.annotations.map((a) => a.id)).not.toContain(later.id); // made on version 2
    for (const original of [f.typo, f.reflowed, f.deleted, f.kept]) {
      const then = byId(past.annotations, original.id);
      expect([then.start, then.end, then.quote]).toEqual([original.start, original.end, original.quote]);
      expect(then.anchor).toEqual({ state: "exact", version: 1 });
    }
    await expectAppError(listAnnotationsOnVersion({ documentId: f.doc.id, version: 3 }), "NOT_FOUND", /versions 1 to 2/);
  });

  it("refuses the same text, another document's text, viewers, deleted documents, and a version added meanwhile", async () => {
    const f = await fixture();
    await expectAppError(addVersion({ user: rosa, documentId: f.doc.id, input: pasted(f.v1), note: null }), "UNPROCESSABLE", /same as the current version \(1\)/);
    const other = await makeDocument(`Another text ${f.tag}`, "other");
    const taken = await expectAppError(addVersion({ user: rosa, documentId: f.doc.id, input: pasted(`Another text ${f.tag}`), note: null }), "CONFLICT");
    expect(taken.details).toMatchObject({ existingId: other.id });
    await expectAppError(addVersion({ user: viewer, documentId: f.doc.id, input: pasted(f.v2), note: null }), "FORBIDDEN");
    await expectAppError(addVersion({ user: rosa, documentId: "no-such-document", input: pasted(f.v2), note: null }), "NOT_FOUND");
    await expectAppError(addVersion({ user: rosa, documentId: f.doc.id, input: pasted("   \n "), note: null }), "UNPROCESSABLE");
    // two versions at once: either both were based on version 1 (one wins, the other is told to reload)
    // or one came after the other; never two versions with one number, never a lost one
    const results = await Promise.allSettled([
      addVersion({ user: rosa, documentId: f.doc.id, input: pasted(f.v2), note: "one" }),
      addVersion({ user: victor, documentId: f.doc.id, input: pasted(`${f.v2}\n\nAnd more.`), note: "two" }),
    ]);
    const added = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.version.number] : []));
    for (const r of results) if (r.status === "rejected") expect((r.reason as AppError).code).toBe("CONFLICT");
    const numbers = (await listVersions({ documentId: f.doc.id })).versions.map((v) => v.number);
    expect(numbers).toEqual(Array.from({ length: added.length + 1 }, (_, i) => added.length + 1 - i));
    // the guard itself: making a text current fails when the document is no longer at the version it was based on
    const stale = await write((tx) => replaceCurrentText(tx, { id: f.doc.id, from: 1, to: 2, text: "stale", textHash: "0".repeat(64), length: 5, words: 1, at: storedTime() }));
    expect(stale).toBe(false);
    // a revert to the text of version 1 is a new version
    const revert = await addVersion({ user: rosa, documentId: f.doc.id, input: pasted(f.v1), note: "Reverted." });
    expect(revert.version.number).toBe(numbers[0] + 1);
  });

  it("rolls back a create whose text stopped being current between its inserts and its check, leaving nothing", async () => {
    const f = await fixture(); // this process remembers version 1's text
    const before = (await listAnnotationsOnVersion({ documentId: f.doc.id })).annotations.length;
    // another process makes version 2 current; this one is not told
    await write((tx) =>
      replaceCurrentText(tx, { id: f.doc.id, from: 1, to: 2, text: f.v2, textHash: crypto.createHash("sha256").update(f.v2).digest("hex"), length: [...f.v2].length, words: 1, at: storedTime() }),
    );
    // The span is right on version 1: the try on the remembered text inserts, then finds version 2 and is
    // rolled back; the try on the text read now refuses the span.
    await expectAppError(annotate(rosa, f.doc.id, f.v1, "The minister resigned in 1952."), "UNPROCESSABLE", /does not match|not in the text|outside/);
    const after = await listAnnotationsOnVersion({ documentId: f.doc.id });
    expect(after.annotations).toHaveLength(before);
    expect(await findEventsSince(f.doc.id, 0).then((page) => page.events.filter((e) => e.type === "annotation.created").length)).toBe(4);
  });

  it("moves the library, search and the annotation index to the new text", async () => {
    const f = await fixture();
    const word = `zebrafinch${f.tag}`;
    await addVersion({ user: rosa, documentId: f.doc.id, input: pasted(`${f.v2}\n\nA ${word} appears.`), note: null });
    const found = await listDocuments({ user: rosa, query: { q: word, mine: false, deleted: false, sort: "relevance", dir: "asc", page: 1, pageSize: 25 } });
    expect(found.documents.map((d) => d.id)).toEqual([f.doc.id]);
    const old = await listDocuments({ user: rosa, query: { q: `dubled ${f.tag}`, mine: false, deleted: false, sort: "relevance", dir: "asc", page: 1, pageSize: 25 } });
    expect(old.documents.map((d) => d.id)).not.toContain(f.doc.id);
    // a new annotation is checked against the new text (the cached old one is gone)
    await expectAppError(annotate(rosa, f.doc.id, f.v1, "dubled"), "UNPROCESSABLE");
    const fresh = await annotate(rosa, f.doc.id, f.v2, "doubled");
    expect(fresh.anchor).toEqual({ state: "exact", version: 2 });
  });

  it("caches a text's code point index by version and hash, so a version added by another process is never checked against the old text", async () => {
    const f = await fixture(); // annotating version 1 left its index in this process's cache
    const v2 = f.v2;
    // another process (a second server, the import CLI) makes version 2 current: this process is not told
    await write((tx) =>
      replaceCurrentText(tx, { id: f.doc.id, from: 1, to: 2, text: v2, textHash: crypto.createHash("sha256").update(v2).digest("hex"), length: [...v2].length, words: 1, at: storedTime() }),
    );
    const created = await annotate(rosa, f.doc.id, v2, "doubled");
    expect(created.anchor).toEqual({ state: "exact", version: 2 });
    await expectAppError(annotate(rosa, f.doc.id, f.v1, "dubled in"), "UNPROCESSABLE", /does not match/);
  });

  it("writes against the text the document has, even when its version number stayed (a database restored under a running server)", async () => {
    const f = await fixture(); // annotating version 1 left its text in this process's memory
    const quote = "the harvest dubled in 1951";
    const changed = f.v1.replace("and the ministry agreed", "and the ministry denied it");
    await write((tx) =>
      replaceCurrentText(tx, { id: f.doc.id, from: 1, to: 1, text: changed, textHash: crypto.createHash("sha256").update(changed).digest("hex"), length: [...changed].length, words: 1, at: storedTime() }),
    );
    // The quote is where it was, so the remembered text would accept the span; the write's check of the
    // text's hash sends it to the text read now, whose context is the one stored.
    const created = (await annotate(rosa, f.doc.id, changed, quote)) as AnnotationDTO;
    expect(created.suffix).toMatch(/^, and the ministry denied it/);
    expect(((await findAnnotation({ id: created.id })) as AnnotationDTO).suffix).toBe(created.suffix);
  });

  it("re-anchors deleted annotations too, so a restore finds them on the current text", async () => {
    const f = await fixture();
    await deleteAnnotation({ user: victor, id: f.kept.id });
    await addVersion({ user: rosa, documentId: f.doc.id, input: pasted(`Inserted first line.\n\n${f.v2}`), note: null });
    const restored = (await restoreAnnotation({ user: admin, id: f.kept.id })) as AnnotationDTO;
    expect(restored.anchor.version).toBe(2);
    expect(restored.quote).toBe("𝔄pparatus report 📜");
    expect(restored.start).toBe(f.kept.start + [..."Inserted first line.\n\n"].length);
  });
});

describe("fixing what moved", () => {
  it("lists fuzzy and orphaned annotations as needing a check; confirm, re-place and leave orphaned with a note take them off", async () => {
    const f = await fixture();
    await addVersion({ user: rosa, documentId: f.doc.id, input: pasted(f.v2), note: null });
    const check = await listAnnotationsOnVersion({ documentId: f.doc.id, anchor: "needs-check" });
    expect(check.annotations.map((a) => [a.id, a.anchor.state])).toEqual([
      [f.typo.id, "fuzzy"],
      [f.deleted.id, "orphaned"],
    ]);

    // Rosa confirms her fuzzy placement
    const confirmed = (await anchorAnnotation({ user: rosa, id: f.typo.id, input: { confirm: true } })) as AnnotationDTO;
    expect(confirmed.anchor).toMatchObject({ state: "exact", version: 2, previousQuote: "the harvest dubled in 1951", resolution: { action: "confirmed", by: { id: rosa.id, name: "Rosa" } } });
    expect(confirmed.anchor.score).toBeUndefined();
    await expectAppError(anchorAnnotation({ user: rosa, id: f.typo.id, input: { confirm: true } }), "UNPROCESSABLE", /Only a fuzzy placement can be confirmed; this annotation's is exact/);

    // Rosa may not fix Victor's annotation; an admin may, and Victor may
    const elsewhere = spanOf(f.v2, "Nobody checked the figures.");
    await expectAppError(anchorAnnotation({ user: rosa, id: f.deleted.id, input: elsewhere }), "FORBIDDEN");
    await expectAppError(anchorAnnotation({ user: viewer, id: f.deleted.id, input: elsewhere }), "FORBIDDEN");
    await expectAppError(anchorAnnotation({ user: victor, id: f.deleted.id, input: { ...elsewhere, quote: "Nobody checked" } }), "UNPROCESSABLE", /does not match/);
    await expectAppError(anchorAnnotation({ user: victor, id: f.deleted.id, input: { start: 0, end: 0, quote: "" } }), "UNPROCESSABLE", /empty/);
    const replaced = (await anchorAnnotation({ user: victor, id: f.deleted.id, input: elsewhere })) as AnnotationDTO;
    expect(replaced).toMatchObject({ start: elsewhere.start, end: elsewhere.end, quote: "Nobody checked the figures." });
    expect(replaced.anchor).toMatchObject({ state: "exact", previousQuote: "The minister resigned in 1952.", resolution: { action: "re-placed", by: { name: "Victor" } } });
    expect(replaced.suffix).toBe(cpSlice(f.v2, elsewhere.end, elsewhere.end + 32));
    expect((await listAnnotationsOnVersion({ documentId: f.doc.id, anchor: "needs-check" })).annotations).toEqual([]);

    // an admin leaves another one orphaned, with a note: it stays orphaned, but is no longer to check
    const left = await anchorAnnotation({ user: admin, id: f.kept.id, input: { orphan: true, note: "The report is no longer named." } });
    expect(left).toMatchObject({ start: null, end: null, quote: "𝔄pparatus report 📜" });
    expect(left.anchor).toMatchObject({ state: "orphaned", resolution: { action: "left-orphaned", note: "The report is no longer named.", by: { id: admin.id } } });
    expect((await listAnnotationsOnVersion({ documentId: f.doc.id, anchor: "needs-check" })).annotations).toEqual([]);
    expect((await listAnnotationsOnVersion({ documentId: f.doc.id, anchor: "orphaned" })).annotations.map((a) => a.id)).toEqual([f.kept.id]);

    // every placement is kept: created, re-anchored, fixed by hand
    const history = await db.annotationPlacement.findMany({ where: { annotationId: f.deleted.id }, orderBy: { id: "asc" } });
    expect(history.map((h) => [h.version, h.state])).toEqual([
      [1, "exact"],
      [2, "orphaned"],
    ]);
    // each fix is a live annotation.updated event
    const updates = (await findEventsSince(f.doc.id, 0)).events.filter((e) => e.type === "annotation.updated");
    expect(updates).toHaveLength(3);
  });

  it("lets an editor fix anyone's placement (the author may have moved on), a reviewer only their own", async () => {
    const f = await fixture();
    await addVersion({ user: rosa, documentId: f.doc.id, input: pasted(f.v2), note: null });
    await expectAppError(anchorAnnotation({ user: victor, id: f.typo.id, input: { confirm: true } }), "FORBIDDEN", /the author, an editor or an admin/);
    const confirmed = (await anchorAnnotation({ user: editor, id: f.typo.id, input: { confirm: true } })) as AnnotationDTO;
    expect(confirmed.anchor).toMatchObject({ state: "exact", resolution: { action: "confirmed", by: { id: editor.id, name: "Edith" } } });
    const left = await anchorAnnotation({ user: editor, id: f.deleted.id, input: { orphan: true, note: "Cut from the second version." } });
    expect(left.anchor).toMatchObject({ state: "orphaned", resolution: { action: "left-orphaned", by: { id: editor.id } } });
    expect((await listAnnotationsOnVersion({ documentId: f.doc.id, anchor: "needs-check" })).annotations).toEqual([]);
  });

  it("keeps an unconfirmed fuzzy placement fuzzy through the next version, and places an orphan again when its text comes back", async () => {
    const f = await fixture();
    await addVersion({ user: rosa, documentId: f.doc.id, input: pasted(f.v2), note: null });
    const v3 = `${f.v2}\n\nA new closing line.`;
    const third = await addVersion({ user: rosa, documentId: f.doc.id, input: pasted(v3), note: null });
    expect(third.anchoring).toEqual({ exact: 2, moved: 0, fuzzy: 1, orphaned: 1 });
    const now = await listAnnotationsOnVersion({ documentId: f.doc.id });
    expect(byId(now.annotations, f.typo.id).anchor).toMatchObject({ state: "fuzzy", version: 3, previousQuote: "the harvest dubled in 1951" });
    expect(byId(now.annotations, f.deleted.id).anchor).toMatchObject({ state: "orphaned", version: 3, previousQuote: "The minister resigned in 1952." });
    // version 2 as it was (fuzzy and orphaned there too)
    const two = await listAnnotationsOnVersion({ documentId: f.doc.id, version: 2, anchor: "needs-check" });
    expect(two.annotations.map((a) => [a.id, a.anchor.state, a.anchor.version])).toEqual([
      [f.typo.id, "fuzzy", 2],
      [f.deleted.id, "orphaned", 2],
    ]);
    // the deleted sentence comes back in version 4: found again by its quote and context
    const back = await addVersion({ user: rosa, documentId: f.doc.id, input: pasted(f.v1), note: "Reverted." });
    expect(back.anchoring.orphaned).toBe(0);
    const returned = byId((await listAnnotationsOnVersion({ documentId: f.doc.id })).annotations, f.deleted.id) as AnnotationDTO;
    expect(returned.quote).toBe("The minister resigned in 1952.");
    expect(returned.quote).toBe(cpSlice(f.v1, returned.start, returned.end));
    expect(["moved", "exact"]).toContain(returned.anchor.state);
  });

  it("diffs any two versions word by word", async () => {
    const f = await fixture();
    await addVersion({ user: rosa, documentId: f.doc.id, input: pasted(f.v2), note: null });
    const diff = await diffVersions({ documentId: f.doc.id, from: 1, to: 2 });
    expect(diff.from.number).toBe(1);
    expect(diff.to).toMatchObject({ number: 2, current: true });
    const changed = diff.parts.filter((p) => p.type !== "equal").map((p) => [p.type, p.text]);
    expect(changed).toContainEqual(["delete", "dubled"]);
    expect(changed).toContainEqual(["insert", "doubled"]);
    expect(changed).toContainEqual(["delete", "The minister resigned in 1952. "]);
    expect(diff.parts.filter((p) => p.type !== "insert").map((p) => p.text).join("")).toBe(f.v1);
    expect(diff.parts.filter((p) => p.type !== "delete").map((p) => p.text).join("")).toBe(f.v2);
    await expectAppError(diffVersions({ documentId: f.doc.id, from: 1, to: 9 }), "NOT_FOUND", /Version 9 not found/);
  });

  it("leaves out changes of whitespace only when asked (the versions page and the API by default)", async () => {
    const f = await fixture();
    const rewrapped = f.v1.replace(/ /, "\n").replace(/\.( |$)/, ".  $1");
    expect(rewrapped).not.toBe(f.v1);
    await addVersion({ user: rosa, documentId: f.doc.id, input: pasted(rewrapped), note: "re-wrapped" });
    const stored = (await findDocumentVersion({ documentId: f.doc.id, number: 2 })).text;
    expect(stored).not.toBe(f.v1);
    const exact = await diffVersions({ documentId: f.doc.id, from: 1, to: 2 });
    expect(exact.parts.some((p) => p.type !== "equal")).toBe(true);
    const ignoring = await diffVersions({ documentId: f.doc.id, from: 1, to: 2, ignoreWhitespace: true });
    expect(ignoring).toMatchObject({ inserted: 0, deleted: 0, parts: [{ type: "equal", text: stored, whitespace: true }] });
    expect(ignoring.whitespaceChanges).toBeGreaterThan(0);
    expect(versionDiffQuerySchema.parse({ from: "1", to: "2" })).toEqual({ from: 1, to: 2, whitespace: "ignore" });
    expect(versionDiffQuerySchema.parse({ from: "1", to: "2", whitespace: "show" }).whitespace).toBe("show");
    expect(versionDiffQuerySchema.safeParse({ from: "1", to: "2", whitespace: "maybe" }).error?.issues[0].message).toBe("whitespace must be ignore or show.");
  });
});

describe("a deleted document, for an admin to look at before restoring it", () => {
  it("gives an admin its current text and annotations where they are on it; NOT_FOUND for anyone else, and for a live or unknown one", async () => {
    // An admin could only restore a deleted document, not look at it first.
    const f = await fixture();
    await addVersion({ user: rosa, documentId: f.doc.id, input: pasted(f.v2), note: null });
    await deleteAnnotation({ user: victor, id: f.kept.id });
    await expectAppError(findDeletedDocument({ user: admin, id: f.doc.id }), "NOT_FOUND"); // live: the reader's
    await deleteDocument({ user: admin, id: f.doc.id });

    const { document, annotations } = await findDeletedDocument({ user: admin, id: f.doc.id });
    expect(document).toMatchObject({ id: f.doc.id, version: 2, text: f.v2, deletedAt: expect.any(String) });
    // live annotations only, on version 2, the orphaned one last
    expect(annotations.map((a) => [a.id, a.anchor.state, a.anchor.version])).toEqual([
      [f.typo.id, "fuzzy", 2],
      [f.reflowed.id, "exact", 2],
      [f.deleted.id, "orphaned", 2],
    ]);
    for (const user of [rosa, victor, editor, viewer]) await expectAppError(findDeletedDocument({ user, id: f.doc.id }), "NOT_FOUND", /^Document not found\.$/);
    await expectAppError(findDeletedDocument({ user: admin, id: "no-such-document" }), "NOT_FOUND");
    // still nobody's to read or annotate elsewhere
    await expectAppError(listAnnotationsOnVersion({ documentId: f.doc.id }), "NOT_FOUND");

    await restoreDocument({ user: admin, id: f.doc.id });
    await expectAppError(findDeletedDocument({ user: admin, id: f.doc.id }), "NOT_FOUND");
  });
});
