// Re-anchoring: where do annotations made on one text belong in another version of it?
//
// `reanchor` takes the new text, each annotation's old selectors (start, end, quote, prefix,
// suffix; positions in code points) and, when it is known, the old text. For each annotation it
// answers a placement (code points; `quote` is always the code point slice of the new text) and a
// state:
//
//   exact     the same text, up to the normalisation below, where it is expected (where the diff
//             of old → new puts it or, without the old text, at its old offsets), with agreeing
//             context on at least one side.
//   moved     the same text with agreeing context, somewhere else.
//   fuzzy     anything that could be wrong: approximate text, text rewritten between unchanged
//             context, a choice among several places whose context agrees, a unique verbatim
//             occurrence with no agreeing context. It has a score (0–1) and the old quote
//             (`previousQuote`) beside the new one, for a person to check.
//   orphaned  no acceptable placement: start, end and quote are null.
//
// Never silently wrong: exact and moved need the same text AND agreeing context AND no other place
// whose context agrees as well; everything weaker is fuzzy or orphaned.
//
// Normalisation (normalize.ts), for matching only: whitespace runs → one space, curly quotes and
// primes → straight, dash runs ("—", "–", "--") → "-", "…" → "...", lower case, invisible format
// characters dropped. Each normalised unit remembers its code points, so matches map back exactly.
// Leading and trailing whitespace of a stored quote is matched separately and given back.
//
// With the old text (a new version): both texts are normalised and diffed (textdiff.ts: words that
// occur once in both as anchors, then a character diff of the small gaps), and each old passage is
// mapped through the diff, then verified. Insertions and deletions elsewhere, reflow and typography
// cost nothing, and changes at the passage's edge are re-aligned with its context (align.ts). Text
// that the diff shows unchanged but at another old position is another passage, never a candidate;
// a passage that moved is looked for only in the new material. A copy of the passage pasted beside
// it, alone or in a block of other new text ("A P B" → "A P G P B", "A So, P P B", "A P G P [2] B":
// nothing but new text between the two), is an insertion the diff can read on either side of the
// passage at the same cost: when the copy's context agrees as well, which copy is the original is a
// choice (fuzzy, on the one the diff keeps); when the old context agrees at one of them only, that one
// is the passage. The same holds for deletions: of two identical passages with nothing but deleted text
// between them ("A P P B" or "A P G P B" → "A P B"), which one went cannot be told, so an annotation
// on either is fuzzy on the one left; one deleted apart from its copy (other old text kept between
// them) is orphaned, and the copy's own annotation stays exact.
// Without the old text (an import): unchanged quote and context at the old offsets are exact at
// once (an empty side of context, the old text's edge, only at the new text's edge); otherwise the quote is looked for verbatim everywhere, then approximately near the old
// offsets (first around the occurrence of each piece of it nearest to where that piece was: a text
// that repeats part of a paragraph has the first elsewhere), then where its first or last 16
// characters occur. A verbatim match elsewhere is only
// "moved" if the old context does not still stand near the old place without it (then the passage
// was edited or deleted there and the match is a repeat: fuzzy, on the edited passage when the
// match's agreeing context agrees there too, else on the match), and, agreeing on one side only, if
// the passage does not still stand verbatim nearer the old place (a choice: fuzzy). A match where a
// side of context does not agree that the stored context shows began with a copy of the passage (the
// old text had it twice in a row, and one went) is fuzzy too, exact or moved as it would be. One case stays
// out of reach without the old text: a passage deleted together with all of its context while an
// identical copy of both remains elsewhere looks exactly like that block having moved.
// A combining mark right after a placement (an accent added to its last letter) is taken into it,
// and the placement is fuzzy; so is the rest of a word a placement starts or ends inside where the
// old passage began or ended between words (a reworded edge word the diff kept a letter or two of).
//
// Approximate matching allows errors up to half the quote's length (approx-string-match: Myers'
// bit-parallel algorithm for any pattern length; diff-match-patch's bitap stops at 32 characters).
// Acceptance (THRESHOLDS below):
//   - a side of context agrees when its similarity (1 − edit distance / length, aligned outwards
//     from the passage, far end free) is ≥ 0.8 over at least 8 characters, or it is the text's edge;
//     not where the old context closed up over the deleted passage: a candidate that ends with the
//     old prefix (starts with the old suffix) where the quote does not has the old suffix after it
//     (prefix before it) only because the passage went (a stretch from a partial repeat of the
//     passage up to where it was), so that side counts for nothing;
//   - verbatim text needs one agreeing side; approximate text a quote similarity ≥ 0.5 with both
//     sides agreeing or ≥ 0.75 with one; text pinned between both sides of unchanged context
//     (≥ 0.95 each, the passage about as long as before) ≥ 0.3;
//   - two or more non-overlapping acceptable places: fuzzy, the one nearest the expected place;
//   - nothing acceptable: a single verbatim occurrence is fuzzy at half score, else orphaned; without
//     the old text, not when the old prefix and suffix still stand near the old place around other
//     text (the passage rewritten there beyond recognition, where the diff would orphan it: the
//     occurrence is another passage, so orphaned).
// Score of a fuzzy placement: quote similarity × (0.5 + 0.5 × mean context similarity), halved for
// a choice among repeats or a placement without agreeing context, at most 0.99. Exact and moved: 1.
import search from "approx-string-match";
import { CodePointIndex, cpLength } from "./codepoints";
import { alignBoundary, contextSimilarity, similarity } from "./align";
import { matchingForm, sourceRange, toMatchingText, unitAt, type MatchingText } from "./normalize";
import { equalBlocks, OffsetMap } from "./textdiff";

export type AnchorState = "exact" | "moved" | "fuzzy" | "orphaned";

/** What is known of an annotation on the old text (positions in code points). */
export interface OldAnchor {
  start?: number | null;
  end?: number | null;
  quote: string;
  prefix?: string | null;
  suffix?: string | null;
}

export type Placement =
  | { state: "exact" | "moved" | "fuzzy"; start: number; end: number; quote: string; score: number; previousQuote: string }
  | { state: "orphaned"; start: null; end: null; quote: null; score: 0; previousQuote: string };

