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
//
// Cost: every annotation is read once into flat typed arrays and its boundaries are sorted once (a
// numeric sort of packed keys); passes over them yield the per-code-point figures, the strip and
// the start order the claim grouping needs. Nothing is allocated per annotation or segment but the
// strip's runs, so 10,000 annotations take a few milliseconds.

import { claimRoots } from "./claims";
import { CLASSIFICATIONS, compareStrings, CONTESTED, effectiveIndex, OPINION, SOURCED, type Classification } from "./classes";
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
  /**
   * No span in the current text (its passage is gone): it counts only in `openDisputes`, `disputed` and
   * `rulings` (work on it still waits or was done), nowhere that describes the text as it is now.
   */
  orphaned?: boolean;
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
  /** Open disputes over all annotations, orphaned ones included. */
  openDisputes: number;
  /** Annotations with a ruling, orphaned ones included. */
  rulings: number;
  disputed: Array<{ annotationId: string; disputes: number; replies: number }>;
}

const DEFAULT_DISPUTED_LIMIT = 10;

// Module-level copies of the imported bindings the loops below use: compiled modules (tsx, the
// server bundle) read an imported binding through a getter on every use.
const effective = effectiveIndex;
const classNames = CLASSIFICATIONS;
const S = SOURCED;
const C = CONTESTED;
const O = OPINION;

/** A class's index; -1 for anything else (the types rule that out, so only bad data gets here). */
function classIndex(c: unknown): number {
  return c === "sourced" ? S : c === "contested" ? C : c === "opinion" ? O : -1;
}

/** The annotations read once into flat arrays, with their boundaries in position order. */
interface Spans {
  /** Annotations with a non-empty span once clamped to [0, length]; "span" k below is the k-th of them. */
  n: number;
  start: Float64Array;
  end: Float64Array;
  /** Class index of span k. */
  cls: Uint8Array;
  /** Class index span k is drawn in (the strip): its ruling's when it has one, else `cls[k]`, as the reader's highlight. */
  shown: Uint8Array;
  /** Span boundaries by position: event 2k + 1 starts span k, 2k ends it (ties in event order). */
  events: Int32Array;
}

/** The per-annotation figures computeSummary needs besides the spans. */
interface Annotated extends Spans {
  counts: Record<Classification, number>;
  /** Distinct authors over all annotations (empty spans too); span k's author is `reviewer[k]`. */
  reviewers: number;
  reviewer: Int32Array;
  /** Class index of span k's ruling, -1 without one. */
  ruling: Int8Array;
  openDisputes: number;
  rulings: number;
  /** Annotations with disputes or replies, in input order. */
  discussed: { id: string[]; start: number[]; disputes: number[]; replies: number[] };
}

function badClass(a: SummaryAnnotation): never {
  throw new TypeError(`annotation ${a.id}: unknown classification ${JSON.stringify(a.classification)}`);
}

/** Clamps a span to [0, length] (whole code points: flooring keeps a stray fraction out); false when nothing is left. */
function clampInto(a: SummaryAnnotation, length: number, c: number, k: number, spans: { start: Float64Array; end: Float64Array; cls: Uint8Array }): boolean {
  const from = Math.max(0, Math.floor(a.start));
  const to = Math.min(length, Math.floor(a.end));
  if (!(from < to)) return false;
  spans.start[k] = from;
  spans.end[k] = to;
  spans.cls[k] = c;
  return true;
}

/** What the strip needs: the spans, read once. */
function readSpans(length: number, annotations: SummaryAnnotation[]): Spans {
  const total = annotations.length;
  const arrays = { start: new Float64Array(total), end: new Float64Array(total), cls: new Uint8Array(total), shown: new Uint8Array(total) };
  let n = 0;
  for (let i = 0; i < total; i++) {
    const a = annotations[i];
    if (a.orphaned) continue;
    const c = classIndex(a.classification);
    if (c < 0) badClass(a);
    if (clampInto(a, length, c, n, arrays)) arrays.shown[n++] = shownIndex(a, c);
  }
  return { n, ...arrays, events: sortEvents(n, arrays.start, arrays.end, length) };
}

/** The class an annotation is drawn in: its ruling's when it has one (a valid one), else its own (`c`). */
function shownIndex(a: SummaryAnnotation, c: number): number {
  const ruled = a.ruling ? classIndex(a.ruling) : -1;
  return ruled >= 0 ? ruled : c;
}

