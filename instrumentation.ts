// Next's instrumentation hooks: `register` runs once when the server starts, before any request is
// handled; `onRequestError` is handed every error of a render or a route, in its request's context.
let noteRequestError: ((error: unknown) => void) | null = null;

export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { stampRemoteAddresses } = await import("./lib/http/remote-address");
    stampRemoteAddresses();
    const outage = await import("./lib/http/outage-status");
    outage.answerOutagesWith503();
    noteRequestError = outage.noteRequestError;
  }
}

// Synchronous: the request must be marked before Next sends the answer's status (lib/http/outage-status.ts).
export function onRequestError(error: unknown) {
  noteRequestError?.(error);
}
