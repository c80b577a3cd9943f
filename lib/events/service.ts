import "server-only";
// Reading a document's live events: what a stream replays when it resumes, and where a page starts.
// Stored events are references (lib/events/store.ts); a replay delivers the CURRENT state of what they
// name: a live annotation or reply as it is now, a deleted one (or one of a deleted document) as a
// deletion with nothing of its content. Several events about one annotation or reply would all carry
// the same current state, so only the last of them is delivered (ids still increase).
import { notFound } from "@/lib/errors";
import { findDocumentRecord, isDocumentLive } from "@/lib/documents/store";
import { documentDetails } from "@/lib/documents/details";
import { findAnnotationRecords, findLiveReplies } from "@/lib/annotations/store";
import { toReplyDTO } from "@/lib/annotations/record";
import { toDTOs } from "@/lib/annotations/dto";
import { findPeople } from "@/lib/users/store";
import { latestEventId, storedEventsSince } from "./store";
import type { DocumentEventType, LiveEvent, StoredEvent } from "./types";

export async function assertDocumentLive(documentId: string): Promise<void> {
  if (!(await isDocumentLive(documentId))) throw notFound("Document");
}

const isReplyEvent = (type: DocumentEventType) => type.startsWith("reply.");
const isDocumentEvent = (type: DocumentEventType) => type === "document.version" || type === "document.deleted" || type === "document.details";
const subject = (e: StoredEvent) => `${isDocumentEvent(e.type) ? e.type : isReplyEvent(e.type) ? "reply" : "annotation"}:${e.ref.id}`;

/** Stored events as delivered now: each resolved to the current state of what it names. */
async function resolve(stored: StoredEvent[]): Promise<LiveEvent[]> {
  const annotationIds = stored.filter((e) => !isReplyEvent(e.type) && !isDocumentEvent(e.type)).map((e) => e.ref.id);
  const replyIds = stored.filter((e) => isReplyEvent(e.type)).map((e) => e.ref.id);
  const annotations = new Map((await toDTOs(await findAnnotationRecords(annotationIds))).map((a) => [a.id, a]));
  const replyRecords = await findLiveReplies(replyIds);
  const people = await findPeople(replyRecords.map((r) => r.authorId));
  const replies = new Map(replyRecords.map((r) => [r.id, toReplyDTO(r, (id) => people.get(id))]));
  // A deletion is news only while the document is still deleted (an admin may have restored it since).
  const deletion = stored.find((e) => e.type === "document.deleted");
  const stillDeleted = deletion ? !(await isDocumentLive(deletion.documentId)) : false;
  // Changed details: the current ones (the newest such event is the only one delivered).
  const detailsEvent = stored.find((e) => e.type === "document.details");
  const current = detailsEvent ? await findDocumentRecord(detailsEvent.documentId) : null;
  return stored.filter((e) => (e.type !== "document.deleted" || stillDeleted) && (e.type !== "document.details" || current)).map(resolveOne);

  function resolveOne({ id, documentId, type, ref }: StoredEvent): LiveEvent {
    if (type === "document.deleted") return { id, documentId, type, payload: { document: { deleted: true } } };
    if (type === "document.details") return { id, documentId, type, payload: { document: documentDetails(current!) } };
    // A new version: the page reloads the text and annotations (the newest version event is enough).
    if (isDocumentEvent(type)) return { id, documentId, type, payload: { document: { version: ref.version ?? null } } };
    if (isReplyEvent(type)) {
      const reply = replies.get(ref.id);
      if (reply) return { id, documentId, type: type === "reply.deleted" ? "reply.updated" : type, payload: { reply } };
      return { id, documentId, type: "reply.deleted", payload: { id: ref.id, annotationId: ref.annotationId ?? null } };
    }
    const annotation = annotations.get(ref.id);
    if (annotation) return { id, documentId, type: type === "annotation.deleted" ? "annotation.restored" : type, payload: { annotation } };
    return { id, documentId, type: "annotation.deleted", payload: { id: ref.id, documentId } };
  }
}

/**
 * One page of events after `afterId`, resolved to the current state (see above). `lastId` is the last
 * event id read; `more` says another page follows.
 */
export async function findEventsSince(documentId: string, afterId: number, limit = 5000): Promise<{ events: LiveEvent[]; lastId: number; more: boolean }> {
  const page = await storedEventsSince(documentId, afterId, limit);
  const last = new Map(page.events.map((e) => [subject(e), e.id]));
  const events = await resolve(page.events.filter((e) => last.get(subject(e)) === e.id));
  return { events, lastId: page.lastId, more: page.more };
}

/** The id of the newest stored event of a document (0 when none): a page loaded now resumes from it. */
export function findLatestEventId(documentId: string): Promise<number> {
  return latestEventId(documentId);
}
