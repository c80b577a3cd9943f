// A word-level diff between two versions of a document's text, with code point offsets into both.
//
// jsdiff alone (the `diff` package) took 1.5 s for a handful of edits in a 470,000-character text and
// gave up on scattered ones: its Myers diff runs over every token of both texts. So the unchanged
// stretches are found first by the re-anchoring's text diff (lib/anchoring/textdiff.ts: unique words as
// anchors, then a character diff of the gaps; tens of milliseconds), each changed stretch is widened to
// whole words, stretches close together are joined, and only those are diffed word by word with
// jsdiff's diffArrays over our own tokens (words, single punctuation marks, whitespace runs, each line
// break), which never split a surrogate pair. A stretch that still takes too long is shown as deleted
// and inserted whole (`coarse`).
//
// With `ignoreWhitespace` (the versions page's default), a change that only adds, removes or swaps
// whitespace (a paragraph re-wrapped, trailing spaces dropped, two spaces for one) is not shown: it
// becomes part of the unchanged text around it.
import { diffArrays } from "diff";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { equalBlocks } from "@/lib/anchoring/textdiff";

export type DiffPartType = "equal" | "insert" | "delete";

/** A run of text: unchanged, only in the new version, or only in the old one. Offsets in code points, end exclusive. */
export interface DiffPart {
  type: DiffPartType;
  /**
   * The run's text. An "equal" run that holds ignored whitespace changes (`whitespace`) has the new
   * version's text, and its `from` range in the old text may be longer or shorter.
   */
  text: string;
  /** Where it is in the old text (an insertion: the point it goes in at). */
  from: { start: number; end: number };
  /** Where it is in the new text (a deletion: the point it was taken out at). */
  to: { start: number; end: number };
  /** "equal" only: it holds whitespace changes that were ignored. */
  whitespace?: true;
}

export interface TextDiff {
  parts: DiffPart[];
  /** Code points inserted and deleted. */
  inserted: number;
  deleted: number;
  /** Some changed stretch was too large to diff word by word in the time allowed: shown as replaced whole. */
  coarse: boolean;
  /** Changes of whitespace only that were ignored (0 unless `ignoreWhitespace`). */
  whitespaceChanges: number;
}

const TOKEN = /[\p{L}\p{N}\p{M}_]+|\n|[^\S\n]+|./gsu;
const WORD_UNIT = /[\p{L}\p{N}\p{M}_]/u;
// Equal stretches shorter than this between two changes are diffed together with them.
const JOIN_GAP = 24;

function isWordUnit(s: string, i: number): boolean {
  const code = s.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdfff) return true; // half of a pair: never cut there
  return WORD_UNIT.test(s[i]);
}

/**
 * Word diff of old → new. `timeoutMs` bounds the word-by-word diffing (the rest comes out coarse);
 * `ignoreWhitespace` leaves out changes of whitespace only.
 */
