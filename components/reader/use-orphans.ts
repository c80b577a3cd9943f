"use client";
// One list of a document's orphaned annotations, as the reader shows it: those fetched a page at a time
// (GET …/annotations?anchor=orphaned&limit=&cursor=, all of them or only those matching the list's filters),
// plus those listed apart (fetched alone, or that a live change brought: `extras`), and the true count of
// those still to fetch (`rest`, after the last page's cursor, less those listed apart; the server's). A live
// change to an orphaned annotation this list cannot place in its order (one not fetched yet, deleted,
// re-placed or resolved by someone else) asks the server for that count again, so it stays the true one.
import { useCallback, useEffect, useRef, useState } from "react";
import { claimClass, ORPHAN_PAGE, type OrphanedAnnotationDTO, type OrphanListFilter, type OrphanPageDTO } from "@/lib/annotations/types";
import { MAX_LISTED } from "@/lib/annotations/schemas";
import { orphanQuery, restLeavingOut } from "@/lib/annotations/orphan-rest";
import { apiFetch } from "@/lib/client/api";

export interface OrphanView {
  annotations: readonly OrphanedAnnotationDTO[];
  /** The orphaned annotations not fetched yet: how many, how many of those need a check, whether a page is on its way, why the last failed. */
  rest: { count: number; needsCheck: number; loading: boolean; error: string | null };
}

const EMPTY: OrphanView = { annotations: [], rest: { count: 0, needsCheck: 0, loading: false, error: null } };
const COMING: OrphanView = { annotations: [], rest: { ...EMPTY.rest, loading: true } };

const matchesOrphanFilter = (a: OrphanedAnnotationDTO, filter: OrphanListFilter | null) =>
  !filter || ((!filter.classification || claimClass(a.classification, a.ruling?.classification) === filter.classification) && (!filter.authorId || a.author.id === filter.authorId));


/**
 * `filter`: null, every orphaned annotation (`initial`: the page's first page); else only those matching it,
 * fetched from the first page whenever it changes (`active` false: none fetched, the view empty).
 */
