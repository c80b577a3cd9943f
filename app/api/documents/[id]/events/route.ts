// GET /api/documents/[id]/events — server-sent events: every change to the document's annotations,
// replies and verdicts, plus who has it open. Resumes after a drop or a restart from Last-Event-ID
// (events are stored), so a page never misses a change, whichever server process serves it.
import crypto from "node:crypto";
import { apiRoute } from "@/lib/http/api";
import { requireApiUser } from "@/lib/auth/session";
import { subscribe, type LiveEvent } from "@/lib/events/bus";
import { assertDocumentLive, findLatestEventId } from "@/lib/events/service";
import { join, leave } from "@/lib/events/presence";

export const dynamic = "force-dynamic";
const HEARTBEAT_MS = 15_000;

export const GET = apiRoute<{ id: string }>(async ({ req, user, params }) => {
  const documentId = params.id;
  await assertDocumentLive(documentId);
  const url = new URL(req.url);
  const resumeFrom = Number(req.headers.get("last-event-id") ?? url.searchParams.get("since") ?? NaN);
  const connectionId = crypto.randomUUID();
  const encoder = new TextEncoder();
  let cleanup = () => {};
  let unsubscribe = () => {};

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
      const timers: { heartbeat?: NodeJS.Timeout } = {};
      let joined = false;
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(timers.heartbeat);
        unsubscribe();
        if (joined) leave(connectionId).catch((error) => console.error(`presence: ${(error as Error).message}`));
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

      // Heartbeats keep proxies from closing the stream, and re-check the session: a signed-out or
      // deactivated user's stream ends at the next beat.
      timers.heartbeat = setInterval(async () => {
        try {
          await requireApiUser(req);
          send(`: keep-alive\n\n`);
        } catch {
          send(`event: unauthorized\ndata: {}\n\n`);
          cleanup();
          controller.close();
        }
      }, HEARTBEAT_MS);
      if (closed) clearInterval(timers.heartbeat);
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
