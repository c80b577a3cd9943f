// Text quote selectors (W3C TextQuoteSelector): describe a span by its quote and surrounding
// context, and validate incoming spans. Re-anchoring a quote in a changed text: reanchor.ts.
import { CodePointIndex, cpLength } from "./codepoints";

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
