// The import's helper thread (./helper.ts starts it). In the checking pass it checks batches of
// annotations from their bytes (./annotation-bytes.ts): each request is one buffer of annotations end to
// end with their lengths, and each answer goes back in the order the requests came. In the writing pass
// it walks the file itself (./native-walk.ts) from the chunks the main thread sends, and sends back each
// document's fields and its annotations read, a batch at a time, while the main thread writes.
import { parentPort } from "node:worker_threads";
import { checkAnnotationBytes, readAnnotationBytes, type ReadAnnotation } from "./annotation-bytes";
import { JsonSyntaxError } from "./json-scan";
import { walkNative, Wakeup, type WalkEvent } from "./native-walk";

/** Annotations per batch of the writing pass's walk. */
const WALK_BATCH = 250;
/** Batches the walk may send ahead of those the main thread has taken. */
const WALK_AHEAD = 4;

/** From the main thread: a checking request; or, for a walk, its start, its chunks (null: no more), a batch taken, its stop. */
export type HelperRequest =
  | { kind: "check"; bytes: Uint8Array; lengths: number[] }
  | { kind: "walk"; walk: number }
  | { kind: "chunk"; bytes: Uint8Array | null }
  | { kind: "taken" }
  | { kind: "stop" };

/**
 * To the main thread: a checking answer (one CheckedAnnotation per item); or, from walk `walk`, a chunk
 * used up ("more"), what it found, its end ("done") or why it stopped ("error", when the file is not what
 * the checking pass read; `syntax`: a JsonSyntaxError).
 */
export type HelperAnswer = { kind: "check"; checked: ReturnType<typeof checkAnnotationBytes>[] } | (WalkMessage & { walk: number });
type WalkMessage = { kind: "more" } | { kind: "event"; event: WalkEvent } | { kind: "done" } | { kind: "error"; syntax: boolean; message: string };

function items(request: { bytes: Uint8Array; lengths: number[] }): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const length of request.lengths) {
    out.push(request.bytes.subarray(at, at + length));
    at += length;
  }
  return out;
}

class Stopped extends Error {}

/** One writing-pass walk: fed chunks by the main thread, sending what it finds as the main thread takes it. */
class Walk {
  private readonly chunks: Array<Uint8Array | null> = [];
  private readonly wakeup = new Wakeup();
  private stopped = false;
  /** Batches sent and not yet taken. */
  private ahead = 0;

  constructor(
    private readonly id: number,
    private readonly post: (answer: HelperAnswer) => void,
  ) {}

  private send(message: WalkMessage) {
    this.post({ ...message, walk: this.id });
  }

  onChunk(bytes: Uint8Array | null) {
    this.chunks.push(bytes);
    this.wakeup.wake();
  }

  onTaken() {
    this.ahead--;
    this.wakeup.wake();
  }

  stop() {
    this.stopped = true;
    this.wakeup.wake();
  }

  private async until(ready: () => boolean) {
    while (!ready()) {
      if (this.stopped) throw new Stopped();
      await this.wakeup.wait();
    }
    if (this.stopped) throw new Stopped();
  }

  private async *source(): AsyncGenerator<Uint8Array> {
    for (;;) {
      await this.until(() => this.chunks.length > 0);
      const chunk = this.chunks.shift()!;
      if (chunk === null) return;
      this.send({ kind: "more" });
      yield chunk;
    }
  }

  private async event(event: WalkEvent) {
    this.send({ kind: "event", event });
    if (event.kind !== "annotations") return;
    this.ahead++;
    await this.until(() => this.ahead <= WALK_AHEAD);
  }

  async run() {
    let batch: ReadAnnotation[] = [];
    let first = 0;
    const flush = async (i: number) => {
      if (batch.length === 0) return;
      const list = batch;
      batch = [];
      await this.event({ kind: "annotations", i, j: first, list });
    };
    try {
      await walkNative(this.source(), {
        begin: (i, fields) => this.event({ kind: "begin", i, fields }),
        annotation: async (i, j, bytes) => {
          let a: ReadAnnotation;
          try {
            a = readAnnotationBytes(bytes);
          } catch {
            // what came before it first; then its bytes, for the main thread to throw its error
            await flush(i);
            await this.event({ kind: "failed", i, j, bytes: new Uint8Array(bytes) }); // a copy: not the whole chunk it lies in
            throw new Stopped();
          }
          if (batch.length === 0) first = j;
          batch.push(a);
          if (batch.length >= WALK_BATCH) await flush(i);
        },
        annotationsEnd: (i) => flush(i),
        end: (i, fields) => this.event({ kind: "end", i, fields }),
      });
      this.send({ kind: "done" });
    } catch (error) {
      if (error instanceof Stopped) return;
      this.send({ kind: "error", syntax: error instanceof JsonSyntaxError, message: (error as Error)?.message ?? String(error) });
    }
  }
}

if (parentPort) {
  const port = parentPort;
  let walk: Walk | null = null;
  port.on("message", (request: HelperRequest) => {
    if (request.kind === "check") port.postMessage({ kind: "check", checked: items(request).map(checkAnnotationBytes) } satisfies HelperAnswer);
    else if (request.kind === "walk") {
      walk?.stop();
      const current = new Walk(request.walk, (answer) => port.postMessage(answer));
      walk = current;
      void current.run().finally(() => {
        if (walk === current) walk = null;
      });
    } else if (request.kind === "chunk") walk?.onChunk(request.bytes);
    else if (request.kind === "taken") walk?.onTaken();
    else {
      walk?.stop();
      walk = null;
    }
  });
  port.postMessage("ready");
}
