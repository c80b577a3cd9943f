// Matching form of a text for re-anchoring: whitespace runs become one space, curly quotes and
// primes straight ones, runs of dashes one "-", "…" three dots, letters lower case, and invisible
// format characters (soft hyphen, zero-width space, BOM…) disappear. The stored text never changes:
// every unit of the matching form remembers the code points of the original it came from, so a
// match found here maps back to exact code point offsets.
import type { CodePointIndex } from "./codepoints";

export interface MatchingText {
  /** The matching form (UTF-16; a character outside the BMP stays a surrogate pair). */
  text: string;
  /** For each UTF-16 unit of `text`: the code point offset in the original where its source starts. */
  from: Int32Array;
  /** Where the source of a unit ends, for the units whose source is longer than one code point (collapsed runs). */
  runEnds: Map<number, number>;
  /** Length of the original in code points. */
  cpLength: number;
}

const SINGLE_QUOTES = new Set([0x2018, 0x2019, 0x201a, 0x201b, 0x2032, 0x2039, 0x203a, 0x0060, 0x00b4]);
const DOUBLE_QUOTES = new Set([0x201c, 0x201d, 0x201e, 0x201f, 0x2033, 0x00ab, 0x00bb]);
// hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus, hyphen bullet
const DASHES = new Set([0x2d, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x2043]);
const SPACE = /^\s$/u;
const FORMAT = /^\p{Cf}$/u;

type Kind = "space" | "dash" | "drop" | string;
const nonAsciiKinds = new Map<string, Kind>();

// What a non-ASCII code point becomes: a class, or its replacement text.
function kindOf(ch: string): Kind {
  let kind = nonAsciiKinds.get(ch);
  if (kind !== undefined) return kind;
  const c = ch.codePointAt(0)!;
  if (SPACE.test(ch)) kind = "space";
  else if (DASHES.has(c)) kind = "dash";
  else if (FORMAT.test(ch)) kind = "drop";
  else if (SINGLE_QUOTES.has(c)) kind = "'";
  else if (DOUBLE_QUOTES.has(c)) kind = '"';
  else if (c === 0x2026) kind = "...";
  else kind = ch.toLowerCase();
  if (nonAsciiKinds.size < 10_000) nonAsciiKinds.set(ch, kind);
  return kind;
}

/** The matching form of `source`, with the map back to its code points. */
export function toMatchingText(source: string | CodePointIndex): MatchingText {
  const s = typeof source === "string" ? source : source.text;
  let from = new Int32Array(s.length + 16);
  const runEnds = new Map<number, number>();
  // the text is built a chunk at a time from a small buffer, no larger than a short string needs (a
  // quote, a prefix: three per annotation placed, so a fixed 16 KB buffer each would cost more than the work)
  const chunk = new Uint16Array(Math.min(8192, s.length + 16));
  const parts: string[] = [];
  let c0 = 0; // units before the chunk
  let k = 0; // units in the chunk
  const flush = () => {
    parts.push(String.fromCharCode.apply(null, chunk.subarray(0, k) as unknown as number[]));
    c0 += k;
    k = 0;
  };
  // the last unit emitted is a collapsed run of spaces (1) or dashes (2), extended instead of repeated
  let run = 0;
  let cp = 0;
  for (let i = 0; i < s.length; cp++) {
    if (k + 4 > chunk.length) flush();
    if (c0 + k + 4 > from.length) {
      const grown = new Int32Array(from.length * 2);
      grown.set(from);
      from = grown;
    }
    const c = s.charCodeAt(i);
    let unit = 0; // the one unit this code point becomes
    let kind = 0; // 1 space, 2 dash
    if (c < 0x80) {
      // ASCII, most of most texts: no lookups
      i++;
      if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) kind = 1;
      else if (c === 0x2d) kind = 2;
      unit = c >= 0x41 && c <= 0x5a ? c + 32 : c === 0x60 ? 0x27 : c;
    } else {
      const width = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      const to = kindOf(s.slice(i, i + width));
      i += width;
      if (to === "drop") continue; // invisible: a run continues across it
      if (to === "space") kind = 1;
      else if (to === "dash") kind = 2;
      else if (to.length === 1) unit = to.charCodeAt(0);
      else {
        run = 0;
        for (let j = 0; j < to.length; j++) {
          chunk[k] = to.charCodeAt(j);
          from[c0 + k] = cp;
          k++;
        }
        continue;
      }
    }
    if (kind !== 0) {
      if (run === kind) {
        runEnds.set(c0 + k - 1, cp + 1);
        continue;
      }
      unit = kind === 1 ? 0x20 : 0x2d;
    }
    run = kind;
    chunk[k] = unit;
    from[c0 + k] = cp;
    k++;
  }
  flush();
  return { text: parts.join(""), from: from.subarray(0, c0), runEnds, cpLength: cp };
}

/** The matching form of a short string (a quote, a prefix, a suffix). */
export function matchingForm(s: string): string {
  return toMatchingText(s).text;
}

/** Index of the first unit of `m` whose source starts at or after code point `cp` (m.text.length when none). */
export function unitAt(m: MatchingText, cp: number): number {
  let lo = 0;
  let hi = m.from.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (m.from[mid] < cp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Code point range of the original covered by units [a, b) of `m` (b > a). */
export function sourceRange(m: MatchingText, a: number, b: number): { start: number; end: number } {
  return { start: m.from[a], end: m.runEnds.get(b - 1) ?? m.from[b - 1] + 1 };
}
