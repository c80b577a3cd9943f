// Reliability summary of one document's annotations. Pure and deterministic: no I/O, no
// dependence on input order. Positions are code point offsets (start inclusive, end exclusive).
//
// Two kinds of figure:
// - per claim (claims.ts): the reliability index and its interval count claims — passages marked
//   by substantially overlapping annotations — so that words like "2 of 3 checkable claims" are
//   literally true;
// - per code point: coverage, the shares of annotated text and reviewer agreement weigh text.
//   They are computed by a sweep over the sorted span boundaries: between two consecutive
//   boundaries every code point is covered by the same annotations, so such an elementary segment
//   is handled once, with its width as weight. Nothing is allocated per code point, which keeps
//   multi-megabyte texts cheap.

import { groupClaims } from "./claims";
import { CLASS_INDEX, CLASSIFICATIONS, compareStrings, CONTESTED, effectiveIndex, OPINION, SOURCED, type Classification } from "./classes";
import { wilsonInterval } from "./interval";
import { CoincidenceMatrix } from "./krippendorff";

export { CLASSIFICATIONS, type Classification } from "./classes";

/**
 * Below this many checkable (sourced or contested) claims the UI shows the interval and "too few
 * claims to judge" instead of the index. Five because with four, even four of four sourced only
 * says that the index lies somewhere between 51 and 100 (95% Wilson interval).
 */
export const MINIMUM_CLAIMS = 5;

export interface SummaryAnnotation {
  id: string;
  start: number;
  end: number;
  classification: Classification;
  authorId: string;
  /** Open disputes (dispute verdicts) on the annotation. */
  disputes?: number;
  replies?: number;
  /** An editor's ruling (its final class); a ruled claim takes its rulings' class. */
  ruling?: Classification | null;
}

export interface SummaryInput {
  documentId: string;
  /** Length of the text in code points. */
  length: number;
  /** The document's live annotations. */
  annotations: SummaryAnnotation[];
  /** Maximum number of entries in `disputed` (default 10). */
  disputedLimit?: number;
}

export interface DocumentSummary {
  documentId: string;
  length: number;
  /** Annotations per class. */
  counts: Record<Classification, number>;
  reviewers: number;
  /** Share of the text covered by at least one annotation (code points). */
  coverage: number;
  /** Share of the annotated text (code points) whose effective class is each class; sums to 1 when anything is covered. */
  shares: Record<Classification, number>;
  /** Claims per class (see claims.ts). */
  claims: Record<Classification, number>;
  /** Sourced claims / (sourced + contested claims); null without checkable claims. */
  reliability: number | null;
  /** 95% Wilson score interval of `reliability`; null without checkable claims. */
  reliabilityLow: number | null;
  reliabilityHigh: number | null;
  /** Checkable claims needed before the index is shown as a number (MINIMUM_CLAIMS). */
  minimumClaims: number;
  agreement: number | null;
  /** Distinct reviewers who have at least one code point shared with another reviewer. */
  agreementReviewers: number;
  /** Open disputes over all annotations. */
  openDisputes: number;
  /** Annotations with a ruling. */
  rulings: number;
  disputed: Array<{ annotationId: string; disputes: number; replies: number }>;
}

const DEFAULT_DISPUTED_LIMIT = 10;

/** State of the sweep over one elementary segment; one object, updated in place between calls. */
interface SweepState {
  /** Annotations covering the segment, per class. */
  classCounts: Int32Array;
  /** Reviewers covering the segment, per their own effective class there. */
  labelCounts: Int32Array;
  /** Reviewers covering the segment: the first `activeReviewerCount` entries, unordered. */
  activeReviewers: Int32Array;
  activeReviewerCount: number;
  /** Number of distinct authors. */
  reviewerCount: number;
}

/**
 * Calls `visit` for every covered elementary segment [start, end), left to right.
 * Spans are clamped to [0, length]; empty spans cover nothing.
 */
