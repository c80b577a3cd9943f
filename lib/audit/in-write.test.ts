import { describe, expect, it, vi } from "vitest";

// A database of this file's own: the trigger below refuses audit rows, which no other file should meet.
await vi.hoisted(async () => {
  const { isolateDatabase } = await import("@/lib/testing/isolated-db");
  await isolateDatabase("audit-in-write");
});

import { db, engine } from "@/lib/testing/db";
import { makeDocument, makeUser } from "@/lib/testing/factories";
import { createAnnotation, deleteAnnotation, findAnnotation, restoreAnnotation } from "@/lib/annotations/service";
import { createReply, deleteReply, listReplies } from "@/lib/annotations/discussion";
import { setRuling, withdrawRuling } from "@/lib/annotations/rulings";
import { deleteDocument, findDocument, restoreDocument, updateDocumentMetadata } from "@/lib/documents/service";
import { addVersion, listVersions } from "@/lib/documents/versions";
import { findLatestEventId } from "@/lib/events/service";
import { listAuditEvents } from "@/lib/audit-log/service";

/** From now on the database refuses every audit row whose actor is `actorId` (as a full disk or a lost connection might, at that moment). */
async function refuseAuditRowsOf(actorId: string) {
  if (engine === "sqlite") {
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_audit BEFORE INSERT ON "AuditEvent" WHEN NEW."actorId" = '${actorId}' BEGIN SELECT RAISE(ABORT, 'audit refused'); END`);
    return () => db.$executeRawUnsafe(`DROP TRIGGER refuse_audit`);
  }
  await db.$executeRawUnsafe(
    `CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN IF NEW."actorId" = '${actorId}' THEN RAISE EXCEPTION 'audit refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
  );
  await db.$executeRawUnsafe(`CREATE TRIGGER refuse_audit BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION refuse_audit()`);
  return async () => {
    await db.$executeRawUnsafe(`DROP TRIGGER refuse_audit ON "AuditEvent"`);
    await db.$executeRawUnsafe(`DROP FUNCTION refuse_audit()`);
  };
}

const rationale = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "No record of it." }] }] };

describe("moderation and its audit row", () => {
  it("commit together: when the audit row cannot be written, the ruling, deletion, restoration, details or version is not made either, and no event goes out", async () => {
    // They were two writes: the change committed, then its audit row failed, and the change stood unaudited
    // while its author was told it had failed.
    const [rosa, admin, editor] = [await makeUser("reviewer", "Rosa"), await makeUser("admin", "Ada"), await makeUser("editor", "Edith")];
    const text = `The harbour strike began on Monday. The port disputes the count. ${crypto.randomUUID()}`;
    const doc = await makeDocument(text, "Audited together");
    const annotation = await createAnnotation({ user: rosa, documentId: doc.id, input: { start: 0, end: 35, quote: text.slice(0, 35), classification: "sourced", evidence: [] } });
    const reply = await createReply({ user: rosa, annotationId: annotation.id, body: "My source is the union." });
    const ruled = await createAnnotation({ user: rosa, documentId: doc.id, input: { start: 36, end: 64, quote: text.slice(36, 64), classification: "opinion", evidence: [] } });
    await setRuling({ user: admin, annotationId: ruled.id, classification: "contested", rationale });
    const deletedOne = await createAnnotation({ user: rosa, documentId: doc.id, input: { start: 4, end: 11, quote: text.slice(4, 11), classification: "opinion", evidence: [] } });
    await deleteAnnotation({ user: admin, id: deletedOne.id });
    const eventsBefore = await findLatestEventId(doc.id);

    for (const actor of [admin, editor]) {
      const allow = await refuseAuditRowsOf(actor.id);
      try {
        const attempts: Array<[string, () => Promise<unknown>]> = [
          ["a ruling", () => setRuling({ user: actor, annotationId: annotation.id, classification: "contested", rationale })],
          ["a ruling withdrawn", () => withdrawRuling({ user: actor, annotationId: ruled.id })],
          ...(actor.role === "admin"
            ? ([
                ["an annotation deleted", () => deleteAnnotation({ user: actor, id: annotation.id })],
                ["an annotation restored", () => restoreAnnotation({ user: actor, id: deletedOne.id })],
                ["a reply deleted", () => deleteReply({ user: actor, id: reply.id })],
                ["details changed", () => updateDocumentMetadata({ user: actor, id: doc.id, changes: { publisher: "Another publisher" } })],
                ["a version added", () => addVersion({ user: actor, documentId: doc.id, input: { text: `${text} Revised.`, format: "text" }, note: null })],
              ] as Array<[string, () => Promise<unknown>]>)
            : []),
        ];
        for (const [what, attempt] of attempts) await expect(attempt(), what).rejects.toThrow(/audit refused/);
        if (actor.role === "admin") {
          await expect(deleteDocument({ user: actor, id: doc.id }), "a document deleted").rejects.toThrow(/audit refused/);
        }
      } finally {
        await allow();
      }
    }

    // Nothing of it stands.
    expect(await findAnnotation({ id: annotation.id })).toMatchObject({ classification: "sourced", ruling: null });
    expect(await findAnnotation({ id: ruled.id })).toMatchObject({ ruling: { classification: "contested" } });
    await expect(findAnnotation({ id: deletedOne.id })).rejects.toThrow();
    expect((await listReplies({ annotationId: annotation.id })).map((r) => r.id)).toEqual([reply.id]);
    const stored = await findDocument(doc.id);
    expect(stored.publisher).toBeNull();
    expect(stored.version).toBe(1);
    expect((await listVersions({ documentId: doc.id })).versions).toHaveLength(1);
    expect(await findLatestEventId(doc.id)).toBe(eventsBefore);

    // A document deleted (audited), then restored while audit rows are refused: still deleted.
    await deleteDocument({ user: admin, id: doc.id });
    const allow = await refuseAuditRowsOf(admin.id);
    try {
      await expect(restoreDocument({ user: admin, id: doc.id })).rejects.toThrow(/audit refused/);
    } finally {
      await allow();
    }
    await expect(findDocument(doc.id)).rejects.toThrow();
    expect(await db.auditEvent.count({ where: { targetId: doc.id, type: "document_restored" } })).toBe(0);
  });

  it("written in the query builder's write, reads in the admins' log as any other: its time, and a window of time finds it", async () => {
    const [rosa, editor] = [await makeUser("reviewer", "Rosa"), await makeUser("editor", "Edith")];
    const text = `A claim to rule on. ${crypto.randomUUID()}`;
    const doc = await makeDocument(text, "Audited and read");
    const a = await createAnnotation({ user: rosa, documentId: doc.id, input: { start: 0, end: 7, quote: "A claim", classification: "sourced", evidence: [] } });
    const before = Date.now();
    await setRuling({ user: editor, annotationId: a.id, classification: "opinion", rationale });
    const after = Date.now();
    const { events } = await listAuditEvents({ targetId: a.id });
    expect(events.map((e) => [e.type, e.actor?.id])).toEqual([["ruling_recorded", editor.id]]);
    const at = Date.parse(events[0].at);
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(at).toBeLessThanOrEqual(after + 1);
    expect((await listAuditEvents({ targetId: a.id, from: new Date(before - 1000), to: new Date(after + 1000) })).events).toHaveLength(1);
    expect((await listAuditEvents({ targetId: a.id, from: new Date(after + 1000) })).events).toHaveLength(0);
  });
});
