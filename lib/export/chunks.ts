// Batches the many small strings a streaming serialiser produces into ~64 KB chunks: one
// HTTP write per tiny piece would be slow, one string for a whole corpus would not fit in memory.

export const CHUNK_SIZE = 64 * 1024;

export class ChunkWriter {
  private buffer = "";

  constructor(private readonly size = CHUNK_SIZE) {}

  /** Appends `piece`; yields every full chunk now available. */
  *write(piece: string): Generator<string> {
    this.buffer += piece;
    while (this.buffer.length >= this.size) {
      let cut = this.size;
      // Never end a chunk between the two halves of a surrogate pair: a per-chunk UTF-8
      // encoder would turn each half into U+FFFD.
      const code = this.buffer.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
      yield this.buffer.slice(0, cut);
      this.buffer = this.buffer.slice(cut);
    }
  }

  /** Yields what is left. */
  *end(): Generator<string> {
    if (this.buffer) yield this.buffer;
    this.buffer = "";
  }
}
