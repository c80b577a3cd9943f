import "server-only";
// Live updates: every change to a document's annotations, replies or verdicts is appended to the
// DocumentEvent table (so a stream can resume after a restart with Last-Event-ID) and pushed to the
// streams open in this process. A multi-server deployment would fan out with PostgreSQL LISTEN/NOTIFY here.
//
// A stored event is a REFERENCE: its type and the id of what changed ({ id } for an annotation,
// { id, annotationId } for a reply), never the content. What a stream delivers is read from the current
// state when it is delivered: a live annotation or reply goes out as it is now; a deleted one (or one
// on a deleted document) goes out as a deletion, with nothing of its content. So a replay from event 0
// shows every stream the present, and deleted notes, evidence and replies never leave the server this
// way (an admin's restore view is the only place they are shown).
import { EventEmitter } from "node:events";
import { db } from "@/lib/db";
import { sqlNow, stmt } from "@/lib/sql";
import { readAnnotation, readReply } from "@/lib/annotations/store";

export type DocumentEventType =
  | "annotation.created"
  | "annotation.updated"
  | "annotation.deleted"
  | "annotation.restored"
  | "reply.created"
  | "reply.updated"
  | "reply.deleted"
  | "presence";

/** What a stored event names: an annotation ({ id }) or a reply ({ id, annotationId }). */
export interface EventRef {
  id: string;
  annotationId?: string;
}

/** A stored event as appended (a reference; see resolve for what streams receive). */
export interface StoredEvent {
  id: number;
  documentId: string;
  type: DocumentEventType;
  ref: EventRef;
}

/** An event as delivered to a stream: the current state of what it names. */
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

const refPayload = (ref: EventRef) => JSON.stringify(ref.annotationId ? { id: ref.id, annotationId: ref.annotationId } : { id: ref.id });

/** Append an event inside the caller's transaction; call `publish` with the result after it commits. */
export async function appendEvent(tx: Tx, documentId: string, type: DocumentEventType, ref: EventRef): Promise<StoredEvent> {
  const row = await tx.documentEvent.create({ data: { documentId, type, payload: refPayload(ref) } });
  await tx.document.update({ where: { id: documentId }, data: { lastActivityAt: row.createdAt } });
  return { id: row.id, documentId, type, ref };
}

/** appendEvent for plain-SQL transactions (lib/sql.ts writeTransaction). */
export function appendEventSql(documentId: string, type: DocumentEventType, ref: EventRef, now = sqlNow()): StoredEvent {
  const { lastInsertRowid } = stmt("INSERT INTO DocumentEvent (documentId, type, payload, createdAt) VALUES (?, ?, ?, ?)").run(
    documentId,
    type,
    refPayload(ref),
    now,
  );
  stmt("UPDATE Document SET lastActivityAt = ? WHERE id = ?").run(now, documentId);
  return { id: Number(lastInsertRowid), documentId, type, ref };
}

const isReplyEvent = (type: DocumentEventType) => type.startsWith("reply.");

/** The current state of what an event names, as the stream delivers it. */
export function resolve(event: StoredEvent): LiveEvent {
  const { id, documentId, type, ref } = event;
  if (isReplyEvent(type)) {
    const reply = readReply(ref.id);
    if (reply) {
      return { id, documentId, type: type === "reply.deleted" ? "reply.updated" : type, payload: { reply } };
    }
    return { id, documentId, type: "reply.deleted", payload: { id: ref.id, annotationId: ref.annotationId ?? null } };
  }
  const annotation = readAnnotation(ref.id);
  if (annotation) {
    return { id, documentId, type: type === "annotation.deleted" ? "annotation.restored" : type, payload: { annotation } };
  }
  return { id, documentId, type: "annotation.deleted", payload: { id: ref.id, documentId } };
}

/** Push a committed event to this process's streams, resolved once for all of them. */
export function publish(event: StoredEvent): void {
  emitter.emit(`doc:${event.documentId}`, resolve(event));
}

/** Ephemeral events (presence) are not stored. */
export function publishEphemeral(documentId: string, type: DocumentEventType, payload: unknown): void {
  emitter.emit(`doc:${documentId}`, { id: 0, documentId, type, payload } satisfies LiveEvent);
}

export function subscribe(documentId: string, listener: (event: LiveEvent) => void): () => void {
  emitter.on(`doc:${documentId}`, listener);
  return () => emitter.off(`doc:${documentId}`, listener);
}

/**
 * The reference in a stored payload. Rows written before events became references held the full
 * record ({ annotation }, { reply }) or { id, ... }; only the ids are taken from them, never content.
 */
export function refOf(payload: string): EventRef | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  const v = (value ?? {}) as { id?: unknown; annotationId?: unknown; annotation?: { id?: unknown }; reply?: { id?: unknown; annotationId?: unknown } };
  const id = typeof v.id === "string" ? v.id : typeof v.annotation?.id === "string" ? v.annotation.id : typeof v.reply?.id === "string" ? v.reply.id : null;
  if (!id) return null;
  const annotationId = typeof v.annotationId === "string" ? v.annotationId : typeof v.reply?.annotationId === "string" ? v.reply.annotationId : undefined;
  return annotationId ? { id, annotationId } : { id };
}

/**
 * One page of events after `afterId`, resolved to the current state. Several events about one
 * annotation or reply would all carry the same current state, so only the last of them is kept (ids
 * still increase). `lastId` is the last event id read; `more` says another page follows.
 */
export async function eventsSince(
  documentId: string,
  afterId: number,
  limit = 5000,
): Promise<{ events: LiveEvent[]; lastId: number; more: boolean }> {
  const rows = stmt("SELECT id, type, payload FROM DocumentEvent WHERE documentId = ? AND id > ? ORDER BY id LIMIT ?").all(
    documentId,
    afterId,
    limit,
  ) as Array<{ id: number; type: string; payload: string }>;
  const stored: StoredEvent[] = [];
  for (const r of rows) {
    const ref = refOf(r.payload);
    if (ref) stored.push({ id: r.id, documentId, type: r.type as DocumentEventType, ref });
  }
  const subject = (e: StoredEvent) => `${isReplyEvent(e.type) ? "reply" : "annotation"}:${e.ref.id}`;
  const last = new Map(stored.map((e) => [subject(e), e.id]));
  const events = stored.filter((e) => last.get(subject(e)) === e.id).map(resolve);
  return { events, lastId: rows.at(-1)?.id ?? afterId, more: rows.length === limit };
}

export async function latestEventId(documentId: string): Promise<number> {
  const row = stmt("SELECT max(id) AS id FROM DocumentEvent WHERE documentId = ?").get(documentId) as { id: number | null };
  return row.id ?? 0;
}
