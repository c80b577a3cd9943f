// Stored positions are Unicode code point offsets (W3C TextPositionSelector: start inclusive,
// end exclusive); JavaScript strings are UTF-16. This module converts between the two.

export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Exactly the characters of JavaScript's `\s`, which is also what String#trim removes (a UTF-16 unit). */
export function isJsSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Number of code points in `s`; a lone (unpaired) surrogate counts as one. */
export function cpLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    // each well-formed pair is two UTF-16 units but one code point
    if (isHighSurrogate(s.charCodeAt(i)) && isLowSurrogate(s.charCodeAt(i + 1))) {
      n--;
      i++;
    }
  }
  return n;
}

/**
 * Built once per text; converts offsets in O(1) for BMP-only texts and O(log n) otherwise.
 * It keeps only the UTF-16 index of every surrogate pair, so memory is proportional to the
 * number of astral characters, not to the text length.
 */
export class CodePointIndex {
  readonly text: string;
  /** Length in code points. */
  readonly length: number;
  // UTF-16 index of the high surrogate of each well-formed pair, ascending.
  // pairs[k] - k is that pair's code point offset (k pairs before it each saved one unit).
  private readonly pairs: Int32Array;

  constructor(text: string) {
    this.text = text;
    let count = 0;
    for (let i = 0; i < text.length - 1; i++) {
      if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
        count++;
        i++;
      }
    }
    const pairs = new Int32Array(count);
    // second pass only when needed, so BMP-only texts are scanned once
    for (let i = 0, k = 0; k < count; i++) {
      if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
        pairs[k++] = i;
        i++;
      }
    }
    this.pairs = pairs;
    this.length = text.length - count;
  }

  /** True when every code point is one UTF-16 unit, so offsets need no conversion. */
  get isBmpOnly(): boolean {
    return this.pairs.length === 0;
  }

  /** UTF-16 index of code point offset `cp` (0 <= cp <= length, integer; otherwise RangeError). */
  toUtf16(cp: number): number {
    checkOffset(cp, this.length, "code point offset");
    const pairs = this.pairs;
    if (pairs.length === 0) return cp;
    // count the pairs whose code point offset is before cp; each adds one UTF-16 unit
    let lo = 0;
    let hi = pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pairs[mid] - mid < cp) lo = mid + 1;
      else hi = mid;
    }
    return cp + lo;
  }

  /**
   * Code point offset of UTF-16 index `utf16` (0 <= utf16 <= text.length, integer; otherwise
   * RangeError). An index pointing at the second half of a pair rounds down to that pair.
   */
  toCodePoint(utf16: number): number {
    checkOffset(utf16, this.text.length, "UTF-16 index");
    const pairs = this.pairs;
    if (pairs.length === 0) return utf16;
    // count the pairs starting before utf16; a pair we are in the middle of counts, which rounds down
    let lo = 0;
    let hi = pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pairs[mid] < utf16) lo = mid + 1;
      else hi = mid;
    }
    return utf16 - lo;
  }

  /** Text between code point offsets; like String#slice, out-of-range offsets are clamped and end <= start gives "". */
  slice(start: number, end: number = this.length): string {
    const a = clamp(start, this.length);
    const b = clamp(end, this.length);
    if (b <= a) return "";
    return this.text.slice(this.toUtf16(a), this.toUtf16(b));
  }
}

/** One-off code point slice (clamped like CodePointIndex#slice); build a CodePointIndex when slicing the same text repeatedly. */
export function cpSlice(text: string, start: number, end?: number): string {
  const a = clamp(start, Infinity);
  const b = end === undefined ? Infinity : clamp(end, Infinity);
  if (b <= a) return "";
  // walk only as far as `end`, so slicing near the start of a long text is cheap
  const from = walk(text, a, 0, 0);
  const to = b === Infinity ? text.length : walk(text, b - a, from, 0);
  return text.slice(from, to);
}

// UTF-16 index reached after stepping `count` code points from UTF-16 index `i` (stops at the end).
function walk(text: string, count: number, i: number, done: number): number {
  while (done < count && i < text.length) {
    const pair = isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1));
    i += pair ? 2 : 1;
    done++;
  }
  return i;
}

function clamp(n: number, max: number): number {
  if (Number.isNaN(n)) return 0;
  return Math.min(Math.max(Math.trunc(n), 0), max);
}

function checkOffset(n: number, max: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new RangeError(`${what} ${n} is outside 0..${max}`);
  }
}
