"use client";
// The reader's annotations: compact spans for every annotation (highlights, order, filters, summary),
// full records fetched by id for the cards on screen, reply threads once opened, the orphaned annotations
// (no place in the text; listed apart with their last quote), all kept current from the document's live
// event stream. A document with few spans has them in the page; with many, the page fetches them (from
// its first render in the browser) and until they arrive shows the cards it came with (`ready` false);
// live events that arrive meanwhile wait and are applied, in order, on top of the fetched spans.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { mergeThread } from "@/lib/annotations/reply-thread";
import { isPlaced, type AnnotationDTO, type AnyAnnotationDTO, type OrphanedAnnotationDTO, type OrphanListFilter, type OrphanPageDTO, type PageSpans, type ReplyDTO, type SpansResponse } from "@/lib/annotations/types";
import { apiFetch, reloadKeepingDrafts } from "@/lib/client/api";
import { rememberNewVersion } from "./new-version";
import { useLiveDocument, type LiveMessage } from "./use-live-document";
import { useOrphanView } from "./use-orphans";
import { byPosition, spanFromDto, spansFrom, type Span } from "./spans";

const BATCH = 100; // ids per request (the API takes up to 200)
const RETRY_MAX_MS = 30_000;

// The spans' request: the one the page's early script started as soon as its text was parsed
// (early-highlights.ts), else started by the page's first render in the browser (hydration), before its
// effects run: at 10,000 annotations hydration takes long enough to matter. Taken (once) by the effect
// that reads it.
const early = new Map<string, Promise<SpansResponse>>();
function startSpans(url: string) {
  if (typeof window === "undefined" || early.has(url)) return;
  const script = window.__apxEarly;
  const fromScript = script && script.url === url && script.request && !script.claimed ? script.request : null;
  if (script && fromScript) script.claimed = true;
  const started = fromScript ?? fetchSpans(url);
  started.catch(() => undefined); // a failure is handled where it is taken (not reported as unhandled meanwhile)
  early.set(url, started);
}
function takeSpans(url: string): Promise<SpansResponse> {
  const started = early.get(url);
  early.delete(url);
  return started ?? fetchSpans(url);
}
// Packed (gzipped once on the server per version, unpacked here) where the browser can unpack it.
async function fetchSpans(url: string): Promise<SpansResponse> {
  const packed = typeof DecompressionStream === "function";
  const res = await fetch(packed ? `${url}?packed=gzip` : url);
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const text = packed ? await new Response(res.body.pipeThrough(new DecompressionStream("gzip"))).text() : await res.text();
  return JSON.parse(text) as SpansResponse;
}

/** What the reader's spans were read from, unchanged since: the page, or the spans API's answer. */
export type SpansOrigin = "page" | SpansResponse | null;

