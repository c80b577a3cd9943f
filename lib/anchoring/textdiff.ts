// Which stretches of an old text survive, unchanged, in a new one: the diff re-anchoring maps
// positions through. Long texts with edits all over them are first cut at words that occur exactly
// once in both (patience diff: the longest run of such words in the same order), and only the small
// gaps between those are diffed character by character (diff-match-patch, with semantic cleanup).
// A character diff alone of a 500,000-character revision with 1,000 scattered edits ran into its
// time limit after 1 s and kept a third of the text; this finds the same equalities in a few
// tens of milliseconds.
import { cleanupSemantic, DIFF_DELETE, DIFF_EQUAL, DIFF_INSERT, makeDiff } from "@sanity/diff-match-patch";

/** `len` units equal at old offset `a` and new offset `b`. */
export interface Block {
  a: number;
  b: number;
  len: number;
}

// Gaps at most this long on both sides go straight to the character diff.
const SMALL_GAP = 2_000;
// The character diff of one gap gives up (returning a coarser, still valid diff) after this long…
const CHAR_DIFF_TIMEOUT_MS = 250;
// …and the character diffs of all gaps together after this long: past it, the gaps left are changes as
// they stand. Texts of many gaps that share no text (900 gaps of 2,000 characters took 48 s, ~50 ms
// each, with a request's event loop held all the while) cost no more than this; the gaps of an ordinary
// revision take a few milliseconds in all.
export const CHAR_DIFF_BUDGET_MS = 500;

/**
 * Equal blocks between `x` (old) and `y` (new), ascending in both. `budgetMs` bounds the time the
 * character diffs take together: blocks found past it are fewer, never wrong.
 */
export function equalBlocks(x: string, y: string, budgetMs = CHAR_DIFF_BUDGET_MS): Block[] {
  const budget = { left: budgetMs };
  const blocks: Block[] = [];
  const stack: Array<[number, number, number, number]> = [[0, x.length, 0, y.length]];
  while (stack.length > 0) {
    let [x1, x2, y1, y2] = stack.pop()!;
    let head = 0;
    while (x1 + head < x2 && y1 + head < y2 && x.charCodeAt(x1 + head) === y.charCodeAt(y1 + head)) head++;
    if (head > 0) blocks.push({ a: x1, b: y1, len: head });
    x1 += head;
    y1 += head;
    let tail = 0;
    while (x2 - tail > x1 && y2 - tail > y1 && x.charCodeAt(x2 - 1 - tail) === y.charCodeAt(y2 - 1 - tail)) tail++;
    if (tail > 0) blocks.push({ a: x2 - tail, b: y2 - tail, len: tail });
    x2 -= tail;
    y2 -= tail;
    if (x1 === x2 || y1 === y2) continue;
    if (x2 - x1 <= SMALL_GAP && y2 - y1 <= SMALL_GAP) {
      charDiff(x, x1, x2, y, y1, y2, blocks, budget);
      continue;
    }
    const anchors = uniqueWordAnchors(x, x1, x2, y, y1, y2);
    if (anchors.length === 0) {
      charDiff(x, x1, x2, y, y1, y2, blocks, budget);
      continue;
    }
    let px = x1;
    let py = y1;
    for (const [ax, ay, len] of anchors) {
      if (ax > px || ay > py) stack.push([px, ax, py, ay]);
      blocks.push({ a: ax, b: ay, len });
      px = ax + len;
      py = ay + len;
    }
    if (px < x2 || py < y2) stack.push([px, x2, py, y2]);
  }
  blocks.sort((p, q) => p.a - q.a);
  // merge touching blocks
  const merged: Block[] = [];
  for (const bl of blocks) {
    const last = merged[merged.length - 1];
    if (last && last.a + last.len === bl.a && last.b + last.len === bl.b) last.len += bl.len;
    else merged.push({ ...bl });
  }
  return slideEdits(merged, x, y);
}

// How well a change's edge falls between text[i - 1] and text[i] (diff-match-patch's semantic score, on
// text whose whitespace runs are single spaces): the text's edge, a sentence's end, a space, punctuation.
function edgeScore(text: string, i: number): number {
  if (i <= 0 || i >= text.length) return 6;
  const c1 = text[i - 1];
  const c2 = text[i];
  const space1 = c1 === " ";
  const space2 = c2 === " ";
  const other1 = !/[\p{L}\p{N}]/u.test(c1);
  const other2 = !/[\p{L}\p{N}]/u.test(c2);
  if (other1 && !space1 && space2) return 3;
  if (space1 || space2) return 2;
  return other1 || other2 ? 1 : 0;
}