function sweep(
  length: number,
  annotations: SummaryAnnotation[],
  visit: (start: number, end: number, state: SweepState) => void,
): void {
  // Reviewer numbers follow the sorted author ids, and events are sorted on every field, so the
  // visiting order and contents do not depend on the input order.
  const authors = [...new Set(annotations.map((a) => a.authorId))].sort();
  const reviewerOf = new Map(authors.map((id, i) => [id, i]));

  // Each boundary is packed into one number, pos · stride + (reviewer · 3 + class) · 2 + isStart,
  // so that a plain numeric sort of a Float64Array orders them (several times faster than sorting
  // objects with a comparator). Ties within a position do not matter for the result; the packing
  // just makes their order fixed.
  const stride = Math.max(1, authors.length) * 6;
  if (length * stride >= Number.MAX_SAFE_INTEGER) throw new RangeError("text too long to summarise");
  const keys = new Float64Array(annotations.length * 2);
  let count = 0;
  for (const a of annotations) {
    // Offsets are whole code points; flooring keeps a stray fraction from corrupting the packing.
    const start = Math.max(0, Math.floor(a.start));
    const end = Math.min(length, Math.floor(a.end));
    if (!(start < end)) continue;
    const kind = (reviewerOf.get(a.authorId)! * 3 + CLASS_INDEX[a.classification]) * 2;
    keys[count++] = start * stride + kind + 1;
    keys[count++] = end * stride + kind;
  }
  const events = keys.subarray(0, count).sort();
  // Integer arithmetic below 2^53 (remainder, exact division), so unpacking is exact.
  const positionOf = (key: number) => (key - (key % stride)) / stride;

  const state: SweepState = {
    classCounts: new Int32Array(3),
    labelCounts: new Int32Array(3),
    activeReviewers: new Int32Array(authors.length),
    activeReviewerCount: 0,
    reviewerCount: authors.length,
  };
  const { classCounts, labelCounts, activeReviewers } = state;
  const reviewerCounts = new Int32Array(authors.length * 3); // at reviewer · 3 + class
  // Each reviewer's effective class, kept up to date at their own boundaries so that segments
  // need no per-reviewer work; -1 while the reviewer covers nothing.
  const label = new Int32Array(authors.length).fill(-1);
  const slot = new Int32Array(authors.length); // index in activeReviewers, for O(1) removal
  let active = 0;
  let i = 0;
  while (i < events.length) {
    const pos = positionOf(events[i]);
    // Apply every boundary at this position before looking at the segment that follows it.
    for (; i < events.length && events[i] < (pos + 1) * stride; i++) {
      const rest = events[i] % stride;
      const delta = rest % 2 === 1 ? 1 : -1;
      const kind = (rest - (rest % 2)) / 2; // reviewer · 3 + class
      const reviewer = (kind - (kind % 3)) / 3;
      active += delta;
      classCounts[kind % 3] += delta;
      reviewerCounts[kind] += delta;
      const before = label[reviewer];
      const after = effectiveIndex(reviewerCounts, reviewer * 3);
      if (before === after) continue;
      label[reviewer] = after;
      if (before >= 0) labelCounts[before]--;
      if (after >= 0) labelCounts[after]++;
      if (before < 0) {
        slot[reviewer] = state.activeReviewerCount;
        activeReviewers[state.activeReviewerCount++] = reviewer;
      } else if (after < 0) {
        const moved = activeReviewers[--state.activeReviewerCount];
        activeReviewers[slot[reviewer]] = moved;
        slot[moved] = slot[reviewer];
      }
    }
    if (active > 0 && i < events.length) visit(pos, positionOf(events[i]), state);
  }
}