const THRESHOLDS = {
  /** A side of context agrees at this similarity… */
  sideAgrees: 0.8,
  /** …over at least this many normalised characters (fewer only when it reaches the text's edge exactly). */
  minContext: 8,
  /** Quote similarity needed with both sides agreeing / with one. */
  bothSides: 0.5,
  oneSide: 0.75,
  /** Quote similarity needed for text pinned between both sides of unchanged context (by the diff, or found between them). */
  pinned: 0.3,
  pinnedSide: 0.95,
  /** Errors allowed in approximate search, per character of the quote. */
  errorRate: 0.5,
} as const;

const T = THRESHOLDS;
const CONTEXT_UNITS = 40; // normalised context compared on each side (stored context is 32 code points)
const NEAR = 2_000; // approximate search first within this many units of the expected place (plus the quote's length)
const MAX_FUZZY_UNITS = 5_000; // longer quotes are placed verbatim or through the diff only
const MAX_OCCURRENCES = 10_000; // verbatim occurrences looked at per quote
const EXAMINED = 64; // verbatim occurrences whose context is fully compared (the best by a cheap pre-score)
const PIECE = 16; // length of the pieces looked for to find far approximate matches without the old text
const PASTE_GAP = 2_000; // units of new text between a passage and a copy of it pasted beside it (plus the copy's length)
const SLIDE_GAP = 256; // units between a passage and an insertion beside it that repeats the text between them (textdiff's slide limit)
const WORD_SLIDE = 32; // code points an approximate placement's edge moves out to the edge of the word it is inside
/** A letter, digit or combining mark: a character inside a word. */
const WORD = /^[\p{L}\p{N}\p{M}]$/u;

interface Sought {
  quote: string; // normalised, no leading or trailing space
  lead: number; // whitespace code points the stored quote had at its start…
  trail: number; // …and at its end
  prefix: string;
  suffix: string;
}

interface Candidate {
  a: number; // normalised units of the new text
  b: number;
  verbatim: boolean;
  qs: number; // quote similarity
  before: number | null; // context similarity (null: no context on that side)
  after: number | null;
  agree: number; // sides that agree
  agreeBefore: boolean; // which: the prefix…
  agreeAfter: boolean; // …and the suffix
  present: number; // sides with context
  ctx: number; // mean similarity of the sides present
}

interface Hit {
  start: number;
  end: number;
  errors: number;
}

interface Expectation {
  /** Normalised unit where the passage should start (diff-mapped, or the old offset), if known. */
  at: number | null;
  /** Without the old text: the old start, in code points. */
  cp: number | null;
  /** With the old text: the passage's old normalised range, to recognise it and exclude other old text. */
  old: { a: number; b: number } | null;
}

const LEADING_BLANK = /^[\s\p{Cf}]*/u;
// A quote of only these has nothing to find (seek gives up on it): it is orphaned, wherever it is.
const BLANK_ONLY = /^[\s\p{Cf}]*$/u;
const TRAILING_BLANK = /[\s\p{Cf}]*$/u;
const cache = new WeakMap<CodePointIndex, MatchingText>();

function prepare(source: string | CodePointIndex): { index: CodePointIndex; m: MatchingText } {
  const index = typeof source === "string" ? new CodePointIndex(source) : source;
  let m = cache.get(index);
  if (!m) {
    m = toMatchingText(index);
    cache.set(index, m);
  }
  return { index, m };
}

/**
 * Places each annotation on `text` (see the module comment). `oldText`, when given, is the text the
 * selectors were made on. The answer is in the order of `annotations`.
 */
export function reanchor(input: {
  text: string | CodePointIndex;
  oldText?: string | CodePointIndex;
  annotations: readonly OldAnchor[];
}): Placement[] {
  const anchorer = new Anchorer(input.text, input.oldText);
  return input.annotations.map((a) => anchorer.place(a));
}

/** How many placements are in each state. */
export function countStates(placements: readonly Placement[]): Record<AnchorState, number> {
  const counts = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  for (const p of placements) counts[p.state]++;
  return counts;
}

class Anchorer {
  private readonly index: CodePointIndex;
  private readonly m: MatchingText;
  private readonly old: {
    index: CodePointIndex;
    m: MatchingText;
    map: OffsetMap;
    /** The stretches of the new text that are not in the old one… */
    fresh: Array<[number, number]>;
    /** (…and of the old text that are not in the new one) */
    gone: Array<[number, number]>;
    /** …joined by NUL characters, to look for pieces of a quote in them in one scan. */
    freshText: string;
    freshAt: number[]; // where each stretch starts in freshText
  } | null = null;

  constructor(text: string | CodePointIndex, oldText?: string | CodePointIndex) {
    ({ index: this.index, m: this.m } = prepare(text));
    if (oldText !== undefined) {
      const old = prepare(oldText);
      const map = new OffsetMap(equalBlocks(old.m.text, this.m.text), this.m.text.length);
      // stretches of the new text that are not in the old one, and of the old text not in the new one
      const fresh = outsideBlocks(map.blocks, "b", this.m.text.length);
      const gone = outsideBlocks(map.blocks, "a", old.m.text.length);
      const freshAt: number[] = [];
      let at = 0;
      for (const [b0, b1] of fresh) {
        freshAt.push(at);
        at += b1 - b0 + 1;
      }
      const freshText = fresh.map(([b0, b1]) => this.m.text.slice(b0, b1)).join("\u0000");
      this.old = { ...old, map, fresh, gone, freshText, freshAt };
    }
  }

