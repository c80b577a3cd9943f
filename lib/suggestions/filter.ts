// Which suggested claims are passages annotated already, and which suggestion an accepted annotation
// came from. Both use the claims' relation (lib/summary/claims.ts): two spans are the same claim when
// they overlap SUBSTANTIALLY (their common part is at least half of the shorter one). So a suggestion
// is hidden once anyone has annotated its sentence, or a passage within it, or one that takes it in,
// but not when an annotation merely shares a few words with it. Pure.
import { overlapsSubstantially } from "@/lib/summary/claims";

interface Span {
  start: number;
  end: number;
}

/** True when the spans are in start order and none overlaps the next (what suggestClaims returns). */
function ordered(suggestions: readonly Span[]): boolean {
  for (let i = 1; i < suggestions.length; i++) if (suggestions[i].start < suggestions[i - 1].end) return false;
  return true;
}

/** First index whose `end` is past `at` (ends increase along ordered suggestions). */
function firstEndingAfter(suggestions: readonly Span[], at: number): number {
  let lo = 0;
  let hi = suggestions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (suggestions[mid].end <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Last index whose `start` is before `at`, or -1. */
function lastStartingBefore(suggestions: readonly Span[], at: number): number {
  let lo = 0;
  let hi = suggestions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (suggestions[mid].start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * For each suggestion, whether one of `annotations` overlaps it substantially. O((n + m) log n) for
 * ordered, non-overlapping suggestions: an annotation covers every suggestion strictly between the
 * first and the last one it touches, so only those two need the test.
 */
export function annotatedSuggestions(suggestions: readonly Span[], annotations: readonly Span[]): boolean[] {
  const n = suggestions.length;
  if (!ordered(suggestions)) return suggestions.map((s) => annotations.some((a) => overlapsSubstantially(a, s)));
  const marked = new Array<boolean>(n).fill(false);
  const covered = new Int32Array(n + 1); // +1 at the first covered index, -1 after the last
  for (const a of annotations) {
    if (!(a.end > a.start)) continue;
    const i = firstEndingAfter(suggestions, a.start);
    const j = lastStartingBefore(suggestions, a.end);
    if (i > j) continue;
    if (overlapsSubstantially(a, suggestions[i])) marked[i] = true;
    if (overlapsSubstantially(a, suggestions[j])) marked[j] = true;
    if (j - i >= 2) {
      covered[i + 1]++;
      covered[j]--;
    }
  }
  let depth = 0;
  for (let k = 0; k < n; k++) {
    depth += covered[k];
    if (depth > 0) marked[k] = true;
  }
  return marked;
}

/** The suggestion a span was accepted from: among those it overlaps substantially, the one it overlaps most (-1: none). */
export function suggestionForSpan(suggestions: readonly Span[], span: Span): number {
  let best = -1;
  let bestOverlap = 0;
  const consider = (k: number) => {
    const s = suggestions[k];
    if (!overlapsSubstantially(s, span)) return;
    const overlap = Math.min(s.end, span.end) - Math.max(s.start, span.start);
    if (overlap > bestOverlap) {
      best = k;
      bestOverlap = overlap;
    }
  };
  if (!ordered(suggestions)) {
    suggestions.forEach((_, k) => consider(k));
    return best;
  }
  const i = firstEndingAfter(suggestions, span.start);
  const j = lastStartingBefore(suggestions, span.end);
  for (let k = i; k <= j; k++) consider(k);
  return best;
}
