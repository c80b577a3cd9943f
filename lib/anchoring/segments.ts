// Cutting a text into paragraphs and paragraphs into segments, so the reader can render
// overlapping annotations as flat runs of text. All offsets are code point offsets.
import { CodePointIndex, isJsSpace, isLowSurrogate } from "./codepoints";

export interface TextRange {
  start: number;
  end: number;
}

export interface IdSpan extends TextRange {
  id: string;
}

export interface Segment extends TextRange {
  /** Ids of the spans covering this segment, ordered by span start, then longer span first, then id. */
  ids: string[];
}

export interface ParagraphSegments extends TextRange {
  segments: Segment[];
}

/**
 * Paragraphs of a text, in order, as code point ranges.
 *
 * The text is read as lines separated by "\n" (a "\r" just before the "\n" belongs to the line
 * break). A line is blank when it holds only whitespace (JavaScript `\s`: spaces, tabs, NBSP, ...).
 * A paragraph is a maximal run of consecutive non-blank lines; it starts at the first code point
 * of its first line (leading indentation included) and ends after the last code point of its last
 * line (trailing spaces included, line break excluded). The single line breaks between its lines
 * stay inside it.
 *
 * Everything else is separator: the line break ending a paragraph's last line, all blank lines
 * (with their whitespace), and blank lines at the start or end of the text. So each code point is
 * either in exactly one paragraph or in the separator between two paragraphs (or before the first /
 * after the last), separators contain only whitespace, and a text of only whitespace has no
 * paragraphs.
 *
 * Exception: a text with no blank line at all (many pasted texts put one line break between
 * paragraphs) is read with every non-blank line as its own paragraph (see readsPerLine). A leading
 * part of a text, cut at a paragraph end, gives the same paragraphs as the whole when it is read
 * the way the whole is: pass `perLine: readsPerLine(whole)`.
 */
export function paragraphs(source: string | CodePointIndex, options: { perLine?: boolean } = {}): TextRange[] {
  const text = typeof source === "string" ? source : source.text;
  const perLine = options.perLine ?? readsPerLine(text);
  const out: TextRange[] = [];
  let paraStart = -1; // -1: not inside a paragraph
  let paraEnd = 0;
  let lineStart = 0;
  let lineBlank = true;
  let cp = 0; // code point offset of UTF-16 index i
  // plain locals, no closure: captured variables would slow this per-character loop down
  for (let i = 0; i <= text.length; i++, cp++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x0a; // the end of the text ends the last line
    if (c === 0x0a) {
      if (!lineBlank) {
        if (paraStart < 0) paraStart = lineStart;
        // a "\r" right before the "\n" is part of the line break, not of the line
        paraEnd = i > 0 && text.charCodeAt(i - 1) === 0x0d && i < text.length ? cp - 1 : cp;
        if (perLine) {
          out.push({ start: paraStart, end: paraEnd });
          paraStart = -1;
        }
      } else if (paraStart >= 0) {
        out.push({ start: paraStart, end: paraEnd });
        paraStart = -1;
      }
      lineStart = cp + 1;
      lineBlank = true;
    } else {
      if (lineBlank && !isJsSpace(c)) lineBlank = false;
      if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) i++; // a pair is one code point
    }
  }
  if (paraStart >= 0) out.push({ start: paraStart, end: paraEnd });
  return out;
}

/** True when the text has no blank line, so each non-blank line is a paragraph. */
export function readsPerLine(text: string): boolean {
  return !/\n[^\S\n]*\n/.test(text);
}


/**
 * Cuts `range` into consecutive segments at every span boundary inside it. Segments cover the
 * range with no gaps (uncovered stretches get ids []); spans are clipped to the range, and spans
 * that are empty (after clipping) add no boundary. An empty range gives [].
 */
export function splitSegments(range: TextRange, spans: readonly IdSpan[]): Segment[] {
  return sweep([range], prepare(spans))[0];
}

/** Paragraphs of `text` with their segments, sorting the spans once for the whole document. */
export function splitDocument(source: string | CodePointIndex, spans: readonly IdSpan[]): ParagraphSegments[] {
  const paras = paragraphs(source);
  const segmented = sweep(paras, prepare(spans));
  return paras.map((p, i) => ({ start: p.start, end: p.end, segments: segmented[i] }));
}

interface Prepared {
  byStart: IdSpan[]; // in id order: start, longer first, id
  ends: Float64Array; // every span end, ascending
}

function prepare(spans: readonly IdSpan[]): Prepared {
  // empty or malformed spans cover nothing, so they cannot create a boundary
  const valid = spans.filter((s) => s.start < s.end);
  valid.sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ends = Float64Array.from(valid, (s) => s.end).sort(); // typed arrays sort numerically, fast
  return { byStart: valid, ends };
}

// One left-to-right pass over ascending, non-overlapping ranges. `active` stays in id order because
// spans join it in that order and only ever leave it, so each segment's ids cost one copy.
function sweep(ranges: readonly TextRange[], { byStart, ends }: Prepared): Segment[][] {
  const out: Segment[][] = [];
  let i = 0; // next span to start
  let j = 0; // next end boundary
  let active: IdSpan[] = [];
  for (const range of ranges) {
    const segments: Segment[] = [];
    out.push(segments);
    if (!(range.start < range.end)) continue;
    let pos = range.start;
    for (;;) {
      // bring the sweep state to `pos`
      while (i < byStart.length && byStart[i].start <= pos) active.push(byStart[i++]);
      const ended = j;
      while (j < ends.length && ends[j] <= pos) j++;
      if (j > ended) active = active.filter((s) => s.end > pos); // only rebuild when some span ended
      if (pos >= range.end) break;
      let next = range.end;
      if (i < byStart.length && byStart[i].start < next) next = byStart[i].start;
      if (j < ends.length && ends[j] < next) next = ends[j];
      segments.push({ start: pos, end: next, ids: active.map((s) => s.id) });
      pos = next;
    }
  }
  return out;
}
