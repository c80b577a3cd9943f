"use client";
// Live updates for one document over server-sent events. The browser's EventSource resumes with
// Last-Event-ID after a drop; if it gives up (e.g. the server restarted), we reconnect ourselves
// from the last event seen, so nothing created meanwhile is missed.
import { useEffect, useRef, useState } from "react";
import { apiFetch, goToSignIn } from "@/lib/client/api";

export type LiveStatus = "connecting" | "live" | "reconnecting";
export interface LiveMessage {
  type: string;
  payload: unknown;
}

export function useLiveDocument(documentId: string, since: number, onMessage: (message: LiveMessage) => void) {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [viewers, setViewers] = useState<Array<{ id: string; name: string }>>([]);
  const handler = useRef(onMessage);
  useEffect(() => {
    handler.current = onMessage;
  }, [onMessage]);

  useEffect(() => {
    let lastId = since;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const connect = () => {
      if (stopped) return;
      source = new EventSource(`/api/documents/${documentId}/events?since=${lastId}`);
      source.onmessage = (e) => {
        if (e.lastEventId) lastId = Math.max(lastId, Number(e.lastEventId));
        const message = JSON.parse(e.data) as LiveMessage;
        if (message.type === "presence") setViewers((message.payload as { viewers: Array<{ id: string; name: string }> }).viewers);
        else handler.current(message);
      };
      source.addEventListener("ready", () => setStatus("live"));
      source.addEventListener("unauthorized", () => {
        stopped = true;
        source?.close();
        goToSignIn(); // signed out (here or in another tab), revoked or deactivated: sign in again, back here
      });
      source.onerror = () => {
        setStatus("reconnecting");
        if (source?.readyState === EventSource.CLOSED) {
          source = null;
          // A refusal (not a network drop): find out whether the session ended (apiFetch redirects on 401).
          retry = setTimeout(() => {
            apiFetch("/api/me").then(connect, connect);
          }, 2000);
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [documentId, since]);

  return { status, viewers };
}