  place(sel: OldAnchor): Placement {
    // Without the old text: quote and context unchanged at the old offsets (an import onto the same
    // text) is exact, found without the matching forms of the quote and its context.
    if (!this.old && !BLANK_ONLY.test(sel.quote ?? "") && this.unchangedAtOffsets(sel)) {
      return { state: "exact", start: sel.start as number, end: sel.end as number, quote: sel.quote, score: 1, previousQuote: sel.quote };
    }
    const s = seek(sel);
    if (!s) return orphaned(sel.quote);
    const exp = this.expectation(sel, s);

    // 1. Through the diff.
    if (this.old && exp.old) {
      const a = exp.at!;
      const b = this.old.map.end(exp.old.b);
      if (b > a) {
        const c = this.evaluate(s, a, b, 0.25, this.old.map.alignmentCost(exp.old.a, exp.old.b, a, b));
        if (c.verbatim && (c.agree >= 1 || c.present === 0)) {
          // a copy pasted beside it that the diff could as well have kept as the passage, or one deleted
          // beside it where the diff could as well have deleted the passage: a choice
          if (this.pastedCopy(s, c) || this.deletedCopy(exp)) return this.fuzzy(c, 0.5, s, sel);
          return this.placement(c, "exact", 1, s, sel);
        }
        if (!c.verbatim) {
          // a change at the passage's edge can leave a diff boundary a character off: re-align
          const refined = this.refine(s, c, exp, "inward");
          if (pinned(refined) || accepts(refined)) return this.fuzzy(refined, 1, s, sel);
          if (pinned(c)) return this.fuzzy(c, 1, s, sel);
        }
      }
    }

    // 1b. Deleted beside an identical copy that stayed, where the diff could as well have deleted the
    // copy: whether the passage is the copy left cannot be told (a choice).
    if (this.old && exp.old) {
      const kept = this.survivingCopy(s, exp);
      if (kept) return this.fuzzy(kept, 0.5, s, sel);
    }

    // 2. Verbatim, with agreeing context.
    const { examined, found } = this.verbatim(s, exp);
    const agreeing = examined.filter((c) => c.agree >= 1 || (c.present === 0 && this.isExpected(c, s, exp)));
    if (agreeing.length > 0) {
      const pick = this.choose(agreeing, s, exp);
      // Without the old text: the stored context shows an identical copy right beside the passage, and
      // that side no longer agrees here: one of the two copies went, and which one cannot be told.
      if (pick.state !== "fuzzy" && this.searchesWithoutDiff(exp) && lostCopyBeside(s, pick.c)) return this.fuzzy(pick.c, 0.5, s, sel);
      if (pick.state === "moved" && this.searchesWithoutDiff(exp)) {
        // Without the old text a repeat of the passage looks moved when the passage itself was
        // edited or deleted. If its context is still near the old place, that is what happened, or
        // (a candidate there that does not outweigh this one) at least a choice.
        const edited = this.contextNearOldPlace(s, exp, pick.c, found);
        if (edited !== null) return this.fuzzy(typeof edited === "string" ? pick.c : edited, 0.5, s, sel);
        // Or the passage is still where it was, its context rewritten on both sides, and a repeat
        // elsewhere keeps one side of it: with one side only, a verbatim occurrence nearer the old
        // place makes it a choice between the two.
        const stayed = pick.c.agree < 2 ? this.nearerOccurrence(s, exp, pick.c, examined) : null;
        if (stayed) return this.fuzzy(stayed, 0.5, s, sel);
      }
      return this.placement(pick.c, pick.state, pick.factor, s, sel);
    }

    // 3. Approximate, with agreeing context.
    if (s.quote.length <= MAX_FUZZY_UNITS) {
      const approximate = this.approximate(s, exp, found);
      if (approximate.length > 0) {
        const pick = this.choose(approximate, s, exp);
        return this.placement(pick.c, pick.state, pick.factor, s, sel);
      }
    }

    // 4. A single verbatim occurrence, without agreeing context: not when the old context still stands
    // on both sides of other text at the old place (the passage rewritten there beyond recognition, as
    // a diff would show: the occurrence is another passage).
    if (found.length === 1 && !(this.searchesWithoutDiff(exp) && this.rewrittenInPlace(s, exp, examined[0]))) return this.fuzzy(examined[0], 0.5, s, sel);
    return orphaned(sel.quote);
  }

  private expectation(sel: OldAnchor, s: Sought): Expectation {
    const start = sel.start;
    const end = sel.end;
    const valid = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 0;
    if (this.old) {
      const old = this.old;
      if (!valid(start)) return { at: null, cp: null, old: null };
      const at = old.map.start(unitAt(old.m, Math.min(start, old.index.length)));
      if (valid(end) && end > start && end <= old.index.length && old.index.slice(start, end) === sel.quote) {
        const a = unitAt(old.m, start + s.lead);
        const b = unitAt(old.m, end - s.trail);
        return { at: old.map.start(a), cp: null, old: { a, b } };
      }
      return { at, cp: null, old: null };
    }
    if (!valid(start)) return { at: null, cp: null, old: null };
    const cp = Math.min(start, this.index.length);
    return { at: unitAt(this.m, cp + s.lead), cp, old: null };
  }

  private unchangedAtOffsets(sel: OldAnchor): boolean {
    const { start, end } = sel;
    if (typeof start !== "number" || typeof end !== "number" || !Number.isInteger(start) || !Number.isInteger(end)) return false;
    if (start < 0 || end <= start || end > this.index.length || this.index.slice(start, end) !== sel.quote) return false;
    const prefix = sel.prefix ?? "";
    const suffix = sel.suffix ?? "";
    // An empty side is the old text's edge (or no context at all): unchanged only at the text's edge,
    // as the search has it (where a copy pasted beside the passage, at that edge now, agrees as well).
    if ((prefix !== "" || suffix !== "") && ((prefix === "" && start !== 0) || (suffix === "" && end !== this.index.length))) return false;
    return this.index.slice(start - cpLength(prefix), start) === prefix && this.index.slice(end, end + cpLength(suffix)) === suffix;
  }

  // Without a usable diff for this annotation (no old text, or selectors that do not fit it).
  private searchesWithoutDiff(exp: Expectation): boolean {
    return !this.old || !exp.old;
  }

  // Quote similarity and context of the candidate [a, b); `distance` when already known.
  private evaluate(s: Sought, a: number, b: number, floor = 0.5, distance?: number): Candidate {
    const text = this.m.text;
    const slice = text.slice(a, b);
    const verbatim = slice === s.quote;
    const longer = Math.max(s.quote.length, b - a);
    const qs = verbatim
      ? 1
      : distance !== undefined
        ? 1 - distance / longer
        : s.quote.length > MAX_FUZZY_UNITS
          ? this.diffSimilarity(a, b, s)
          : similarity(s.quote, slice, floor);
    // no context on a side: the edge of the text agrees with it, anything else says nothing; a side
    // where the old context closed up over the deleted passage says nothing for this candidate
    const before = s.prefix ? (junction(s, slice, "start") ? 0 : contextSimilarity(s.prefix, text, a, "before")) : a === 0 ? 1 : null;
    const after = s.suffix ? (junction(s, slice, "end") ? 0 : contextSimilarity(s.suffix, text, b, "after")) : b === text.length ? 1 : null;
    const agreeBefore = before !== null && sideAgrees(before, s.prefix.length, a === s.prefix.length);
    const agreeAfter = after !== null && sideAgrees(after, s.suffix.length, b + s.suffix.length === text.length);
    const agree = Number(agreeBefore) + Number(agreeAfter);
    const sides = [before, after].filter((x): x is number => x !== null);
    const ctx = sides.length ? sides.reduce((x, y) => x + y, 0) / sides.length : 0;
    return { a, b, verbatim, qs, before, after, agree, agreeBefore, agreeAfter, present: sides.length, ctx };
  }

