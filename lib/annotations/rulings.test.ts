import { describe, expect, it, vi } from "vitest";

// The open disputes queue is corpus-wide: this file works on a database of its own, so the queue holds
// only what it makes.
await vi.hoisted(async () => {
  const { isolateDatabase } = await import("@/lib/testing/isolated-db");
  await isolateDatabase("rulings");
});

import { cpSlice } from "@/lib/anchoring/codepoints";
import { AppError } from "@/lib/errors";
import { db, engine } from "@/lib/testing/db";
import { makeDocument, makeUser } from "@/lib/testing/factories";
import type { CurrentUser } from "@/lib/auth/roles";
import { summarizeDocument } from "@/lib/summary/service";
import { findEventsSince, findLatestEventId } from "@/lib/events/service";
import { createAnnotation, deleteAnnotation, findAnnotation, updateAnnotation } from "./service";
import { removeVerdict, setVerdict } from "./discussion";
import { listOpenDisputes, setRuling, withdrawRuling } from "./rulings";
import { openDisputesPage } from "./store";
import type { AnnotationDTO, AnyAnnotationDTO, Classification } from "./types";

// Astral characters before the claims, so code point and UTF-16 offsets differ.
const TEXT = "The 𝔄rchive 📜 says the strike began on Monday. Critics call it a fantasy. It was the best decade.";

async function expectAppError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
}

let counter = 0;
async function setup() {
  const text = `${TEXT} (${++counter})`;
  const doc = await makeDocument(text, `rulings ${counter}`);
  const [author, reviewer, other, editor, admin, viewer] = await Promise.all([
    makeUser("reviewer", "Rosa Author"),
    makeUser("reviewer", "Victor Reviewer"),
    makeUser("reviewer", "Olga Other"),
    makeUser("editor", "Edith Editor"),
    makeUser("admin", "Ada Admin"),
    makeUser("viewer", "Vera Viewer"),
  ]);
  const annotate = (who: CurrentUser, phrase: string, classification: Classification) => {
    const start = [...text.slice(0, text.indexOf(phrase))].length;
    const end = start + [...phrase].length;
    expect(cpSlice(text, start, end)).toBe(phrase);
    return createAnnotation({ user: who, documentId: doc.id, input: { start, end, quote: phrase, classification, evidence: [] } });
  };
  return { doc, author, reviewer, other, editor, admin, viewer, annotate };
}

const rationale = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text, marks: [{ type: "bold" }] }] }] });
const statuses = (a: AnyAnnotationDTO) => a.verdicts.map((v) => [v.reviewer.name, v.verdict, v.proposedClass, v.status, v.resolution]);

describe("disputes that stay consistent", () => {
  it("refuses a dispute proposing the current class, and resolves a dispute when the author adopts its class", async () => {
    const { doc, author, reviewer, other, annotate } = await setup();
    const a = await annotate(author, "Critics call it a fantasy", "contested");
    await expectAppError(setVerdict({ user: reviewer, annotationId: a.id, verdict: "dispute", proposedClass: "contested" }), "UNPROCESSABLE", /already classified as contested/);
    expect((await findAnnotation({ id: a.id })).verdicts).toEqual([]);

    const disputed = await setVerdict({ user: reviewer, annotationId: a.id, verdict: "dispute", proposedClass: "opinion" });
    await setVerdict({ user: other, annotationId: a.id, verdict: "dispute", proposedClass: "sourced" });
    expect(disputed.disputes).toBe(1);
    expect(disputed.verdicts[0]).toMatchObject({ status: "open", resolvedAt: null, resolution: null });
    expect((await summarizeDocument(doc.id)).openDisputes).toBe(2);

    const since = await findLatestEventId(doc.id);
    const stamp = (await db.document.findUniqueOrThrow({ where: { id: doc.id } })).lastActivityAt;
    const adopted = await updateAnnotation({ user: author, id: a.id, input: { classification: "opinion" } });
    // Victor's dispute is resolved (kept, not counted); Olga's, proposing another class, stays open.
    expect(adopted.disputes).toBe(1);
    expect(statuses(adopted)).toEqual([
      ["Victor Reviewer", "dispute", "opinion", "resolved", "adopted"],
      ["Olga Other", "dispute", "sourced", "open", null],
    ]);
    expect(adopted.verdicts[0].resolvedAt).not.toBeNull();
    // …in the live stream's event too, and the document's activity moved (summary caches refresh)
    const {
      events: [event],
    } = await findEventsSince(doc.id, since);
    expect(event.type).toBe("annotation.updated");
    expect(statuses((event.payload as { annotation: AnnotationDTO }).annotation)).toEqual(statuses(adopted));
    expect((await db.document.findUniqueOrThrow({ where: { id: doc.id } })).lastActivityAt.getTime()).toBeGreaterThanOrEqual(stamp.getTime());
    const summary = await summarizeDocument(doc.id);
    expect(summary.openDisputes).toBe(1);
    expect(summary.disputed).toEqual([{ annotationId: a.id, disputes: 1, replies: 0 }]);

    // A resolved dispute given again is a new judgement: refused for the current class, open for another.
    await expectAppError(setVerdict({ user: reviewer, annotationId: a.id, verdict: "dispute", proposedClass: "opinion" }), "UNPROCESSABLE");
    const again = await setVerdict({ user: reviewer, annotationId: a.id, verdict: "dispute", proposedClass: "contested" });
    expect(statuses(again)[0]).toEqual(["Victor Reviewer", "dispute", "contested", "open", null]);
    // The same open dispute twice changes nothing (no event, it keeps its place in the queue).
    const before = await findLatestEventId(doc.id);
    await setVerdict({ user: reviewer, annotationId: a.id, verdict: "dispute", proposedClass: "contested" });
    expect(await findLatestEventId(doc.id)).toBe(before);
    // Agreeing is never refused for the class, and is never "resolved".
    const agreed = await setVerdict({ user: other, annotationId: a.id, verdict: "agree" });
    expect(agreed.verdicts.find((v) => v.reviewer.id === other.id)).toMatchObject({ verdict: "agree", status: "open" });
  });
});

