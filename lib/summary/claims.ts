// Claims: the passages reviewers marked, each counted once however many annotations mark it.
//
// Two annotations overlap SUBSTANTIALLY when their common part is at least half of the shorter
// span: 2 · overlap ≥ min(length A, length B). A span inside another one therefore always joins it;
// two sentences that share a word do not.
//
// A claim is a connected component of that relation (union-find): A and C are one claim when
// A~B and B~C, even if A and C do not overlap. Components, rather than greedy clustering, because
// they are defined by the relation alone: the result does not depend on the order annotations
// arrive in or on which one a greedy pass happens to take as a seed, and adding an annotation can
// only merge claims, never split or reshuffle others. The price is that a chain of staggered
// annotations, each overlapping the next by half, counts as one claim; reviewers rarely mark text
// that way, and counting it once errs towards fewer, not more, claims.
//
// Cost: a sweep in start order (O(n log n) for the sort). For the annotation B being placed, every
// earlier annotation A has A.start ≤ B.start, and then (for non-empty spans)
//   A ~ B  ⇔  2·A.end ≥ 2·B.start + length(B)   (A reaches past B's midpoint)
//          or  A.start + A.end ≥ 2·B.start       (B starts at or before A's midpoint).
// Both tests are monotone in one number per annotation, so a whole claim is tested at once with
// the largest `end` and the largest `start + end` among its annotations. Only claims still open at
// B.start (largest end > B.start) are tested; the others can never join a later annotation.
// Open claims all cover B.start and are pairwise not substantially overlapping, which forces
// their lengths to at least double one to the next: there are at most about log2(text length)
// of them, so the sweep is O(n log L) however the annotations pile up.

import { CLASS_INDEX, CLASSIFICATIONS, compareStrings, effectiveIndex, type Classification } from "./classes";

export interface ClaimAnnotation {
  id: string;
  start: number;
  end: number;
  classification: Classification;
  /** An editor's ruling on this annotation (its final class), if any. */
  ruling?: Classification | null;
}

export interface Claim {
  /** The first code point any of its annotations covers. */
  start: number;
  /** One past the last code point any of its annotations covers. */
  end: number;
  /** Its annotations, in (start, end, id) order. */
  annotationIds: string[];
  /** The majority class of its rulings when it has any, else of its annotations; ties go to the
   *  more cautious class (contested, then opinion, then sourced). */
  classification: Classification;
  /** Whether the class comes from rulings. */
  ruled: boolean;
}

/** Whether two spans overlap substantially (common part ≥ half of the shorter one). Empty spans never do. */
export function overlapsSubstantially(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  const shorter = Math.min(a.end - a.start, b.end - b.start);
  if (!(shorter > 0)) return false;
  const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  return overlap > 0 && 2 * overlap >= shorter;
}

/**
 * Groups annotations into claims, in reading order: by their first annotation's start, end and id.
 * Spans are clamped to [0, length]; annotations left empty mark no passage and belong to no claim.
 * Deterministic: the result depends only on the set of annotations, not on their order.
 */
export function groupClaims(annotations: ReadonlyArray<ClaimAnnotation>, length = Number.POSITIVE_INFINITY): Claim[] {
  const spans: Array<{ a: ClaimAnnotation; start: number; end: number }> = [];
  for (const a of annotations) {
    const start = Math.max(0, Math.floor(a.start));
    const end = Math.min(length, Math.floor(a.end));
    if (start < end) spans.push({ a, start, end });
  }
  spans.sort((x, y) => x.start - y.start || x.end - y.end || compareStrings(x.a.id, y.a.id));

  const n = spans.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = spans[i].start;
    ends[i] = spans[i].end;
    order[i] = i;
  }
  const root = claimRoots(starts, ends, order);

  const claims: Claim[] = [];
  // Per claim: annotations per class at 3·claim + class, rulings likewise.
  const classes: number[] = [];
  const rulings: number[] = [];
  const claimOfRoot = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const { a, start, end } = spans[i];
    let c = claimOfRoot[root[i]];
    if (c < 0) {
      // Spans are visited in start order, so a claim's first annotation gives its start.
      c = claimOfRoot[root[i]] = claims.length;
      claims.push({ start, end, annotationIds: [], classification: a.classification, ruled: false });
      classes.push(0, 0, 0);
      rulings.push(0, 0, 0);
    }
    const claim = claims[c];
    if (end > claim.end) claim.end = end;
    claim.annotationIds.push(a.id);
    classes[3 * c + CLASS_INDEX[a.classification]]++;
    if (a.ruling) rulings[3 * c + CLASS_INDEX[a.ruling]]++;
  }
  claims.forEach((claim, c) => {
    const ruled = effectiveIndex(rulings, 3 * c);
    claim.ruled = ruled >= 0;
    claim.classification = CLASSIFICATIONS[ruled >= 0 ? ruled : effectiveIndex(classes, 3 * c)];
  });
  return claims;
}

/**
 * The claims of some non-empty spans (start[k], end[k]), visited in `order`: their span numbers by
 * start, ties in any order (the sweep described above). Returns each span's claim as the number of
 * one of its spans, the same for all spans of a claim.
 */
export function claimRoots(start: ArrayLike<number>, end: ArrayLike<number>, order: ArrayLike<number>): Int32Array {
  const n = order.length;
  const parent = new Int32Array(start.length);
  const size = new Int32Array(start.length);
  // Per root: the largest end and the largest start + end among the claim's spans.
  const maxEnd = new Float64Array(start.length);
  const maxSum = new Float64Array(start.length);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root];
    while (parent[i] !== root) {
      const next = parent[i];
      parent[i] = root; // path compression
      i = next;
    }
    return root;
  };
  // Roots of the claims whose largest end is past the current start: the first `openCount` entries.
  const open = new Int32Array(n);
  let openCount = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j];
    const s = start[i];
    const e = end[i];
    parent[i] = i;
    size[i] = 1;
    maxEnd[i] = e;
    maxSum[i] = s + e;
    let root = i;
    let kept = 0; // the open claims that stay open and apart are moved to the front, in place
    for (let o = 0; o < openCount; o++) {
      const r = open[o];
      if (maxEnd[r] <= s) continue; // closed for good: later spans start here or later
      if (2 * maxEnd[r] >= 2 * s + (e - s) || maxSum[r] >= 2 * s) {
        // Union by size.
        const big = size[root] < size[r] ? r : root;
        const small = big === r ? root : r;
        parent[small] = big;
        size[big] += size[small];
        if (maxEnd[small] > maxEnd[big]) maxEnd[big] = maxEnd[small];
        if (maxSum[small] > maxSum[big]) maxSum[big] = maxSum[small];
        root = big;
      } else open[kept++] = r;
    }
    open[kept++] = root;
    openCount = kept;
  }
  const roots = new Int32Array(start.length);
  for (let j = 0; j < n; j++) roots[order[j]] = find(order[j]);
  return roots;
}