export function useReaderData(options: {
  documentId: string;
  initialSpans: PageSpans;
  initialDetails: AnnotationDTO[];
  /** The first page of the orphaned annotations, with how many come after it. */
  initialOrphans: OrphanPageDTO;
  since: number;
  /** An annotation deleted elsewhere (a live event), told before it is removed here: its span is still in `byId`. */
  onDeleted?: (id: string) => void;
}) {
  const { documentId, since } = options;
  const onDeleted = useRef(options.onDeleted);
  useEffect(() => {
    onDeleted.current = options.onDeleted;
  }, [options.onDeleted]);
  const { count: initialCount, url: spansUrl } = options.initialSpans;
  const [state, setState] = useState<{ spans: Span[]; authors: Map<string, string>; ready: boolean; origin: SpansOrigin }>(() => {
    const inline = options.initialSpans.inline;
    if (inline) {
      const { spans, authors } = spansFrom(inline);
      return { spans: spans.sort(byPosition), authors, ready: true, origin: "page" };
    }
    startSpans(options.initialSpans.url);
    const first = options.initialDetails;
    return { spans: first.map(spanFromDto).sort(byPosition), authors: new Map(first.map((a) => [a.author.id, a.author.name])), ready: false, origin: null };
  });
  const [spansError, setSpansError] = useState<string | null>(null);
  const [details, setDetails] = useState<ReadonlyMap<string, AnnotationDTO>>(() => new Map(options.initialDetails.map((a) => [a.id, a])));
  const [replies, setReplies] = useState<Record<string, ReplyDTO[]>>({});
  const [missing, setMissing] = useState<ReadonlySet<string>>(new Set());
  const [orphanSummary, setOrphanSummary] = useState(options.initialOrphans.summary);
  const [orphanAuthors, setOrphanAuthors] = useState(options.initialOrphans.authors);
  // Every orphaned annotation (the summary's, the counts'), and while the list is filtered with some not
  // fetched yet, those matching its filters, fetched apart (use-orphans.ts).
  const all = useOrphanView({ documentId, filter: null, initial: options.initialOrphans, active: true, onPage: (page) => {
      setOrphanSummary(page.summary);
      setOrphanAuthors(page.authors);
    },
  });
  const [orphanFilter, setOrphanFilterState] = useState<OrphanListFilter | null>(null);
  const filterActive = orphanFilter !== null && (all.view.rest.count > 0 || all.view.rest.loading);
  const filtered = useOrphanView({ documentId, filter: orphanFilter, initial: null, active: filterActive });
  const setOrphanFilter = useCallback((filter: OrphanListFilter | null) => {
    setOrphanFilterState((f) => (JSON.stringify(f) === JSON.stringify(filter) ? f : filter));
  }, []);
  // The placed annotations' ids, kept with the spans: a change to any other may be to an orphaned one not fetched yet.
  const placedIds = useRef<Set<string> | null>(null);
  const spansRef = useRef(state.spans);
  useEffect(() => {
    spansRef.current = state.spans;
  }, [state.spans]);
  const { drop: dropAll, upsert: upsertAll } = all;
  const { drop: dropFiltered, upsert: upsertFiltered } = filtered;
  const dropOrphan = useCallback(
    (id: string) => {
      dropAll(id);
      dropFiltered(id);
      // one not fetched yet that the summary counted (an open dispute, a ruling): no longer an orphaned one
      setOrphanSummary((rows) => (rows.some((r) => r.id === id) ? rows.filter((r) => r.id !== id) : rows));
    },
    [dropAll, dropFiltered],
  );

  const upsertPlaced = useCallback((a: AnnotationDTO) => {
    placedIds.current?.add(a.id);
    setDetails((map) => {
      const current = map.get(a.id);
      if (current && current.version > a.version) return map; // a stale event
      const next = new Map(map);
      next.set(a.id, a);
      return next;
    });
    setState(({ spans, authors, ready }) => {
      const span = spanFromDto(a);
      const i = spans.findIndex((s) => s.id === a.id);
      // In place while its passage is the same; placed elsewhere (by hand), it moves to its new place in the order.
      const same = i >= 0 && spans[i].start === span.start && spans[i].end === span.end;
      const next = same ? spans.map((s, j) => (j === i ? span : s)) : [...spans.filter((s) => s.id !== a.id), span].sort(byPosition);
      const names = authors.has(a.author.id) ? authors : new Map(authors).set(a.author.id, a.author.name);
      return { spans: next, authors: names, ready, origin: null };
    });
  }, []);

  const removePlaced = useCallback((id: string) => {
    placedIds.current?.delete(id);
    setState(({ spans, authors, ready }) => ({ spans: spans.filter((s) => s.id !== id), authors, ready, origin: null }));
    setDetails((map) => {
      if (!map.has(id)) return map;
      const next = new Map(map);
      next.delete(id);
      return next;
    });
  }, []);

  // Whether an annotation is placed here now (else it is orphaned, listed or not fetched yet, or new here).
  const isPlacedHere = useCallback((id: string) => (placedIds.current ??= new Set(spansRef.current.map((s) => s.id))).has(id), []);

  /** An annotation as it is now: placed (a highlight and a card) or orphaned (listed apart); `created`: new (never orphaned). */
  const upsertAny = useCallback(
    (a: AnyAnnotationDTO, created: boolean) => {
      if (isPlaced(a)) {
        if (!created && !isPlacedHere(a.id)) dropOrphan(a.id);
        upsertPlaced(a);
        return;
      }
      removePlaced(a.id);
      upsertAll(a);
      upsertFiltered(a);
    },
    [isPlacedHere, dropOrphan, upsertPlaced, removePlaced, upsertAll, upsertFiltered],
  );
  const upsert = useCallback((a: AnyAnnotationDTO) => upsertAny(a, false), [upsertAny]);

  const remove = useCallback(
    (id: string) => {
      const placed = isPlacedHere(id);
      removePlaced(id);
      if (!placed) dropOrphan(id);
    },
    [isPlacedHere, removePlaced, dropOrphan],
  );

  /** One orphaned annotation not fetched yet (the summary's list names it), added to those listed. */
  const fetchOrphan = useCallback(
    async (id: string) => {
      const { annotations } = await apiFetch<{ annotations: AnyAnnotationDTO[] }>(`/api/documents/${encodeURIComponent(documentId)}/annotations?ids=${encodeURIComponent(id)}`);
      for (const a of annotations) upsert(a);
    },
    [documentId, upsert],
  );
  // Reply changes to threads not loaded yet (lib/annotations/reply-thread.ts): applied when a thread loads.
  const threadChanges = useRef(new Map<string, Map<string, ReplyDTO | null>>());
  const loadedThreads = useRef(new Set<string>());
  const noteThreadChange = (annotationId: string, replyId: string, change: ReplyDTO | null) => {
    const changes = threadChanges.current.get(annotationId) ?? new Map<string, ReplyDTO | null>();
    threadChanges.current.set(annotationId, changes.set(replyId, change));
  };
  const upsertReply = useCallback((r: ReplyDTO) => {
    if (!loadedThreads.current.has(r.annotationId)) return noteThreadChange(r.annotationId, r.id, r);
    setReplies((all) => {
      const list = all[r.annotationId] ?? [];
      const i = list.findIndex((x) => x.id === r.id);
      return { ...all, [r.annotationId]: i >= 0 ? list.map((x) => (x.id === r.id ? r : x)) : [...list, r] };
    });
  }, []);
  const removeReply = useCallback((annotationId: string, replyId: string) => {
    if (!loadedThreads.current.has(annotationId)) return noteThreadChange(annotationId, replyId, null);
    setReplies((all) => (all[annotationId] ? { ...all, [annotationId]: all[annotationId].filter((r) => r.id !== replyId) } : all));
  }, []);
  const setThread = useCallback((annotationId: string, list: ReplyDTO[]) => {
    if (loadedThreads.current.has(annotationId)) return; // kept current since by the changes above
    const merged = mergeThread(list, threadChanges.current.get(annotationId));
    threadChanges.current.delete(annotationId);
    loadedThreads.current.add(annotationId);
    setReplies((all) => ({ ...all, [annotationId]: merged }));
  }, []);

  const apply = useCallback(
    (message: LiveMessage) => {
      const p = message.payload as { annotation?: AnnotationDTO | OrphanedAnnotationDTO; reply?: ReplyDTO; id?: string; annotationId?: string };
      switch (message.type) {
        case "annotation.created":
        case "annotation.updated":
        case "annotation.restored":
          // Left orphaned (start null): no place in this text any more, listed with the orphaned ones.
          if (p.annotation) upsertAny(p.annotation, message.type === "annotation.created");
          break;
        case "document.version":
          // A new version of the text: every placement may have moved; load the page afresh, without
          // asking (drafts are kept in this browser and placed again on the new text), and say why there.
          rememberNewVersion(documentId, (p as { document?: { version?: number | null } }).document?.version ?? null);
          reloadKeepingDrafts();
          break;
        case "annotation.deleted":
          if (p.id) {
            onDeleted.current?.(p.id);
            remove(p.id);
          }
          break;
        case "reply.created":
        case "reply.updated":
          if (p.reply) upsertReply(p.reply);
          break;
        case "reply.deleted":
          if (p.id && p.annotationId) removeReply(p.annotationId, p.id);
          break;
      }
    },
    [documentId, upsertAny, remove, upsertReply, removeReply],
  );
  // Until the fetched spans arrive, live events wait (they may be older or newer than those spans;
  // applied in order on top of them, the result is the latest state either way).
  const readyRef = useRef(state.ready);
  const backlog = useRef<LiveMessage[]>([]);
  const onLive = useCallback(
    (message: LiveMessage) => {
      if (readyRef.current || message.type === "document.version") apply(message);
      else backlog.current.push(message);
    },
    [apply],
  );
  const live = useLiveDocument(documentId, since, onLive);

  useEffect(() => {
    if (readyRef.current) return;
    let cancelled = false;
    let timer = 0;
    const load = async (attempt: number) => {
      try {
        const body = await (attempt === 0 ? takeSpans(spansUrl) : fetchSpans(spansUrl));
        if (cancelled) return;
        const { spans, authors } = spansFrom(body);
        placedIds.current = new Set(spans.map((s) => s.id));
        setState({ spans: spans.sort(byPosition), authors, ready: true, origin: body });
        setSpansError(null);
        readyRef.current = true;
        const waiting = backlog.current;
        backlog.current = [];
        waiting.forEach(apply);
      } catch {
        if (cancelled) return;
        setSpansError("The highlights could not be loaded; trying again…");
        timer = window.setTimeout(() => void load(attempt + 1), Math.min(RETRY_MAX_MS, 1000 * 2 ** attempt));
      }
    };
    void load(0);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [spansUrl, apply]);

  // Full records on demand, batched: callers ask for the ids they show; one request per frame.
  const wanted = useRef(new Set<string>());
  const inFlight = useRef(new Set<string>());
  const timer = useRef<number | null>(null);
  const detailsRef = useRef(details);
  useEffect(() => {
    detailsRef.current = details;
  }, [details]);
  const flush = useCallback(() => {
    timer.current = null;
    const ids = [...wanted.current].filter((id) => !detailsRef.current.has(id) && !inFlight.current.has(id));
    wanted.current.clear();
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      batch.forEach((id) => inFlight.current.add(id));
      apiFetch<{ annotations: AnnotationDTO[] }>(`/api/documents/${documentId}/annotations?ids=${batch.map(encodeURIComponent).join(",")}`)
        .then(({ annotations }) => {
          setDetails((map) => {
            const next = new Map(map);
            for (const a of annotations) if (!next.has(a.id) || next.get(a.id)!.version <= a.version) next.set(a.id, a);
            return next;
          });
          const found = new Set(annotations.map((a) => a.id));
          const gone = batch.filter((id) => !found.has(id));
          if (gone.length) setMissing((m) => new Set([...m, ...gone]));
        })
        .catch(() => undefined) // shown as not loaded; asked again next time the card is shown
        .finally(() => batch.forEach((id) => inFlight.current.delete(id)));
    }
  }, [documentId]);
  const requestDetails = useCallback(
    (ids: Iterable<string>) => {
      let any = false;
      for (const id of ids) {
        if (detailsRef.current.has(id) || inFlight.current.has(id)) continue;
        wanted.current.add(id);
        any = true;
      }
      if (any && timer.current === null) timer.current = window.setTimeout(flush, 0);
    },
    [flush],
  );

  const byId = useMemo(() => new Map(state.spans.map((s) => [s.id, s])), [state.spans]);
  return {
    spans: state.spans,
    /** False until a document's fetched spans have arrived: `spans` then holds only the first cards'. */
    ready: state.ready,
    /** Where `spans` came from as they are: the page, the spans API's answer, or null once changed here. */
    origin: state.origin,
    /** How many placed annotations there are (known from the page before the spans arrive). */
    total: state.ready ? state.spans.length : initialCount,
    spansError,
    authors: state.authors,
    byId,
    details,
    missing,
    orphans: all.view.annotations,
    /** The orphaned annotations after those in `orphans` (not fetched yet): count, needsCheck, and whether a page is on its way. */
    orphanRest: all.view.rest,
    /** What the summary counts of the orphaned annotations not fetched yet (open disputes, rulings). */
    orphanSummary,
    /** Who wrote the orphaned annotations, while some are not fetched yet (the list's Reviewer filter names them). */
    orphanAuthors,
    moreOrphans: all.more,
    fetchOrphan,
    /**
     * An orphaned annotation open or being edited that only the filtered list has, as the filters change: listed
     * apart in the whole list (as one fetched alone), where it is kept current (or dropped) while the list shows it.
     */
    keepOrphan: upsertAll,
    /** The list's filters, for its orphaned annotations: with some not fetched yet, those matching are fetched apart. */
    setOrphanFilter,
    /** Those matching the list's filters, fetched apart (null: the list filters `orphans`, which has them all). */
    filteredOrphans: filterActive ? { ...filtered.view, more: filtered.more } : null,
    replies,
    live,
    upsert,
    remove,
    upsertReply,
    removeReply,
    setThread,
    requestDetails,
  };
}
