"use client";
// The annotation being written (a new one or an edit), kept in this browser's localStorage per document
// and reader until it is saved or discarded, so a reload, a crash or a closed tab loses nothing: the
// stored draft is the draft (an external store), and it shows again after a reload. While it has
// content, leaving the page asks first: the browser's own dialog for a reload, a closed tab or a typed
// address, and `onLeave` (the page's dialog) for a link inside the app.
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { isEmptyNote } from "@/lib/notes/schema";
import { leavingWithoutAsking } from "@/lib/client/api";
import type { EditorValues } from "@/components/annotations/annotation-panel";
import { readStored, writeStored } from "@/lib/client/storage";

export type Draft =
  | {
      kind: "create";
      start: number;
      end: number;
      quote: string;
      /** Context either side (lib/anchoring/quote.ts describeSpan), to find the passage again in a new version. */
      prefix?: string;
      suffix?: string;
      /** Its passage is not in the current text (a new version removed it): the note and class wait for a new selection. */
      lost?: boolean;
      values: EditorValues;
      /** Accepted from a suggested claim (suggestions.tsx). */
      fromSuggestion?: boolean;
    }
  | {
      kind: "edit";
      annotationId: string;
      quote: string;
      original: EditorValues;
      values: EditorValues;
      /** The annotation's version the edit started from: the save is refused (409) when it changed since. */
      baseVersion?: number;
    };

const VERSION = 1;
const WRITE_DELAY_MS = 300; // typing is written out after a short pause (and at once when leaving)

export function draftHasContent(draft: Draft | null): boolean {
  if (!draft) return false;
  if (draft.kind === "edit") return JSON.stringify(draft.values) !== JSON.stringify(draft.original);
  return (draft.values.note !== null && !isEmptyNote(draft.values.note)) || draft.values.evidence.some((e) => e.citation.trim() || e.url.trim());
}

// The store: localStorage, with an in-memory copy for when storage is unavailable.
const memory = new Map<string, string | null>();
const listeners = new Set<() => void>();
function read(key: string): string | null {
  return memory.has(key) ? memory.get(key)! : readStored(key);
}
function write(key: string, value: string | null) {
  memory.set(key, value);
  writeStored(key, value);
  listeners.forEach((l) => l());
}
function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key?.startsWith("apparatus:draft:")) {
      memory.delete(e.key); // another tab changed it
      listener();
    }
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

function parse(raw: string | null): Draft | null {
  if (!raw) return null;
  try {
    const saved = JSON.parse(raw) as { v: number; draft: Draft };
    return saved.v === VERSION && saved.draft ? saved.draft : null;
  } catch {
    return null;
  }
}

export function useDraft(options: { documentId: string; userId: string; onLeave: (href: string) => void }) {
  const key = `apparatus:draft:${options.documentId}:${options.userId}`;
  const raw = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => null,
  );
  const stored = useMemo(() => parse(raw), [raw]);

  // Typing goes to a pending copy first and to the store after a pause.
  const pending = useRef<Draft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flush = useCallback(() => {
    clearTimeout(timer.current);
    if (pending.current) write(key, JSON.stringify({ v: VERSION, draft: pending.current }));
    pending.current = null;
  }, [key]);

  const start = useCallback(
    (next: Draft) => {
      pending.current = null;
      clearTimeout(timer.current);
      write(key, JSON.stringify({ v: VERSION, draft: next }));
    },
    [key],
  );
  const update = useCallback(
    (values: EditorValues) => {
      const base = pending.current ?? parse(read(key));
      if (!base) return;
      pending.current = { ...base, values };
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, WRITE_DELAY_MS);
    },
    [key, flush],
  );
  /** An edit draft now starts from `version` (after a refused save, saving again replaces that version). */
  const rebase = useCallback(
    (version: number) => {
      flush();
      const base = parse(read(key));
      if (base?.kind !== "edit") return;
      write(key, JSON.stringify({ v: VERSION, draft: { ...base, baseVersion: version } }));
    },
    [key, flush],
  );
  /** A new-annotation draft on another passage (or on none: lost), keeping what was written; a class given replaces its class. */
  const relocate = useCallback(
    (place: { start?: number; end?: number; quote?: string; prefix?: string; suffix?: string; lost?: boolean }, classification?: EditorValues["classification"]) => {
      flush();
      const base = parse(read(key));
      if (base?.kind !== "create") return;
      const values = classification ? { ...base.values, classification } : base.values;
      write(key, JSON.stringify({ v: VERSION, draft: { ...base, ...place, values } }));
    },
    [key, flush],
  );
  /** Saved or thrown away: gone from memory and storage. */
  const finish = useCallback(() => {
    pending.current = null;
    clearTimeout(timer.current);
    write(key, null);
  }, [key]);

  /** The draft as it is now, typing not yet written out included. */
  const current = useCallback(() => pending.current ?? parse(read(key)), [key]);

  const dirty = draftHasContent(stored);
  const dirtyNow = useCallback(() => draftHasContent(pending.current ?? parse(read(key))), [key]);

  useEffect(() => {
    if (!stored) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      flush();
      if (!dirtyNow() || leavingWithoutAsking()) return; // the draft is stored (sign-in, or a reload onto a new version)
      event.preventDefault();
      event.returnValue = ""; // older browsers need it set to show the dialog
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      window.removeEventListener("pagehide", flush);
    };
  }, [stored, flush, dirtyNow]);

  // Links inside the app navigate without unloading the page: ask before following one. Captured on
  // window, before the app's own link handling sees the click.
  const onLeave = useRef(options.onLeave);
  useEffect(() => {
    onLeave.current = options.onLeave;
  }, [options.onLeave]);
  useEffect(() => {
    if (!stored) return;
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!link || link.target === "_blank" || link.hasAttribute("download")) return;
      const url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search) return; // same page
      flush();
      if (!dirtyNow()) return;
      event.preventDefault();
      event.stopPropagation();
      onLeave.current(url.pathname + url.search + url.hash);
    };
    window.addEventListener("click", onClick, true);
    return () => window.removeEventListener("click", onClick, true);
  }, [stored, flush, dirtyNow]);

  return { draft: stored, dirty, dirtyNow, current, start, update, rebase, relocate, finish, flush };
}
