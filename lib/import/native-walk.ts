// The writing pass's walk over a checked native file, the same on the main thread and in the import's
// helper thread (./helper-thread.ts): each document's fields, and its annotations as they come, in the
// file's order. Nothing here touches the database, so the helper thread can load it.
import type { ReadAnnotation } from "./annotation-bytes";
import { JsonScanner, parseJson } from "./json-scan";

/**
 * What the walk finds, in the file's order. `i` is the document's index in the file, `j` an annotation's
 * index in its document. The fields are those read so far ("begin": before the annotations; "end": all).
 */
export type WalkEvent =
  | { kind: "begin"; i: number; fields: Record<string, unknown> }
  | { kind: "annotations"; i: number; j: number; list: ReadAnnotation[] }
  /** An annotation that could not be read (the file changed since the checking pass): reading it again throws why. */
  | { kind: "failed"; i: number; j: number; bytes: Uint8Array }
  | { kind: "end"; i: number; fields: Record<string, unknown> };

export interface NativeWalker {
  /** Document `i`'s annotations begin. */
  begin(i: number, fields: Record<string, unknown>): Promise<void>;
  /** Annotation `j` of document `i`, as its bytes. */
  annotation(i: number, j: number, bytes: Uint8Array): Promise<void>;
  /** The end of document `i`'s annotations. */
  annotationsEnd(i: number): Promise<void>;
  /** The end of document `i`. */
  end(i: number, fields: Record<string, unknown>): Promise<void>;
}

/** Walks the documents of a native file (its "summary" fields are skipped: the import recomputes them). */
export async function walkNative(chunks: AsyncIterable<Uint8Array>, on: NativeWalker): Promise<void> {
  const s = new JsonScanner(chunks);
  await s.object(async (key) => {
    if (key !== "documents") return void (await s.value(false));
    await s.array(async (i) => {
      const fields: Record<string, unknown> = {};
      await s.object(async (field) => {
        if (field === "summary") return void (await s.value(false));
        if (field !== "annotations") {
          fields[field] = parseJson((await s.value())!);
          return;
        }
        await on.begin(i, fields);
        await s.array(async (j) => on.annotation(i, j, (await s.value())!));
        await on.annotationsEnd(i);
      });
      await on.end(i, fields);
    });
  });
}

/** A wake-up for loops that wait for their own condition (the walk's two sides): `wait` until the next `wake`. */
export class Wakeup {
  private readonly waiting: Array<() => void> = [];

  wait(): Promise<void> {
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  wake(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
