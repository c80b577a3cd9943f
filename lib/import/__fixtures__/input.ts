// An import's input for the tests: a value's bytes, and bytes served in chunks of a given size.
import { bytesRanges, type ImportInput } from "../input";

export const encode = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));

/** The bytes in chunks of `size` (a chunk boundary falls inside strings, escapes and multi-byte characters). */
export function chunked(bytes: Uint8Array, size: number): ImportInput {
  return {
    chunks: async function* () {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    },
    ranges: async () => bytesRanges(bytes),
    whole: async () => bytes,
  };
}
