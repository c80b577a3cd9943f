// The reader's count of the orphaned annotations it has not fetched yet (the rest, after its last page's
// cursor), less those it lists apart (fetched alone, or brought by a live change): they are on screen
// already, so counting them in the rest too would count them twice. Their ids travel in the URL, at most
// MAX_LISTED to a request (Node refuses a request line and headers over 16 KB with a 431). A long session
// can list more apart than that: the rest is then asked for without them, and once for each part of them,
// each answer being the rest less that part's own; the parts share no id, so what each leaves out adds up.
import { MAX_LISTED } from "./schemas";
import type { OrphanListFilter, OrphanPageDTO } from "./types";

export type OrphanRest = OrphanPageDTO["rest"];

/** The query of a page of the orphaned annotations (or of its rest): the list's filters, and up to MAX_LISTED listed apart. */
export function orphanQuery(limit: number, filter: OrphanListFilter | null, listed: readonly string[]): URLSearchParams {
  if (listed.length > MAX_LISTED) throw new RangeError(`At most ${MAX_LISTED} listed apart in one request.`);
  const params = new URLSearchParams({ anchor: "orphaned", limit: String(limit) });
  if (filter?.classification) params.set("class", filter.classification);
  if (filter?.authorId) params.set("author", filter.authorId);
  if (listed.length) params.set("listed", listed.join(","));
  return params;
}

/**
 * The rest less every one of `listed`, however many: `ask(part)` answers the rest less those of `part`
 * (at most MAX_LISTED). The answers come from separate reads: a change between them is followed by its
 * live event, which has the reader ask again.
 */
export async function restLeavingOut(listed: readonly string[], ask: (part: readonly string[]) => Promise<OrphanRest>): Promise<OrphanRest> {
  if (listed.length <= MAX_LISTED) return ask(listed);
  const parts: string[][] = [];
  for (let i = 0; i < listed.length; i += MAX_LISTED) parts.push(listed.slice(i, i + MAX_LISTED));
  const [whole, ...less] = await Promise.all([ask([]), ...parts.map(ask)]);
  // each part's answer is the whole rest less that part's own: the whole, less the sum of what each left out
  return {
    count: whole.count - less.reduce((n, r) => n + (whole.count - r.count), 0),
    needsCheck: whole.needsCheck - less.reduce((n, r) => n + (whole.needsCheck - r.needsCheck), 0),
  };
}
