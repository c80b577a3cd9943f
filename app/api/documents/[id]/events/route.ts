// GET /api/documents/[id]/events — server-sent events: every change to the document's annotations,
// replies and verdicts, plus who has it open. Resumes after a drop or a restart from Last-Event-ID
// (events are stored), so a page never misses a change, whichever server process serves it. Events are delivered as the current state of
// what they name (lib/events/bus.ts): a replay never carries deleted content.
import crypto from "node:crypto";
import { apiRoute, otherMethods } from "@/lib/http/api";
import { recheckCaller } from "@/lib/auth/recheck";
import { AppError } from "@/lib/errors";
import { subscribe, type LiveEvent } from "@/lib/events/bus";
import { assertDocumentLive, findLatestEventId } from "@/lib/events/service";
import { join, leave } from "@/lib/events/presence";
import { openStream } from "@/lib/events/streams";

export const dynamic = "force-dynamic";
const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

// A stored event reaches every stream of its document in this process as one object: it is
// serialized once for all of them (50 streams took 50 serializations of the same annotation).
const encodedEvents = new WeakMap<LiveEvent, Uint8Array>();
function encodeEvent(event: LiveEvent): Uint8Array {
  let bytes = encodedEvents.get(event);
  if (!bytes) {
    bytes = encoder.encode(`id: ${event.id}\ndata: ${JSON.stringify({ type: event.type, payload: event.payload })}\n\n`);
    encodedEvents.set(event, bytes);
  }
  return bytes;
}

/**
 * Where a stream resumes: the Last-Event-ID header (a reconnecting EventSource's) or `?since=`, an event
 * id; null to start at the newest event.
 */
function resumePoint(req: Request): number | null {
  const raw = (req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("since") ?? "").trim();
  if (raw === "") return null;
  if (!/^\d{1,15}$/.test(raw)) throw new AppError("INVALID_INPUT", "Last-Event-ID (or ?since=) must be an event id: a whole number.");
  return Number(raw);
}

export const GET = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const documentId = params.id;
  await assertDocumentLive(documentId);
  const resumeFrom = resumePoint(req);
  const release = openStream(user.id);
  if (!release) throw new AppError("RATE_LIMITED", "Too many live streams open for your account. Close some tabs of documents and try again.");
  const connectionId = crypto.randomUUID();
  let cleanup = () => release();
  let unsubscribe = () => {};

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      // An id past the newest (a client's guess, or another installation's) resumes at the newest: taken
      // as it stands, every event until the log reached it would be dropped as already delivered.
      const newest = await findLatestEventId(documentId);
      let lastSent = resumeFrom === null ? newest : Math.min(resumeFrom, newest);
      const send = (chunk: string | Uint8Array) => {
        if (!closed) controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      };
      const sendEvent = (event: LiveEvent) => {
        if (event.id) {
          if (event.id <= lastSent) return; // already delivered during catch-up
          lastSent = event.id;
          send(encodeEvent(event));
        } else {
          send(`data: ${JSON.stringify({ type: event.type, payload: event.payload })}\n\n`);
        }
      };
      let heartbeat: NodeJS.Timeout | undefined = undefined;
      let stopRecheck = () => {};
      let joined = false;
      cleanup = () => {
        if (closed) return;
        closed = true;
        stopRecheck();
        clearInterval(heartbeat);
        unsubscribe();
        if (joined) leave(connectionId).catch((error) => console.error(`presence: ${(error as Error).message}`));
        release();
      };
      req.signal.addEventListener("abort", () => cleanup());

      send(`retry: 2000\n\n`);
      // The stream is a cursor over the document's event log: what was stored after lastSent first, then
      // every new event as it commits in any server process (lib/events/bus.ts).
      const subscription = await subscribe(documentId, lastSent, sendEvent);
      if (closed) return subscription.unsubscribe();
      unsubscribe = subscription.unsubscribe;
      send(`event: ready\ndata: ${JSON.stringify({ lastEventId: subscription.lastId })}\n\n`);
      joined = true;
      await join(documentId, connectionId, { id: user.id, name: user.name });

      const end = (event?: string) => {
        if (closed) return;
        if (event) send(`event: ${event}\ndata: {}\n\n`);
        cleanup();
        controller.close();
      };
      // Every second (lib/auth/recheck.ts): signed out, revoked or deactivated, the page is told to sign in
      // again; a role change only closes the stream, and the browser reconnects and is authorized afresh
      // under the new role.
      stopRecheck = recheckCaller(user, (result) => {
        if (req.signal.aborted) return cleanup(); // a disconnect whose abort event was missed
        if (result === "ended") end("unauthorized");
        else if (result !== "ok") end();
      });
      // Heartbeats keep proxies from closing an idle stream.
      heartbeat = setInterval(() => send(`: keep-alive\n\n`), HEARTBEAT_MS);
      if (closed) {
        // closed while joining: cleanup ran before there was a check or a heartbeat to stop
        stopRecheck();
        clearInterval(heartbeat);
      }
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