export function diffTexts(oldText: string, newText: string, options: { timeoutMs?: number; ignoreWhitespace?: boolean } = {}): TextDiff {
  const deadline = Date.now() + (options.timeoutMs ?? 1500);
  // Changed stretches [x1, x2) of old and [y1, y2) of new, between the equal blocks.
  const regions: Array<[number, number, number, number]> = [];
  let pa = 0;
  let pb = 0;
  for (const bl of [...equalBlocks(oldText, newText), { a: oldText.length, b: newText.length, len: 0 }]) {
    if (bl.a > pa || bl.b > pb) regions.push([pa, bl.a, pb, bl.b]);
    pa = bl.a + bl.len;
    pb = bl.b + bl.len;
  }
  // Whole words: widen each stretch over the word characters next to it (equal on both sides, since
  // they are in the surrounding equal blocks), then join stretches that touch or nearly do.
  const joined: Array<[number, number, number, number]> = [];
  for (const r of regions) {
    let [x1, x2, y1, y2] = r;
    const prev = joined[joined.length - 1];
    const floor = prev ? prev[1] : 0;
    while (x1 > floor && isWordUnit(oldText, x1 - 1)) {
      x1--;
      y1--;
    }
    while (x2 < oldText.length && y2 < newText.length && isWordUnit(oldText, x2) && oldText[x2] === newText[y2]) {
      x2++;
      y2++;
    }
    if (prev && x1 - prev[1] < JOIN_GAP) {
      prev[1] = Math.max(prev[1], x2);
      prev[3] = Math.max(prev[3], y2);
    } else joined.push([x1, x2, y1, y2]);
  }

  // The runs of text, in order (consecutive runs of one type joined).
  const ops: Array<[DiffPartType, string]> = [];
  const push = (type: DiffPartType, text: string) => {
    if (!text) return;
    const last = ops[ops.length - 1];
    if (last && last[0] === type) last[1] += text;
    else ops.push([type, text]);
  };
  let coarse = false;
  let x = 0;
  for (const [x1, x2, y1, y2] of joined) {
    push("equal", oldText.slice(x, x1));
    const before = oldText.slice(x1, x2);
    const after = newText.slice(y1, y2);
    x = x2;
    const remaining = deadline - Date.now();
    const changes = remaining > 0 ? diffArrays(before.match(TOKEN) ?? [], after.match(TOKEN) ?? [], { timeout: remaining }) : undefined;
    if (!changes) {
      coarse = true;
      push("delete", before);
      push("insert", after);
      continue;
    }
    for (const change of changes) push(change.removed ? "delete" : change.added ? "insert" : "equal", change.value.join(""));
  }
  push("equal", oldText.slice(x));
  slideToBoundaries(ops);

  const oldIndex = new CodePointIndex(oldText);
  const newIndex = new CodePointIndex(newText);
  const parts: DiffPart[] = [];
  let inserted = 0;
  let deleted = 0;
  let ox = 0;
  let oy = 0;
  for (const [type, text] of ops) {
    const xEnd = type === "insert" ? ox : ox + text.length;
    const yEnd = type === "delete" ? oy : oy + text.length;
    const from = { start: oldIndex.toCodePoint(ox), end: oldIndex.toCodePoint(xEnd) };
    const to = { start: newIndex.toCodePoint(oy), end: newIndex.toCodePoint(yEnd) };
    if (type === "insert") inserted += to.end - to.start;
    if (type === "delete") deleted += from.end - from.start;
    parts.push({ type, text, from, to });
    ox = xEnd;
    oy = yEnd;
  }
  if (!options.ignoreWhitespace) return { parts, inserted, deleted, coarse, whitespaceChanges: 0 };
  return { ...ignoreWhitespaceChanges(parts), coarse };
}

const words = (s: string) => s.split(/\s+/u).filter(Boolean);
const BLANK = /^\s+$/u;

/**
 * A stretch of a diff as the versions page shows it: unchanged text, or one change. A change is the
 * insertions and deletions next to one another, with any unchanged whitespace alone between them
 * ("Nothing further" to "A second" comes out word by word around the space, and is one change), as
 * ignoreWhitespaceChanges groups them.
 */
export type DiffStretch = { type: "equal"; part: DiffPart } | { type: "change"; parts: DiffPart[] };

/** The parts as unchanged stretches and changes, in order; the page counts the changes and steps through them. */
export function diffStretches(parts: readonly DiffPart[]): DiffStretch[] {
  const out: DiffStretch[] = [];
  parts.forEach((p, i) => {
    const last = out[out.length - 1];
    const joins = p.type !== "equal" || (BLANK.test(p.text) && parts[i + 1] !== undefined && parts[i + 1].type !== "equal");
    if (joins && last?.type === "change") last.parts.push(p);
    else if (p.type !== "equal") out.push({ type: "change", parts: [p] });
    else out.push({ type: "equal", part: p });
  });
  return out;
}

/**
 * The parts with every change of whitespace only joined to the unchanged runs around it, and the
 * counts of what is left. A change (deletions and insertions, and the runs of unchanged whitespace
 * between them: a word moved across a line break comes out deleted on one side of it and inserted on
 * the other) is of whitespace only when both sides, with the characters next to it, are the same
 * words; so a space added inside a word ("Foobar" to "Foo bar") is a change of words.
 */
