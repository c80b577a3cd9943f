// The corpus page's orders (pure): reliability conservatively, coverage, checkable claims or title, ties by
// title as the library sorts titles (lib/sort-key.ts), so one corpus reads in one order on both pages.
import { compareCodePoints, sortKey } from "@/lib/sort-key";
import { compareByReliability } from "./ranking";
import type { CorpusDocumentSummary } from "./service";

export const CORPUS_SORTS = ["reliability", "coverage", "claims", "title"] as const;
export type CorpusSort = (typeof CORPUS_SORTS)[number];
export type SortDirection = "asc" | "desc";
export const DEFAULT_CORPUS_DIRECTION: Record<CorpusSort, SortDirection> = {
  reliability: "desc",
  coverage: "desc",
  claims: "desc",
  title: "asc",
};

type Row = Pick<CorpusDocumentSummary, "documentId" | "title" | "claims" | "coverage" | "reliability" | "reliabilityLow" | "reliabilityHigh">;

const checkable = (r: Pick<Row, "claims">) => r.claims.sourced + r.claims.contested;

/**
 * Rows in the chosen order. Reliability sorts conservatively (most reliable first by the interval's
 * lower bound, least reliable first by its upper bound); documents without checkable claims come last
 * either way. Titles go by their sort keys, then as written, then by id, as in the library; other
 * sorts' ties go by title, A to Z.
 */
export function sortCorpus<R extends Row>(rows: ReadonlyArray<R>, sort: CorpusSort, dir: SortDirection): R[] {
  const keys = new Map(rows.map((r) => [r, sortKey(r.title)]));
  const byTitle = (a: R, b: R) => compareCodePoints(keys.get(a)!, keys.get(b)!) || compareCodePoints(a.title, b.title) || compareCodePoints(a.documentId, b.documentId);
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    switch (sort) {
      case "title":
        return sign * byTitle(a, b);
      case "reliability":
        return compareByReliability(a, b, dir) || byTitle(a, b);
      case "coverage":
        return sign * (a.coverage - b.coverage) || byTitle(a, b);
      case "claims":
        return sign * (checkable(a) - checkable(b)) || byTitle(a, b);
    }
  });
}