/** What the summary needs: every annotation read once, each field once. */
function readAnnotations(length: number, annotations: SummaryAnnotation[]): Annotated {
  const total = annotations.length;
  const arrays = { start: new Float64Array(total), end: new Float64Array(total), cls: new Uint8Array(total), shown: new Uint8Array(total) };
  const authorOf = new Int32Array(total); // first-seen author number of span k
  const ruling = new Int8Array(total);
  const authorNumbers = new Map<string, number>();
  const authors: string[] = [];
  const classCounts = [0, 0, 0];
  let openDisputes = 0;
  let rulings = 0;
  const discussed: Annotated["discussed"] = { id: [], start: [], disputes: [], replies: [] };
  let n = 0;
  for (let i = 0; i < total; i++) {
    const a = annotations[i];
    if (a.orphaned) {
      const disputes = a.disputes ?? 0;
      openDisputes += disputes;
      if (disputes > 0) {
        discussed.id.push(a.id);
        discussed.start.push(Number.MAX_SAFE_INTEGER); // after placed ones with as many disputes and replies
        discussed.disputes.push(disputes);
        discussed.replies.push(a.replies ?? 0);
      }
      if (a.ruling) rulings++;
      continue;
    }
    const c = classIndex(a.classification);
    if (c < 0) badClass(a);
    classCounts[c]++;
    const authorId = a.authorId;
    let author = authorNumbers.get(authorId);
    if (author === undefined) {
      author = authors.length;
      authorNumbers.set(authorId, author);
      authors.push(authorId);
    }
    const disputes = a.disputes ?? 0;
    const replies = a.replies ?? 0;
    openDisputes += disputes;
    if (disputes > 0 || replies > 0) {
      discussed.id.push(a.id);
      discussed.start.push(a.start);
      discussed.disputes.push(disputes);
      discussed.replies.push(replies);
    }
    const ruled = a.ruling;
    if (ruled) rulings++;
    if (clampInto(a, length, c, n, arrays)) {
      authorOf[n] = author;
      ruling[n] = ruled ? classIndex(ruled) : -1;
      arrays.shown[n] = shownIndex(a, c);
      n++;
    }
  }
  // Reviewers are numbered in author id order, so nothing below depends on the input order.
  const rank = new Int32Array(authors.length);
  authors
    .map((id, i) => ({ id, i }))
    .sort((x, y) => compareStrings(x.id, y.id))
    .forEach((x, r) => (rank[x.i] = r));
  const reviewer = new Int32Array(n);
  for (let k = 0; k < n; k++) reviewer[k] = rank[authorOf[k]];
  return {
    n,
    ...arrays,
    events: sortEvents(n, arrays.start, arrays.end, length),
    counts: { sourced: classCounts[S], contested: classCounts[C], opinion: classCounts[O] },
    reviewers: authors.length,
    reviewer,
    ruling,
    openDisputes,
    rulings,
    discussed,
  };
}

/**
 * The 2n boundary events ordered by position, then event number. Each is packed into one number,
 * position · 2n + event, so that a plain numeric sort of a Float64Array orders them (several times
 * faster than sorting with a comparator); texts too long for that exactly take the comparator.
 */
function sortEvents(n: number, start: Float64Array, end: Float64Array, length: number): Int32Array {
  const count = 2 * n;
  const events = new Int32Array(count);
  const at = (e: number) => (e & 1 ? start[e >> 1] : end[e >> 1]);
  if ((Math.max(0, length) + 1) * count >= Number.MAX_SAFE_INTEGER) {
    for (let e = 0; e < count; e++) events[e] = e;
    return events.sort((x, y) => at(x) - at(y) || x - y);
  }
  const keys = new Float64Array(count);
  for (let e = 0; e < count; e++) keys[e] = at(e) * count + e;
  keys.sort();
  for (let j = 0; j < count; j++) {
    // Whole numbers below 2^53: the quotient may round up or down by one, the difference is exact.
    const key = keys[j];
    const position = Math.floor(key / count);
    let e = key - position * count;
    if (e < 0) e += count;
    else if (e >= count) e -= count;
    events[j] = e;
  }
  return events;
}

/** The per-code-point figures. */
interface SweepResult {
  covered: number;
  /** Code points whose effective class is each class. */
  classCodePoints: [number, number, number];
  agreement: number | null;
  agreementReviewers: number;
}

/** One run of the strip (effectiveClassStrip). */
export type StripRun = { start: number; end: number; classification: Classification };

/**
 * One pass over the sorted boundaries. Between consecutive positions every code point is covered
 * by the same annotations (an elementary segment), handled once with its width as weight.
 */