  // For a very long quote, similarity from the diff: the old passage's units that changed, against its length.
  private diffSimilarity(a: number, b: number, s: Sought): number {
    const longer = Math.max(s.quote.length, b - a);
    if (!this.old) return 0;
    const changed = Math.max(this.old.map.changedWithin(unitAtOld(this.old, a), unitAtOld(this.old, b)), Math.abs(b - a - s.quote.length));
    return Math.max(0, 1 - changed / longer);
  }

  private isExpected(c: Candidate, s: Sought, exp: Expectation): boolean {
    if (exp.at === null) return false;
    if (exp.cp !== null) return this.cpRange(c, s).start === exp.cp;
    return c.a === exp.at;
  }

  // With the old text: whether the new text holds, beside the diff's placement `c`, a copy of the passage
  // that the diff could as well have kept as the passage (see `copiesBeside`): old "A P B", new
  // "A P G P B", "A So, P P B" or "A P Said: P [3] B". The copy must agree with the old context as `c`
  // does (on at least one side): then which copy is the original cannot be told from the text. A copy
  // whose context agrees on neither side (a sentence pasted with it on each side), a copy past unchanged
  // old text, and copies that are old text themselves (other passages) change nothing.
  private pastedCopy(s: Sought, c: Candidate): boolean {
    const old = this.old!;
    const copies = copiesBeside(this.m.text, old.fresh, c.a, c.b, (p, q) => old.map.oldOffsetOf(p, q) !== null);
    return copies.some((p) => {
      const copy = this.evaluate(s, p, p + (c.b - c.a));
      return copy.agree >= 1 || copy.present === 0;
    });
  }

  // With the old text: whether the old text had, beside the passage, a copy of it that the new version
  // deleted where the diff could as well have deleted the passage and kept the copy (old "A P P B" or
  // "A P G P B", new "A P B"): then whether the passage is still there cannot be told.
  private deletedCopy(exp: Expectation): boolean {
    const old = this.old!;
    return copiesBeside(old.m.text, old.gone, exp.old!.a, exp.old!.b, (p, q) => old.map.newOffsetOf(p, q) !== null).length > 0;
  }

  // With the old text, the passage deleted: an identical copy beside it that the new version kept where
  // the diff could as well have kept the passage (the other side of `deletedCopy`), placed in the new
  // text, when the old context agrees there; the nearest such.
  private survivingCopy(s: Sought, exp: Expectation): Candidate | null {
    const old = this.old!;
    const text = old.m.text;
    const { a, b } = exp.old!;
    const m = b - a;
    const quote = text.slice(a, b);
    const kept = (p: number, q: number) => old.map.newOffsetOf(p, q) !== null;
    let best: Candidate | null = null;
    for (const p of occurrences(text, quote, a - PASTE_GAP - m, b + PASTE_GAP + m)) {
      const at = old.map.newOffsetOf(p, p + m);
      if (at === null || (p < b && p + m > a) || !copiesBeside(text, old.gone, p, p + m, kept).includes(a)) continue;
      const c = this.evaluate(s, at, at + m);
      if (c.verbatim && (c.agree >= 1 || c.present === 0) && (!best || this.distance(c, exp) < this.distance(best, exp))) best = c;
    }
    return best;
  }

  // Whether [a, b) is text the old version had elsewhere (so another passage, not this one).
  private otherOldText(a: number, b: number, exp: Expectation): boolean {
    if (!this.old || !exp.old) return false;
    const o = this.old.map.oldOffsetOf(a, b);
    return o !== null && (o + (b - a) <= exp.old.a || o >= exp.old.b);
  }

  private verbatim(s: Sought, exp: Expectation): { examined: Candidate[]; found: number[] } {
    const text = this.m.text;
    const q = s.quote;
    const found: number[] = [];
    for (let p = text.indexOf(q); p !== -1 && found.length < MAX_OCCURRENCES; p = text.indexOf(q, p + 1)) {
      if (!this.otherOldText(p, p + q.length, exp)) found.push(p);
    }
    // a cheap pre-score (characters of context equal right next to it) picks the few compared fully
    const near = exp.at ?? 0;
    const ranked = found
      .map((p) => ({ p, pre: commonEnd(s.prefix, text, p) + commonStart(s.suffix, text, p + q.length), d: Math.abs(p - near) }))
      .sort((x, y) => y.pre - x.pre || x.d - y.d)
      .slice(0, EXAMINED);
    return { examined: ranked.map(({ p }) => this.evaluate(s, p, p + q.length)), found };
  }

  private nearOldPlace(s: Sought, exp: Expectation): Array<[number, number]> {
    if (exp.at === null) return [];
    const m = s.quote.length;
    return [[exp.at - NEAR - m, exp.at + m + NEAR + m]];
  }

