"use client";
// Live updates for one document over server-sent events. The browser's EventSource resumes with
// Last-Event-ID after a drop; if it gives up (e.g. the server restarted), we reconnect ourselves
// from the last event seen, so nothing created meanwhile is missed. A document deleted under the page
// (its `document.deleted` event, or a refused reconnection that finds the document gone: 404) stops the
// stream and sets the status to "deleted"; the page then asks every few seconds, while it is visible,
// whether an admin restored it, and if so carries on from the last event it saw (`restored` tells it).
// Changed details (`document.details`) go to the title and its line (document-details.tsx).
import { useCallback, useEffect, useRef, useState } from "react";
import { apiFetch, ApiError, goToSignIn } from "@/lib/client/api";
import type { DocumentDetails } from "@/lib/documents/details";
import { DOCUMENT_DETAILS_EVENT, type DocumentDetailsChange } from "./document-details";

/** How often a page open on a deleted document asks whether it was restored (while the page is visible). */
export const RESTORE_CHECK_MS = 5000;

export type LiveStatus = "connecting" | "live" | "reconnecting" | "deleted";
export interface LiveMessage {
  type: string;
  payload: unknown;
}

export function useLiveDocument(documentId: string, since: number, onMessage: (message: LiveMessage) => void) {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [viewers, setViewers] = useState<Array<{ id: string; name: string }>>([]);
  const [restored, setRestored] = useState(false);
  const handler = useRef(onMessage);
  useEffect(() => {
    handler.current = onMessage;
  }, [onMessage]);

  const stop = useRef<() => void>(() => undefined);
  /** Whether the document still exists (any answer but a 404 counts as yes); a 401 goes to sign-in. */
  const check = useCallback(
    () =>
      apiFetch(`/api/documents/${documentId}/versions`).then(
        () => true,
        (error: unknown) => {
          if (!(error instanceof ApiError && error.status === 404)) return true;
          stop.current();
          return false;
        },
      ),
    [documentId],
  );

  useEffect(() => {
    let lastId = since;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let disposed = false; // unmounted, or signed out
    let deleted = false;
    const gone = () => {
      if (disposed || deleted) return;
      deleted = true;
      clearTimeout(retry);
      source?.close();
      source = null;
      setStatus("deleted");
      setRestored(false);
      setViewers([]);
      watchForRestore();
    };

    // Deleted: is it back? Asked every few seconds while the page is visible (a hidden page asks again
    // once it is shown). A 404 means still deleted; any other failure (offline, a restarting server) asks
    // again later.
    const watchForRestore = () => {
      clearTimeout(retry);
      if (disposed || !deleted || document.visibilityState === "hidden") return;
      retry = setTimeout(() => {
        void apiFetch(`/api/documents/${documentId}/versions`).then(
          () => {
            if (disposed || !deleted) return;
            deleted = false;
            setStatus("connecting");
            setRestored(true);
            connect();
          },
          () => watchForRestore(),
        );
      }, RESTORE_CHECK_MS);
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible" && deleted) watchForRestore();
    };
    document.addEventListener("visibilitychange", onVisibility);

    const connect = () => {
      if (disposed || deleted) return;
      source = new EventSource(`/api/documents/${documentId}/events?since=${lastId}`);
      source.onmessage = (e) => {
        if (e.lastEventId) lastId = Math.max(lastId, Number(e.lastEventId));
        const message = JSON.parse(e.data) as LiveMessage;
        if (message.type === "document.deleted") gone();
        if (message.type === "document.details") {
          const { document: details } = message.payload as { document: DocumentDetails };
          window.dispatchEvent(new CustomEvent<DocumentDetailsChange>(DOCUMENT_DETAILS_EVENT, { detail: { documentId, document: details } }));
        } else if (message.type === "presence") setViewers((message.payload as { viewers: Array<{ id: string; name: string }> }).viewers);
        else handler.current(message);
      };
      source.addEventListener("ready", () => setStatus("live"));
      source.addEventListener("unauthorized", () => {
        disposed = true;
        source?.close();
        goToSignIn(); // signed out (here or in another tab), revoked or deactivated: sign in again, back here
      });
      source.onerror = () => {
        setStatus("reconnecting");
        if (source?.readyState === EventSource.CLOSED) {
          source = null;
          // A refusal (not a network drop): find out whether the session ended (apiFetch redirects on 401)
          // or the document was deleted (404: wait for a restore instead of reconnecting).
          retry = setTimeout(() => {
            void check().then((exists) => exists && connect());
          }, 2000);
        }
      };
    };
    stop.current = gone;
    connect();
    return () => {
      disposed = true;
      clearTimeout(retry);
      source?.close();
      document.removeEventListener("visibilitychange", onVisibility);
      stop.current = () => undefined;
    };
  }, [documentId, since, check]);

  const dismissRestored = useCallback(() => setRestored(false), []);
  return { status, viewers, check, restored, dismissRestored };
}
