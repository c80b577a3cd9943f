// Next's instrumentation hooks: `register` runs once when the server starts, before any request is
// handled; `onRequestError` is handed every error of a render or a route, in its request's context.
import type { RequestErrorContext } from "./lib/http/outage-status";

let noteRequestError: ((error: unknown, context?: RequestErrorContext) => void) | null = null;

export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { stampRemoteAddresses } = await import("./lib/http/remote-address");
    stampRemoteAddresses();
    const outage = await import("./lib/http/outage-status");
    outage.answerOutagesWith503();
    outage.quietRepeatedStacks();
    noteRequestError = outage.noteRequestError;
    // On PostgreSQL, hold the LISTEN connection from now on: a running server is always seen by a restore.
    // Not while `next build` prerenders (it runs this too), and without loading the store on SQLite.
    const { databaseTarget } = await import("./lib/store/url");
    if (process.env.NEXT_PHASE !== "phase-production-build" && databaseTarget().engine === "postgres") {
      const { listenFromStart } = await import("./lib/store/changes");
      listenFromStart();
    }
  }
}

// Synchronous: the request must be marked before Next sends the answer's status, and before it logs the
// error (lib/http/outage-status.ts).
export function onRequestError(error: unknown, _request: unknown, context: RequestErrorContext) {
  noteRequestError?.(error, context);
}
