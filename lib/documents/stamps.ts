import "server-only";
// A document's change stamp: what the caches of figures computed from its annotations (its summary, the
// library's counts) compare with the database to know they still hold. It is the newest event id of the
// document (every annotation, reply, verdict and ruling change appends one, and so does a new version)
// with lastActivityAt (an import marks it without events), the text's version and its length. Every
// process compares with the database, so a change made through another process is seen at the next
// request. Read a stamp before the rows it stands for, never after: rows newer than their stamp only
// cost a recomputation at the next request, rows older than it would be kept as if current.
import { latestEventIds } from "@/lib/events/store";

/** What a stamp is made of besides the newest event id (a DocumentRecord or a DocumentHead has it). */
export interface StampedDocument {
  id: string;
  lastActivityAt: string;
  version: number;
  length: number;
}

export function changeStamp(latestEventId: number, doc: StampedDocument): string {
  return [latestEventId, doc.lastActivityAt, doc.version, doc.length].join("\u0000");
}

/** The change stamps of these documents, by id: one query per 200 documents for their newest event ids. */
export async function changeStamps(docs: StampedDocument[]): Promise<Map<string, string>> {
  const latest = await latestEventIds(docs.map((d) => d.id));
  return new Map(docs.map((d) => [d.id, changeStamp(latest.get(d.id) ?? 0, d)]));
}