  // Accepted approximate candidates. With a usable diff, only the new material can hold the passage
  // (elsewhere the text is unchanged old text); without one, near the old place first, then where a
  // piece of the quote or of its context occurs.
  private approximate(s: Sought, exp: Expectation, verbatim: number[]): Candidate[] {
    const text = this.m.text;
    const m = s.quote.length;
    const k = Math.max(1, Math.ceil(m * T.errorRate));
    if (!this.searchesWithoutDiff(exp)) {
      // where a piece of the quote occurs in new material long enough to hold most of it
      const old = this.old!;
      const regions: Array<[number, number]> = [];
      for (const [piece, offset] of quotePieces(s.quote)) {
        for (let p = old.freshText.indexOf(piece); p !== -1; p = old.freshText.indexOf(piece, p + 1)) {
          let i = 0;
          for (let hi = old.freshAt.length; i + 1 < hi; ) {
            const mid = (i + hi) >>> 1;
            if (old.freshAt[mid] <= p) i = mid;
            else hi = mid;
          }
          const [b0, b1] = old.fresh[i];
          if (b1 - b0 < m / 2) continue;
          const at = b0 + (p - old.freshAt[i]) - offset;
          regions.push([Math.max(b0 - 8, at - k - PIECE), Math.min(b1 + 8, at + m + k + PIECE)]);
          if (regions.length >= 200) break;
        }
      }
      return this.approximateIn(regions, s, exp, verbatim);
    }
    // near the old place: first around pieces of the quote that survived (cheap), then everywhere
    // there, then text of any wording between the old context
    const near = this.nearOldPlace(s, exp);
    const [range] = mergeRanges(near, text.length);
    if (range) {
      // (the occurrence of each piece nearest to where it was: the first there may be in a repeat of
      // part of the passage before it, a paragraph quoted once cut short and then in full)
      const around: Array<[number, number]> = [];
      const at = exp.at ?? 0;
      for (const [piece, offset] of quotePieces(s.quote)) {
        if (piece.length < 8) continue;
        const nearest = occurrences(text, piece, range[0], range[1]).sort((x, y) => Math.abs(x - offset - at) - Math.abs(y - offset - at))[0];
        if (nearest !== undefined) around.push([nearest - offset - k - PIECE, nearest - offset + m + k + PIECE]);
      }
      for (const search of [
        () => this.approximateIn(around, s, exp, verbatim),
        () => this.approximateIn(near, s, exp, verbatim),
        () => this.pinnedBetweenContext(s, exp, near),
      ]) {
        const found = search();
        if (found.length > 0) return found;
      }
    }
    const far: Array<[number, number]> = [];
    // (the start and end of the quote: each piece looked for costs a scan of the whole text)
    const pieces = quotePieces(s.quote);
    for (const [piece, offset] of m > PIECE ? [pieces[0], pieces[pieces.length - 1]] : pieces) {
      if (piece.length < 8) continue;
      let n = 0;
      for (let p = text.indexOf(piece); p !== -1 && n < 50; p = text.indexOf(piece, p + 1), n++) {
        far.push([p - offset - k - PIECE, p - offset + m + k + PIECE]);
      }
    }
    return this.approximateIn(subtractRanges(mergeRanges(far, text.length), mergeRanges(near, text.length)), s, exp, verbatim);
  }

  // approx-string-match reports only the matches with the fewest errors in a region, so verbatim
  // occurrences (already judged) are cut out of the regions, and when nothing found is acceptable
  // the search runs once more without what it found.
  private approximateIn(ranges: Array<[number, number]>, s: Sought, exp: Expectation, verbatim: number[]): Candidate[] {
    const text = this.m.text;
    const m = s.quote.length;
    const k = Math.max(1, Math.ceil(m * T.errorRate));
    const near = exp.at ?? 0;
    const byErrorsThenNear = (x: Hit, y: Hit) => x.errors - y.errors || Math.abs(x.start - near) - Math.abs(y.start - near);
    let regions = mergeRanges(ranges, text.length);
    let excluded: Array<[number, number]> = verbatim.map((p) => [p, p + m]);
    for (let round = 0; round < 2 && regions.length > 0; round++) {
      regions = subtractRanges(regions, excluded);
      const hits = new Map<string, Hit>();
      for (const [r0, r1] of regions) {
        if (r1 - r0 < m - k) continue;
        for (const hit of search(text.slice(r0, r1), s.quote, k)) {
          const start = hit.start + r0;
          const end = hit.end + r0;
          if (end > start && !this.otherOldText(start, end, exp)) hits.set(`${start}:${end}`, { start, end, errors: hit.errors });
        }
      }
      // overlapping hits are one candidate: keep the best of each cluster
      const sorted = [...hits.values()].sort((x, y) => x.start - y.start || x.end - y.end);
      const picked: Hit[] = [];
      for (let i = 0; i < sorted.length; ) {
        let j = i + 1;
        let clusterEnd = sorted[i].end;
        while (j < sorted.length && sorted[j].start < clusterEnd) clusterEnd = Math.max(clusterEnd, sorted[j++].end);
        picked.push(sorted.slice(i, j).sort(byErrorsThenNear)[0]);
        i = j;
      }
      picked.sort(byErrorsThenNear);
      const accepted = picked
        .slice(0, 6)
        .map((hit) => this.refine(s, this.evaluate(s, hit.start, hit.end, 0.5, hit.errors), exp))
        .filter(accepts);
      if (accepted.length > 0 || picked.length === 0) return accepted;
      excluded = picked.map((hit) => [hit.start, hit.end]);
    }
    return [];
  }

  // Text between the old prefix and the old suffix, of about the quote's length: the passage
  // rewritten in place.
  private pinnedBetweenContext(s: Sought, exp: Expectation, ranges: Array<[number, number]>): Candidate[] {
    const text = this.m.text;
    const m = s.quote.length;
    const before = s.prefix.slice(-PIECE);
    const after = s.suffix.slice(0, PIECE);
    if (before.length < T.minContext || after.length < T.minContext) return [];
    const out: Candidate[] = [];
    for (const [r0, r1] of mergeRanges(ranges, text.length)) {
      for (let p = text.indexOf(before, r0); p !== -1 && p < r1 && out.length < 4; p = text.indexOf(before, p + 1)) {
        const a = p + before.length;
        const b = text.indexOf(after, a + Math.ceil(m / 2));
        if (b === -1 || b > a + 2 * m + PIECE) continue;
        let x = a;
        let y = b;
        while (x < y && text.charCodeAt(x) === 0x20) x++;
        while (y > x && text.charCodeAt(y - 1) === 0x20) y--;
        if (y <= x || this.otherOldText(x, y, exp)) continue;
        const c = this.evaluate(s, x, y, 0.25);
        if (pinned(c) || accepts(c)) out.push(c);
      }
    }
    return out;
  }

  // Whether the old prefix and the old suffix still stand near the old place with other text between
  // them (not `apart`, and no longer than the passage could have grown, as for `pinnedBetweenContext`).
  private rewrittenInPlace(s: Sought, exp: Expectation, apart: Candidate): boolean {
    const text = this.m.text;
    const [range] = mergeRanges(this.nearOldPlace(s, exp), text.length);
    const before = s.prefix.slice(-PIECE);
    const after = s.suffix.slice(0, PIECE);
    if (!range || before.length < T.minContext || after.length < T.minContext) return false;
    const reach = 2 * s.quote.length + PIECE;
    for (const p of occurrences(text, before, range[0], range[1])) {
      const a = p + before.length;
      const at = text.slice(a, a + reach + after.length).indexOf(after);
      const b = a + at;
      if (at === -1 || (apart.a < b && apart.b > a)) continue;
      if (text.slice(a, b).trim() !== "") return true;
    }
    return false;
  }

