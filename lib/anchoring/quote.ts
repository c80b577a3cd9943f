// Text quote selectors (W3C TextQuoteSelector): describe a span by its quote and surrounding
// context, validate incoming spans, and re-anchor a quote in a text that may have changed.
import { CodePointIndex, cpLength, isHighSurrogate, isLowSurrogate } from "./codepoints";

/** Code points of context kept on each side of a quote. */
export const CONTEXT_LENGTH = 32;

export interface SpanDescription {
  quote: string;
  prefix: string;
  suffix: string;
}

export type SpanErrorCode = "OUT_OF_RANGE" | "EMPTY" | "WHITESPACE_ONLY" | "QUOTE_MISMATCH";

export type SpanValidation =
  | ({ ok: true } & SpanDescription)
  | { ok: false; code: SpanErrorCode; message: string };

export interface QuoteSelector {
  exact: string;
  prefix?: string;
  suffix?: string;
  /** Code point position hint (TextPositionSelector). */
  start?: number;
  end?: number;
}

export interface LocatedQuote {
  start: number;
  end: number;
  /** "position": the hinted offsets still hold the quote; "quote": found by searching for it. */
  method: "position" | "quote";
}

function toIndex(source: string | CodePointIndex): CodePointIndex {
  return typeof source === "string" ? new CodePointIndex(source) : source;
}

/** Quote plus up to CONTEXT_LENGTH code points of context either side (offsets are clamped to the text). */
export function describeSpan(source: string | CodePointIndex, start: number, end: number): SpanDescription {
  const index = toIndex(source);
  return {
    quote: index.slice(start, end),
    prefix: index.slice(Math.max(0, start - CONTEXT_LENGTH), start),
    suffix: index.slice(end, end + CONTEXT_LENGTH),
  };
}

// Whitespace plus invisible format characters (zero-width space, BOM, soft hyphen...): nothing to see or annotate.
const BLANK = /^[\s\p{Cf}]*$/u;

/** Checks a span submitted by a user or API client; on success returns its quote and context. */
export function validateSpan(
  source: string | CodePointIndex,
  start: number,
  end: number,
  quote?: string,
): SpanValidation {
  const index = toIndex(source);
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    return fail("OUT_OF_RANGE", "The selection's start and end must be whole-number character positions.");
  }
  if (start < 0 || end > index.length) {
    return fail(
      "OUT_OF_RANGE",
      `The selection ${start}–${end} falls outside the text, which is ${index.length} characters long.`,
    );
  }
  if (end < start) {
    return fail("OUT_OF_RANGE", `The selection ends (at ${end}) before it starts (at ${start}).`);
  }
  if (end === start) {
    return fail("EMPTY", "The selection is empty; select at least one character.");
  }
  const described = describeSpan(index, start, end);
  if (BLANK.test(described.quote)) {
    return fail("WHITESPACE_ONLY", "The selection contains only whitespace; select some text.");
  }
  if (quote !== undefined && quote !== described.quote) {
    return fail(
      "QUOTE_MISMATCH",
      `The quoted text does not match the text at ${start}–${end}, which reads “${preview(described.quote)}”. ` +
        "The text may have changed; reload it and select again.",
    );
  }
  return { ok: true, ...described };
}

function fail(code: SpanErrorCode, message: string): SpanValidation {
  return { ok: false, code, message };
}

// Keeps error messages readable when the span is long.
function preview(s: string): string {
  return cpLength(s) <= 80 ? s : `${Array.from(s).slice(0, 79).join("")}…`;
}

/**
 * Finds where a quote belongs in `source`. The position hint wins when it still holds the exact quote;
 * otherwise every occurrence of `exact` is scored by how much of the selector's prefix and suffix
 * match around it, ties going to the occurrence nearest the hinted start, then to the earliest.
 * Returns null when `exact` is empty or does not occur.
 */
export function locateQuote(source: string | CodePointIndex, selector: QuoteSelector): LocatedQuote | null {
  const index = toIndex(source);
  const { exact, prefix = "", suffix = "" } = selector;
  if (exact === "") return null;

  const hint = Number.isInteger(selector.start) ? (selector.start as number) : undefined;
  if (hint !== undefined) {
    const end = Number.isInteger(selector.end) ? (selector.end as number) : hint + cpLength(exact);
    if (hint >= 0 && end <= index.length && index.slice(hint, end) === exact) {
      return { start: hint, end, method: "position" };
    }
  }

  const text = index.text;
  // context is compared in UTF-16 units: cheap, and only used for ranking
  const fullScore = prefix.length + suffix.length;
  let best: { at: number; score: number } | null = null;
  for (const at of candidates(index, exact, hint)) {
    const after = at + exact.length;
    // an occurrence that cuts a surrogate pair in half is not a real match
    if (splitsPair(text, at) || splitsPair(text, after)) continue;
    const score = commonSuffix(prefix, text, at) + commonPrefix(suffix, text, after);
    // candidates come in tie-break order, so only a strictly better score replaces the best
    if (best === null || score > best.score) best = { at, score };
    // nothing later can beat full context, so a lightly edited text is searched only near the hint
    if (score === fullScore) break;
  }
  if (best === null) return null;
  const start = index.toCodePoint(best.at);
  return { start, end: start + cpLength(exact), method: "quote" };
}

// UTF-16 indices where `exact` occurs: nearest the hint first (the earlier one on equal distance),
// or in text order without a hint.
function* candidates(index: CodePointIndex, exact: string, hint: number | undefined): Generator<number> {
  const text = index.text;
  if (hint === undefined) {
    for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) yield at;
    return;
  }
  const h = Math.min(Math.max(hint, 0), index.length);
  const h16 = index.toUtf16(h);
  let forward = text.indexOf(exact, h16);
  let backward = h16 > 0 ? text.lastIndexOf(exact, h16 - 1) : -1;
  while (forward !== -1 || backward !== -1) {
    const takeBackward =
      forward === -1 || (backward !== -1 && h - index.toCodePoint(backward) <= index.toCodePoint(forward) - h);
    if (takeBackward) {
      yield backward;
      backward = backward > 0 ? text.lastIndexOf(exact, backward - 1) : -1;
    } else {
      yield forward;
      forward = text.indexOf(exact, forward + 1);
    }
  }
}

function splitsPair(text: string, i: number): boolean {
  return i > 0 && i < text.length && isHighSurrogate(text.charCodeAt(i - 1)) && isLowSurrogate(text.charCodeAt(i));
}

// Length of the longest common ending of `context` and text[..end).
function commonSuffix(context: string, text: string, end: number): number {
  let n = 0;
  while (n < context.length && n < end && context.charCodeAt(context.length - 1 - n) === text.charCodeAt(end - 1 - n)) n++;
  return n;
}

// Length of the longest common beginning of `context` and text[start..).
function commonPrefix(context: string, text: string, start: number): number {
  let n = 0;
  while (n < context.length && start + n < text.length && context.charCodeAt(n) === text.charCodeAt(start + n)) n++;
  return n;
}
