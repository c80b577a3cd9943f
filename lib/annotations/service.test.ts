import { describe, expect, it } from "vitest";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { makeDocument, makeUser } from "@/lib/testing/factories";
import { db } from "@/lib/testing/db";
import { renameUser } from "@/lib/users/service";
import { AppError } from "@/lib/errors";
import { deleteDocument } from "@/lib/documents/service";
import { listAuditEvents } from "@/lib/audit-log/service";
import {
  createAnnotation,
  deleteAnnotation,
  findAnnotation,
  findAnnotationHistory,
  findAnnotationsForDocument,
  findDocumentSpans,
  restoreAnnotation,
  updateAnnotation,
} from "./service";
import { createReply, deleteReply, listReplies, removeVerdict, setVerdict, updateReply } from "./discussion";
import { listDocumentAnnotations } from "./anchoring";
import { CLASSIFICATIONS, SPAN_FLAGS, decodeSpans } from "./types";
import { plainTextToNote } from "@/lib/notes/text";

// Astral characters (emoji, mathematical letters), a combining accent, curly quotes and dashes.
const TEXT =
  "Intro 😀 line with 𝐀𝐁𝐂 letters.\n\nCafe\u0301 “quoted” claim — with dashes – here 🎉 and more.\n\nLast paragraph 𝒜 end.";

