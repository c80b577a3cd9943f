// Batches the many small strings a streaming serialiser produces into chunks of at most 64 KB: one HTTP
// write per tiny piece would be slow, one string for a whole corpus would not fit in memory. Pieces are
// never cut (a chunk ends after a whole piece), so no chunk can end between the halves of a surrogate
// pair, and the pieces are joined once per chunk rather than copied piece by piece.

export const CHUNK_SIZE = 64 * 1024;

export class ChunkWriter {
  private pieces: string[] = [];
  private length = 0;

  constructor(private readonly size = CHUNK_SIZE) {}

  /**
   * Adds `piece`; returns a chunk (the pieces waiting before it) when `piece` would take it past `size`,
   * else null. A single piece longer than `size` (a long document text) is a chunk of its own.
   */
  push(piece: string): string | null {
    const chunk = this.length > 0 && this.length + piece.length > this.size ? this.take() : null;
    this.pieces.push(piece);
    this.length += piece.length;
    return chunk;
  }

  /** What is left (null when nothing is). */
  end(): string | null {
    return this.length > 0 ? this.take() : null;
  }

  private take(): string {
    const chunk = this.pieces.join("");
    this.pieces = [];
    this.length = 0;
    return chunk;
  }
}

// Characters JSON.stringify escapes in a string: the quote, the backslash, controls, and surrogates
// (a lone one is escaped; a pair is not, but telling them apart is left to JSON.stringify).
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify(value)` for a string, about twice as fast for the usual string that needs no escape. */
export const jsonString = (value: string): string => (NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`);