const SLIDE_LIMIT = 256; // positions an insertion or deletion is slid over, each way

/**
 * Text inserted (or deleted) next to words it repeats can be put on either side of them at the same
 * cost: "harvest. The harvest" gaining "The American … 1922. " can be read as "The |American … 1922.
 * The |harvest" as well. The trimming of a common start and end (and the character diff) take one of
 * these at random as far as meaning goes, and a passage that began with "The harvest" then begins in
 * the inserted text. Each lone insertion or deletion between two equal blocks is slid to where its
 * edges fall best (a sentence's end before a space, then a space; of equals, the nearest to where it
 * was), as diff-match-patch's semantic cleanup does inside its own diffs.
 */
function slideEdits(blocks: Block[], x: string, y: string): Block[] {
  for (let k = 0; k + 1 < blocks.length; k++) {
    const one = blocks[k];
    const two = blocks[k + 1];
    const oldGap = two.a - (one.a + one.len);
    const newGap = two.b - (one.b + one.len);
    if ((oldGap === 0) === (newGap === 0)) continue; // a replacement (or nothing): no other reading
    // The side that has the change, and the change's edges there.
    const [text, s, e] = oldGap === 0 ? [y, one.b + one.len, two.b] : [x, one.a + one.len, two.a];
    let left = 0; // how far it can move left (one's end repeats the change's end)…
    while (left < SLIDE_LIMIT && left < one.len && text.charCodeAt(s - 1 - left) === text.charCodeAt(e - 1 - left)) left++;
    let right = 0; // …and right (two's start repeats the change's start)
    while (right < SLIDE_LIMIT && right < two.len && text.charCodeAt(s + right) === text.charCodeAt(e + right)) right++;
    if (left === 0 && right === 0) continue;
    // The best score; among equals, the one nearest where it was (a run of repeated sentences offers
    // the same score at every sentence: the edit stays by the copy the diff found, never jumps to another).
    let best = 0;
    let bestScore = edgeScore(text, s) + edgeScore(text, e);
    for (let d = -left; d <= right; d++) {
      const score = edgeScore(text, s + d) + edgeScore(text, e + d);
      if (score > bestScore || (score === bestScore && Math.abs(d) < Math.abs(best))) {
        best = d;
        bestScore = score;
      }
    }
    if (best === 0) continue;
    one.len += best;
    two.a += best;
    two.b += best;
    two.len -= best;
  }
  return blocks.filter((bl) => bl.len > 0);
}

function charDiff(x: string, x1: number, x2: number, y: string, y1: number, y2: number, blocks: Block[], budget: { left: number }) {
  if (budget.left <= 0) return; // the gap stays a change
  const started = performance.now();
  const diffs = cleanupSemantic(makeDiff(x.slice(x1, x2), y.slice(y1, y2), { checkLines: false, timeout: Math.min(CHAR_DIFF_TIMEOUT_MS, budget.left) / 1000 }));
  budget.left -= performance.now() - started;
  let a = x1;
  let b = y1;
  for (const [op, s] of diffs) {
    if (op === DIFF_EQUAL) {
      blocks.push({ a, b, len: s.length });
      a += s.length;
      b += s.length;
    } else if (op === DIFF_DELETE) a += s.length;
    else if (op === DIFF_INSERT) b += s.length;
  }
}

// Words (runs of non-spaces) of x[x1, x2): word → its offset, or -1 when it occurs more than once.
function wordOffsets(s: string, from: number, to: number): Map<string, number> {
  const words = new Map<string, number>();
  let i = from;
  while (i < to) {
    while (i < to && s.charCodeAt(i) === 0x20) i++;
    const start = i;
    while (i < to && s.charCodeAt(i) !== 0x20) i++;
    if (i > start) {
      const w = s.slice(start, i);
      words.set(w, words.has(w) ? -1 : start);
    }
  }
  return words;
}