const at = (needle: string) => [...TEXT.slice(0, TEXT.indexOf(needle))].length;

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe("annotation service on a text with non-BMP characters", () => {
  it("stores a quote equal to the code-point slice, before and after astral characters", async () => {
    const doc = await makeDocument(TEXT, "non-BMP anchors");
    const user = await makeUser();
    const cases: Array<[string, string]> = [
      ["Intro", "Intro 😀"],
      ["😀", "😀 line"],
      ["𝐀𝐁𝐂", "𝐀𝐁𝐂 letters."],
      ["letters", "letters.\n\nCafe\u0301"],
      ["“quoted”", "“quoted” claim — with"],
      ["here", "here 🎉 and"],
      ["𝒜", "𝒜 end."],
    ];
    for (const [from, quote] of cases) {
      const start = at(from);
      const end = start + [...quote].length;
      const created = await createAnnotation({ user, documentId: doc.id, input: { start, end, quote, classification: "opinion", evidence: [] } });
      expect(created.quote).toBe(quote);
      expect(created.quote).toBe(cpSlice(TEXT, start, end));
      expect(created.prefix).toBe(cpSlice(TEXT, Math.max(0, start - 32), start));
      expect(created.suffix).toBe(cpSlice(TEXT, end, end + 32));
    }
    const listed = await findAnnotationsForDocument({ documentId: doc.id });
    expect(listed).toHaveLength(cases.length);
    for (const a of listed) expect(a.quote).toBe(cpSlice(TEXT, a.start, a.end));
  });

  it("refuses a quote given in UTF-16 offsets rather than code points", async () => {
    const doc = await makeDocument(TEXT + " utf16", "utf16 offsets");
    const user = await makeUser();
    const start = TEXT.indexOf("letters"); // UTF-16 index: wrong after the emoji
    await expectAppError(
      createAnnotation({ user, documentId: doc.id, input: { start, end: start + 7, quote: "letters", classification: "sourced", evidence: [] } }),
      "UNPROCESSABLE",
    );
  });

  it("refuses empty, whitespace-only and out-of-range spans", async () => {
    const doc = await makeDocument(TEXT + " ranges", "ranges");
    const user = await makeUser();
    const input = { classification: "contested" as const, evidence: [] };
    await expectAppError(createAnnotation({ user, documentId: doc.id, input: { ...input, start: 3, end: 3, quote: "" } }), "UNPROCESSABLE");
    const gap = at("\n\nCafe");
    await expectAppError(createAnnotation({ user, documentId: doc.id, input: { ...input, start: gap, end: gap + 2, quote: "\n\n" } }), "UNPROCESSABLE");
    await expectAppError(createAnnotation({ user, documentId: doc.id, input: { ...input, start: 5, end: 100_000, quote: "x" } }), "UNPROCESSABLE");
    expect(await findAnnotationsForDocument({ documentId: doc.id })).toHaveLength(0);
  });

  it("lets only the author edit, keeps the earlier version, and lets an admin delete", async () => {
    const doc = await makeDocument(TEXT + " roles", "roles");
    const author = await makeUser("reviewer", "Author");
    const other = await makeUser("reviewer", "Other");
    const viewer = await makeUser("viewer", "Viewer");
    const admin = await makeUser("admin", "Admin");
    const start = at("Intro");
    const a = await createAnnotation({ user: author, documentId: doc.id, input: { start, end: start + 5, quote: "Intro", classification: "sourced", evidence: [{ url: "https://example.org/a" }] } });
    await expectAppError(createAnnotation({ user: viewer, documentId: doc.id, input: { start, end: start + 5, quote: "Intro", classification: "sourced", evidence: [] } }), "FORBIDDEN");
    await expectAppError(updateAnnotation({ user: other, id: a.id, input: { classification: "opinion" } }), "FORBIDDEN");
    await expectAppError(deleteAnnotation({ user: other, id: a.id }), "FORBIDDEN");
    const edited = await updateAnnotation({ user: author, id: a.id, input: { classification: "contested", evidence: [] } });
    expect(edited.classification).toBe("contested");
    expect(edited.evidence).toEqual([]);
    expect(edited.version).toBe(2);
    await deleteAnnotation({ user: admin, id: a.id, ip: "192.0.2.7" });
    expect(await findAnnotationsForDocument({ documentId: doc.id })).toHaveLength(0);
    // An admin's deletion of another's annotation, and its restoring, are in the audit log; an author's own deletion is not.
    await restoreAnnotation({ user: admin, id: a.id });
    await deleteAnnotation({ user: author, id: a.id });
    const audited = (await listAuditEvents({ targetId: author.id })).events.filter((e) => e.type.startsWith("annotation_"));
    expect(audited.map((e) => [e.type, e.actorId, e.ip, e.detail])).toEqual([
      ["annotation_restored", admin.id, null, { annotationId: a.id, documentId: doc.id }],
      ["annotation_deleted", admin.id, "192.0.2.7", { annotationId: a.id, documentId: doc.id }],
    ]);
  });

  it("audits an admin's deletion of someone else's reply, as of an annotation; an author's own is not", async () => {
    const doc = await makeDocument(TEXT + " reply moderation", "reply-moderation");
    const author = await makeUser("reviewer", "Annotates");
    const replier = await makeUser("reviewer", "Replies");
    const admin = await makeUser("admin", "Moderates");
    const start = at("Intro");
    const a = await createAnnotation({ user: author, documentId: doc.id, input: { start, end: start + 5, quote: "Intro", classification: "sourced", evidence: [] } });
    const moderated = await createReply({ user: replier, annotationId: a.id, body: "Out of line." });
    const own = await createReply({ user: replier, annotationId: a.id, body: "Taken back." });
    await expectAppError(deleteReply({ user: author, id: moderated.id }), "FORBIDDEN");
    await deleteReply({ user: admin, id: moderated.id, ip: "192.0.2.8" });
    await deleteReply({ user: replier, id: own.id });
    const audited = (await listAuditEvents({ targetId: replier.id })).events.filter((e) => e.type === "reply_deleted");
    expect(audited.map((e) => [e.type, e.actorId, e.ip, e.detail])).toEqual([
      ["reply_deleted", admin.id, "192.0.2.8", { replyId: moderated.id, annotationId: a.id, documentId: doc.id }],
    ]);
  });

  it("takes a note as plain text as well as rich text, on create and on edit (paragraphs at blank lines)", async () => {
    const doc = await makeDocument(TEXT + " plain notes", "plain-notes");
    const author = await makeUser("reviewer", "Plain");
    const start = at("Intro");
    const a = await createAnnotation({ user: author, documentId: doc.id, input: { start, end: start + 5, quote: "Intro", classification: "sourced", evidence: [], note: "First paragraph.\n\nSecond one." } });
    expect(a.noteText).toBe("First paragraph.\nSecond one."); // noteToPlainText: a line per paragraph
    expect(a.note).toEqual({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "First paragraph." }] }, { type: "paragraph", content: [{ type: "text", text: "Second one." }] }] });
    const edited = await updateAnnotation({ user: author, id: a.id, input: { note: "Changed." } });
    expect(edited.noteText).toBe("Changed.");
    await expectAppError(updateAnnotation({ user: author, id: a.id, input: { note: 42 } }), "UNPROCESSABLE");
  });

  it("refuses an edit made on an older version (409, nothing saved), so two open editors never overwrite each other unseen", async () => {
    const doc = await makeDocument(TEXT + " conflict", "conflict");
    const author = await makeUser("reviewer", "Author");
    const start = at("Intro");
    const a = await createAnnotation({ user: author, documentId: doc.id, input: { start, end: start + 5, quote: "Intro", classification: "sourced", evidence: [] } });
    // two editors opened version 1; the first saves
    const first = await updateAnnotation({ user: author, id: a.id, input: { classification: "contested", version: 1 } });
    expect(first.version).toBe(2);
    const error = await expectAppError(updateAnnotation({ user: author, id: a.id, input: { classification: "opinion", version: 1 } }), "CONFLICT");
    expect(error.message).toMatch(/changed since version 1 was opened .* now version 2\). Nothing was saved/);
    expect((error.details as { current: { classification: string; version: number } }).current).toMatchObject({ classification: "contested", version: 2 });
    expect(await findAnnotation({ id: a.id })).toMatchObject({ classification: "contested", version: 2 });
    // on the version it now knows, it goes through; without a version (older API clients), the last write wins as before
    expect(await updateAnnotation({ user: author, id: a.id, input: { classification: "opinion", version: 2 } })).toMatchObject({ classification: "opinion", version: 3 });
    expect(await updateAnnotation({ user: author, id: a.id, input: { classification: "sourced" } })).toMatchObject({ version: 4 });
  });

  it("treats the annotations and replies of a soft-deleted document as not found, for every read and write", async () => {
    const doc = await makeDocument(TEXT + " deleted document", "deleted document");
    const author = await makeUser("reviewer", "Author");
    const other = await makeUser("reviewer", "Other");
    const admin = await makeUser("admin", "Admin");
    const start = at("Intro");
    const input = { start, end: start + 5, quote: "Intro", classification: "sourced" as const, evidence: [] };
    const a = await createAnnotation({ user: author, documentId: doc.id, input });
    const gone = await createAnnotation({ user: author, documentId: doc.id, input });
    await deleteAnnotation({ user: author, id: gone.id });
    const reply = await createReply({ user: other, annotationId: a.id, body: "A reply." });
    await deleteDocument({ user: admin, id: doc.id });

    await expectAppError(findAnnotation({ id: a.id }), "NOT_FOUND");
    await expectAppError(findAnnotationHistory({ id: a.id }), "NOT_FOUND");
    await expectAppError(updateAnnotation({ user: author, id: a.id, input: { classification: "opinion" } }), "NOT_FOUND");
    await expectAppError(deleteAnnotation({ user: author, id: a.id }), "NOT_FOUND");
    await expectAppError(restoreAnnotation({ user: admin, id: gone.id }), "NOT_FOUND");
    await expectAppError(listReplies({ annotationId: a.id }), "NOT_FOUND");
    await expectAppError(createReply({ user: other, annotationId: a.id, body: "Another." }), "NOT_FOUND");
    await expectAppError(updateReply({ user: other, id: reply.id, body: "Edited." }), "NOT_FOUND");
    await expectAppError(deleteReply({ user: other, id: reply.id }), "NOT_FOUND");
    await expectAppError(setVerdict({ user: other, annotationId: a.id, verdict: "agree" }), "NOT_FOUND");
    await expectAppError(removeVerdict({ user: other, annotationId: a.id }), "NOT_FOUND");
  });
});

