// Where an import's bytes come from (an upload spooled to a file, a file on the command line, bytes in
// memory), read from the start once per pass, at given byte ranges (a W3C file's items), or whole.
import fs from "node:fs";
import { AppError } from "@/lib/errors";

/** Bytes at ranges of a file; a range's bytes are valid until the next read. */
export interface ByteRanges {
  read(start: number, end: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface ImportInput {
  chunks(): AsyncIterable<Uint8Array>;
  ranges(): Promise<ByteRanges>;
  whole(): Promise<Uint8Array>;
}

export const notUtf8 = () => new AppError("INVALID_INPUT", "The file is not valid UTF-8 text.");
export const notJson = (detail: string) => new AppError("INVALID_INPUT", `The file is not valid JSON (${detail}).`);
const changed = () => new AppError("INVALID_INPUT", "The file changed while it was being imported (it is shorter than when it was checked).");

/** Ranges of bytes in memory. */
export function bytesRanges(bytes: Uint8Array): ByteRanges {
  return {
    read: async (start, end) => {
      if (end > bytes.length) throw changed();
      return bytes.subarray(start, end);
    },
    close: async () => {},
  };
}

export function bytesInput(bytes: Uint8Array): ImportInput {
  return {
    chunks: async function* () {
      yield bytes;
    },
    ranges: async () => bytesRanges(bytes),
    whole: async () => bytes,
  };
}

/** Bytes per read of an import file (the stream default is 64 KB): fewer reads and stream turns per pass. */
const READ_CHUNK = 256 * 1024;
/**
 * Bytes read at once for ranges: the next ranges, when they follow (a file's items in order), are in
 * memory already, so a pass over them reads the file in order, READ_CHUNK at a time.
 */
const RANGE_WINDOW = READ_CHUNK;

async function fileRanges(path: string): Promise<ByteRanges> {
  const handle = await fs.promises.open(path, "r");
  const window = Buffer.alloc(RANGE_WINDOW);
  let from = 0;
  let to = 0;
  const fill = async (buffer: Buffer, at: number) => {
    let got = 0;
    while (got < buffer.length) {
      const { bytesRead } = await handle.read(buffer, got, buffer.length - got, at + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got;
  };
  return {
    async read(start, end) {
      if (start >= from && end <= to) return window.subarray(start - from, end - from);
      if (end - start > RANGE_WINDOW) {
        const own = Buffer.alloc(end - start);
        if ((await fill(own, start)) < own.length) throw changed();
        return own;
      }
      from = start;
      to = start + (await fill(window, start));
      if (end > to) throw changed();
      return window.subarray(0, end - start);
    },
    close: () => handle.close(),
  };
}

export function fileInput(path: string): ImportInput {
  return {
    chunks: () => fs.createReadStream(path, { highWaterMark: READ_CHUNK }),
    ranges: () => fileRanges(path),
    whole: () => fs.promises.readFile(path),
  };
}
