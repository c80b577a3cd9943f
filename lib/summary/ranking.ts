// Ordering documents by reliability, and pooling claims over groups of documents (a publisher, a
// kind, the corpus). Pure: used by the library's sort, the corpus page and the summary API.
import type { Classification } from "./classes";
import { wilsonInterval } from "./interval";
import { compareNames } from "@/lib/sort-key";

export type ReliabilityFigures = {
  reliability: number | null;
  reliabilityLow: number | null;
  reliabilityHigh: number | null;
};

/**
 * Conservative order by reliability, for Array.prototype.sort. "desc" (most reliable first) ranks by
 * the interval's lower bound, "asc" (least reliable first) by its upper bound: either way a
 * document needs enough claims to reach the top, so 2 of 2 sourced claims (lower bound 0.34) rank
 * below 9 of 10 (0.60), and 0 of 1 (upper bound 0.79) is not taken for the least reliable.
 * The other bound breaks ties. Documents without checkable claims come last in both directions;
 * 0 means a tie, for the caller to break (by title, say).
 */
export function compareByReliability(a: ReliabilityFigures, b: ReliabilityFigures, dir: "asc" | "desc"): number {
  const known = (f: ReliabilityFigures) => f.reliabilityLow !== null && f.reliabilityHigh !== null;
  if (!known(a) || !known(b)) return known(a) === known(b) ? 0 : known(a) ? -1 : 1;
  if (dir === "desc") return b.reliabilityLow! - a.reliabilityLow! || b.reliabilityHigh! - a.reliabilityHigh!;
  return a.reliabilityHigh! - b.reliabilityHigh! || a.reliabilityLow! - b.reliabilityLow!;
}

/** What pooling needs from a document's summary. */
export type PoolableSummary = { claims: Record<Classification, number>; coverage: number; length: number };

export type ClaimPool = ReliabilityFigures & {
  /** The group's name (a publisher or a kind); null for documents without one. */
  key: string | null;
  documents: number;
  /** Claims per class, summed over the group's documents. */
  claims: Record<Classification, number>;
  /** Annotated code points / code points, over the group's documents. */
  coverage: number;
};

/**
 * The claims of several documents counted together: reliability and its Wilson interval over the
 * summed sourced and contested claims, coverage over the summed lengths. The interval treats the
 * claims as independent, which claims from one publisher are not quite, so it is if anything too
 * narrow for a group.
 */
export function poolClaims(key: string | null, rows: ReadonlyArray<PoolableSummary>): ClaimPool {
  const claims: Record<Classification, number> = { sourced: 0, contested: 0, opinion: 0 };
  let covered = 0;
  let length = 0;
  for (const r of rows) {
    claims.sourced += r.claims.sourced;
    claims.contested += r.claims.contested;
    claims.opinion += r.claims.opinion;
    // coverage · length is a whole number of code points; rounding undoes the division's error.
    covered += Math.round(r.coverage * r.length);
    length += r.length;
  }
  const checkable = claims.sourced + claims.contested;
  const interval = wilsonInterval(claims.sourced, checkable);
  return {
    key,
    documents: rows.length,
    claims,
    coverage: length > 0 ? covered / length : 0,
    reliability: checkable === 0 ? null : claims.sourced / checkable,
    reliabilityLow: interval?.low ?? null,
    reliabilityHigh: interval?.high ?? null,
  };
}

/** One pool per distinct key (null keys together), most reliable first (conservatively), then by name as the library's menus order them; null last among ties. */
export function poolBy<T extends PoolableSummary>(rows: ReadonlyArray<T>, keyOf: (row: T) => string | null): ClaimPool[] {
  const groups = new Map<string | null, T[]>();
  for (const r of rows) {
    const key = keyOf(r);
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const byName = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : compareNames(a, b));
  return [...groups]
    .map(([key, list]) => poolClaims(key, list))
    .sort((a, b) => compareByReliability(a, b, "desc") || byName(a.key, b.key));
}
