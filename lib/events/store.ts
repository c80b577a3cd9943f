import "server-only";
// The event log store: every change to a document's annotations, replies and verdicts, in order, so a
// live stream can resume from its last event id (after a dropped connection or a server restart).
import { db, type Tx } from "@/lib/store/engine";
import { storedTime } from "@/lib/store/time";
import { touchDocument } from "@/lib/documents/store";
import type { DocumentEventType, LiveEvent } from "./types";

/**
 * Append an event inside the caller's write transaction (and mark the document active). The document is
 * marked first: on PostgreSQL its row lock then orders concurrent writers of one document, so their
 * event ids are taken, and become visible, in commit order, and a stream that has delivered event n
 * never sees an event below n commit later (SQLite commits one writer at a time anyway).
 */
export async function appendEvent(tx: Tx, documentId: string, type: DocumentEventType, payload: unknown, at = storedTime()): Promise<LiveEvent> {
  await touchDocument(tx, documentId, at);
  const row = await tx
    .insertInto("DocumentEvent")
    .values({ documentId, type, payload: JSON.stringify(payload), createdAt: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), documentId, type, payload };
}

/** Stored events of a document after `afterId`, oldest first. */
export async function eventsSince(documentId: string, afterId: number, limit = 5000): Promise<LiveEvent[]> {
  const rows = await db
    .selectFrom("DocumentEvent")
    .select(["id", "type", "payload"])
    .where("documentId", "=", documentId)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), documentId, type: r.type as DocumentEventType, payload: JSON.parse(r.payload) }));
}

export async function latestEventId(documentId: string): Promise<number> {
  const row = await db.selectFrom("DocumentEvent").select((eb) => eb.fn.max("id").as("id")).where("documentId", "=", documentId).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** The newest event id of all documents (0 when none). */
export async function maxEventId(): Promise<number> {
  const row = await db.selectFrom("DocumentEvent").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * The documents with events after `afterId`, and the newest id read. SQLite only: its writers commit one
 * at a time, so ids become visible in order and a cursor over all documents misses nothing.
 */
export async function documentsWithEventsAfter(afterId: number): Promise<{ documentIds: string[]; lastId: number }> {
  const rows = await db
    .selectFrom("DocumentEvent")
    .select((eb) => ["documentId", eb.fn.max("id").as("id")])
    .where("id", ">", afterId)
    .groupBy("documentId")
    .execute();
  return { documentIds: rows.map((r) => r.documentId), lastId: rows.reduce((m, r) => Math.max(m, Number(r.id)), afterId) };
}

// ---------------------------------------------------------------------------------------------
// Presence: one row per open stream (lib/events/presence.ts).

export async function insertPresence(row: { id: string; documentId: string; userId: string; userName: string; expiresAt: Date }): Promise<void> {
  await db.insertInto("Presence").values({ ...row, expiresAt: storedTime(row.expiresAt) }).execute();
}

export async function deletePresence(id: string): Promise<void> {
  await db.deleteFrom("Presence").where("id", "=", id).execute();
}

/** Keep these streams' rows alive until `expiresAt`; drop rows that expired before `now` (anyone's). */
export async function refreshPresence(ids: string[], expiresAt: Date, now: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db.updateTable("Presence").set({ expiresAt: storedTime(expiresAt) }).where("id", "in", ids.slice(i, i + 500)).execute();
  }
  await db.deleteFrom("Presence").where("expiresAt", "<", storedTime(now)).execute();
}

/** Who has each of these documents open (rows not expired at `now`), one entry per stream. */
export async function findPresence(documentIds: string[], now: Date): Promise<Array<{ documentId: string; userId: string; userName: string }>> {
  if (documentIds.length === 0) return [];
  return db
    .selectFrom("Presence")
    .select(["documentId", "userId", "userName"])
    .where("documentId", "in", documentIds)
    .where("expiresAt", ">", storedTime(now))
    .execute();
}