export function useOrphanView(options: { documentId: string; filter: OrphanListFilter | null; initial: OrphanPageDTO | null; active: boolean; onPage?: (page: OrphanPageDTO) => void }) {
  const { documentId, filter, initial, active } = options;
  const onPage = useRef(options.onPage);
  useEffect(() => {
    onPage.current = options.onPage;
  }, [options.onPage]);
  const key = JSON.stringify(filter);
  const [view, setView] = useState<OrphanView & { key: string }>(() => ({ key, ...(initial ? { annotations: initial.annotations, rest: { ...initial.rest, loading: false, error: null } } : EMPTY) }));
  const cursor = useRef<string | null>(initial?.nextCursor ?? null);
  // A filtered view's first page has come (until then, `more` asks for it again).
  const started = useRef(initial !== null);
  const extras = useRef<Set<string>>(new Set());
  const filterRef = useRef(filter);
  // A new filter starts a new generation: answers asked for before it are dropped. A recount answered after
  // a page was asked for is dropped too (it counted from the cursor before the page); one asked for while a
  // page is on its way waits for the page (`dirty`), then asks.
  const generation = useRef(0);
  const recounts = useRef(0);
  const paging = useRef(false);
  const dirty = useRef(false);
  // `extras` grows in the view's updater (only it knows whether an annotation is listed already), which React
  // may run only at its next render: after a recount's timer has read `extras` (a burst of live changes on a
  // busy page). Each change is numbered, and a render that brings one the last request did not name asks again.
  const extrasSeen = useRef({ changed: 0, asked: 0 });

  // The counts of the rest after `from` less those listed apart, however many (in parts of MAX_LISTED: lib/annotations/orphan-rest.ts).
  const restAfter = useCallback(
    (from: string, filter: OrphanListFilter | null, listed: readonly string[]) =>
      restLeavingOut(listed, async (part) => {
        const params = orphanQuery(ORPHAN_PAGE, filter, part);
        params.set("cursor", from);
        params.set("only", "rest");
        return (await apiFetch<{ rest: OrphanPageDTO["rest"] }>(`/api/documents/${encodeURIComponent(documentId)}/annotations?${params}`, { background: true })).rest;
      }),
    [documentId],
  );

  // The count of those not fetched yet, asked again (once for a burst of changes).
  const timer = useRef(0);
  const recount = useCallback(() => {
    if (paging.current) {
      dirty.current = true;
      return;
    }
    dirty.current = false;
    if (cursor.current === null || timer.current) return;
    timer.current = window.setTimeout(async () => {
      timer.current = 0;
      const from = cursor.current;
      if (from === null || paging.current) return;
      const seq = ++recounts.current;
      const gen = generation.current;
      extrasSeen.current.asked = extrasSeen.current.changed;
      try {
        const rest = await restAfter(from, filterRef.current, [...extras.current]);
        if (seq !== recounts.current || gen !== generation.current || from !== cursor.current) return;
        setView((v) => ({ ...v, rest: { ...v.rest, ...rest } }));
      } catch {
        // kept as it was; the next change, or the next page, asks again
      }
    }, 50);
  }, [restAfter]);

  const fetchPage = useCallback(
    async (from: string | null) => {
      const seq = generation.current;
      recounts.current++;
      paging.current = true;
      extrasSeen.current.asked = extrasSeen.current.changed;
      // More listed apart than one request can name: the page's rest is asked for apart, in parts, below.
      const params = orphanQuery(ORPHAN_PAGE, filterRef.current, extras.current.size > MAX_LISTED ? [] : [...extras.current]);
      if (from !== null) params.set("cursor", from);
      setView((v) => ({ ...v, rest: { ...v.rest, loading: true, error: null } }));
      try {
        const page = await apiFetch<OrphanPageDTO>(`/api/documents/${encodeURIComponent(documentId)}/annotations?${params}`);
        if (seq !== generation.current) return;
        const inPage = new Set(page.annotations.map((o) => o.id));
        for (const id of inPage) extras.current.delete(id);
        if (extras.current.size > MAX_LISTED && page.nextCursor !== null) {
          page.rest = await restAfter(page.nextCursor, filterRef.current, [...extras.current]);
          if (seq !== generation.current) return;
          // as the server does: a page whose every later one is listed apart already ends the list
          if (page.rest.count === 0) page.nextCursor = null;
        }
        paging.current = false;
        cursor.current = page.nextCursor;
        started.current = true;
        // In the page's order, after those listed; one already listed (fetched alone, or changed live) moves
        // to its place, kept as it is unless the page's is newer.
        setView((v) => {
          const listed = new Map(v.annotations.map((o) => [o.id, o]));
          const mine = (o: OrphanedAnnotationDTO) => {
            const had = listed.get(o.id);
            return had && had.version >= o.version ? had : o;
          };
          const kept = from === null ? v.annotations.filter((o) => extras.current.has(o.id) && !inPage.has(o.id)) : v.annotations.filter((o) => !inPage.has(o.id));
          return { key: v.key, annotations: [...kept, ...page.annotations.map(mine)], rest: { ...page.rest, loading: false, error: null } };
        });
        onPage.current?.(page);
        if (dirty.current) recount();
      } catch (error) {
        if (seq !== generation.current) return;
        paging.current = false;
        setView((v) => ({ ...v, rest: { ...v.rest, loading: false, error: error instanceof Error ? error.message : "The orphaned annotations could not be loaded." } }));
        if (dirty.current) recount();
      }
    },
    [documentId, recount, restAfter],
  );

  // A filtered view starts afresh from its first page whenever its filter changes.
  useEffect(() => {
    if (initial) return;
    filterRef.current = filter;
    cursor.current = null;
    started.current = false;
    extras.current = new Set();
    generation.current++;
    paging.current = false;
    dirty.current = false;
    setView({ key, ...EMPTY });
    if (active && filter) void fetchPage(null);
    // the filter by value (key)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, active, fetchPage]);

  /** The next page, added after those listed (each once); the first again if it failed. */
  const more = useCallback(() => {
    if (cursor.current !== null || !started.current) void fetchPage(cursor.current);
  }, [fetchPage]);

  useEffect(() => () => window.clearTimeout(timer.current), []);
  // One listed apart after the last request was sent, by an updater run late (above): counted out again.
  useEffect(() => {
    if (extrasSeen.current.changed !== extrasSeen.current.asked) recount();
  }, [view, recount]);

  /** An orphaned annotation as it is now: updated where listed, else listed apart when it matches the filter. */
  const upsert = useCallback(
    (a: OrphanedAnnotationDTO) => {
      if (!initial && !active) return;
      setView((v) => {
        const i = v.annotations.findIndex((o) => o.id === a.id);
        if (i >= 0) return v.annotations[i].version > a.version ? v : { ...v, annotations: v.annotations.map((o, j) => (j === i ? a : o)) }; // a stale event kept out
        if (!matchesOrphanFilter(a, filterRef.current)) return v;
        extras.current.add(a.id);
        extrasSeen.current.changed++;
        return { ...v, annotations: [...v.annotations, a] };
      });
      recount();
    },
    [initial, active, recount],
  );

  /** No longer orphaned (deleted, or placed again): out of the list, and out of the count of the rest. */
  const drop = useCallback(
    (id: string) => {
      if (!initial && !active) return;
      extras.current.delete(id);
      setView((v) => (v.annotations.some((o) => o.id === id) ? { ...v, annotations: v.annotations.filter((o) => o.id !== id) } : v));
      recount();
    },
    [initial, active, recount],
  );

  // Until the effect above has started afresh on a new filter, the view is of the one before: not shown.
  return { view: view.key === key ? (view as OrphanView) : COMING, more, upsert, drop };
}