function sweep(spans: Annotated): SweepResult {
  const { start, end, cls, events, reviewers: reviewerCount, reviewer: reviewerOf } = spans;
  const classCounts = new Int32Array(3); // annotations covering the segment, per class
  const classCodePoints: [number, number, number] = [0, 0, 0];
  let covered = 0;

  // Agreement: each code point with two or more reviewers is a unit; a reviewer's value is the
  // effective class among that reviewer's own annotations there. Single-reviewer code points are
  // missing data, not units. Units with the same number of reviewers per class contribute
  // identically, so their widths are summed per kind of unit first (labelCounts below, packed in
  // base `reviewers + 1`), and each kind is added to the coincidence matrix once, at the end.
  const base = reviewerCount + 1;
  const kinds = base * base * base;
  // A flat table while it is small (up to 39 reviewers), else a map; kinds stay exact below 2^53,
  // i.e. for up to about 200,000 reviewers.
  const unitTable = kinds <= 1 << 16 ? new Float64Array(kinds) : null;
  const unitMap = unitTable ? null : new Map<number, number>();
  const labelCounts = new Int32Array(3); // reviewers covering the segment, per their own effective class
  const reviewerCounts = new Int32Array(reviewerCount * 3); // at reviewer · 3 + class
  // Each reviewer's effective class, kept up to date at their own boundaries so that segments need
  // no per-reviewer work; -1 while the reviewer covers nothing.
  const label = new Int32Array(reviewerCount).fill(-1);
  const activeReviewers = new Int32Array(reviewerCount); // the first activeCount entries, unordered
  const slot = new Int32Array(reviewerCount); // index in activeReviewers, for O(1) removal
  let activeCount = 0;
  const paired = new Uint8Array(reviewerCount); // reviewer shares a code point with another reviewer
  let pairedCount = 0;

  let active = 0;
  let j = 0;
  const m = events.length;
  while (j < m) {
    const first = events[j];
    const position = first & 1 ? start[first >> 1] : end[first >> 1];
    // Apply every boundary at this position before looking at the segment that follows it.
    let next = position;
    for (; j < m; j++) {
      const e = events[j];
      const k = e >> 1;
      next = e & 1 ? start[k] : end[k];
      if (next !== position) break;
      const delta = e & 1 ? 1 : -1;
      const c = cls[k];
      active += delta;
      classCounts[c] += delta;
      const r = reviewerOf[k];
      const at = r * 3;
      reviewerCounts[at + c] += delta;
      const before = label[r];
      const after = effective(reviewerCounts, at);
      if (before === after) continue;
      label[r] = after;
      if (before >= 0) labelCounts[before]--;
      if (after >= 0) labelCounts[after]++;
      if (before < 0) {
        slot[r] = activeCount;
        activeReviewers[activeCount++] = r;
      } else if (after < 0) {
        const moved = activeReviewers[--activeCount];
        activeReviewers[slot[r]] = moved;
        slot[moved] = slot[r];
      }
    }
    if (!(active > 0 && j < m)) continue;
    // The segment [position, next).
    const width = next - position;
    covered += width;
    classCodePoints[effective(classCounts)] += width;
    if (activeCount < 2) continue;
    const unitKind = (labelCounts[S] * base + labelCounts[C]) * base + labelCounts[O];
    if (unitTable) unitTable[unitKind] += width;
    else unitMap!.set(unitKind, (unitMap!.get(unitKind) ?? 0) + width);
    if (pairedCount === reviewerCount) continue; // everyone already paired
    for (let i = 0; i < activeCount; i++) {
      const r = activeReviewers[i];
      if (paired[r]) continue;
      paired[r] = 1;
      pairedCount++;
    }
  }
  const matrix = new CoincidenceMatrix(3);
  const counts = [0, 0, 0];
  const addUnit = (unitKind: number, weight: number) => {
    counts[O] = unitKind % base;
    const rest = (unitKind - counts[O]) / base;
    counts[C] = rest % base;
    counts[S] = (rest - counts[C]) / base;
    matrix.addUnit(counts, weight);
  };
  // Ascending kinds: a fixed summation order whatever the order of the segments.
  if (unitTable) {
    for (let unitKind = 0; unitKind < kinds; unitKind++) if (unitTable[unitKind] > 0) addUnit(unitKind, unitTable[unitKind]);
  } else {
    for (const unitKind of [...unitMap!.keys()].sort((x, y) => x - y)) addUnit(unitKind, unitMap!.get(unitKind)!);
  }
  return { covered, classCodePoints, agreement: matrix.alpha(), agreementReviewers: pairedCount };
}

/**
 * The strip: the same boundaries, only the classes the annotations are drawn in counted (a ruled one's
 * ruling, as its highlight in the text and its claim; unlike the shares, which weigh the authors' classes).
 */