function ignoreWhitespaceChanges(parts: DiffPart[]): Omit<TextDiff, "coarse"> {
  const out: DiffPart[] = [];
  let whitespaceChanges = 0;
  const pushEqual = (part: DiffPart) => {
    const last = out[out.length - 1];
    if (last?.type !== "equal") return void out.push(part);
    last.text += part.text;
    last.from = { start: last.from.start, end: part.from.end };
    last.to = { start: last.to.start, end: part.to.end };
    if (part.whitespace) last.whitespace = true;
  };
  // parts[i, j) as one unchanged run when it changes whitespace only
  const collapse = (i: number, j: number): boolean => {
    const change = parts.slice(i, j);
    const side = (skip: DiffPartType) =>
      words((parts[i - 1]?.text.slice(-1) ?? "") + change.filter((p) => p.type !== skip).map((p) => p.text).join("") + (parts[j]?.text[0] ?? ""));
    const [before, after] = [side("insert"), side("delete")];
    if (before.length !== after.length || before.some((w, k) => w !== after[k])) return false;
    whitespaceChanges++;
    pushEqual({
      type: "equal",
      text: change.filter((p) => p.type !== "delete").map((p) => p.text).join(""),
      from: { start: change[0].from.start, end: change[change.length - 1].from.end },
      to: { start: change[0].to.start, end: change[change.length - 1].to.end },
      whitespace: true,
    });
    return true;
  };
  const changeEnd = (i: number) => {
    let j = i;
    while (j < parts.length && parts[j].type !== "equal") j++;
    return j;
  };
  for (let i = 0; i < parts.length; ) {
    if (parts[i].type === "equal") {
      pushEqual({ ...parts[i++] });
      continue;
    }
    // the changes here and any more after unchanged whitespace alone
    let j = changeEnd(i);
    while (j + 1 < parts.length && BLANK.test(parts[j].text) && parts[j + 1].type !== "equal") j = changeEnd(j + 1);
    if (!collapse(i, j)) {
      // else each change on its own
      for (let k = i; k < j; ) {
        if (parts[k].type === "equal") {
          pushEqual({ ...parts[k++] });
          continue;
        }
        const end = changeEnd(k);
        if (!collapse(k, end)) out.push(...parts.slice(k, end));
        k = end;
      }
    }
    i = j;
  }
  let inserted = 0;
  let deleted = 0;
  for (const p of out) {
    if (p.type === "insert") inserted += p.to.end - p.to.start;
    if (p.type === "delete") deleted += p.from.end - p.from.start;
  }
  return { parts: out, inserted, deleted, whitespaceChanges };
}

const SLIDE = 64;
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

// How readable an insertion or deletion is when it starts after `before` and ends before `after`
// (its first and last characters `first` and `last`): best when it starts at a word and ends after a
// space or a sentence's end, like a sentence taken out whole.
function boundaryScore(before: string | undefined, first: string, last: string, after: string | undefined): number {
  let score = 0;
  if (isSpace(before)) score += 2;
  if (/[\s]/.test(last) || isSpace(after)) score += 1;
  if (/[.!?;:,]/.test(last) || /[\p{L}\p{N}]/u.test(first)) score += 1;
  return score;
}

/**
 * An insertion or deletion alone between two unchanged runs can often sit in several places with the
 * same result ("fantasy[. The minister resigned in 1952]. Nobody" or "fantasy. [The minister resigned
 * in 1952. ]Nobody"): slide it to the most readable one, never splitting a surrogate pair.
 */
function slideToBoundaries(ops: Array<[DiffPartType, string]>): void {
  for (let i = 1; i + 1 < ops.length; i++) {
    const [type, edit] = ops[i];
    if (type === "equal" || ops[i - 1][0] !== "equal" || ops[i + 1][0] !== "equal") continue;
    const left = ops[i - 1][1];
    const right = ops[i + 1][1];
    // the edit can move k characters left (k < 0) or right (k > 0) while the text it passes is equal
    let minK = 0;
    while (-minK < SLIDE && -minK < left.length && -minK < edit.length && left[left.length - 1 + minK] === edit[edit.length - 1 + minK]) minK--;
    let maxK = 0;
    while (maxK < SLIDE && maxK < right.length && maxK < edit.length && right[maxK] === edit[maxK]) maxK++;
    if (minK === 0 && maxK === 0) continue;
    const whole = left + edit + right;
    let best = 0;
    let bestScore = -1;
    for (let k = minK; k <= maxK; k++) {
      const at = left.length + k;
      if (isLow(whole.charCodeAt(at)) || isLow(whole.charCodeAt(at + edit.length))) continue;
      const score = boundaryScore(whole[at - 1], whole[at], whole[at + edit.length - 1], whole[at + edit.length]);
      if (score > bestScore || (score === bestScore && k === 0)) {
        best = k;
        bestScore = score;
      }
    }
    if (best === 0) continue;
    const at = left.length + best;
    ops[i - 1][1] = whole.slice(0, at);
    ops[i][1] = whole.slice(at, at + edit.length);
    ops[i + 1][1] = whole.slice(at + edit.length);
  }
}