  // Whether the passage's old context is still near its old place, apart from `chosen` (verbatim):
  // then the passage was edited there (the candidate there, when acceptable and it outweighs
  // `chosen`; "contested" when it does not) or deleted ("gone").
  private contextNearOldPlace(s: Sought, exp: Expectation, chosen: Candidate, verbatim: number[]): Candidate | "gone" | "contested" | null {
    const text = this.m.text;
    const [range] = mergeRanges(this.nearOldPlace(s, exp), text.length);
    if (!range) return null;
    const apart = (p: number, len: number) => p + len <= chosen.a - 1 || p >= chosen.b + 1;
    const occursApart = (piece: string, side: "before" | "after") => {
      if (piece.length < T.minContext) return false;
      for (let p = text.indexOf(piece, range[0]); p !== -1 && p < range[1]; p = text.indexOf(piece, p + 1)) {
        const touches = side === "before" ? p + piece.length === chosen.a || p + piece.length === chosen.a - 1 : p === chosen.b || p === chosen.b + 1;
        if (!touches && apart(p, piece.length)) return true;
      }
      return false;
    };
    if (!occursApart(s.prefix.slice(-PIECE), "before") && !occursApart(s.suffix.slice(0, PIECE), "after")) return null;
    // edited there: an acceptable candidate between that context
    const there = [...this.pinnedBetweenContext(s, exp, [range]), ...this.approximateIn([range], s, exp, verbatim)].filter((c) =>
      apart(c.a, c.b - c.a),
    );
    if (there.length > 0) {
      // The verbatim text with agreeing context is the better evidence (as `rank` has it), unless
      // every side that agrees at `chosen` agrees at the candidate there too: then `chosen` is a
      // repeat of the passage with the same context, and the old place is what tells them apart (a
      // passage edited in place beside an intact repeat). A side that agrees only at `chosen`
      // speaks for it: the sentence before a passage deleted, recurring further on before a similar
      // sentence, does not make that sentence the passage edited. Then it is a choice.
      const outweighs = there.filter((c) => (!chosen.agreeBefore || c.agreeBefore) && (!chosen.agreeAfter || c.agreeAfter));
      if (outweighs.length === 0) return "contested";
      return outweighs.sort((x, y) => rank(x, y) || this.distance(x, exp) - this.distance(y, exp))[0];
    }
    // deleted there: the old prefix runs straight into the old suffix
    const before = s.prefix.slice(-PIECE);
    let after = s.suffix.slice(0, PIECE);
    if (before.endsWith(" ") && after.startsWith(" ")) after = after.slice(1);
    if (before.length < T.minContext || after.length < T.minContext) return null;
    const junction = before + after;
    const hits = search(text.slice(range[0], range[1]), junction, Math.floor(junction.length / 8));
    return hits.some((h) => apart(range[0] + h.start, h.end - h.start)) ? "gone" : null;
  }

  // Re-aligns a candidate's boundaries with its context, and trims spaces at its ends. Text between
  // the passage and context that agrees right next to it is taken into the passage ("outward": an
  // approximate match does not know what was inserted), or left out of it ("inward": through the diff,
  // where it is text the new version inserted beside the passage: a sentence appended to the paragraph
  // before is not part of the claim).
  private refine(s: Sought, c: Candidate, exp: Expectation, edges: "outward" | "inward" = "outward"): Candidate {
    const text = this.m.text;
    const slack = 16;
    const head = s.quote.slice(0, 32);
    const before = s.prefix.slice(-16);
    let a = alignBoundary(
      before + head,
      before.length,
      text,
      Math.max(0, c.a - before.length - slack),
      Math.min(text.length, c.a + head.length + slack),
      c.a + head.length,
      edges === "outward" ? "left" : "right",
    );
    const tail = s.quote.slice(-32);
    const after = s.suffix.slice(0, 16);
    let b = alignBoundary(
      tail + after,
      tail.length,
      text,
      Math.max(0, c.b - tail.length - slack),
      Math.min(text.length, c.b + after.length + slack),
      c.b + after.length,
      edges === "outward" ? "right" : "left",
    );
    while (a < b && text.charCodeAt(a) === 0x20) a++;
    while (b > a && text.charCodeAt(b - 1) === 0x20) b--;
    if (b <= a || (a === c.a && b === c.b) || this.otherOldText(a, b, exp)) return c;
    const r = this.evaluate(s, a, b);
    return rank(r, c) <= 0 ? r : c;
  }

  // The best candidate. More than one place with agreeing context is a choice among repeats: fuzzy.
  private choose(candidates: Candidate[], s: Sought, exp: Expectation): { c: Candidate; state: "exact" | "moved" | "fuzzy"; factor: number } {
    candidates.sort((x, y) => rank(x, y) || this.distance(x, exp) - this.distance(y, exp));
    const best = candidates[0];
    const rivals = candidates.filter((c) => c !== best && (c.b <= best.a || c.a >= best.b));
    if (rivals.length > 0) {
      // the context cannot tell them apart for sure; the position can help
      const nearest = exp.at === null ? best : [best, ...rivals].sort((x, y) => this.distance(x, exp) - this.distance(y, exp))[0];
      return { c: nearest, state: "fuzzy", factor: 0.5 };
    }
    if (best.verbatim) return { c: best, state: this.isExpected(best, s, exp) ? "exact" : "moved", factor: 1 };
    return { c: best, state: "fuzzy", factor: 1 };
  }

  // A verbatim occurrence apart from `pick`, nearer the old place than it and within NEAR of it: the nearest.
  private nearerOccurrence(s: Sought, exp: Expectation, pick: Candidate, examined: Candidate[]): Candidate | null {
    if (exp.at === null) return null;
    const limit = Math.min(this.distance(pick, exp), NEAR + s.quote.length + 1);
    const nearer = examined.filter((c) => (c.b <= pick.a || c.a >= pick.b) && this.distance(c, exp) < limit);
    return nearer.sort((x, y) => this.distance(x, exp) - this.distance(y, exp))[0] ?? null;
  }

  private distance(c: Candidate, exp: Expectation): number {
    return exp.at === null ? c.a : Math.abs(c.a - exp.at);
  }

