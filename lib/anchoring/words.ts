// Snapping a selection to whole words, so a drag that stops mid-word ("Februa") stores the word.
// Offsets are code points; words are what Intl.Segmenter calls word-like (letters, digits, "don't").
import { CodePointIndex, cpLength } from "./codepoints";

const WINDOW = 256; // code points looked at on each side of an end: longer words snap to this far
const segmenter = typeof Intl !== "undefined" && "Segmenter" in Intl ? new Intl.Segmenter("en", { granularity: "word" }) : null;

/**
 * [start, end) widened to the word boundaries around its ends (an end already between words stays),
 * then trimmed of whitespace at either end. Returns the span unchanged when it would become empty.
 */
export function snapToWords(source: string | CodePointIndex, start: number, end: number): { start: number; end: number } {
  const index = typeof source === "string" ? new CodePointIndex(source) : source;
  if (!(start < end)) return { start, end };
  let s = start;
  let e = end;
  if (segmenter) {
    s = wordEdge(index, start, "start");
    e = wordEdge(index, end, "end");
  }
  const quote = index.slice(s, e);
  const lead = cpLength(quote.slice(0, quote.length - quote.trimStart().length));
  const trail = cpLength(quote.slice(quote.trimEnd().length));
  if (lead + trail >= e - s) return { start, end };
  return { start: s + lead, end: e - trail };
}

// The start of the word that `cp` falls inside (side "start"), or the end of the word that the code
// point before `cp` falls inside (side "end"); `cp` itself when it is already at a word boundary.
function wordEdge(index: CodePointIndex, cp: number, side: "start" | "end"): number {
  const from = Math.max(0, cp - WINDOW);
  const to = Math.min(index.length, cp + WINDOW);
  const window = index.slice(from, to);
  const at = index.toUtf16(cp) - index.toUtf16(from); // UTF-16 offset of cp inside the window
  for (const seg of segmenter!.segment(window)) {
    const segEnd = seg.index + seg.segment.length;
    if (segEnd <= at - (side === "end" ? 1 : 0)) continue;
    if (seg.index >= at) return cp; // a boundary falls exactly at cp
    if (!seg.isWordLike) return cp;
    return side === "start" ? from + cpLength(window.slice(0, seg.index)) : from + cpLength(window.slice(0, segEnd));
  }
  return cp;
}
