// Worker-thread entry for lib/documents/extract-off-thread.ts: one job at a time off the main thread, and
// its result posted back: an upload's conversion (extractText, then the figures of the text: hash,
// length, words), or a word diff between two versions of a text (diffTexts).
import { parentPort } from "node:worker_threads";
import { countWords, cpLength, extractText, sha256Hex } from "./extract";
import { diffTexts } from "./diff";
import type { WorkerJob } from "./extract-off-thread";

parentPort?.on("message", (job: WorkerJob) => {
  if (job.kind === "diff") {
    parentPort!.postMessage(diffTexts(job.oldText, job.newText, job.options));
    return;
  }
  const result = extractText(job.input);
  const figures = result.ok ? { textHash: sha256Hex(result.text), length: cpLength(result.text), words: countWords(result.text) } : null;
  parentPort!.postMessage({ result, figures });
});
