// The import's helper thread, for the command line: `npm run import` (and the bench's import, which
// measures that path) run under tsx, which can load ./helper-thread.ts in a worker thread. While the
// main thread writes, the helper reads annotations from their bytes (JSON.parse and the format's
// schema, ./annotation-bytes.ts), so the import uses a second core: in the checking pass it takes
// every batch it is free for, and in the writing pass it reads ahead of the writes. The server (the
// HTTP import) runs without it, as does anything when the thread cannot start: whatever it was asked
// and has not answered is then done on the main thread, with the same result.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { HelperAnswer, HelperRequest } from "./helper-thread";

interface Waiting {
  resolve: (answer: HelperAnswer) => void;
  reject: (error: unknown) => void;
}

export class ImportHelper {
  private readonly worker: Worker;
  private ready = false;
  private failed = false;
  private readonly waiting: Waiting[] = [];
  private readonly started: Promise<boolean>;
  /** Requests answered so far. */
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
      } else {
        this.answered++;
        this.waiting.shift()?.resolve(message);
      }
    });
    const fail = (error: unknown) => {
      this.failed = true;
      started(false);
      for (const w of this.waiting.splice(0)) w.reject(error);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", () => fail(new Error("the import's helper thread stopped")));
  }

  /** Resolves once the thread has started (true) or could not (false). */
  whenStarted(): Promise<boolean> {
    return this.started;
  }

  /** Ready and with nothing to do. */
  get free(): boolean {
    return this.ready && !this.failed && this.waiting.length === 0;
  }

  /** Requests in flight. */
  get busy(): number {
    return this.waiting.length;
  }

  get usable(): boolean {
    return this.ready && !this.failed;
  }

  /** Sends a copy of `items` (one buffer, handed over to the thread); rejects if the thread stops first. */
  ask(kind: HelperRequest["kind"], items: Uint8Array[]): Promise<HelperAnswer> {
    let size = 0;
    for (const item of items) size += item.length;
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const item of items) {
      bytes.set(item, at);
      at += item.length;
    }
    const request: HelperRequest = { kind, bytes, lengths: items.map((item) => item.length) };
    return new Promise<HelperAnswer>((resolve, reject) => {
      if (this.failed) return reject(new Error("the import's helper thread stopped"));
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(request, [bytes.buffer]);
    });
  }

  /** Stops the thread; what it has not answered is rejected (and done on the main thread by the caller). */
  async close(): Promise<void> {
    this.failed = true;
    this.worker.removeAllListeners("exit");
    for (const w of this.waiting.splice(0)) w.reject(new Error("the import's helper thread was closed"));
    await this.worker.terminate();
  }
}
