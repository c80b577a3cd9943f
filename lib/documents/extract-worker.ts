// Worker-thread entry for lib/documents/extract-off-thread.ts: converts one upload at a time off the
// main thread (extractText, then the figures of the text: hash, length, words) and posts the result.
import { parentPort } from "node:worker_threads";
import { countWords, cpLength, extractText, sha256Hex, type ExtractInput } from "./extract";

parentPort?.on("message", (input: ExtractInput) => {
  const result = extractText(input);
  const figures = result.ok ? { textHash: sha256Hex(result.text), length: cpLength(result.text), words: countWords(result.text) } : null;
  parentPort!.postMessage({ result, figures });
});
