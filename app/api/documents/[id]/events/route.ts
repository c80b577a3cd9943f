// GET /api/documents/[id]/events — server-sent events: every change to the document's annotations,
// replies and verdicts, plus who has it open. Resumes after a drop or a restart from Last-Event-ID
// (events are stored), so a page never misses a change. Events are delivered as the current state of
// what they name (lib/events/bus.ts): a replay never carries deleted content.
import crypto from "node:crypto";
import { apiRoute } from "@/lib/http/api";
import { authorizationState } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { subscribe, type LiveEvent } from "@/lib/events/bus";
import { assertDocumentLive, findEventsSince, findLatestEventId } from "@/lib/events/service";
import { join, leave } from "@/lib/events/presence";
import { openStream } from "@/lib/events/streams";

export const dynamic = "force-dynamic";
const HEARTBEAT_MS = 15_000;
// The caller is re-checked this often (one indexed lookup), so a stream ends within about a second of
// a sign-out, a token revocation, a deactivation or a role change.
const RECHECK_MS = 1_000;

export const GET = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const documentId = params.id;
  await assertDocumentLive(documentId);
  const release = openStream(user.id);
  if (!release) throw new AppError("RATE_LIMITED", "Too many live streams open for your account. Close some tabs of documents and try again.");
  const url = new URL(req.url);
  const resumeFrom = Number(req.headers.get("last-event-id") ?? url.searchParams.get("since") ?? NaN);
  const connectionId = crypto.randomUUID();
  const encoder = new TextEncoder();
  let cleanup = () => release();

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let lastSent = Number.isInteger(resumeFrom) && resumeFrom >= 0 ? resumeFrom : await findLatestEventId(documentId);
      const send = (chunk: string) => {
        if (!closed) controller.enqueue(encoder.encode(chunk));
      };
      const sendEvent = (event: LiveEvent) => {
        if (event.id) {
          if (event.id <= lastSent) return; // already delivered during catch-up
          lastSent = event.id;
          send(`id: ${event.id}\ndata: ${JSON.stringify({ type: event.type, payload: event.payload })}\n\n`);
        } else {
          send(`data: ${JSON.stringify({ type: event.type, payload: event.payload })}\n\n`);
        }
      };
      // Subscribe first and buffer, so nothing committed during the catch-up query is lost.
      const buffered: LiveEvent[] = [];
      let catchingUp = true;
      const unsubscribe = subscribe(documentId, (event) => (catchingUp ? buffered.push(event) : sendEvent(event)));
      send(`retry: 2000\n\n`);
      for (let more = true; more && !closed; ) {
        const page = await findEventsSince(documentId, lastSent);
        page.events.forEach(sendEvent);
        lastSent = Math.max(lastSent, page.lastId);
        more = page.more;
      }
      catchingUp = false;
      buffered.forEach(sendEvent);
      send(`event: ready\ndata: ${JSON.stringify({ lastEventId: lastSent })}\n\n`);
      join(documentId, connectionId, { id: user.id, name: user.name });

      const end = (event?: string) => {
        if (closed) return;
        if (event) send(`event: ${event}\ndata: {}\n\n`);
        cleanup();
        controller.close();
      };
      // Signed out, revoked or deactivated: the page is told to sign in again. A role change only
      // closes the stream; the browser reconnects and is authorized afresh under the new role.
      let checking = false;
      const recheck = setInterval(() => {
        if (req.signal.aborted) return cleanup(); // a disconnect whose abort event was missed
        if (checking) return;
        checking = true;
        authorizationState(user)
          .then((state) => {
            if (state === "ended") end("unauthorized");
            else if (state === "role_changed") end();
          })
          .catch(() => end())
          .finally(() => (checking = false));
      }, RECHECK_MS);
      // Heartbeats keep proxies from closing an idle stream.
      const heartbeat = setInterval(() => send(`: keep-alive\n\n`), HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(recheck);
        clearInterval(heartbeat);
        unsubscribe();
        leave(documentId, connectionId);
        release();
      };
      req.signal.addEventListener("abort", () => cleanup());
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
