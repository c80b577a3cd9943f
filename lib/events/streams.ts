import "server-only";
// How many live streams each user has open in this process, capped: one person's tabs (or a script)
// cannot hold an unbounded number of connections and timers. A tab holds one stream per document it
// shows, so the cap leaves room for several open documents.
export const MAX_STREAMS_PER_USER = 8;

const open = new Map<string, number>();

/** Count a new stream for the user; returns its release function, or null when the user is at the cap. */
export function openStream(userId: string): (() => void) | null {
  const count = open.get(userId) ?? 0;
  if (count >= MAX_STREAMS_PER_USER) return null;
  open.set(userId, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (open.get(userId) ?? 1) - 1;
    if (left > 0) open.set(userId, left);
    else open.delete(userId);
  };
}
