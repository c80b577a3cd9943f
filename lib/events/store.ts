import "server-only";
// The event log store: every change to a document's annotations, replies and verdicts, in order, so a
// live stream can resume from its last event id (after a dropped connection or a server restart).
import { db, type Tx } from "@/lib/store/engine";
import { storedTime } from "@/lib/store/time";
import { touchDocument } from "@/lib/documents/store";
import type { DocumentEventType, LiveEvent } from "./types";

/** Append an event inside the caller's write transaction (and mark the document active). */
export async function appendEvent(tx: Tx, documentId: string, type: DocumentEventType, payload: unknown, at = storedTime()): Promise<LiveEvent> {
  const row = await tx
    .insertInto("DocumentEvent")
    .values({ documentId, type, payload: JSON.stringify(payload), createdAt: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  await touchDocument(tx, documentId, at);
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