describe("listing a document's annotations for the reader", () => {
  const PLAIN = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau";
  const span = (word: string, through = word) => {
    const start = PLAIN.indexOf(word);
    const end = PLAIN.indexOf(through) + through.length;
    return { start, end, quote: PLAIN.slice(start, end) };
  };

  it("pages through every live annotation in document order with a cursor, and a deleted cursor still works", async () => {
    const doc = await makeDocument(PLAIN, "paging");
    const rosa = await makeUser("reviewer", "Rosa");
    const words = ["pi", "alpha", "gamma", "alpha", "theta", "beta", "mu"];
    const created = [];
    for (const [i, w] of words.entries()) {
      const s = i === 3 ? span("alpha", "beta") : span(w); // a longer span at the same start comes first
      created.push(await createAnnotation({ user: rosa, documentId: doc.id, input: { ...s, classification: "opinion", evidence: [] } }));
    }
    const all = await findAnnotationsForDocument({ documentId: doc.id });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listDocumentAnnotations({ documentId: doc.id, query: { limit: 3, cursor } });
      expect(page.annotations.length).toBeLessThanOrEqual(3);
      seen.push(...page.annotations.map((a) => a.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all.map((a) => a.id));
    expect(all[0].quote).toBe("alpha beta");
    // The cursor annotation is deleted between two pages: the next page still follows it.
    const first = await listDocumentAnnotations({ documentId: doc.id, query: { limit: 2 } });
    await deleteAnnotation({ user: rosa, id: first.nextCursor! });
    const second = await listDocumentAnnotations({ documentId: doc.id, query: { limit: 10, cursor: first.nextCursor! } });
    expect(second.annotations.map((a) => a.id)).toEqual(all.slice(2).map((a) => a.id));
    expect(second.nextCursor).toBeNull();
    await expectAppError(listDocumentAnnotations({ documentId: doc.id, query: { limit: 2, cursor: "no-such-annotation" } }), "INVALID_INPUT");
  });

  it("returns chosen annotations by id, in document order, leaving out other documents' and deleted ones", async () => {
    const doc = await makeDocument(PLAIN + " ids", "by ids");
    const other = await makeDocument(PLAIN + " other", "by ids, other");
    const rosa = await makeUser("reviewer", "Rosa");
    const mk = (d: { id: string }, w: string) => createAnnotation({ user: rosa, documentId: d.id, input: { ...span(w), classification: "sourced", evidence: [] } });
    const late = await mk(doc, "sigma");
    const early = await mk(doc, "beta");
    const gone = await mk(doc, "eta");
    const elsewhere = await mk(other, "beta");
    await deleteAnnotation({ user: rosa, id: gone.id });
    const { annotations } = await listDocumentAnnotations({ documentId: doc.id, query: { ids: [late.id, gone.id, elsewhere.id, early.id] } });
    expect(annotations.map((a) => a.id)).toEqual([early.id, late.id]);
    expect(annotations[0]).toEqual((await findAnnotationsForDocument({ documentId: doc.id }))[0]);
  });

  it("keeps the reader's spans current through every change, an import's (no event, only lastActivityAt) included", async () => {
    const doc = await makeDocument(PLAIN + " spans cache", "spans cache");
    const rosa = await makeUser("reviewer", "Rosa");
    const victor = await makeUser("reviewer", "Victor");
    // Every read also checks the spans API's validator (tag): unchanged spans keep it, any change moves it.
    const tags = new Set<string>();
    const spansOf = async () => {
      const found = await findDocumentSpans({ documentId: doc.id });
      expect((await findDocumentSpans({ documentId: doc.id })).tag).toBe(found.tag);
      expect(tags.has(found.tag)).toBe(false);
      tags.add(found.tag);
      return decodeSpans(found.page);
    };
    expect(await spansOf()).toEqual([]);
    const a = await createAnnotation({ user: rosa, documentId: doc.id, input: { ...span("alpha"), classification: "opinion", evidence: [] } });
    expect((await spansOf()).map((t) => t[0])).toEqual([a.id]);
    // Changes one after another, each read back at once (several within one millisecond).
    await updateAnnotation({ user: rosa, id: a.id, input: { classification: "sourced" } });
    expect((await spansOf())[0][3]).toBe(CLASSIFICATIONS.indexOf("sourced"));
    await setVerdict({ user: victor, annotationId: a.id, verdict: "dispute", proposedClass: "opinion" });
    expect((await spansOf())[0][6]).toBe(1);
    await createReply({ user: victor, annotationId: a.id, body: "Which page?" });
    expect((await spansOf())[0][7]).toBe(1);
    const b = await createAnnotation({ user: victor, documentId: doc.id, input: { ...span("gamma"), classification: "contested", evidence: [] } });
    await deleteAnnotation({ user: rosa, id: a.id });
    expect((await spansOf()).map((t) => t[0])).toEqual([b.id]);
    // An import writes rows and marks the document's activity, without events.
    const { start, end, quote } = span("delta");
    const imported = await db.annotation.create({
      data: { documentId: doc.id, authorId: rosa.id, start, end, quote, prefix: "", suffix: "", classification: "opinion", note: "{}", noteText: "" },
    });
    await db.document.update({ where: { id: doc.id }, data: { lastActivityAt: new Date(Date.now() + 1000) } });
    expect((await spansOf()).map((t) => t[0]).sort()).toEqual([b.id, imported.id].sort());
    // Names are looked up at each read.
    const admin = await makeUser("admin");
    await renameUser({ actor: admin, userId: victor.id, name: "Victor Renamed" });
    const renamed = await findDocumentSpans({ documentId: doc.id });
    expect(renamed.page.authors.map((p) => p.name)).toContain("Victor Renamed");
    expect(tags.has(renamed.tag)).toBe(false); // a browser's copy with the old name is not reused
    await deleteDocument({ user: admin, id: doc.id });
    await expectAppError(findDocumentSpans({ documentId: doc.id }), "NOT_FOUND");
  });

  it("gives the reader compact spans with authors, counts and flags", async () => {
    const doc = await makeDocument(PLAIN + " spans", "spans");
    const rosa = await makeUser("reviewer", "Rosa");
    const victor = await makeUser("reviewer", "Victor");
    const a = await createAnnotation({
      user: rosa,
      documentId: doc.id,
      input: { ...span("gamma", "delta"), classification: "contested", note: plainTextToNote("Needs a source."), evidence: [{ citation: "p. 4" }] },
    });
    const b = await createAnnotation({ user: victor, documentId: doc.id, input: { ...span("alpha"), classification: "opinion", evidence: [] } });
    await updateAnnotation({ user: victor, id: b.id, input: { classification: "sourced" } });
    await setVerdict({ user: victor, annotationId: a.id, verdict: "dispute", proposedClass: "opinion" });
    await createReply({ user: victor, annotationId: a.id, body: "Which page?" });
    const { page, ids } = await findDocumentSpans({ documentId: doc.id });
    expect(page.authors.map((p) => p.name)).toEqual(["Victor", "Rosa"]);
    expect(ids).toEqual([b.id, a.id]);
    expect(decodeSpans(page)).toEqual([
      [b.id, b.start, b.end, CLASSIFICATIONS.indexOf("sourced"), 0, 0, 0, 0, SPAN_FLAGS.edited, -1],
      [a.id, a.start, a.end, CLASSIFICATIONS.indexOf("contested"), 1, 0, 1, 1, SPAN_FLAGS.note | SPAN_FLAGS.evidence, -1],
    ]);
  });
});

describe("editing a reply from two tabs", () => {
  it("refuses a save over a reply changed since its author began the edit (409), and takes it once they have read it", async () => {
    const doc = await makeDocument("Intro of a document whose replies are edited from two tabs.", "reply edits");
    const author = await makeUser();
    const replier = await makeUser();
    const a = await createAnnotation({ user: author, documentId: doc.id, input: { start: 0, end: 5, quote: "Intro", classification: "opinion", evidence: [] } });
    const reply = await createReply({ user: replier, annotationId: a.id, body: "First words." });
    // Two tabs open the edit on the same reply; the first saves.
    const first = await updateReply({ user: replier, id: reply.id, body: "From the first tab.", replaces: reply.updatedAt });
    const error = await expectAppError(updateReply({ user: replier, id: reply.id, body: "From the second tab.", replaces: reply.updatedAt }), "CONFLICT");
    expect(error.message).toMatch(/changed elsewhere/);
    expect(error.details).toEqual({ current: first });
    expect((await listReplies({ annotationId: a.id })).map((r) => r.bodyText)).toEqual(["From the first tab."]);
    // Saving again, having seen it, replaces it; the same text sent twice (a double click) is no conflict.
    const second = await updateReply({ user: replier, id: reply.id, body: "From the second tab.", replaces: first.updatedAt });
    expect(second.bodyText).toBe("From the second tab.");
    expect(await updateReply({ user: replier, id: reply.id, body: "From the second tab.", replaces: first.updatedAt })).toEqual(second);
    // Without `replaces` there is no check (API clients), as before.
    expect((await updateReply({ user: replier, id: reply.id, body: "Unchecked." })).bodyText).toBe("Unchecked.");
  });
});
