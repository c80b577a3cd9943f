import "server-only";
// Reading a document's live events: what a stream replays when it resumes, and where a page starts.
import { notFound } from "@/lib/errors";
import { isDocumentLive } from "@/lib/documents/store";
import { eventsSince, latestEventId } from "./store";
import type { LiveEvent } from "./types";

export async function assertDocumentLive(documentId: string): Promise<void> {
  if (!(await isDocumentLive(documentId))) throw notFound("Document");
}

/** Stored events after `afterId`, oldest first (at most `limit`). */
export function findEventsSince(documentId: string, afterId: number, limit?: number): Promise<LiveEvent[]> {
  return eventsSince(documentId, afterId, limit);
}

/**
 * One page of a document's stored events after `afterId`, as streams deliver them: `lastId` is the last
 * event id read, `more` says another page follows.
 */
export async function findEventPage(documentId: string, afterId: number, limit = 1000): Promise<{ events: LiveEvent[]; lastId: number; more: boolean }> {
  const events = await eventsSince(documentId, afterId, limit);
  return { events, lastId: events.at(-1)?.id ?? afterId, more: events.length === limit };
}

/** The id of the newest stored event of a document (0 when none): a page loaded now resumes from it. */
export function findLatestEventId(documentId: string): Promise<number> {
  return latestEventId(documentId);
}
