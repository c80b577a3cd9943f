// The import's helper thread, for the command line: `npm run import` (and the bench's import, which
// measures that path) run under tsx, which can load ./helper-thread.ts in a worker thread. It reads
// annotations from their bytes (JSON.parse and the format's schema, ./annotation-bytes.ts), so the
// import uses a second core: in the checking pass it checks the batches the main thread hands it, and
// in the writing pass it walks the file itself (./native-walk.ts) ahead of the writes, from chunks the
// main thread reads. The server (the HTTP import) runs without it, as does anything when the thread
// cannot start: whatever it was asked and has not answered is then done on the main thread, with the
// same result.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { CheckedAnnotation } from "./annotation-bytes";
import type { HelperAnswer, HelperRequest } from "./helper-thread";
import { JsonSyntaxError } from "./json-scan";
import { Wakeup, type WalkEvent } from "./native-walk";

interface Waiting {
  resolve: (checked: CheckedAnnotation[]) => void;
  reject: (error: unknown) => void;
}

type WalkAnswer = Exclude<HelperAnswer, { kind: "check" }>;

/** Thrown by walk() when the thread stops during a walk, or stopped it early: the caller goes on without it. */
export class HelperStopped extends Error {}

/** Chunks of the input sent to a walk ahead of those it has used up. */
const CHUNKS_AHEAD = 4;

export class ImportHelper {
  private readonly worker: Worker;
  private ready = false;
  private failed = false;
  private readonly waiting: Waiting[] = [];
  private readonly started: Promise<boolean>;
  /** The walk in progress: its id, where its messages go, and what to do if the thread stops. */
  private walking: { id: number; message: (answer: WalkAnswer) => void; fail: (error: unknown) => void } | null = null;
  private walks = 0;
  /** Checking requests answered and walk batches taken, so far. */
  answered = 0;

  /** Starts the thread (it answers once it has loaded its modules; until then `free` is false). `file`: its code (tests). */
  constructor(file = path.join(__dirname, "helper-thread.ts")) {
    this.worker = new Worker(`require("tsx/cjs/api").register(); require(${JSON.stringify(file)});`, { eval: true });
    this.worker.unref();
    let started!: (ok: boolean) => void;
    this.started = new Promise((resolve) => (started = resolve));
    this.worker.on("message", (message: HelperAnswer | "ready") => {
      if (message === "ready") {
        this.ready = true;
        started(true);
      } else if (message.kind === "check") {
        this.answered++;
        this.waiting.shift()?.resolve(message.checked);
      } else if (message.walk === this.walking?.id) this.walking.message(message); // else from a walk stopped before
    });
    const fail = (error: unknown) => {
      this.failed = true;
      started(false);
      for (const w of this.waiting.splice(0)) w.reject(error);
      this.walking?.fail(error);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", () => fail(new Error("the import's helper thread stopped")));
  }

  /** Resolves once the thread has started (true) or could not (false). */
  whenStarted(): Promise<boolean> {
    return this.started;
  }

  /** Checking requests in flight, and the walk in progress. */
  get busy(): number {
    return this.waiting.length + (this.walking ? 1 : 0);
  }

  get usable(): boolean {
    return this.ready && !this.failed;
  }

  /** Checks `items` in the thread (a copy of them, as one buffer handed over); rejects if the thread stops first. */
  check(items: Uint8Array[]): Promise<CheckedAnnotation[]> {
    let size = 0;
    for (const item of items) size += item.length;
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const item of items) {
      bytes.set(item, at);
      at += item.length;
    }
    const request: HelperRequest = { kind: "check", bytes, lengths: items.map((item) => item.length) };
    return new Promise<CheckedAnnotation[]>((resolve, reject) => {
      if (this.failed) return reject(new Error("the import's helper thread stopped"));
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(request, [bytes.buffer]);
    });
  }

  /**
   * The writing pass's walk over a checked native file, done in the thread: what it finds (./native-walk.ts),
   * in the file's order, the annotations read. The input is read here and its chunks sent, a few ahead of
   * those the thread has used; the thread reads a few batches ahead of those taken. Throws HelperStopped
   * when the thread stops (what was yielded stands), a JsonSyntaxError or Error when the file is not what
   * the checking pass read, and what reading the input throws.
   */
  async *walk(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<WalkEvent> {
    if (!this.usable || this.walking) throw new HelperStopped("the import's helper thread is not free to walk");
    const id = ++this.walks;
    const messages: Array<Exclude<WalkAnswer, { kind: "more" }>> = [];
    let stopped: unknown = null;
    const arrived = new Wakeup();

    // The input, read here and sent CHUNKS_AHEAD chunks ahead of those the thread has used up ("more"
    // gives one back as it arrives, whatever the consumer is doing).
    const input = chunks[Symbol.asyncIterator]();
    let credit = CHUNKS_AHEAD;
    let pumping = true;
    let inputError: { error: unknown } | null = null;
    const credited = new Wakeup();
    const message = (m: WalkAnswer) => {
      if (m.kind === "more") {
        credit++;
        credited.wake();
      } else {
        messages.push(m);
        arrived.wake();
      }
    };
    this.walking = { id, message, fail: (error) => ((stopped = error), arrived.wake()) };
    this.worker.postMessage({ kind: "walk", walk: id } satisfies HelperRequest);
    const pump = (async () => {
      try {
        for (;;) {
          while (credit === 0 && pumping) await credited.wait();
          if (!pumping) return;
          const next = await input.next();
          if (!pumping) return;
          if (next.done) return void this.worker.postMessage({ kind: "chunk", bytes: null } satisfies HelperRequest);
          const bytes = new Uint8Array(next.value); // a copy, handed over to the thread
          credit--;
          this.worker.postMessage({ kind: "chunk", bytes } satisfies HelperRequest, [bytes.buffer]);
        }
      } catch (error) {
        inputError = { error };
        arrived.wake();
      }
    })();

    let finished = false;
    try {
      for (;;) {
        while (messages.length === 0 && stopped === null && inputError === null) await arrived.wait();
        if (inputError) throw (inputError as { error: unknown }).error;
        const m = messages.shift();
        if (!m) throw new HelperStopped("the import's helper thread stopped", { cause: stopped });
        if (m.kind === "done") {
          finished = true;
          return;
        } else if (m.kind === "error") {
          finished = true;
          throw m.syntax ? new JsonSyntaxError(m.message) : new Error(m.message);
        } else {
          if (m.event.kind === "annotations") {
            this.answered++;
            this.worker.postMessage({ kind: "taken" } satisfies HelperRequest);
          }
          yield m.event;
          // the thread stopped its walk after an annotation it could not read
          if (m.event.kind === "failed") throw new HelperStopped("the import's helper thread stopped at an annotation it could not read");
        }
      }
    } finally {
      pumping = false;
      credited.wake();
      this.walking = null;
      if (!finished && !this.failed) this.worker.postMessage({ kind: "stop" } satisfies HelperRequest);
      // the input closed once the pump is done with it (a read in progress ends first)
      void pump.then(() => input.return?.()).catch(() => {});
    }
  }

  /** Stops the thread; what it has not answered is rejected (and done on the main thread by the caller). */
  async close(): Promise<void> {
    this.failed = true;
    this.worker.removeAllListeners("exit");
    const closed = new Error("the import's helper thread was closed");
    for (const w of this.waiting.splice(0)) w.reject(closed);
    this.walking?.fail(closed);
    await this.worker.terminate();
  }
}