  private fuzzy(c: Candidate, factor: number, s: Sought, sel: OldAnchor): Placement {
    return this.placement(c, "fuzzy", factor, s, sel);
  }

  // Code point range of a candidate, given back the whitespace the stored quote had at its ends
  // where the new text has whitespace there too.
  private cpRange(c: Candidate, s: Sought): { start: number; end: number } {
    let { start, end } = sourceRange(this.m, c.a, c.b);
    for (let n = 0; n < s.lead && start > 0 && /^\s$/u.test(this.index.slice(start - 1, start)); n++) start--;
    for (let n = 0; n < s.trail && end < this.index.length && /^\s$/u.test(this.index.slice(end, end + 1)); n++) end++;
    return { start, end };
  }

  // [start, end) widened to the edges of the words it starts or ends inside, on each side where the old
  // quote began (ended) between words: at most WORD_SLIDE code points.
  private wholeWords(start: number, end: number, sel: OldAnchor): { start: number; end: number } {
    const quote = sel.quote ?? "";
    const at = (cp: number) => this.index.slice(cp, cp + 1);
    if (!(WORD.test(lastChar(sel.prefix ?? "")) && WORD.test(firstChar(quote)))) {
      for (let n = 0; n < WORD_SLIDE && start > 0 && WORD.test(at(start - 1)) && WORD.test(at(start)); n++) start--;
    }
    if (!(WORD.test(lastChar(quote)) && WORD.test(firstChar(sel.suffix ?? "")))) {
      for (let n = 0; n < WORD_SLIDE && end < this.index.length && WORD.test(at(end - 1)) && WORD.test(at(end)); n++) end++;
    }
    return { start, end };
  }

  // `factor` scales a fuzzy score (1 for exact and moved, which score 1).
  private placement(c: Candidate, given: "exact" | "moved" | "fuzzy", factor: number, s: Sought, sel: OldAnchor): Placement {
    let { start, end } = this.cpRange(c, s);
    // A combining mark now right after the passage (an accent added to its last letter: "cafe" → "café")
    // belongs to its last character: taken in, and the passage changed, so no longer exact. Not when the
    // old text had one there too (the stored suffix starts with it).
    let marked = false;
    if (!/^\p{M}/u.test(sel.suffix ?? "")) {
      while (end < this.index.length && /^\p{M}$/u.test(this.index.slice(end, end + 1))) {
        end++;
        marked = true;
      }
    }
    // Nor does a placement start or end inside a word when the old passage did not: a diff can keep a
    // letter or two of a reworded first or last word ("According to the" → "The" keeps "he"), and a
    // verbatim match can end where a word now goes on ("stopped work" in "stopped working"). The word
    // is the passage's: taken in, and, the passage changed, no longer exact.
    const words = this.wholeWords(start, end, sel);
    if (words.start !== start || words.end !== end) {
      ({ start, end } = words);
      marked = true;
    }
    const state = marked ? "fuzzy" : given;
    const score = state === "fuzzy" ? Math.min(0.99, Math.round(c.qs * (0.5 + 0.5 * c.ctx) * factor * 1000) / 1000) : 1;
    return { state, start, end, quote: this.index.slice(start, end), score, previousQuote: sel.quote };
  }
}

const firstChar = (s: string) => (s === "" ? "" : String.fromCodePoint(s.codePointAt(0)!));
const lastChar = (s: string) => s.slice(s.length > 1 && /[\udc00-\udfff]/.test(s[s.length - 1]) ? -2 : -1);

function unitAtOld(old: { map: OffsetMap }, b: number): number {
  // the old unit a new unit came from, or the nearest block's edge
  const blocks = old.map.blocks;
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (blocks[mid].b <= b) lo = mid + 1;
    else hi = mid;
  }
  const bl = blocks[lo - 1];
  if (!bl) return 0;
  return bl.a + Math.min(b - bl.b, bl.len);
}

// Up to four pieces of a quote (start, end and two between) with their offsets in it.
function quotePieces(quote: string): Array<[string, number]> {
  const m = quote.length;
  if (m <= PIECE) return [[quote, 0]];
  const offsets = [...new Set([0, Math.floor((m - PIECE) / 3), Math.floor((2 * (m - PIECE)) / 3), m - PIECE])];
  return offsets.map((o) => [quote.slice(o, o + PIECE), o]);
}

function seek(sel: OldAnchor): Sought | null {
  const quote = sel.quote ?? "";
  const leadUnits = LEADING_BLANK.exec(quote)![0].length;
  if (leadUnits === quote.length) return null;
  const trailUnits = TRAILING_BLANK.exec(quote)![0].length;
  const core = matchingForm(quote.slice(leadUnits, quote.length - trailUnits)).trim();
  if (core === "") return null;
  return {
    quote: core,
    lead: cpLength(quote.slice(0, leadUnits)),
    trail: cpLength(quote.slice(quote.length - trailUnits)),
    prefix: matchingForm((sel.prefix ?? "") + quote.slice(0, leadUnits)).slice(-CONTEXT_UNITS),
    suffix: matchingForm(quote.slice(quote.length - trailUnits) + (sel.suffix ?? "")).slice(0, CONTEXT_UNITS),
  };
}

// Whether a side of the stored context that does not agree at `c` began with a copy of the passage
// (the old text had the passage twice in a row there, as far as the context shows).
function lostCopyBeside(s: Sought, c: Candidate): boolean {
  const q = s.quote;
  const before = s.prefix.endsWith(" ") ? s.prefix.slice(0, -1) : s.prefix;
  const after = s.suffix.startsWith(" ") ? s.suffix.slice(1) : s.suffix;
  const nb = Math.min(before.length, q.length);
  const na = Math.min(after.length, q.length);
  return (
    (!c.agreeBefore && nb >= T.minContext && before.slice(-nb) === q.slice(-nb)) ||
    (!c.agreeAfter && na >= T.minContext && after.slice(0, na) === q.slice(0, na))
  );
}

// Whether the candidate `slice` ends with the old prefix (or starts with the old suffix), up to a piece
// of it, where the quote itself does not: then the old suffix after it (the old prefix before it)
// agrees only because the passage went from between them, and is no evidence for the candidate (a
// stretch running from a partial repeat of a deleted passage up to where it was).
function junction(s: Sought, slice: string, edge: "start" | "end"): boolean {
  if (edge === "end") {
    const piece = s.prefix.slice(-PIECE).trimEnd();
    return piece.length >= T.minContext && slice.endsWith(piece) && !s.quote.endsWith(piece);
  }
  const piece = s.suffix.slice(0, PIECE).trimStart();
  return piece.length >= T.minContext && slice.startsWith(piece) && !s.quote.startsWith(piece);
}

