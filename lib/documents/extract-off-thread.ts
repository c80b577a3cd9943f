import "server-only";
// Uploads are converted off the main thread. Markdown and HTML parsing can take seconds for a large or
// hostile file (deeply nested lists once took 84 s), and on the one Node thread that serves everyone
// every other request would wait. So extractText runs in a small pool of worker threads, with a time
// limit: a conversion that takes longer is stopped (the worker is terminated) and the upload refused
// with a clear 422. The worker also computes the text's hash, length and word count, which take
// noticeable time on megabytes of text. The versions page's word diffs run in the same workers: a diff of
// two long versions takes up to ~2 s (lib/documents/diff.ts' own time limits), which on the main thread
// held every other request, live updates included, for that long.
//
// The worker entry is lib/documents/extract-worker.ts, written as `new Worker(new URL(...,
// import.meta.url))` so that Next's bundler (Turbopack) builds it into a worker chunk of its own, which
// the production server loads by path. Under Vitest, which runs the sources, that URL is a .ts file
// Node cannot load; the worker then loads it through tsx.
import path from "node:path";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { AppError } from "@/lib/errors";
import type { ExtractInput, ExtractResult } from "./extract";
import { diffTexts, type TextDiff } from "./diff";

/** How long one upload may take to convert. A large ordinary Markdown file takes a few seconds. */
export const EXTRACT_TIME_LIMIT_MS = 15_000;
const POOL_SIZE = 2;
const WORKER_OPTIONS: WorkerOptions = { resourceLimits: { maxOldGenerationSizeMb: 1024 } };

export interface TextFigures {
  textHash: string;
  length: number;
  words: number;
}
export interface OffThreadResult {
  result: ExtractResult;
  /** The stored text's figures, when the conversion succeeded. */
  figures: TextFigures | null;
}

/** What a worker is asked to do (extract-worker.ts). */
export type WorkerJob =
  | { kind: "extract"; input: ExtractInput }
  | { kind: "diff"; oldText: string; newText: string; options: { ignoreWhitespace?: boolean } };

interface Job {
  message: WorkerJob;
  timeLimitMs: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** The error a job that took too long, or whose worker failed, is refused with. */
  refusal: (why: "time" | "failed") => AppError;
}

function spawn(): Worker {
  if (process.env.VITEST) {
    const source = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "documents", "extract-worker.ts");
    const FromSource = Worker; // (not the `new Worker(new URL(...))` form the bundler looks for)
    return new FromSource(`require("tsx/cjs"); require(${JSON.stringify(source)});`, { ...WORKER_OPTIONS, eval: true });
  }
  return new Worker(new URL("./extract-worker.ts", import.meta.url), WORKER_OPTIONS);
}

const idle: Worker[] = [];
let running = 0;
const queue: Job[] = [];

function next(): void {
  while (queue.length > 0 && (idle.length > 0 || running < POOL_SIZE)) {
    const job = queue.shift()!;
    const worker = idle.pop() ?? spawn();
    running++;
    run(worker, job);
  }
}

function run(worker: Worker, job: Job): void {
  worker.ref();
  let settled = false;
  const finish = (keep: boolean) => {
    settled = true;
    clearTimeout(timer);
    worker.removeAllListeners("message").removeAllListeners("error").removeAllListeners("exit");
    running--;
    if (keep) {
      worker.unref();
      idle.push(worker);
    } else {
      void worker.terminate();
    }
    next();
  };
  const timer = setTimeout(() => {
    if (settled) return;
    finish(false);
    job.reject(job.refusal("time"));
  }, job.timeLimitMs);
  worker.once("message", (value: unknown) => {
    if (settled) return;
    finish(true);
    job.resolve(value);
  });
  const failed = (error?: unknown) => {
    if (settled) return;
    finish(false);
    if (error instanceof Error && !/ERR_WORKER_OUT_OF_MEMORY/.test(`${(error as { code?: string }).code}`)) {
      console.error(`Text worker failed (${job.message.kind}):`, error);
    }
    job.reject(job.refusal("failed"));
  };
  worker.once("error", failed);
  worker.once("exit", failed);
  worker.postMessage(job.message);
}

function enqueue<T>(message: WorkerJob, timeLimitMs: number, refusal: Job["refusal"]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push({ message, timeLimitMs, resolve: resolve as (value: unknown) => void, reject, refusal });
    next();
  });
}

const extractRefusal = (why: "time" | "failed") =>
  why === "time"
    ? new AppError(
        "UNPROCESSABLE",
        `This file took too long to convert (over ${EXTRACT_TIME_LIMIT_MS / 1000} s), so it was not read. Its structure may be unusually deep or complex; try it as plain text.`,
        { field: "file", reason: "TOO_COMPLEX" },
      )
    : new AppError("UNPROCESSABLE", "This file could not be converted (it needs more memory or nesting than allowed). Try it as plain text.", {
        field: "file",
        reason: "TOO_COMPLEX",
      });

/**
 * extractText (lib/documents/extract.ts) in a worker thread, plus the text's figures. Refuses with a
 * 422 AppError when the conversion takes longer than the time limit or the worker fails.
 */
export function extractOffThread(input: ExtractInput, timeLimitMs = EXTRACT_TIME_LIMIT_MS): Promise<OffThreadResult> {
  return enqueue<OffThreadResult>({ kind: "extract", input }, timeLimitMs, extractRefusal);
}

/** How long a diff may take in its worker: diffTexts bounds its own word-by-word work to ~2 s; this only guards against a worker that hangs. */
export const DIFF_TIME_LIMIT_MS = 20_000;

/**
 * diffTexts (lib/documents/diff.ts) in a worker thread. Should the worker fail (it cannot start, runs out
 * of memory) or hang, the diff is made here after all: the texts are fine, and diffTexts bounds its work.
 */
export async function diffOffThread(oldText: string, newText: string, options: { ignoreWhitespace?: boolean } = {}, timeLimitMs = DIFF_TIME_LIMIT_MS): Promise<TextDiff> {
  try {
    return await enqueue<TextDiff>({ kind: "diff", oldText, newText, options }, timeLimitMs, (why) => new AppError("UNPROCESSABLE", `diff worker ${why}`));
  } catch (error) {
    console.error("The diff worker failed; diffing on this thread instead:", error instanceof Error ? error.message : error);
    return diffTexts(oldText, newText, options);
  }
}