function stripOf(spans: Spans): StripRun[] {
  const { start, end, shown: cls, events } = spans;
  const classCounts = new Int32Array(3);
  const strip: StripRun[] = [];
  let last: StripRun | null = null;
  let active = 0;
  let j = 0;
  const m = events.length;
  while (j < m) {
    const first = events[j];
    const position = first & 1 ? start[first >> 1] : end[first >> 1];
    let next = position;
    for (; j < m; j++) {
      const e = events[j];
      const k = e >> 1;
      next = e & 1 ? start[k] : end[k];
      if (next !== position) break;
      const delta = e & 1 ? 1 : -1;
      active += delta;
      classCounts[cls[k]] += delta;
    }
    if (!(active > 0 && j < m)) continue;
    // The segment [position, next): it extends the last run when that ends here with the same class.
    const classification = classNames[effective(classCounts)];
    if (last !== null && last.end === position && last.classification === classification) last.end = next;
    else strip.push((last = { start: position, end: next, classification }));
  }
  return strip;
}

/** Claims per class (see claims.ts): the components of the spans, each classed by its rulings or annotations. */
function countClaims(spans: Annotated): Record<Classification, number> {
  const { n, start, end, cls, ruling, events } = spans;
  const byStart = new Int32Array(n);
  let s = 0;
  for (let j = 0; j < events.length; j++) if (events[j] & 1) byStart[s++] = events[j] >> 1;
  const root = claimRoots(start, end, byStart);
  // Per claim (at its root span): annotations per class at 3 · root + class, rulings likewise.
  const classes = new Int32Array(3 * n);
  const rulings = new Int32Array(3 * n);
  for (let k = 0; k < n; k++) {
    const at = 3 * root[k];
    classes[at + cls[k]]++;
    if (ruling[k] >= 0) rulings[at + ruling[k]]++;
  }
  const claims = [0, 0, 0];
  for (let k = 0; k < n; k++) {
    if (root[k] !== k) continue;
    const ruled = effective(rulings, 3 * k);
    claims[ruled >= 0 ? ruled : effective(classes, 3 * k)]++;
  }
  return { sourced: claims[S], contested: claims[C], opinion: claims[O] };
}

function summaryOf(input: SummaryInput, spans: Annotated, figures: SweepResult): DocumentSummary {
  const { documentId, length } = input;
  const { covered, classCodePoints } = figures;
  const share = (c: number) => (covered === 0 ? 0 : classCodePoints[c] / covered);
  const claims = countClaims(spans);
  const checkable = claims.sourced + claims.contested;
  const interval = wilsonInterval(claims.sourced, checkable);
  return {
    documentId,
    length,
    counts: spans.counts,
    reviewers: spans.reviewers,
    coverage: length > 0 ? covered / length : 0,
    shares: { sourced: share(S), contested: share(C), opinion: share(O) },
    claims,
    reliability: checkable === 0 ? null : claims.sourced / checkable,
    reliabilityLow: interval?.low ?? null,
    reliabilityHigh: interval?.high ?? null,
    minimumClaims: MINIMUM_CLAIMS,
    agreement: figures.agreement,
    agreementReviewers: figures.agreementReviewers,
    openDisputes: spans.openDisputes,
    rulings: spans.rulings,
    disputed: disputedAnnotations(spans.discussed, input.disputedLimit ?? DEFAULT_DISPUTED_LIMIT),
  };
}

export function computeSummary(input: SummaryInput): DocumentSummary {
  const spans = readAnnotations(input.length, input.annotations);
  return summaryOf(input, spans, sweep(spans));
}

/** computeSummary and effectiveClassStrip of the same input, the annotations read and sorted once (what the summary API answers). */
export function computeSummaryWithStrip(input: SummaryInput): DocumentSummary & { strip: StripRun[] } {
  const spans = readAnnotations(input.length, input.annotations);
  return { ...summaryOf(input, spans, sweep(spans)), strip: stripOf(spans) };
}

function disputedAnnotations(discussed: Annotated["discussed"], limit: number): DocumentSummary["disputed"] {
  const { id, start, disputes, replies } = discussed;
  // Most disputes first, then most replies, then start, then id; a stable sort, so equal keys keep
  // the input order.
  const order = id.map((_, i) => i);
  order.sort((x, y) => disputes[y] - disputes[x] || replies[y] - replies[x] || start[x] - start[y] || compareStrings(id[x], id[y]));
  return order.slice(0, Math.max(0, Math.floor(limit))).map((i) => ({ annotationId: id[i], disputes: disputes[i], replies: replies[i] }));
}

/** Maximal runs of covered code points with the same effective class, each annotation counted in the
 *  class it is drawn in (its ruling's when ruled), for a minimap strip. Uncovered code points end a run. */
export function effectiveClassStrip(input: { length: number; annotations: SummaryAnnotation[] }): StripRun[] {
  return stripOf(readSpans(input.length, input.annotations));
}
