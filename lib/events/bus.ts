import "server-only";
// Live updates: every change to a document's annotations, replies or verdicts is appended to the
// DocumentEvent table (so a stream can resume after a restart with Last-Event-ID) and pushed to the
// streams open in this process. A multi-server deployment would fan out with PostgreSQL LISTEN/NOTIFY here.
import { EventEmitter } from "node:events";
import { db } from "@/lib/db";
import { sqlNow, stmt } from "@/lib/sql";

export type DocumentEventType =
  | "annotation.created"
  | "annotation.updated"
  | "annotation.deleted"
  | "annotation.restored"
  | "reply.created"
  | "reply.updated"
  | "reply.deleted"
  | "verdict.changed"
  | "presence";

export interface LiveEvent {
  id: number;
  documentId: string;
  type: DocumentEventType;
  payload: unknown;
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

const globalForBus = globalThis as unknown as { apparatusBus?: EventEmitter };
const emitter = globalForBus.apparatusBus ?? new EventEmitter();
emitter.setMaxListeners(0);
globalForBus.apparatusBus = emitter;

/** Append an event inside the caller's transaction; call `publish` with the result after it commits. */
export async function appendEvent(tx: Tx, documentId: string, type: DocumentEventType, payload: unknown): Promise<LiveEvent> {
  const row = await tx.documentEvent.create({ data: { documentId, type, payload: JSON.stringify(payload) } });
  await tx.document.update({ where: { id: documentId }, data: { lastActivityAt: row.createdAt } });
  return { id: row.id, documentId, type, payload };
}

/** appendEvent for plain-SQL transactions (lib/sql.ts writeTransaction). */
export function appendEventSql(documentId: string, type: DocumentEventType, payload: unknown, now = sqlNow()): LiveEvent {
  const { lastInsertRowid } = stmt("INSERT INTO DocumentEvent (documentId, type, payload, createdAt) VALUES (?, ?, ?, ?)").run(
    documentId,
    type,
    JSON.stringify(payload),
    now,
  );
  stmt("UPDATE Document SET lastActivityAt = ? WHERE id = ?").run(now, documentId);
  return { id: Number(lastInsertRowid), documentId, type, payload };
}

export function publish(event: LiveEvent): void {
  emitter.emit(`doc:${event.documentId}`, event);
}

/** Ephemeral events (presence) are not stored. */
export function publishEphemeral(documentId: string, type: DocumentEventType, payload: unknown): void {
  emitter.emit(`doc:${documentId}`, { id: 0, documentId, type, payload } satisfies LiveEvent);
}

export function subscribe(documentId: string, listener: (event: LiveEvent) => void): () => void {
  emitter.on(`doc:${documentId}`, listener);
  return () => emitter.off(`doc:${documentId}`, listener);
}

export async function eventsSince(documentId: string, afterId: number, limit = 5000): Promise<LiveEvent[]> {
  const rows = stmt("SELECT id, type, payload FROM DocumentEvent WHERE documentId = ? AND id > ? ORDER BY id LIMIT ?").all(
    documentId,
    afterId,
    limit,
  ) as Array<{ id: number; type: string; payload: string }>;
  return rows.map((r) => ({ id: r.id, documentId, type: r.type as DocumentEventType, payload: JSON.parse(r.payload) }));
}

export async function latestEventId(documentId: string): Promise<number> {
  const row = stmt("SELECT max(id) AS id FROM DocumentEvent WHERE documentId = ?").get(documentId) as { id: number | null };
  return row.id ?? 0;
}