export function computeSummary(input: SummaryInput): DocumentSummary {
  const { documentId, length, annotations } = input;

  const counts: Record<Classification, number> = { sourced: 0, contested: 0, opinion: 0 };
  for (const a of annotations) counts[a.classification]++;
  const reviewers = new Set(annotations.map((a) => a.authorId)).size;

  const classCodePoints = [0, 0, 0];
  let covered = 0;
  const unitWeights = new Map<number, number>(); // see below
  // A class holds 0..reviewers reviewers at a code point; kinds stay exact below 2^53, i.e. for
  // up to about 200,000 reviewers.
  const base = reviewers + 1;
  const paired: boolean[] = []; // paired[r]: reviewer r shares a code point with another reviewer
  let pairedCount = 0;
  sweep(length, annotations, (start, end, s) => {
    const width = end - start;
    covered += width;
    classCodePoints[effectiveIndex(s.classCounts)] += width;
    // Agreement: each code point with two or more reviewers is a unit; a reviewer's value is the
    // effective class among that reviewer's own annotations there (s.labelCounts counts those
    // values). Single-reviewer code points are missing data, not units.
    if (s.activeReviewerCount < 2) return;
    // Units with the same number of reviewers per class contribute identically, so their widths
    // are summed first and each distinct kind of unit is added to the matrix once, at the end.
    const unitKind = (s.labelCounts[SOURCED] * base + s.labelCounts[CONTESTED]) * base + s.labelCounts[OPINION];
    unitWeights.set(unitKind, (unitWeights.get(unitKind) ?? 0) + width);
    if (pairedCount === s.reviewerCount) return; // everyone already paired
    for (let j = 0; j < s.activeReviewerCount; j++) {
      const r = s.activeReviewers[j];
      if (paired[r]) continue;
      paired[r] = true;
      pairedCount++;
    }
  });

  const matrix = new CoincidenceMatrix(3);
  const labelCounts = [0, 0, 0];
  // Ascending kinds: a fixed summation order whatever the order of the segments.
  for (const unitKind of [...unitWeights.keys()].sort((x, y) => x - y)) {
    labelCounts[OPINION] = unitKind % base;
    const rest = (unitKind - labelCounts[OPINION]) / base;
    labelCounts[CONTESTED] = rest % base;
    labelCounts[SOURCED] = (rest - labelCounts[CONTESTED]) / base;
    matrix.addUnit(labelCounts, unitWeights.get(unitKind)!);
  }

  const share = (c: number) => (covered === 0 ? 0 : classCodePoints[c] / covered);

  const claims: Record<Classification, number> = { sourced: 0, contested: 0, opinion: 0 };
  for (const claim of groupClaims(annotations, length)) claims[claim.classification]++;
  const checkable = claims.sourced + claims.contested;
  const interval = wilsonInterval(claims.sourced, checkable);

  let openDisputes = 0;
  let rulings = 0;
  for (const a of annotations) {
    openDisputes += a.disputes ?? 0;
    if (a.ruling) rulings++;
  }

  return {
    documentId,
    length,
    counts,
    reviewers,
    coverage: length > 0 ? covered / length : 0,
    shares: { sourced: share(SOURCED), contested: share(CONTESTED), opinion: share(OPINION) },
    claims,
    reliability: checkable === 0 ? null : claims.sourced / checkable,
    reliabilityLow: interval?.low ?? null,
    reliabilityHigh: interval?.high ?? null,
    minimumClaims: MINIMUM_CLAIMS,
    agreement: matrix.alpha(),
    agreementReviewers: pairedCount,
    openDisputes,
    rulings,
    disputed: disputedAnnotations(annotations, input.disputedLimit ?? DEFAULT_DISPUTED_LIMIT),
  };
}

function disputedAnnotations(annotations: SummaryAnnotation[], limit: number): DocumentSummary["disputed"] {
  const disputes = (a: SummaryAnnotation) => a.disputes ?? 0;
  const replies = (a: SummaryAnnotation) => a.replies ?? 0;
  return annotations
    .filter((a) => disputes(a) > 0 || replies(a) > 0)
    .sort(
      (x, y) =>
        disputes(y) - disputes(x) ||
        replies(y) - replies(x) ||
        x.start - y.start ||
        compareStrings(x.id, y.id),
    )
    .slice(0, Math.max(0, Math.floor(limit)))
    .map((a) => ({ annotationId: a.id, disputes: disputes(a), replies: replies(a) }));
}

/** Maximal runs of covered code points with the same effective class, for a minimap strip.
 *  Uncovered code points end a run. */
export function effectiveClassStrip(input: {
  length: number;
  annotations: SummaryAnnotation[];
}): Array<{ start: number; end: number; classification: Classification }> {
  const runs: Array<{ start: number; end: number; classification: Classification }> = [];
  sweep(input.length, input.annotations, (start, end, s) => {
    const classification = CLASSIFICATIONS[effectiveIndex(s.classCounts)];
    const last = runs[runs.length - 1];
    if (last && last.end === start && last.classification === classification) last.end = end;
    else runs.push({ start, end, classification });
  });
  return runs;
}
