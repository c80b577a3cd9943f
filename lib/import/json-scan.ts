// A pull scanner over JSON text arriving as UTF-8 chunks, so an import never holds its whole file.
// The caller walks the outer structure it cares about (object() and array() enter a container) and
// takes every other value as its raw bytes (value()), which it reads with JSON.parse: the native parser
// does the detailed work, this only finds where each value begins and ends (strings, escapes and
// nesting), so reading an export costs little more than one JSON.parse of it. A value's bytes are
// checked by JSON.parse; the structure walked here is checked here (JsonSyntaxError).

import { isUtf8 } from "node:buffer";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const EMPTY = new Uint8Array(0);
const BOM = [0xef, 0xbb, 0xbf];

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
// A scalar (number, true, false, null) ends at whitespace or at the next delimiter.
const endsScalar = (b: number) => isSpace(b) || b === COMMA || b === CLOSE_OBJECT || b === CLOSE_ARRAY;
const startsScalar = (b: number) => b === 0x2d || (b >= 0x30 && b <= 0x39) || b === 0x74 || b === 0x66 || b === 0x6e; // - 0-9 t f n

/** The length of `bytes` without a multi-byte character cut off at its end (at most 3 bytes shorter). */
function utf8Prefix(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if (b < 0x80) return bytes.length; // ASCII: nothing cut
    if (b >= 0xc0) {
      // a lead byte: the character needs 2, 3 or 4 bytes
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return size > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

export class JsonSyntaxError extends Error {}
export class Utf8Error extends Error {}

export class JsonScanner {
  private readonly chunks: AsyncIterator<Uint8Array>;
  private readonly checkUtf8: boolean;
  /** The start of a character cut by the end of the last chunk (checkUtf8). */
  private carry: Uint8Array = EMPTY;
  private buf: Uint8Array = EMPTY;
  private pos = 0;
  /** Bytes before `buf`. */
  private base = 0;
  private done = false;
  /** Bytes of a byte-order mark passed at the start of the file (3 once past it or sure there is none). */
  private bom = 0;

  /** `checkUtf8`: every byte read is checked to be UTF-8 (Utf8Error), the scanned ones and the skipped alike. */
  constructor(source: AsyncIterable<Uint8Array>, options: { checkUtf8?: boolean } = {}) {
    this.chunks = source[Symbol.asyncIterator]();
    this.checkUtf8 = options.checkUtf8 ?? false;
  }

  /** Bytes read so far. */
  get position(): number {
    return this.base + this.pos;
  }

  /** Reads chunks until one has a byte at `pos`; false at the end. */
  private async fill(): Promise<boolean> {
    while (this.pos >= this.buf.length) {
      if (this.done) return false;
      const next = await this.chunks.next();
      if (next.done) {
        this.done = true;
        this.check(undefined);
        return false;
      }
      this.base += this.buf.length;
      this.buf = next.value;
      this.pos = 0;
      this.check(next.value);
      for (; this.bom < 3 && this.pos < this.buf.length; this.bom++, this.pos++) {
        if (this.buf[this.pos] !== BOM[this.bom]) {
          this.bom = 3;
          break;
        }
      }
    }
    return true;
  }

  /** Checks that the bytes read are UTF-8, a chunk at a time (a character cut between two chunks is checked with the next). */
  private check(chunk: Uint8Array | undefined) {
    if (!this.checkUtf8) return;
    if (!chunk) {
      if (this.carry.length > 0) throw new Utf8Error("not UTF-8");
      return;
    }
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const end = utf8Prefix(bytes);
    if (!isUtf8(bytes.subarray(0, end))) throw new Utf8Error("not UTF-8");
    this.carry = end < bytes.length ? Uint8Array.from(bytes.subarray(end)) : EMPTY;
  }

  /** Reads (and checks, with checkUtf8) whatever is left, without scanning it. */
  async drain(): Promise<void> {
    this.pos = this.buf.length;
    while (await this.fill()) this.pos = this.buf.length;
  }

  /** The next byte that is not whitespace, not consumed; -1 at the end. */
  async peek(): Promise<number> {
    for (;;) {
      if (this.pos >= this.buf.length && !(await this.fill())) return -1;
      const b = this.buf[this.pos];
      if (!isSpace(b)) return b;
      this.pos++;
    }
  }

  private unexpected(b: number, expected: string): JsonSyntaxError {
    if (b === -1) return new JsonSyntaxError(`the file ends where ${expected} was expected`);
    const what = b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16).padStart(2, "0")}`;
    return new JsonSyntaxError(`unexpected ${what} at byte ${this.position}, where ${expected} was expected`);
  }

  private async expect(byte: number, expected: string) {
    const b = await this.peek();
    if (b !== byte) throw this.unexpected(b, expected);
    this.pos++;
  }

  /** After the top value: nothing but whitespace may follow. */
  async end(): Promise<void> {
    const b = await this.peek();
    if (b !== -1) throw this.unexpected(b, "the end of the file");
  }

  /**
   * The raw bytes of the next value (null with `keep` false: skipped). Only its extent is checked
   * here (balanced brackets outside strings); JSON.parse of the bytes checks the rest.
   */
  async value(keep = true): Promise<Uint8Array | null> {
    const first = await this.peek();
    const scalar = first !== QUOTE && first !== OPEN_OBJECT && first !== OPEN_ARRAY;
    if (first === -1 || (scalar && !startsScalar(first))) throw this.unexpected(first, "a value");
    const parts: Uint8Array[] = [];
    let depth = 0;
    let inString = false;
    let escaped = false;
    for (;;) {
      if (this.pos >= this.buf.length && !(await this.fill())) {
        if (scalar) break; // a number at the very end
        throw this.unexpected(-1, "the rest of a value");
      }
      const buf = this.buf;
      const start = this.pos;
      let i = start;
      let finished = false;
      for (; i < buf.length; i++) {
        if (inString) {
          // Most of an export's bytes are inside strings: jump to the next quote (native indexOf) and
          // tell from the backslashes just before it whether it ends the string.
          if (escaped) {
            escaped = false;
            continue;
          }
          const q = buf.indexOf(QUOTE, i);
          const stop = q < 0 ? buf.length : q;
          let slashes = 0;
          while (stop - slashes - 1 >= i && buf[stop - slashes - 1] === BACKSLASH) slashes++;
          if (q < 0) {
            escaped = slashes % 2 === 1; // the next chunk starts with the escaped character
            i = buf.length - 1;
            continue;
          }
          i = q;
          if (slashes % 2 === 1) continue; // an escaped quote: still in the string
          inString = false;
          if (depth === 0) {
            i++;
            finished = true;
            break;
          }
          continue;
        }
        const b = buf[i];
        if (scalar) {
          if (endsScalar(b)) {
            finished = true;
            break;
          }
        } else if (b === QUOTE) inString = true;
        else if (b === OPEN_OBJECT || b === OPEN_ARRAY) depth++;
        else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
          if (--depth === 0) {
            i++;
            finished = true;
            break;
          }
        }
      }
      this.pos = i;
      if (keep && i > start) parts.push(buf.subarray(start, i));
      if (finished) break;
    }
    if (!keep) return null;
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  /** A key (a JSON string) and the colon after it. */
  private async key(): Promise<string> {
    const b = await this.peek();
    if (b !== QUOTE) throw this.unexpected(b, "a key in quotes");
    const key = parseJson((await this.value())!) as string;
    await this.expect(COLON, "':'");
    return key;
  }

  /** Enters an object: `onEntry` is called with each key and must read its value. */
  async object(onEntry: (key: string) => Promise<void>): Promise<void> {
    await this.expect(OPEN_OBJECT, "'{'");
    if ((await this.peek()) === CLOSE_OBJECT) {
      this.pos++;
      return;
    }
    for (;;) {
      await onEntry(await this.key());
      const b = await this.peek();
      this.pos++;
      if (b === COMMA) continue;
      if (b === CLOSE_OBJECT) return;
      this.pos--;
      throw this.unexpected(b, "',' or '}'");
    }
  }

  /** Enters an array: `onItem` is called with each index and must read the item. */
  async array(onItem: (index: number) => Promise<void>): Promise<void> {
    await this.expect(OPEN_ARRAY, "'['");
    if ((await this.peek()) === CLOSE_ARRAY) {
      this.pos++;
      return;
    }
    for (let i = 0; ; i++) {
      await onItem(i);
      const b = await this.peek();
      this.pos++;
      if (b === COMMA) continue;
      if (b === CLOSE_ARRAY) return;
      this.pos--;
      throw this.unexpected(b, "',' or ']'");
    }
  }
}

/** JSON.parse of a value's bytes (UTF-8); a SyntaxError becomes a JsonSyntaxError, a RangeError (too deep) is left as it is. */
export function parseJson(bytes: Uint8Array): unknown {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) throw new JsonSyntaxError(error.message);
    throw error;
  }
}
