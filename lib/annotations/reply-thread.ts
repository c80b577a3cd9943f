// A reply thread in the reader is loaded when first opened. Replies created, edited or deleted before the
// loaded list is in (the reader's own reply sent while it loads, or another reviewer's, live) are kept as
// changes and applied to the list when it arrives: the list may have been read before or after them.
import type { ReplyDTO } from "./types";

/** Changes to a thread not yet loaded, by reply id: the latest state seen, or null once deleted. */
export type ThreadChanges = ReadonlyMap<string, ReplyDTO | null>;

/** The loaded list with the changes seen meanwhile: the newer of two states of a reply, oldest first. */
export function mergeThread(loaded: readonly ReplyDTO[], changes: ThreadChanges | undefined): ReplyDTO[] {
  if (!changes?.size) return [...loaded];
  const byId = new Map(loaded.map((r) => [r.id, r]));
  for (const [id, change] of changes) {
    const current = byId.get(id);
    if (change === null) byId.delete(id);
    else if (!current || change.updatedAt > current.updatedAt) byId.set(id, change);
  }
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)); // ISO times: text order is time order
}