describe("rulings", () => {
  it("lets editors and admins rule on others' annotations only, with a rationale", async () => {
    const { author, reviewer, editor, admin, viewer, annotate } = await setup();
    const a = await annotate(author, "the strike began on Monday", "sourced");
    const own = await annotate(editor, "It was the best decade", "opinion");
    const adminsOwn = await annotate(admin, "Critics call it", "contested");
    const input = { classification: "contested" as const, rationale: rationale("No record of Monday.") };
    await expectAppError(setRuling({ user: reviewer, annotationId: a.id, ...input }), "FORBIDDEN", /editors and admins/);
    await expectAppError(setRuling({ user: viewer, annotationId: a.id, ...input }), "FORBIDDEN");
    await expectAppError(setRuling({ user: editor, annotationId: own.id, ...input }), "FORBIDDEN", /your own annotation/);
    await expectAppError(setRuling({ user: admin, annotationId: adminsOwn.id, ...input }), "FORBIDDEN", /your own annotation/);
    await expectAppError(setRuling({ user: editor, annotationId: "no-such-annotation", ...input }), "NOT_FOUND");
    await expectAppError(setRuling({ user: editor, annotationId: a.id, classification: "contested", rationale: "   " }), "UNPROCESSABLE", /needs a rationale/);
    await expectAppError(setRuling({ user: editor, annotationId: a.id, classification: "contested", rationale: { type: "doc", content: [{ type: "script" }] } }), "UNPROCESSABLE");
    await expectAppError(withdrawRuling({ user: reviewer, annotationId: a.id }), "FORBIDDEN");
    expect(await db.ruling.count({ where: { annotationId: { in: [a.id, own.id, adminsOwn.id] } } })).toBe(0);

    const ruled = await setRuling({ user: editor, annotationId: a.id, ...input });
    expect(ruled.ruling).toMatchObject({ classification: "contested", rationaleText: "No record of Monday.", by: { id: editor.id, name: "Edith Editor" } });
    expect(ruled.ruling!.rationale).toEqual(rationale("No record of Monday."));
    expect(ruled.ruling!.at).toBe(ruled.ruling!.createdAt);
    // Admins rule too, and plain text is a rationale as well; `by` follows whoever set it last.
    const byAdmin = await setRuling({ user: admin, annotationId: own.id, classification: "opinion", rationale: "A value judgement." });
    expect(byAdmin.ruling).toMatchObject({ classification: "opinion", rationaleText: "A value judgement.", by: { id: admin.id } });
    // Everyone reads it, viewers included (reads are open to every role).
    expect((await findAnnotation({ id: a.id })).ruling?.classification).toBe("contested");
  });

  it("resolves open disputes, takes no new dispute, drives the summary, goes to the audit log and the stream; withdrawing reopens", async () => {
    const { doc, author, reviewer, other, editor, annotate } = await setup();
    const a = await annotate(author, "the strike began on Monday", "sourced");
    await setVerdict({ user: reviewer, annotationId: a.id, verdict: "dispute", proposedClass: "contested" });
    await setVerdict({ user: other, annotationId: a.id, verdict: "dispute", proposedClass: "opinion" });
    // 1 of 1 checkable claims sourced before the ruling
    expect((await summarizeDocument(doc.id)).claims).toEqual({ sourced: 1, contested: 0, opinion: 0 });

    const since = await findLatestEventId(doc.id);
    const ruled = await setRuling({ user: editor, annotationId: a.id, classification: "opinion", rationale: rationale("A prediction.") });
    expect(ruled.disputes).toBe(0);
    expect(statuses(ruled)).toEqual([
      ["Victor Reviewer", "dispute", "contested", "resolved", "ruled"],
      ["Olga Other", "dispute", "opinion", "resolved", "ruled"],
    ]);
    const { events } = await findEventsSince(doc.id, since);
    expect(events.map((e) => e.type)).toEqual(["annotation.updated"]);
    expect((events[0].payload as { annotation: AnnotationDTO }).annotation.ruling).toMatchObject({ classification: "opinion", by: { id: editor.id } });
    // The ruled claim takes the ruling's class; the annotation keeps its author's.
    let summary = await summarizeDocument(doc.id);
    expect(summary).toMatchObject({ claims: { sourced: 0, contested: 0, opinion: 1 }, counts: { sourced: 1, contested: 0, opinion: 0 }, openDisputes: 0, rulings: 1, reliability: null });
    const audit = await db.auditEvent.findMany({ where: { targetId: a.id }, orderBy: { id: "asc" } });
    expect(audit.map((e) => [e.type, e.actorId, JSON.parse(e.detail!)])).toEqual([
      ["ruling_recorded", editor.id, { annotationId: a.id, documentId: doc.id, classification: "opinion", disputesResolved: 2 }],
    ]);

    // No new dispute on a ruled annotation (agreeing is fine).
    await expectAppError(setVerdict({ user: reviewer, annotationId: a.id, verdict: "dispute", proposedClass: "contested" }), "UNPROCESSABLE", /ruled on this annotation/);
    await setVerdict({ user: other, annotationId: a.id, verdict: "agree" });
    await removeVerdict({ user: other, annotationId: a.id });
    await setVerdict({ user: other, annotationId: a.id, verdict: "agree" });

    // The same ruling again changes nothing; a changed one is audited as a change.
    const quiet = await findLatestEventId(doc.id);
    await setRuling({ user: editor, annotationId: a.id, classification: "opinion", rationale: rationale("A prediction.") });
    expect(await findLatestEventId(doc.id)).toBe(quiet);
    const changed = await setRuling({ user: editor, annotationId: a.id, classification: "contested", rationale: rationale("Unsupported after all.") });
    expect(changed.ruling).toMatchObject({ classification: "contested", createdAt: ruled.ruling!.createdAt });
    expect(Date.parse(changed.ruling!.at)).toBeGreaterThanOrEqual(Date.parse(ruled.ruling!.at));
    summary = await summarizeDocument(doc.id);
    expect(summary.claims).toEqual({ sourced: 0, contested: 1, opinion: 0 });

    // Meanwhile the author adopts Victor's class; withdrawing then reopens only Olga's dispute.
    await updateAnnotation({ user: author, id: a.id, input: { classification: "contested" } });
    const withdrawn = await withdrawRuling({ user: editor, annotationId: a.id });
    expect(withdrawn.ruling).toBeNull();
    expect(statuses(withdrawn)).toEqual([
      ["Victor Reviewer", "dispute", "contested", "resolved", "adopted"],
      ["Olga Other", "agree", null, "open", null],
    ]);
    // (Olga had turned her dispute into an agreement, so nothing is reopened for her either.)
    expect((await summarizeDocument(doc.id)).rulings).toBe(0);
    const types = (await db.auditEvent.findMany({ where: { targetId: a.id }, orderBy: { id: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["ruling_recorded", "ruling_changed", "ruling_withdrawn"]);
    // Nothing left to withdraw: the annotation unchanged, no event, no audit.
    const still = await findLatestEventId(doc.id);
    expect((await withdrawRuling({ user: editor, annotationId: a.id })).ruling).toBeNull();
    expect(await findLatestEventId(doc.id)).toBe(still);
  });

  it("a dispute and a ruling sent at the same moment never leave an open dispute on a ruled annotation", async () => {
    const { author, reviewer, other, editor, annotate } = await setup();
    for (let round = 0; round < 8; round++) {
      const a = await annotate(author, "the strike began on Monday", "sourced");
      const settled = await Promise.allSettled([
        setVerdict({ user: reviewer, annotationId: a.id, verdict: "dispute", proposedClass: "contested" }),
        setRuling({ user: editor, annotationId: a.id, classification: "opinion", rationale: rationale("A prediction.") }),
        setVerdict({ user: other, annotationId: a.id, verdict: "dispute", proposedClass: "opinion" }),
      ]);
      // A dispute that came second is refused with a clear message; nothing else fails.
      for (const r of settled) if (r.status === "rejected") expect((r.reason as AppError).message).toMatch(/An editor has ruled/);
      const now = (await findAnnotation({ id: a.id })) as AnnotationDTO;
      expect(now.ruling?.classification).toBe("opinion");
      expect(now.disputes).toBe(0);
      expect(now.verdicts.every((v) => v.status === "resolved")).toBe(true);
      await deleteAnnotation({ user: author, id: a.id });
    }
  });

  it("refuses a ruling that replaces one the editor did not see (409), and takes it once they have", async () => {
    const { author, editor, admin, annotate } = await setup();
    const a = await annotate(author, "the strike began on Monday", "sourced");
    // Two editors open the form on an unruled annotation; the admin saves first.
    const first = await setRuling({ user: admin, annotationId: a.id, classification: "opinion", rationale: "First.", replaces: null });
    const conflict = await setRuling({ user: editor, annotationId: a.id, classification: "contested", rationale: "Second.", replaces: null }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(AppError);
    expect((conflict as AppError).code).toBe("CONFLICT");
    expect((conflict as AppError).message).toMatch(/ruled on this annotation while you were writing/);
    expect((conflict as AppError).details).toEqual({ current: { at: first.ruling!.at, classification: "opinion", editorId: admin.id } });
    expect((await findAnnotation({ id: a.id })).ruling).toMatchObject({ classification: "opinion", rationaleText: "First." });
    // Having read it, the editor replaces it knowingly; without `replaces` there is no check (API clients).
    const second = await setRuling({ user: editor, annotationId: a.id, classification: "contested", rationale: "Second.", replaces: first.ruling!.at });
    expect(second.ruling).toMatchObject({ classification: "contested", by: { id: editor.id } });
    expect((await setRuling({ user: admin, annotationId: a.id, classification: "sourced", rationale: "Third." })).ruling?.classification).toBe("sourced");
    // The same ruling sent twice (a double click) is not a conflict.
    const again = await setRuling({ user: admin, annotationId: a.id, classification: "sourced", rationale: "Third.", replaces: second.ruling!.at });
    expect(again.ruling?.rationaleText).toBe("Third.");
  });

  it("refuses to withdraw a ruling changed since the editor read it (409), and withdraws the one they read", async () => {
    const { author, editor, admin, annotate } = await setup();
    const a = await annotate(author, "the strike began on Monday", "sourced");
    const seen = await setRuling({ user: editor, annotationId: a.id, classification: "opinion", rationale: "First." });
    // The admin changes it while the editor's confirmation is open.
    const changed = await setRuling({ user: admin, annotationId: a.id, classification: "contested", rationale: "Changed." });
    const conflict = await withdrawRuling({ user: editor, annotationId: a.id, replaces: seen.ruling!.at }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(AppError);
    expect((conflict as AppError).code).toBe("CONFLICT");
    expect((conflict as AppError).message).toMatch(/changed the ruling on this annotation \(contested\) after you read it/);
    expect((conflict as AppError).details).toEqual({ current: { at: changed.ruling!.at, classification: "contested", editorId: admin.id } });
    expect((await findAnnotation({ id: a.id })).ruling).toMatchObject({ classification: "contested", rationaleText: "Changed." });
    // Withdrawing the ruling now there, as read, works; again (nothing left to withdraw) changes nothing.
    expect((await withdrawRuling({ user: editor, annotationId: a.id, replaces: changed.ruling!.at })).ruling).toBeNull();
    expect((await withdrawRuling({ user: editor, annotationId: a.id, replaces: changed.ruling!.at })).ruling).toBeNull();
  });

  it("withdrawing a ruling reopens the disputes it resolved", async () => {
    const { author, reviewer, editor, annotate } = await setup();
    const a = await annotate(author, "Critics call it a fantasy", "contested");
    await setVerdict({ user: reviewer, annotationId: a.id, verdict: "dispute", proposedClass: "opinion" });
    await setRuling({ user: editor, annotationId: a.id, classification: "contested", rationale: "The critics are named." });
    const withdrawn = await withdrawRuling({ user: editor, annotationId: a.id });
    expect(statuses(withdrawn)).toEqual([["Victor Reviewer", "dispute", "opinion", "open", null]]);
    expect(withdrawn.disputes).toBe(1);
  });
});

describe("the open disputes queue", () => {
  it("lists annotations with open disputes and no ruling, across documents, the longest-waiting first, for editors and admins", async () => {
    const first = await setup();
    const second = await setup();
    const a = await first.annotate(first.author, "Critics call it a fantasy", "contested");
    const b = await second.annotate(second.author, "the strike began on Monday", "sourced");
    const ruled = await first.annotate(first.author, "It was the best decade", "opinion");
    const adopted = await second.annotate(second.author, "It was the best decade", "sourced");
    const gone = await second.annotate(second.author, "Critics call it", "opinion");
    const dispute = (user: CurrentUser, annotationId: string, proposedClass: Classification) => setVerdict({ user, annotationId, verdict: "dispute", proposedClass });
    await dispute(first.reviewer, b.id, "contested"); // b waits longest
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later millisecond for the rest
    await dispute(first.reviewer, a.id, "opinion");
    await dispute(second.reviewer, a.id, "sourced");
    await dispute(first.reviewer, ruled.id, "contested");
    await dispute(first.reviewer, adopted.id, "opinion");
    await dispute(first.reviewer, gone.id, "sourced");
    await setRuling({ user: first.editor, annotationId: ruled.id, classification: "opinion", rationale: "Evaluative." });
    await updateAnnotation({ user: second.author, id: adopted.id, input: { classification: "opinion" } });
    await deleteAnnotation({ user: second.author, id: gone.id });

    await expectAppError(listOpenDisputes({ user: first.reviewer }), "FORBIDDEN");
    await expectAppError(listOpenDisputes({ user: first.viewer }), "FORBIDDEN");
    for (const user of [first.editor, first.admin]) {
      const page = await listOpenDisputes({ user });
      expect(page).toMatchObject({ total: page.items.length, page: 1, pageSize: 50 });
      // (the earlier tests of this file left open disputes of their own in the queue)
      const ours = page.items.filter((i) => i.document.id === first.doc.id || i.document.id === second.doc.id);
      expect(ours.map((i) => [i.annotation.id, i.annotation.disputes, i.document.id, i.permalink])).toEqual([
        [b.id, 1, second.doc.id, `/documents/${second.doc.id}?a=${b.id}`],
        [a.id, 2, first.doc.id, `/documents/${first.doc.id}?a=${a.id}`],
      ]);
      expect(ours[1].document.title).toBe(first.doc.title);
      const waits = page.items.map((i) => Date.parse(i.waitingSince));
      expect(waits).toEqual([...waits].sort((x, y) => x - y));
    }
    expect((await listOpenDisputes({ user: first.editor, page: 2 })).items).toEqual([]);
  });

  it("starts from the open disputes, never from every annotation of the corpus", async () => {
    if (engine === "sqlite") {
      const compiled = openDisputesPage(50, 0).compile();
      const plan = await db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${compiled.sql}`, ...compiled.parameters);
      expect(plan[0].detail).toBe("SCAN v USING INDEX Verdict_open_dispute_idx");
      expect(plan.map((p) => p.detail)).toContain("SEARCH a USING INDEX sqlite_autoindex_Annotation_1 (id=?)");
    }
    // Both engines: the open disputes' own index, partial, on the annotation.
    const indexes =
      engine === "sqlite"
        ? await db.$queryRawUnsafe<Array<{ sql: string }>>(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Verdict' AND sql IS NOT NULL`)
        : await db.$queryRawUnsafe<Array<{ sql: string }>>(`SELECT indexdef AS sql FROM pg_indexes WHERE tablename = 'Verdict'`);
    const open = indexes.map((i) => i.sql).filter((sql) => sql.includes("Verdict_open_dispute_idx"));
    expect(open).toHaveLength(1);
    expect(open[0]).toMatch(/\("?annotationId"?\) WHERE \(*"?verdict"? = 'dispute'(::text)?\)* AND \(*"?resolvedAt"? IS NULL\)*/);
    expect(indexes.some((i) => i.sql.includes("Verdict_verdict_resolvedAt_idx"))).toBe(false);
  });
});
