import "server-only";
// The event log store: every change to a document's annotations, replies and verdicts, in order, so a
// live stream can resume from its last event id (after a dropped connection or a server restart).
//
// A stored event is a REFERENCE: its type and the id of what changed ({ id } for an annotation,
// { id, annotationId } for a reply), never the content. A replay reads the current state of what each
// event names (lib/events/service.ts), so deleted notes, evidence and replies never leave the server
// this way; only an admin's restore view shows them.
import { db, type Tx } from "@/lib/store/engine";
import { storedTime } from "@/lib/store/time";
import { touchDocument } from "@/lib/documents/store";
import type { DocumentEventType, EventRef, LiveEvent, StoredEvent } from "./types";

/**
 * The reference in an event payload: the ids of `{ annotation }`, `{ reply }` or `{ id, annotationId }`,
 * never anything else. Also reads rows stored before events became references (full records).
 */
export function refOf(payload: unknown): EventRef | null {
  const v = (payload ?? {}) as { id?: unknown; annotationId?: unknown; version?: unknown; annotation?: { id?: unknown }; reply?: { id?: unknown; annotationId?: unknown } };
  const id = typeof v.id === "string" ? v.id : typeof v.annotation?.id === "string" ? v.annotation.id : typeof v.reply?.id === "string" ? v.reply.id : null;
  if (!id) return null;
  const annotationId = typeof v.annotationId === "string" ? v.annotationId : typeof v.reply?.annotationId === "string" ? v.reply.annotationId : undefined;
  if (annotationId) return { id, annotationId };
  return typeof v.version === "number" ? { id, version: v.version } : { id };
}

/** A `document.version` payload's reference: the document and the new version's number. */
function documentVersionRef(documentId: string, payload: unknown): EventRef | null {
  const version = (payload as { document?: { version?: unknown } } | null)?.document?.version;
  return typeof version === "number" ? { id: documentId, version } : null;
}

function parseRef(text: string): EventRef | null {
  try {
    return refOf(JSON.parse(text));
  } catch {
    return null;
  }
}

/**
 * Append an event inside the caller's write transaction (and mark the document active). Only the
 * reference in `payload` is stored; the returned event carries `payload` as the write produced it (the
 * current state at its commit), for publishing to the open streams once the write has committed.
 */
export async function appendEvent(tx: Tx, documentId: string, type: DocumentEventType, payload: unknown, at = storedTime()): Promise<LiveEvent> {
  const ref = type === "document.version" ? documentVersionRef(documentId, payload) : refOf(payload);
  if (!ref) throw new Error(`An event payload names no annotation or reply (${type}).`);
  const row = await tx
    .insertInto("DocumentEvent")
    .values({ documentId, type, payload: JSON.stringify(ref), createdAt: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  await touchDocument(tx, documentId, at);
  return { id: Number(row.id), documentId, type, payload };
}

/** Up to `limit` stored events of a document after `afterId`, oldest first; `lastId` is the last id read. */
export async function storedEventsSince(
  documentId: string,
  afterId: number,
  limit: number,
): Promise<{ events: StoredEvent[]; lastId: number; more: boolean }> {
  const rows = await db
    .selectFrom("DocumentEvent")
    .select(["id", "type", "payload"])
    .where("documentId", "=", documentId)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
  const events: StoredEvent[] = [];
  for (const r of rows) {
    const ref = parseRef(r.payload);
    if (ref) events.push({ id: Number(r.id), documentId, type: r.type as DocumentEventType, ref });
  }
  return { events, lastId: rows.length ? Number(rows[rows.length - 1].id) : afterId, more: rows.length === limit };
}

export async function latestEventId(documentId: string): Promise<number> {
  const row = await db.selectFrom("DocumentEvent").select((eb) => eb.fn.max("id").as("id")).where("documentId", "=", documentId).executeTakeFirst();
  return Number(row?.id ?? 0);
}