// Words that occur once in each range, in old order, reduced to the longest run ascending in the new
// range too: [old offset, new offset, length].
function uniqueWordAnchors(x: string, x1: number, x2: number, y: string, y1: number, y2: number): Array<[number, number, number]> {
  const inX = wordOffsets(x, x1, x2);
  const inY = wordOffsets(y, y1, y2);
  const pairs: Array<[number, number, number]> = [];
  for (const [w, ax] of inX) {
    if (ax < 0) continue;
    const ay = inY.get(w);
    if (ay !== undefined && ay >= 0) pairs.push([ax, ay, w.length]);
  }
  pairs.sort((p, q) => p[0] - q[0]);
  return longestIncreasing(pairs);
}

// Longest subsequence with increasing new offsets (patience sorting, O(n log n)).
function longestIncreasing(pairs: Array<[number, number, number]>): Array<[number, number, number]> {
  const tails: number[] = []; // index into pairs of the smallest tail of each length
  const prev = new Int32Array(pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    const y = pairs[i][1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pairs[tails[mid]][1] < y) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  }
  const out: Array<[number, number, number]> = [];
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) out.push(pairs[i]);
  return out.reverse();
}

/** Maps offsets of the old text to the new one through the equal blocks. */
export class OffsetMap {
  constructor(
    readonly blocks: Block[],
    private readonly newLength: number,
  ) {}

  // index of the last block starting at or before old offset p (-1 when none)
  private blockAtOrBefore(p: number): number {
    const bl = this.blocks;
    let lo = 0;
    let hi = bl.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bl[mid].a <= p) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /**
   * New offset of the start of old unit p: inside a block, where that unit is now; in a changed
   * stretch, where the new text of that stretch begins.
   */
  start(p: number): number {
    const k = this.blockAtOrBefore(p);
    if (k < 0) return 0;
    const bl = this.blocks[k];
    return p < bl.a + bl.len ? bl.b + (p - bl.a) : bl.b + bl.len;
  }

  /**
   * New offset of an end at old offset p (after unit p - 1): inside a block, just after where that
   * unit is now; in a changed stretch, where the new text of that stretch ends.
   */
  end(p: number): number {
    const k = this.blockAtOrBefore(p - 1);
    if (k >= 0) {
      const bl = this.blocks[k];
      if (p - 1 < bl.a + bl.len) return bl.b + (p - bl.a);
    }
    const next = this.blocks[k + 1];
    return next ? next.b : this.newLength;
  }

  /** Units of old [a0, a1) that are not in a block (deleted or replaced). */
  changedWithin(a0: number, a1: number): number {
    let kept = 0;
    for (let k = Math.max(0, this.blockAtOrBefore(a0)); k < this.blocks.length && this.blocks[k].a < a1; k++) {
      const bl = this.blocks[k];
      kept += Math.max(0, Math.min(a1, bl.a + bl.len) - Math.max(a0, bl.a));
    }
    return a1 - a0 - kept;
  }

  /**
   * Edits needed to turn old [a0, a1) into new [b0, b1) along the diff (each changed stretch costs
   * the longer of its two sides): an upper bound of their edit distance, without computing it.
   */
  alignmentCost(a0: number, a1: number, b0: number, b1: number): number {
    let cost = 0;
    let pa = a0;
    let pb = b0;
    for (let k = Math.max(0, this.blockAtOrBefore(a0)); k < this.blocks.length && this.blocks[k].a < a1; k++) {
      const bl = this.blocks[k];
      const s = Math.max(a0, bl.a);
      const e = Math.min(a1, bl.a + bl.len);
      if (e <= s) continue;
      const sb = bl.b + (s - bl.a);
      if (sb < pb || sb + (e - s) > b1) continue; // not inside the new range
      cost += Math.max(s - pa, sb - pb);
      pa = e;
      pb = sb + (e - s);
    }
    return cost + Math.max(a1 - pa, b1 - pb);
  }

  /** Where old [a0, a1) is in the new text, when it lies wholly inside one block (else null). */
  newOffsetOf(a0: number, a1: number): number | null {
    const k = this.blockAtOrBefore(a0);
    if (k < 0) return null;
    const block = this.blocks[k];
    return a1 <= block.a + block.len ? block.b + (a0 - block.a) : null;
  }

  /** Where new [b0, b1) was in the old text, when it lies wholly inside one block (else null). */
  oldOffsetOf(b0: number, b1: number): number | null {
    const bl = this.blocks;
    let lo = 0;
    let hi = bl.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bl[mid].b <= b0) lo = mid + 1;
      else hi = mid;
    }
    const k = lo - 1;
    if (k < 0) return null;
    const block = bl[k];
    return b1 <= block.b + block.len ? block.a + (b0 - block.b) : null;
  }
}