function sideAgrees(sim: number, length: number, reachesEdge: boolean): boolean {
  return sim >= T.sideAgrees && (length >= T.minContext || (sim === 1 && reachesEdge));
}

// Text the diff or the context pins in place between both sides of unchanged context.
function pinned(c: Candidate): boolean {
  return c.before !== null && c.after !== null && c.before >= T.pinnedSide && c.after >= T.pinnedSide && c.qs >= T.pinned;
}

function accepts(c: Candidate): boolean {
  return (c.agree === 2 && c.qs >= T.bothSides) || (c.agree >= 1 && c.qs >= T.oneSide);
}

// Better first: more agreeing sides, verbatim, closer context, closer quote.
function rank(x: Candidate, y: Candidate): number {
  return y.agree - x.agree || Number(y.verbatim) - Number(x.verbatim) || y.ctx - x.ctx || y.qs - x.qs;
}

function orphaned(previousQuote: string): Placement {
  return { state: "orphaned", start: null, end: null, quote: null, score: 0, previousQuote };
}

function mergeRanges(ranges: Array<[number, number]>, length: number): Array<[number, number]> {
  const clamped = ranges.map(([a, b]) => [Math.max(0, a), Math.min(length, b)] as [number, number]).filter(([a, b]) => b > a);
  clamped.sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const r of clamped) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

// `ranges` (sorted, disjoint) without `cut`.
function subtractRanges(ranges: Array<[number, number]>, cut: Array<[number, number]>): Array<[number, number]> {
  const cuts = [...cut].sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of ranges) {
    let from = a;
    for (const [c0, c1] of cuts) {
      if (c1 <= from || c0 >= b) continue;
      if (c0 > from) out.push([from, c0]);
      from = Math.max(from, c1);
    }
    if (from < b) out.push([from, b]);
  }
  return out;
}

/**
 * Occurrences of text[a, b) beside it that a diff could as well have matched in its place, at the same
 * cost (`text` is either side of the diff, `changed` its stretches that are not on the other side,
 * sorted):
 *   - with nothing but changed text and spaces between them (up to PASTE_GAP units): the diff could
 *     move that text to the other side of [a, b) and match the occurrence instead;
 *   - made by a changed stretch, within SLIDE_GAP units, that repeats the text from [a, b) to it ("A P.
 *     G P. B" with ". G P" changed after "P": the "." between them is unchanged, and the occurrence has
 *     one too).
 * Occurrences that lie wholly in unchanged text (`unchanged`) are other passages, never such copies.
 */
function copiesBeside(
  text: string,
  changed: Array<[number, number]>,
  a: number,
  b: number,
  unchanged: (p: number, q: number) => boolean,
): number[] {
  const m = b - a;
  const quote = text.slice(a, b);
  // the first changed stretch at or after b, and the last at or before a
  let lo = 0;
  let hi = changed.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (changed[mid][0] < b) lo = mid + 1;
    else hi = mid;
  }
  let k = lo - 1;
  while (k >= 0 && changed[k][1] > a) k--;
  // changed text and spaces on each side
  const open = (u: number, stretch: number) => text.charCodeAt(u) === 0x20 || (changed[stretch] !== undefined && changed[stretch][0] <= u && u < changed[stretch][1]);
  let to = b;
  for (let j = lo; to < text.length && to - b < PASTE_GAP + m; to++) {
    while (changed[j] !== undefined && changed[j][1] <= to) j++;
    if (!open(to, j)) break;
  }
  let from = a;
  for (let j = k; from > 0 && a - from < PASTE_GAP + m; from--) {
    while (changed[j] !== undefined && changed[j][0] >= from) j--;
    if (!open(from - 1, j)) break;
  }
  const copies: number[] = [];
  if (from < a || to > b) {
    for (const p of occurrences(text, quote, from, to)) if ((p >= b || p + m <= a) && !unchanged(p, p + m)) copies.push(p);
  }
  const after = changed[lo];
  if (after && after[0] - b <= SLIDE_GAP && repeats(text, a, after[0], after[1] - after[0])) copies.push(a + after[1] - after[0]);
  const before = changed[k];
  const width = before ? before[1] - before[0] : 0;
  if (before && a - before[1] <= SLIDE_GAP && repeats(text, before[0], b - width, width)) copies.push(a - width);
  return copies.filter((p) => text.startsWith(quote, p));
}

// The stretches of one side of a diff (`a` old, `b` new, `length` long) that no equal block covers.
function outsideBlocks(blocks: ReadonlyArray<{ a: number; b: number; len: number }>, side: "a" | "b", length: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = 0;
  for (const block of blocks) {
    if (block[side] > at) out.push([at, block[side]]);
    at = block[side] + block.len;
  }
  if (at < length) out.push([at, length]);
  return out;
}

// Where `quote` occurs wholly inside text[from, to) (looked for in that stretch only).
function occurrences(text: string, quote: string, from: number, to: number): number[] {
  const lo = Math.max(0, from);
  const window = text.slice(lo, Math.min(text.length, to));
  const out: number[] = [];
  for (let p = window.indexOf(quote); p !== -1; p = window.indexOf(quote, p + 1)) out.push(lo + p);
  return out;
}

// Whether text[from, to) equals the `by` characters later, text[from + by, to + by).
function repeats(text: string, from: number, to: number, by: number): boolean {
  if (from < 0 || by <= 0 || to + by > text.length) return false;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== text.charCodeAt(i + by)) return false;
  return true;
}

// Characters equal at the end of `ctx` and just before text[p].
function commonEnd(ctx: string, text: string, p: number): number {
  let n = 0;
  while (n < ctx.length && n < p && ctx.charCodeAt(ctx.length - 1 - n) === text.charCodeAt(p - 1 - n)) n++;
  return n;
}

// Characters equal at the start of `ctx` and from text[p].
function commonStart(ctx: string, text: string, p: number): number {
  let n = 0;
  while (n < ctx.length && p + n < text.length && ctx.charCodeAt(n) === text.charCodeAt(p + n)) n++;
  return n;
}
