// The import's helper thread (./helper.ts starts it): reads batches of annotations from their bytes
// (./annotation-bytes.ts) while the main thread writes. Each request is one buffer of annotations end
// to end with their lengths; each answer goes back in the order the requests came.
import { parentPort } from "node:worker_threads";
import { checkAnnotationBytes, readAnnotationBytes } from "./annotation-bytes";

export interface HelperRequest {
  kind: "check" | "parse";
  bytes: Uint8Array;
  lengths: number[];
}

/** check: one CheckedAnnotation per item; parse: the annotations, or the index of the first one that failed (the main thread reads that one itself, to throw its error). */
export type HelperAnswer = { kind: "check"; checked: ReturnType<typeof checkAnnotationBytes>[] } | { kind: "parse"; annotations: ReturnType<typeof readAnnotationBytes>[]; failed?: number };

function items(request: HelperRequest): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const length of request.lengths) {
    out.push(request.bytes.subarray(at, at + length));
    at += length;
  }
  return out;
}

function answer(request: HelperRequest): HelperAnswer {
  if (request.kind === "check") return { kind: "check", checked: items(request).map(checkAnnotationBytes) };
  const annotations: ReturnType<typeof readAnnotationBytes>[] = [];
  for (const [i, bytes] of items(request).entries()) {
    try {
      annotations.push(readAnnotationBytes(bytes));
    } catch {
      return { kind: "parse", annotations: [], failed: i };
    }
  }
  return { kind: "parse", annotations };
}

if (parentPort) {
  const port = parentPort;
  port.on("message", (request: HelperRequest) => port.postMessage(answer(request)));
  port.postMessage("ready");
}
