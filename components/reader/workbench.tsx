"use client";
// The reader's interactive part: the text with its highlights, the selection toolbar, the preview, the
// side panel (Annotations, then the summary) and the annotation editor, kept in one state so a change
// anywhere shows everywhere. What it costs grows with what is on screen, not with the document: the
// highlights are CSS Custom Highlights over a text rendered once, and cards load their details by id.
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { pointToCodePoint, spanToRange } from "@/lib/anchoring/dom";
import { describeSpan } from "@/lib/anchoring/quote";
import { claimClass, isPlaced, SPAN_FLAGS, type AnnotationDTO, type AnyAnnotationDTO, type Classification, type OrphanPageDTO, type PageSpans } from "@/lib/annotations/types";
import type { StructureRange } from "@/lib/documents/structure";
import { apiFetch, ApiError } from "@/lib/client/api";
import { AnnotationPanel, type EditorValues, type PanelValues } from "@/components/annotations/annotation-panel";
import { AnnotationList, type ListEditor } from "@/components/annotations/annotation-list";
import type { PlacementControls, PlacementFix } from "@/components/annotations/placement";
import type { ListViewer } from "@/components/annotations/viewer";
import { CLASS_LABEL } from "@/components/annotations/class-badge";
import { Discussion, replyDraftKey, storedReply } from "@/components/annotations/discussion";
import { rulingDraftKey, storedRuling } from "@/components/annotations/ruling";
import { isEmptyNote } from "@/lib/notes/schema";
import { loadNoteEditor } from "@/components/notes";
import { noteToPlainText } from "@/lib/notes/text";
import { readStoredJson, writeStored, writeStoredJson } from "@/lib/client/storage";
import { toRows } from "@/components/annotations/evidence-editor";
import { useConfirm } from "./confirm-dialog";
import { CitationTips } from "./citation-tips";
import { buildCoverage, idsAt } from "./coverage";
import { DocumentText } from "./document-text";
import { HighlightPreview, type PreviewState } from "./highlight-preview";
import { paint, TextMapper, clearHighlights, earlyDrawStands, SPAN_KINDS, type HighlightKind } from "./highlights";
import { Outline } from "./outline";
import { PlaceBar } from "./place-bar";
import { HighlightOutlines, TextCaret, textRects, type OutlineMark } from "./overlays";
import { SelectionToolbar } from "./selection-toolbar";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { SidePane, type SheetTab } from "./side-pane";
import { firstStartingAt, type Span } from "./spans";
import { evidenceFor, SuggestionsPanel, useSuggestionLayers, useSuggestions, type SuggestionItem } from "./suggestions";
import { useDocumentText } from "./use-document-text";
import { draftHasContent, useDraft, type Draft } from "./use-draft";
import { LostWorkNotices, type LostWork } from "./lost-work-notice";
import { useMediaQuery, useStoredFlag, WIDE } from "./use-media";
import { useReaderData } from "./use-reader-data";
import { takeNewVersion } from "./new-version";
import { placeCaretAtFirstVisible, useTextSelection } from "./use-text-selection";
import { focusWhenShown } from "./focus-when-shown";
import { useKeepFocusInView } from "./keep-focus-in-view";
import { excerpt } from "@/lib/excerpt";

export interface WorkbenchProps {
  document: { id: string; length: number; perLine: boolean; initialText: string; structure: StructureRange[] };
  /** The version of the text on this page and who added it (said when the page reloaded onto it). */
  version: { number: number; addedBy: string | null };
  /** The document's details line (rendered on the server); the count of placements to check joins it. */
  meta: ReactNode;
  spans: PageSpans;
  /** Full records of the first cards of the list (and of the linked annotation). */
  details: AnnotationDTO[];
  /** The orphaned annotations (no place in this version's text), listed after the placed ones. */
  orphans: OrphanPageDTO;
  viewer: ListViewer & { name: string };
  /** Where to scroll first (e.g. from a search result): code-point offset and length. */
  initialAt?: { start: number; end: number } | null;
  /** An annotation's permalink (?a=): open its card. */
  initialAnnotationId?: string | null;
  /** The document's latest event id when the page was rendered: live updates resume from there. */
  since: number;
}

const LANDED_CHANGED =
  "Your annotation reached the server before the connection dropped (its card is in the list). What you changed since is not saved yet: Save saves it to that annotation.";
const CLASS_KEYS: Record<string, Classification> = { "1": "sourced", "2": "contested", "3": "opinion" };
const NO_SPANS: readonly Span[] = [];
const quoteTail = (q: string) => excerpt(q, 80);
const LOST_DRAFT =
  "The passage of this draft is not in the new version of the text. Your note, evidence and class are kept: select the passage again in the text and choose its class to attach them to it.";

function isTyping(target: EventTarget | null, key: string): boolean {
  const el = target as Element | null;
  // Escape means nothing to a closed select, so it still leaves a card from one.
  return !!el?.closest?.(key === "Escape" ? "input, textarea, [contenteditable=true], dialog" : "input, textarea, select, [contenteditable=true], dialog");
}

export function Workbench({ document: doc, version, meta, spans: initialSpans, details: initialDetails, orphans: initialOrphans, viewer: person, initialAt, initialAnnotationId, since }: Readonly<WorkbenchProps>) {
  const documentId = doc.id;
  const router = useRouter();
  const wide = useMediaQuery(WIDE, true);
  // An annotation deleted elsewhere: what the reader was writing on it is kept (see keepLostWork below).
  const deletedElsewhere = useRef<(id: string) => void>(() => undefined);
  const onDeleted = useCallback((id: string) => deletedElsewhere.current(id), []);
  const data = useReaderData({ documentId, initialSpans, initialDetails, initialOrphans, since, onDeleted });
  const { spans, byId, details, authors, requestDetails } = data;
  const text = useDocumentText({ documentId, initialText: doc.initialText, length: doc.length, perLine: doc.perLine, initialRanges: doc.structure });
  const { index, blocks } = text;
  // Deleted under the page (its live event, or a 404): read-only until an admin restores it, the draft kept.
  const deleted = data.live.status === "deleted";
  const viewer = useMemo(() => (deleted ? { ...person, role: "viewer" as const } : person), [deleted, person]);
  const canWrite = viewer.role !== "viewer";
  // The note editor loads apart from the reader (components/notes/lazy-note-editor.tsx): asked for once
  // the page is idle after hydration, so it is there before anyone who can write opens one.
  useEffect(() => {
    if (!canWrite) return;
    const load = () => void loadNoteEditor().catch(() => undefined);
    if (typeof window.requestIdleCallback !== "function") {
      const timer = window.setTimeout(load, 500);
      return () => window.clearTimeout(timer);
    }
    const idle = window.requestIdleCallback(load, { timeout: 2000 });
    return () => window.cancelIdleCallback(idle);
  }, [canWrite]);
  // Suggested claims: opt-in (remembered in this browser), for those who can annotate.
  const [suggestOn, setSuggestOn] = useStoredFlag("apparatus:suggest", false);
  const suggesting = canWrite && suggestOn;
  const suggestions = useSuggestions({ documentId, on: suggesting, annotationCount: data.total });
  const [focusedSuggestion, setFocusedSuggestion] = useState<SuggestionItem | null>(null);
  // A suggestion clicked in the text, for the Suggestions list to focus (the nonce repeats a request).
  const [suggestionToFocus, setSuggestionToFocus] = useState<{ start: number; end: number; nonce: number } | null>(null);

  const textRef = useRef<HTMLElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const { confirm, dialog: confirmDialog } = useConfirm();
  const [status, setStatus] = useState("");
  // What became of a restored new-annotation draft on the text now shown (moved to its passage in a new version).
  const [draftNotice, setDraftNotice] = useState<string | null>(null);
  // A new annotation's Save whose answer never came (a dropped connection): its passage, class, values and
  // the reader's annotations before it (see `landedId` below).
  const [unanswered, setUnanswered] = useState<{ start: number; end: number; classification: Classification; values: string; known: Set<string> } | null>(null);
  // The version this page reloaded onto, said once it is shown (read from this tab's storage after hydration).
  const [newVersion, setNewVersion] = useState<number | null>(null);
  useEffect(() => {
    const reloadedFor = takeNewVersion(documentId);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- this tab's storage exists only in the browser
    if (reloadedFor !== null) setNewVersion(version.number); // the version shown (a later one may have come meanwhile)
  }, [documentId, version.number]);
  // What became of a permalink's annotation when it has no card in the text (shown, not only announced);
  // `orphanId`: the orphaned annotation it is about, whose notice goes when it is placed again.
  const [linkNotice, setLinkNotice] = useState<{ message: string; orphanId?: string } | null>(null);
  const [sheet, setSheet] = useState<SheetTab | null>(null);
  const [shortcuts, setShortcuts] = useState(false);
  const [selectedId, setCurrentId] = useState<string | null>(null);
  const [reveal, setReveal] = useState({ seq: 0, focus: false });
  const [preview, setPreview] = useState<PreviewState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copyFallback, setCopyFallback] = useState<string | null>(null);
  // Re-placing an annotation by hand: the one whose new passage is being selected, and the last fix done.
  const [placing, setPlacing] = useState<{ id: string; quote: string } | null>(null);
  const [placeBusy, setPlaceBusy] = useState(false);
  const [placeError, setPlaceError] = useState<string | null>(null);
  const [placed, setPlaced] = useState<{ id: string; message: string } | null>(null);
  // What an annotation deleted elsewhere took from under the reader (keepLostWork), and why the draft is a new annotation.
  const [lost, setLost] = useState<LostWork[]>([]);
  const [deletedNotice, setDeletedNotice] = useState<{ key: string; message: string } | null>(null);

  // The selected annotation, unless it was deleted meanwhile.
  const currentId = selectedId && byId.has(selectedId) ? selectedId : null;

  const onLeave = useCallback(
    async (href: string) => {
      const leave = await confirm({
        title: "Leave this page?",
        body: <p>Your annotation draft is not saved yet. It stays on this device and comes back when you open this document again.</p>,
        confirmLabel: "Leave page",
        cancelLabel: "Stay",
      });
      if (leave) router.push(href);
    },
    [confirm, router],
  );
  const drafts = useDraft({ documentId, userId: viewer.id, onLeave });
  const { draft } = drafts;
  const selectionApi = useTextSelection(textRef, index, canWrite);
  useKeepFocusInView();
  const { selection, clear: clearSelection } = selectionApi;

  // ---- drawing: the text's segments are read once per rendering, then every highlight is one range.
  const [mapper, setMapper] = useState<TextMapper | null>(null);
  useLayoutEffect(() => {
    if (textRef.current) setMapper(new TextMapper(textRef.current, index));
  }, [index, blocks]);

  const { ready: spansReady, origin: spansOrigin } = data;
  useLayoutEffect(() => {
    const root = textRef.current;
    if (!mapper || !root) return;
    // Drawn before hydration by the page's script, from these same spans: left as they are.
    const early = window.__apxEarly;
    if (earlyDrawStands(early, mapper, { ready: spansReady, origin: spansOrigin })) return;
    if (early) early.taken = true;
    const byKind: Record<Classification | "fuzzy", StaticRange[]> = { sourced: [], contested: [], opinion: [], fuzzy: [] };
    let drawn = 0;
    for (const s of spans) {
      const range = mapper.range(s.start, s.end);
      if (range) {
        byKind[claimClass(s.classification, s.ruling)].push(range);
        if (s.flags & SPAN_FLAGS.fuzzy) byKind.fuzzy.push(range);
        drawn++;
      }
    }
    for (const kind of SPAN_KINDS) paint(kind, byKind[kind]);
    root.dataset.highlights = String(drawn); // what is drawn, for tests and the benchmark
  }, [mapper, spans, spansReady, spansOrigin]);
  useEffect(() => clearHighlights, []);

  // Overlaps and hit-testing need the coverage of the whole text: computed after hydration, in the
  // background (nothing on the server, where neither is drawn).
  const deferredSpans = useDeferredValue(spans, NO_SPANS);
  const coverage = useMemo(() => buildCoverage(deferredSpans, index.length), [deferredSpans, index.length]);
  // A click, a hover or a strip mark before that pass has caught up (just after hydration, or a live
  // change) computes it at once.
  const coverageNow = useCallback(() => (deferredSpans === spans ? coverage : buildCoverage(spans, index.length)), [deferredSpans, spans, coverage, index.length]);
  useLayoutEffect(() => {
    if (!mapper) return;
    const ranges = (list: Array<{ start: number; end: number }>) => list.flatMap((r) => mapper.range(r.start, r.end) ?? []);
    paint("overlap-2", ranges(coverage.overlaps.two));
    paint("overlap-3", ranges(coverage.overlaps.three));
  }, [mapper, coverage]);

  // A draft whose passage a new version removed has none to mark.
  const draftSpan = draft?.kind === "create" ? (draft.lost ? undefined : draft) : draft ? byId.get(draft.annotationId) : undefined;
  useLayoutEffect(() => {
    if (!mapper) return;
    const r = draftSpan ? mapper.range(draftSpan.start, draftSpan.end) : null;
    paint("draft" as HighlightKind, r ? [r] : []);
  }, [mapper, draftSpan]);

  useSuggestionLayers(mapper, suggestions.items, suggesting ? focusedSuggestion : null);

  const current = currentId ? byId.get(currentId) : undefined;

  const marks = useMemo<OutlineMark[]>(() => {
    const out: OutlineMark[] = [];
    if (mapper && current) out.push({ key: `c-${current.id}`, kind: "current", range: mapper.range(current.start, current.end) });
    if (mapper && draftSpan) out.push({ key: "draft", kind: "draft", range: mapper.range(draftSpan.start, draftSpan.end) });
    return out;
  }, [mapper, current, draftSpan]);

  // ---- moving around the text
  const scrollToSpan = useCallback(
    (start: number, end: number, smooth = true) => {
      const range = mapper?.range(start, end);
      if (!range) return null;
      const live = document.createRange();
      live.setStart(range.startContainer, range.startOffset);
      live.setEnd(range.endContainer, range.endOffset);
      const first = textRects(range)[0] ?? live.getBoundingClientRect();
      // Into the upper third; on a small screen just below the sticky header: the band that the bottom sheet
      // leaves when it is as tall as it goes (an editor with 44 px controls is: the passage was under it).
      const header = document.querySelector(".app-header")?.getBoundingClientRect().bottom ?? 56;
      const targetY = wide ? Math.max(80, window.innerHeight * 0.33) : Math.max(0, header) + 12;
      const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      window.scrollBy({ top: first.top - targetY, behavior: smooth && !reduce ? "smooth" : "auto" });
      return live;
    },
    [mapper, wide],
  );

  const showPreviewFor = useCallback(
    (ids: string[], via: PreviewState["via"], anchor?: DOMRect) => {
      const host = containerRef.current;
      const span = byId.get(ids[0]);
      if (!host || !span || !mapper) return setPreview(null);
      requestDetails([span.id]);
      let rect = anchor;
      if (!rect) {
        const range = mapper.range(span.start, span.end);
        rect = range ? textRects(range)[0] : undefined;
      }
      if (!rect) return setPreview(null);
      const origin = host.getBoundingClientRect();
      setPreview({ ids, top: rect.top - origin.top, bottom: rect.bottom - origin.top, left: rect.left - origin.left, above: rect.top > 190, via });
    },
    [byId, mapper, requestDetails],
  );

  // Whether the draft on screen was started on this page (else it was restored from storage).
  const startedHere = useRef(false);
  // The latest spans for callbacks that run after an update (e.g. right after a save).
  const byIdRef = useRef(byId);
  useEffect(() => {
    byIdRef.current = byId;
  }, [byId]);

  /** Select an annotation: outline its highlight, show its card (and on small screens the sheet), link to it. */
  const openCard = useCallback(
    (id: string, options: { focus: boolean; scrollText?: boolean; smooth?: boolean }) => {
      const span = byIdRef.current.get(id);
      if (!span) return;
      setCurrentId(id);
      setPlaced((p) => (p && p.id !== id ? null : p));
      requestDetails([id]);
      setReveal((r) => ({ seq: r.seq + 1, focus: options.focus }));
      if (!wide) setSheet("annotations");
      if (options.scrollText) scrollToSpan(span.start, span.end, options.smooth ?? true);
      const url = new URL(window.location.href);
      url.searchParams.set("a", id);
      url.searchParams.delete("at");
      url.searchParams.delete("len");
      url.hash = "";
      window.history.replaceState(window.history.state, "", url.pathname + url.search);
    },
    [requestDetails, wide, scrollToSpan],
  );

  /** An orphaned annotation's card (listed after the placed ones): the open one, into view, with focus. */
  const revealOrphan = useCallback(
    (id: string) => {
      setCurrentId(id);
      if (!wide) setSheet("annotations");
      // A card in a sheet that is still hidden cannot take the focus, and the render that shows the
      // sheet may come after the next frame (a slow phone).
      focusWhenShown(() => document.getElementById(`a-${id}`));
    },
    [wide],
  );

  /** An annotation's card, placed or orphaned, into view with focus. */
  const focusCard = useCallback(
    (id: string) => (byIdRef.current.has(id) ? openCard(id, { focus: true }) : revealOrphan(id)),
    [openCard, revealOrphan],
  );

  const moveCurrent = useCallback(
    (step: 1 | -1) => {
      if (!data.ready) return setStatus("The highlights are still loading.");
      if (spans.length === 0) return setStatus("This document has no highlights yet.");
      let i: number;
      const at = currentId ? spans.findIndex((s) => s.id === currentId) : -1;
      if (at >= 0) i = at + step;
      else {
        // From the first paragraph on screen.
        const p = document.elementFromPoint(textRef.current!.getBoundingClientRect().left + 40, Math.min(window.innerHeight / 3, 200))?.closest("[data-start]");
        const from = p ? Number(p.getAttribute("data-start")) : 0;
        i = firstStartingAt(spans, from) - (step < 0 ? 1 : 0);
      }
      if (i < 0 || i >= spans.length) return setStatus(step > 0 ? "No more highlights below." : "No more highlights above.");
      const s = spans[i];
      setCurrentId(s.id);
      setReveal((r) => ({ seq: r.seq + 1, focus: false }));
      scrollToSpan(s.start, s.end, false);
      requestAnimationFrame(() => showPreviewFor([s.id], "keyboard"));
      setStatus(`${CLASS_LABEL[s.classification]} by ${authors.get(s.authorId) ?? "unknown"}, highlight ${i + 1} of ${spans.length}: ${quoteTail(index.slice(s.start, s.end))}`);
    },
    [spans, data.ready, currentId, scrollToSpan, showPreviewFor, authors, index],
  );

  // ---- the editor
  const startDraft = useCallback(
    async (next: Draft) => {
      if (drafts.dirtyNow()) {
        const replace = await confirm({
          title: "Replace your draft?",
          body: (
            <p>
              You have an unsaved annotation on “{quoteTail(drafts.draft!.quote)}”. Replace it with the new one? What you wrote in the draft will be lost.
            </p>
          ),
          confirmLabel: "Replace draft",
          cancelLabel: "Keep my draft",
          danger: true,
        });
        if (!replace) return false;
      }
      setError(null);
      setDraftNotice(null);
      setDeletedNotice(null);
      startedHere.current = true;
      drafts.start(next);
      setReveal((r) => ({ seq: r.seq + 1, focus: false }));
      if (!wide) setSheet("annotations");
      return true;
    },
    [confirm, drafts, wide],
  );

  const openCreate = useCallback(
    async (classification: Classification) => {
      if (!selection) return;
      const { start, end, quote } = selection;
      const { prefix, suffix } = describeSpan(index, start, end);
      if (draft?.kind === "create" && draft.lost) {
        // The passage a new version removed, chosen again: the note and evidence move to it.
        drafts.relocate({ start, end, quote, prefix, suffix, lost: false }, classification);
        clearSelection();
        setDraftNotice("Your draft is now on the passage you selected.");
        setStatus("Your draft is now on the passage you selected.");
        if (!wide) setSheet("annotations");
        return;
      }
      const started = await startDraft({ kind: "create", start, end, quote, prefix, suffix, values: { classification, note: null, evidence: [] } });
      if (started) {
        clearSelection();
        if (!wide) scrollToSpan(start, end);
      }
    },
    [selection, startDraft, clearSelection, wide, scrollToSpan, index, draft, drafts],
  );

  // Accepting a suggestion: the ordinary editor on its passage, with the class and (for a cited
  // sentence) the cited notes and links as evidence to check; saving records where it came from.
  const acceptSuggestion = useCallback(
    async (s: SuggestionItem, classification: Classification) => {
      const quote = s.end <= index.length ? index.slice(s.start, s.end) : s.quote;
      const evidence = s.kind === "likely-sourced" ? evidenceFor(s, text.ranges, index) : [];
      const { prefix, suffix } = describeSpan(index, s.start, s.end);
      const started = await startDraft({ kind: "create", start: s.start, end: s.end, quote, prefix, suffix, values: { classification, note: null, evidence }, fromSuggestion: true });
      if (started) {
        setFocusedSuggestion(null);
        scrollToSpan(s.start, s.end);
      }
    },
    [index, text.ranges, startDraft, scrollToSpan],
  );

  const openEdit = useCallback(
    (a: AnyAnnotationDTO) => {
      const values: EditorValues = { classification: a.classification, note: a.note, evidence: toRows(a.evidence) };
      setCurrentId(a.id);
      // An orphaned one (edited in its card with the orphaned ones): its class, note and evidence; its last quote shown.
      const quote = isPlaced(a) ? a.quote : (a.anchor.previousQuote ?? a.quote);
      void startDraft({ kind: "edit", annotationId: a.id, quote, original: values, values, baseVersion: a.version });
    },
    [startDraft],
  );

  // Cancelled: a new annotation's editor gives the focus back to the text it was made from, an edit's to
  // the Edit button of its card (which replaces the editor once it is gone).
  const closeDraft = useCallback(() => {
    const edited = draft?.kind === "edit" ? draft.annotationId : null;
    drafts.finish();
    setDraftNotice(null);
    setError(null);
    setDeletedNotice(null);
    setUnanswered(null);
    if (edited) focusWhenShown(() => document.querySelector<HTMLElement>(`#a-${CSS.escape(edited)} [data-action="edit"]`));
    else textRef.current?.focus({ preventScroll: true });
  }, [drafts, draft]);

  const cancelDraft = useCallback(async () => {
    if (drafts.dirtyNow()) {
      const discard = await confirm({
        title: "Discard this draft?",
        body: <p>The note and evidence you wrote for this annotation will be lost.</p>,
        confirmLabel: "Discard draft",
        cancelLabel: "Keep editing",
        danger: true,
      });
      if (!discard) return;
    }
    closeDraft();
  }, [drafts, confirm, closeDraft]);

  // A new annotation's Save that met a dropped connection (a phone in a tunnel, a lift) may have reached the
  // server all the same: the answer was lost, not the request. The reader's own annotation on that passage
  // with that class that appears after it (live, or when the stream catches up after the reconnection) is
  // that save: the editor closes as saved when nothing was changed since, and otherwise its next Save
  // updates that annotation, rather than a second Save storing it twice (the duplicate warning invited one).
  const landedId = useCallback(
    (start: number, end: number) => {
      const u = unanswered;
      if (!u || u.start !== start || u.end !== end) return null;
      return spans.find((s) => s.authorId === viewer.id && s.start === start && s.end === end && s.classification === u.classification && !u.known.has(s.id))?.id ?? null;
    },
    [spans, viewer.id, unanswered],
  );
  const landed = draft?.kind === "create" ? landedId(draft.start, draft.end) : null;
  // Changed since that Save: said in the editor (instead of the error), and the next Save updates it.
  const landedChanged = !!landed && draft?.kind === "create" && JSON.stringify(draft.values) !== unanswered?.values;
  useEffect(() => {
    if (!landed || landedChanged || busy) return;
    // Unchanged: it is saved. (After this render: the list has its card.)
    const frame = requestAnimationFrame(() => {
      setUnanswered(null);
      drafts.finish();
      setDraftNotice(null);
      setError(null);
      setStatus("Annotation saved: the connection dropped before the server's answer came, but the annotation had reached it.");
      openCard(landed, { focus: true });
    });
    return () => cancelAnimationFrame(frame);
    // when such an annotation appears (or the draft changes while it is there)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [landed, landedChanged, busy]);

  const save = useCallback(
    async (values: PanelValues) => {
      if (!draft || deleted) return;
      // Never a span that does not read as its quote (the text changed under it: it is being placed again).
      if (draft.kind === "create" && (draft.lost || (text.complete && index.slice(draft.start, draft.end) !== draft.quote))) return;
      setBusy(true);
      setError(null);
      const arrived = draft.kind === "create" ? landedId(draft.start, draft.end) : null;
      const mine = draft.kind === "create" && !arrived ? new Set(spans.filter((s) => s.authorId === viewer.id).map((s) => s.id)) : null;
      try {
        const saved =
          draft.kind === "create" && !arrived
            ? await apiFetch<AnyAnnotationDTO>(`/api/documents/${documentId}/annotations`, {
                method: "POST",
                json: { start: draft.start, end: draft.end, quote: draft.quote, ...values, ...(draft.fromSuggestion ? { fromSuggestion: true } : {}) },
              })
            : await apiFetch<AnyAnnotationDTO>(`/api/annotations/${arrived ?? (draft.kind === "edit" ? draft.annotationId : "")}`, {
                method: "PATCH",
                json: { ...values, ...(draft.kind === "edit" && draft.baseVersion ? { version: draft.baseVersion } : {}) },
              });
        setUnanswered(null);
        data.upsert(saved);
        drafts.finish();
        setDraftNotice(null);
        setDeletedNotice(null);
        setStatus(draft.kind === "create" ? "Annotation saved." : "Annotation updated.");
        // Once the list has the new card: show it and give it focus (an orphaned one's, with the orphaned ones).
        setTimeout(() => (isPlaced(saved) ? openCard(saved.id, { focus: true }) : revealOrphan(saved.id)), 0);
      } catch (err) {
        const current = err instanceof ApiError && err.code === "CONFLICT" ? (err.details as { current?: AnnotationDTO } | undefined)?.current : undefined;
        if (current) {
          // Saved meanwhile from another tab or window: the card shows that version; this draft is kept,
          // and saving it again replaces that version knowingly.
          data.upsert(current);
          drafts.rebase(current.version);
          setError(
            `This annotation was changed elsewhere (another tab or window) since you opened it; it is now version ${current.version}, shown on its card. Nothing was saved. Save again to replace it with what you have here, or Cancel to keep it.`,
          );
        } else if (err instanceof ApiError && err.status === 404 && !(await data.live.check())) {
          // The document was deleted meanwhile: the page says so (and keeps the draft); nothing to add here.
        } else {
          if (mine && draft.kind === "create" && err instanceof ApiError && err.code === "NETWORK") {
            // (What the editor holds now: the draft on the page lags the last keys typed by a moment.)
            const sent = drafts.current()?.values ?? draft.values;
            setUnanswered({ start: draft.start, end: draft.end, classification: values.classification, values: JSON.stringify(sent), known: mine });
          }
          setError((err as Error).message);
        }
      } finally {
        setBusy(false);
      }
    },
    [draft, deleted, text.complete, index, documentId, data, drafts, openCard, revealOrphan, landedId, spans, viewer.id],
  );

  const warningFor = useCallback(
    (classification: Classification) => {
      if (draft?.kind !== "create") return null;
      // (Not the one an unanswered Save stored: this draft's Save now updates that one.)
      const arrived = landedId(draft.start, draft.end);
      const same = spans.some((s) => s.authorId === viewer.id && s.start === draft.start && s.end === draft.end && s.classification === classification && s.id !== arrived);
      return same ? `You already marked this exact passage as ${CLASS_LABEL[classification]}.` : null;
    },
    [draft, spans, viewer.id, landedId],
  );

  // A draft left from an earlier visit (it is in this browser's storage) comes back: say so, show it.
  const draftKey = draft ? (draft.kind === "edit" ? `edit:${draft.annotationId}` : `create:${draft.start}-${draft.end}`) : null;
  useEffect(() => {
    // Only once every span is here: an edit draft's annotation may be further down than the first cards.
    if (!draft || startedHere.current || !data.ready) return;
    startedHere.current = true;
    const frame = requestAnimationFrame(() => {
      if (draft.kind === "edit" && !byIdRef.current.has(draft.annotationId) && !data.orphans.some((o) => o.id === draft.annotationId)) {
        drafts.finish();
        setStatus("The annotation you were editing has been deleted; your draft of it was discarded.");
        return;
      }
      if (draft.kind === "edit") {
        setCurrentId(draft.annotationId);
        requestDetails([draft.annotationId]);
      }
      setReveal((r) => ({ seq: r.seq + 1, focus: false }));
      if (!wide) setSheet("annotations");
      setStatus("Your unsaved draft was restored.");
    });
    return () => cancelAnimationFrame(frame);
    // only when a draft first appears (or, for a document whose spans are fetched, once they are here)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draftKey, data.ready]);

  // A new-annotation draft whose quote no longer reads at its offsets (a new version of the text came in,
  // and the page reloaded onto it): placed again by its quote and context, or kept without a passage.
  // Only once the whole text is here (a long one arrives in two parts).
  const draftPlace = draft?.kind === "create" && !draft.lost ? `${draft.start}:${draft.end}:${draft.quote}` : null;
  useEffect(() => {
    if (!draftPlace || !text.complete || draft?.kind !== "create") return;
    if (draft.end <= index.length && index.slice(draft.start, draft.end) === draft.quote) return;
    let cancelled = false;
    void import("@/lib/anchoring/place-draft").then(({ placeDraft }) => {
      if (cancelled) return;
      const place = placeDraft(index, draft);
      if (place.state === "same") return;
      if (place.state === "gone") {
        drafts.relocate({ lost: true });
        setDraftNotice(null);
        setStatus(LOST_DRAFT);
      } else {
        const { start, end, quote, prefix, suffix } = place;
        drafts.relocate({ start, end, quote, prefix, suffix });
        const message = place.exact
          ? "Your draft was moved to its passage in the new version."
          : `Your draft was moved to the passage of the new version that best matches it, which now reads “${quoteTail(quote)}”. Check it before saving.`;
        setDraftNotice(message);
        setStatus(message);
        requestAnimationFrame(() => scrollToSpan(start, end, false));
      }
      setReveal((r) => ({ seq: r.seq + 1, focus: false }));
      if (!wide) setSheet("annotations");
    });
    return () => {
      cancelled = true;
    };
    // when the draft's passage or the text changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draftPlace, index, text.complete]);

  const editorNode = draft ? (
    <AnnotationPanel
      key={draft.kind === "edit" ? draft.annotationId : `${draft.start}-${draft.end}`}
      title={draft.kind === "create" ? "New annotation" : "Edit annotation"}
      quote={draft.quote}
      initial={draft.values}
      busy={busy}
      error={landed ? null : error}
      notice={
        (deletedNotice?.key === draftKey ? deletedNotice.message : null) ??
        (landedChanged ? LANDED_CHANGED : null) ??
        (draft.kind === "create" && draft.lost ? null : draftNotice)
      }
      blocked={
        deleted
          ? "This document was deleted, so nothing can be saved here. Your draft is kept in this browser."
          : draft.kind === "create" && draft.lost
            ? LOST_DRAFT
            : null
      }
      warningFor={warningFor}
      onChange={drafts.update}
      onSave={save}
      onCancel={cancelDraft}
    />
  ) : null;
  const listEditor: ListEditor | null = !draft
    ? null
    : draft.kind === "create"
      ? { kind: "create", start: draft.start, end: draft.end, node: editorNode }
      : { kind: "edit", id: draft.annotationId, node: editorNode };

  // ---- fixing a placement (its author, an editor or an admin; the server checks): the card confirms a fuzzy one
  // or leaves one orphaned; "Re-place" asks for a selection in the text, placed by the PlaceBar.
  const afterFix = useCallback(
    (fixed: AnyAnnotationDTO, message: string) => {
      data.upsert(fixed);
      setPlaced(fixed.anchor.state === "orphaned" ? null : { id: fixed.id, message });
      setStatus(message);
      // Once the list shows the card where it now belongs (a placed annotation's card is in the text's order).
      setTimeout(() => focusCard(fixed.id), 0);
    },
    [data, focusCard],
  );
  const fixPlacement = useCallback(
    async (a: AnyAnnotationDTO, fix: PlacementFix) => {
      const fixed = await apiFetch<AnyAnnotationDTO>(`/api/annotations/${a.id}/anchor`, { method: "POST", json: fix });
      afterFix(fixed, "confirm" in fix ? "Placement confirmed." : "Left orphaned.");
    },
    [afterFix],
  );
  // The annotation being placed, while it exists (deleted meanwhile by someone else: placing ends).
  const placingNow = placing && (byId.has(placing.id) || data.orphans.some((o) => o.id === placing.id)) ? placing : null;
  const startPlacing = useCallback(
    (a: AnyAnnotationDTO) => {
      setPlacing({ id: a.id, quote: a.anchor.previousQuote ?? a.quote });
      setPlaceError(null);
      setPlaced(null);
      setPreview(null);
      clearSelection();
      setStatus("Select the annotation's new passage in the text, then press Enter or choose Place here. Escape cancels.");
      if (!wide) setSheet(null);
      // A fuzzy one: its approximate place is where to look first.
      const span = byIdRef.current.get(a.id);
      if (span) {
        setCurrentId(a.id);
        scrollToSpan(span.start, span.end);
      }
      textRef.current?.focus({ preventScroll: true });
    },
    [clearSelection, wide, scrollToSpan],
  );
  const cancelPlacing = useCallback(() => {
    if (!placing) return;
    setPlacing(null);
    setPlaceError(null);
    clearSelection();
    setStatus("Re-placing cancelled.");
    focusCard(placing.id);
  }, [placing, clearSelection, focusCard]);
  const placeHere = useCallback(async () => {
    if (!placing || !selection || placeBusy) return;
    const { start, end, quote } = selection;
    setPlaceBusy(true);
    setPlaceError(null);
    try {
      const fixed = await apiFetch<AnyAnnotationDTO>(`/api/annotations/${placing.id}/anchor`, { method: "POST", json: { start, end, quote } });
      setPlacing(null);
      clearSelection();
      afterFix(fixed, "Placed on the selected passage.");
    } catch (err) {
      setPlaceError((err as Error).message);
    } finally {
      setPlaceBusy(false);
    }
  }, [placing, selection, placeBusy, clearSelection, afterFix]);
  const placement = useMemo<PlacementControls>(
    () => ({ placingId: placingNow?.id ?? null, done: placed, onReplace: startPlacing, onCancelReplace: cancelPlacing, onFix: fixPlacement }),
    [placingNow?.id, placed, startPlacing, cancelPlacing, fixPlacement],
  );

  // ---- keyboard: 1/2/3 on a selection, j/k between highlights, Enter opens, ? lists the shortcuts.
  // A layout effect: the listener sees the state the screen shows. Re-attached after paint (useEffect),
  // a key pressed as soon as the toolbar appeared still met the listener without the selection, and
  // did nothing (seen on a loaded CI machine).
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target, e.key)) return;
      const target = e.target as Element | null;
      const inText = target === textRef.current || target === document.body || !target;
      if (placingNow) {
        // Re-placing: Enter places the selection (from the text), Escape leaves everything as it was.
        if (e.key === "Escape") {
          e.preventDefault();
          cancelPlacing();
          return;
        }
        // Without a selection, Enter is not "open the card" here: focus stays in the text, where the passage is chosen.
        if (e.key === "Enter" && inText) {
          e.preventDefault();
          if (selection) void placeHere();
          else setStatus("Nothing is selected: select the annotation's new passage in the text, then press Enter.");
          return;
        }
      }
      if (selection && canWrite && !placingNow && CLASS_KEYS[e.key]) {
        e.preventDefault();
        void openCreate(CLASS_KEYS[e.key]);
        return;
      }
      switch (e.key) {
        case "j":
        case "n":
          e.preventDefault();
          moveCurrent(1);
          break;
        case "k":
        case "p":
          e.preventDefault();
          moveCurrent(-1);
          break;
        case "?":
          e.preventDefault();
          setShortcuts(true);
          break;
        case "Enter":
          if (currentId && inText) {
            e.preventDefault();
            setPreview(null);
            openCard(currentId, { focus: true });
          }
          break;
        case "Escape":
          if (draft) return; // the editor's own Escape
          if (selection) {
            clearSelection();
          } else if (target?.closest?.(".annotation-list") || target?.closest?.(".side")) {
            // From a card: back to the text in one key, closing a preview left by the pointer too.
            setPreview(null);
            if (!wide) setSheet(null);
            textRef.current?.focus({ preventScroll: true });
          } else if (preview) {
            setPreview(null);
          }
          break;
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [selection, canWrite, openCreate, moveCurrent, currentId, openCard, draft, preview, clearSelection, wide, placingNow, cancelPlacing, placeHere]);

  // ---- pointer: hover previews, click selects
  /** The code point of the character under a point of the text, with its box; null off the text. */
  const pointAt = useCallback((x: number, y: number): { cp: number; rect: DOMRect } | null => {
    const root = textRef.current;
    const pos = document.caretPositionFromPoint?.(x, y);
    if (!root || !pos || pos.offsetNode.nodeType !== Node.TEXT_NODE || !root.contains(pos.offsetNode)) return null;
    const node = pos.offsetNode as Text;
    // The caret is between two characters: take the one actually under the point.
    const probe = document.createRange();
    for (const offset of [pos.offset, pos.offset - 1]) {
      if (offset < 0 || offset >= node.length) continue;
      probe.setStart(node, offset);
      probe.setEnd(node, offset + 1);
      const rect = [...probe.getClientRects()].find((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom);
      if (!rect) continue;
      const cp = pointToCodePoint(root, node, offset);
      return cp === null ? null : { cp, rect };
    }
    return null;
  }, []);
  const hitTest = useCallback(
    (x: number, y: number): { ids: string[]; rect: DOMRect } | null => {
      const at = pointAt(x, y);
      const ids = at ? idsAt(coverageNow(), at.cp) : [];
      return at && ids.length ? { ids, rect: at.rect } : null;
    },
    [pointAt, coverageNow],
  );

  const hoverTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const hoverFrame = useRef(0);
  // A finger has no hover: the mouse events a tap is followed by must not open the preview (it opened
  // after the tap and stayed behind the Annotations sheet the tap opened). The last pointer says which.
  const touching = useRef(false);
  useEffect(() => {
    const track = (e: PointerEvent) => (touching.current = e.pointerType === "touch");
    window.addEventListener("pointerdown", track, true);
    window.addEventListener("pointermove", track, true);
    return () => {
      window.removeEventListener("pointerdown", track, true);
      window.removeEventListener("pointermove", track, true);
    };
  }, []);
  const onMouseMove = useCallback(
    (event: React.MouseEvent<HTMLElement>) => {
      const { clientX, clientY, buttons } = event;
      if (buttons || touching.current) return; // selecting, or a tap
      cancelAnimationFrame(hoverFrame.current);
      hoverFrame.current = requestAnimationFrame(() => {
        const hit = hitTest(clientX, clientY);
        clearTimeout(hoverTimer.current);
        if (!hit) {
          hoverTimer.current = setTimeout(() => setPreview((p) => (p?.via === "pointer" ? null : p)), 120);
          return;
        }
        // Innermost first: the shortest covering annotation is the one the pointer means.
        const ids = [...hit.ids].sort((a, b) => spanLength(byId.get(a)) - spanLength(byId.get(b)));
        if (preview?.via === "pointer" && preview.ids.join() === ids.join()) return;
        hoverTimer.current = setTimeout(() => showPreviewFor(ids, "pointer", hit.rect), 250);
      });
    },
    [hitTest, byId, preview, showPreviewFor],
  );
  const onMouseLeave = useCallback(() => {
    cancelAnimationFrame(hoverFrame.current);
    clearTimeout(hoverTimer.current);
    hoverTimer.current = setTimeout(() => setPreview((p) => (p?.via === "pointer" ? null : p)), 120);
  }, []);

  const onTextClick = useCallback(
    (event: React.MouseEvent<HTMLElement>) => {
      if (!window.getSelection()?.isCollapsed) return; // the end of a drag, not a click
      if (placing) return; // selecting a passage to place an annotation on
      const at = pointAt(event.clientX, event.clientY);
      const hitIds = at ? idsAt(coverageNow(), at.cp) : [];
      if (hitIds.length === 0) {
        setCurrentId(null);
        // A suggestion's mark: its entry in the Suggestions list takes the focus (Enter or 1/2/3 accept it there).
        const suggestion = at && suggesting ? suggestions.items?.find((s) => s.start <= at.cp && at.cp < s.end) : undefined;
        if (suggestion) {
          if (!wide) setSheet("suggestions");
          setSuggestionToFocus({ start: suggestion.start, end: suggestion.end, nonce: Date.now() });
        }
        return;
      }
      const ids = [...hitIds].sort((a, b) => spanLength(byId.get(a)) - spanLength(byId.get(b)));
      // A second click on an overlap moves to the next annotation there.
      const i = currentId ? ids.indexOf(currentId) : -1;
      const id = ids[(i + 1) % ids.length];
      // The card opens: no preview now, nor one still waiting for the pointer to rest.
      cancelAnimationFrame(hoverFrame.current);
      clearTimeout(hoverTimer.current);
      setPreview(null);
      openCard(id, { focus: true });
    },
    [pointAt, coverageNow, byId, currentId, openCard, placing, suggesting, suggestions.items, wide],
  );

  // Keyboard users arriving in the text get a caret where they are reading (a click places its own).
  const viaKeyboard = useRef(false);
  useEffect(() => {
    const key = () => (viaKeyboard.current = true);
    const pointer = () => (viaKeyboard.current = false);
    window.addEventListener("keydown", key, true);
    window.addEventListener("pointerdown", pointer, true);
    return () => {
      window.removeEventListener("keydown", key, true);
      window.removeEventListener("pointerdown", pointer, true);
    };
  }, []);
  const onTextFocus = useCallback((event: React.FocusEvent<HTMLElement>) => {
    const root = event.currentTarget;
    if (event.target !== root || !viaKeyboard.current) return;
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || !root.contains(sel.anchorNode)) placeCaretAtFirstVisible(root);
  }, []);

  // ---- where to start: a permalink (?a= or #a-), or a passage from a search result (?at=)
  const goToStart = () => {
    const fromHash = window.location.hash.startsWith("#a-") ? window.location.hash.slice(3) : null;
    const linked = initialAnnotationId ?? fromHash;
    if (linked) {
      if (byId.has(linked)) openCard(linked, { focus: true, scrollText: true, smooth: false });
      else if (data.orphans.some((o) => o.id === linked)) {
        // No place in this version's text: its card is with the orphaned ones, after the placed ones.
        setLinkNotice({ message: "The linked annotation has no place in this version's text; it is listed with the orphaned annotations.", orphanId: linked });
        revealOrphan(linked);
      } else {
        if (!wide) setSheet("annotations");
        setLinkNotice({ message: "The linked annotation is not in this document: it was deleted, or the link is mistyped." });
      }
      return;
    }
    if (initialAt) {
      const range = scrollToSpan(initialAt.start, initialAt.end, false) ?? (textRef.current && spanToRange(textRef.current, initialAt.start, initialAt.end));
      if (range) {
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
      }
    }
  };
  const started = useRef(false);
  useEffect(() => {
    // A permalink's annotation may be anywhere: wait for every span (a document with many fetches them).
    if (started.current || !mapper || !data.ready) return;
    started.current = true;
    requestAnimationFrame(() => goToStart());
  });


  // Characters per line, for estimating the height of paragraphs not laid out yet (reader.css).
  useEffect(() => {
    const root = textRef.current;
    if (!root) return;
    const measure = () => {
      const style = getComputedStyle(root);
      const width = root.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      root.style.setProperty("--cpl", String(Math.max(20, Math.round(width / (parseFloat(style.fontSize) * 0.47)))));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(root);
    return () => observer.disconnect();
  }, []);

  // The skip link to the annotations opens the sheet on a small screen.
  useEffect(() => {
    const onHash = () => {
      if (window.location.hash !== "#annotations") return;
      if (!wide) setSheet("annotations");
      requestAnimationFrame(() => document.querySelector<HTMLElement>("#annotations h2")?.focus());
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, [wide]);


  const onCopyLink = useCallback(
    (id: string) => {
      const url = `${window.location.origin}/documents/${documentId}?a=${id}`;
      setCopyFallback(null);
      const copy = navigator.clipboard?.writeText(url);
      if (!copy) return setCopyFallback(url);
      copy.then(
        () => setStatus("Link to the annotation copied."),
        () => setCopyFallback(url),
      );
    },
    [documentId],
  );

  // Deleted from this page (asked first): its live event is no news, and an unsent reply to it goes with it.
  const deletedHere = useRef(new Set<string>());
  const onDelete = useCallback(
    async (a: AnyAnnotationDTO) => {
      deletedHere.current.add(a.id);
      try {
        await apiFetch(`/api/annotations/${a.id}`, { method: "DELETE" });
      } catch (err) {
        deletedHere.current.delete(a.id);
        throw err;
      }
      writeStored(replyDraftKey(viewer.id, a.id), null);
      writeStored(rulingDraftKey(viewer.id, a.id), null);
      // The focus was on the card's Confirm delete, which goes with it: it moves to the card that takes its
      // place in the list, else the one before, else (the list is empty) the text (never dropped to the page).
      const entry = document.getElementById(`a-${a.id}`)?.closest("li");
      const near = [entry?.nextElementSibling, entry?.previousElementSibling].map((li) => li?.querySelector<HTMLElement>(":scope > article[id^='a-']")).find(Boolean);
      const nextId = near?.id.slice(2) ?? null;
      data.remove(a.id);
      setStatus("Annotation deleted.");
      if (nextId && byIdRef.current.has(nextId)) openCard(nextId, { focus: true });
      else if (nextId) focusWhenShown(() => document.getElementById(`a-${nextId}`));
      else {
        if (!wide) setSheet(null);
        textRef.current?.focus({ preventScroll: true });
      }
    },
    [data, viewer.id, openCard, wide],
  );

  // ---- an annotation deleted elsewhere (an admin, or its author in another window) while the reader was
  // writing on it: nothing typed is lost, and it is said at once. An edit with changes becomes a new
  // annotation draft on the same passage (an orphaned one has none: its text is shown to copy); a reply
  // not sent yet, or an editor's ruling being written, is shown to copy, and kept in this browser until
  // the notice is dismissed.
  const keepLostWork = useCallback(
    (id: string) => {
      const replyKey = replyDraftKey(viewer.id, id);
      if (deletedHere.current.delete(id)) return;
      const span = byIdRef.current.get(id);
      const orphan = data.orphans.find((o) => o.id === id);
      const quote = span ? index.slice(span.start, span.end) : orphan ? (orphan.anchor.previousQuote ?? orphan.quote) : null;
      const what = quote ? `The annotation on “${quoteTail(quote)}”` : "An annotation";
      const found: LostWork[] = [];
      const d = drafts.current();
      if (d?.kind === "edit" && d.annotationId === id) {
        const deleted = `${what} was deleted (by an admin, or by you in another window) while you were editing it.`;
        if (!draftHasContent(d)) {
          drafts.finish();
          found.push({ key: `edit:${id}`, message: `${deleted} You had not changed anything.`, text: null });
        } else if (span) {
          const message = `${deleted} Your changes are kept as a new annotation on the same passage: save it, or cancel to discard it.`;
          startedHere.current = true;
          drafts.start({ kind: "create", start: span.start, end: span.end, quote: index.slice(span.start, span.end), values: d.values });
          setDeletedNotice({ key: `create:${span.start}-${span.end}`, message });
          setError(null);
          setStatus(message);
          setReveal((r) => ({ seq: r.seq + 1, focus: false }));
        } else {
          drafts.finish();
          const text = [
            `Class: ${CLASS_LABEL[d.values.classification]}`,
            d.values.note && !isEmptyNote(d.values.note) ? noteToPlainText(d.values.note) : "",
            ...d.values.evidence.filter((e) => e.citation.trim() || e.url.trim()).map((e) => `Evidence: ${[e.citation.trim(), e.url.trim()].filter(Boolean).join(" — ")}`),
          ].filter(Boolean);
          found.push({
            key: `edit:${id}`,
            message: `${deleted} It had no place in this version's text, so it cannot be kept as a new annotation; what you wrote is below.`,
            text: text.join("\n"),
            label: "Your edit, not saved",
          });
        }
      }
      const reply = storedReply(replyKey);
      if (reply && !isEmptyNote(reply)) {
        found.push({
          key: `reply:${id}`,
          message: `${what} was deleted (by its author or an admin) before your reply was sent. Your reply is below, to copy; it stays in this browser until you dismiss this.`,
          text: noteToPlainText(reply),
          label: "Your reply, not sent",
          storageKey: replyKey,
        });
      }
      const rulingKey = rulingDraftKey(viewer.id, id);
      const ruling = storedRuling(rulingKey);
      if (ruling) {
        found.push({
          key: `ruling:${id}`,
          message: `${what} was deleted (by its author or an admin) before your ruling was saved. Your ruling is below, to copy; it stays in this browser until you dismiss this.`,
          text: [`Ruling: ${CLASS_LABEL[ruling.classification]}`, ruling.rationale && !isEmptyNote(ruling.rationale) ? noteToPlainText(ruling.rationale) : ""].filter(Boolean).join("\n"),
          label: "Your ruling, not saved",
          storageKey: rulingKey,
        });
      }
      if (found.length === 0) return;
      setLost((list) => [...list.filter((l) => !found.some((f) => f.key === l.key)), ...found]);
      if (!wide) setSheet("annotations");
    },
    [viewer.id, data.orphans, index, drafts, wide],
  );
  useEffect(() => {
    deletedElsewhere.current = keepLostWork;
  }, [keepLostWork]);
  // The notices are kept in this browser too, so a reload before they are dismissed loses nothing.
  const lostKey = `apparatus:lost-work:${documentId}:${viewer.id}`;
  const lostLoaded = useRef(false);
  useEffect(() => {
    if (!lostLoaded.current) {
      lostLoaded.current = true;
      const saved = readStoredJson(lostKey, (v): v is LostWork[] => Array.isArray(v));
      // after hydration (storage is the browser's), in the next frame
      if (saved?.length) requestAnimationFrame(() => setLost((list) => [...saved.filter((l) => !list.some((x) => x.key === l.key)), ...list]));
      return;
    }
    writeStoredJson(lostKey, lost.length ? lost : null);
  }, [lostKey, lost]);
  const dismissLost = useCallback((item: LostWork) => {
    if (item.storageKey) writeStored(item.storageKey, null);
    setLost((list) => list.filter((l) => l.key !== item.key));
  }, []);

  const quoteOf = useCallback((s: Span) => index.slice(s.start, s.end), [index]);
  // What the versions page's "Needs check" lists, kept live: fuzzy placements, and orphaned annotations
  // no one left so on purpose.
  const needsCheck = useMemo(
    () =>
      (data.ready ? spans.filter((s) => s.flags & SPAN_FLAGS.fuzzy).length : 0) +
      data.orphans.filter((a) => a.anchor.resolution?.action !== "left-orphaned").length +
      data.orphanRest.needsCheck,
    [spans, data.ready, data.orphans, data.orphanRest.needsCheck],
  );
  const others = data.live.viewers.filter((v) => v.id !== viewer.id);

  return (
    <>
    <div className="doc-meta">
      {meta}
      {needsCheck > 0 && (
        <a href={`/documents/${documentId}/versions#needs-check-heading`} className="needs-check-link" data-testid="needs-check-link">
          <span aria-hidden="true">⚠ </span>
          {needsCheck} need{needsCheck === 1 ? "s" : ""} a check
        </a>
      )}
    </div>
    <div className="reader-layout" data-sheet={!wide && sheet ? "open" : undefined} data-placing={placingNow ? "true" : undefined}>
      <div className="reader-main">
        {/* Always present, so what appears in it is announced. */}
        <div className="reader-notices" role="status">
          {newVersion !== null && !deleted && (
            <p className="notice small version-notice" data-testid="version-notice">
              Version {newVersion} was added{version.addedBy ? ` by ${version.addedBy}` : ""} — the text and the annotations’ places are now
              those of version {newVersion}.{" "}
              {newVersion > 1 && <a href={`/documents/${documentId}/versions?from=${newVersion - 1}&to=${newVersion}`}>See what changed</a>}{" "}
              <button type="button" className="link" onClick={() => setNewVersion(null)}>
                Dismiss
              </button>
            </p>
          )}
          {data.live.restored && !deleted && (
            <p className="notice small restored-notice" data-testid="restored-notice">
              This document was restored: {draft ? "your draft can be saved, and " : ""}annotations can be added and changed again.{" "}
              <button type="button" className="link" onClick={data.live.dismissRestored}>
                Dismiss
              </button>
            </p>
          )}
        </div>
        {deleted && (
          <p className="notice small warning deleted-notice" role="alert" data-testid="deleted-notice">
            This document was deleted by an admin: nothing can be saved or changed here. {draft ? "Your draft is kept in this browser. " : ""}
            If an admin restores the document, this page carries on by itself. <Link href="/">Back to the library</Link>
          </p>
        )}
        <p id="doc-text-help" className="visually-hidden">
          {canWrite
            ? "Select a passage with the mouse, or with Shift and the arrow keys, then choose Sourced (1), Contested (2) or Opinion (3). Press j or k to move between highlights, Enter to open one, and ? for all keyboard shortcuts."
            : "You can read and browse annotations; your role cannot annotate. Press j or k to move between highlights, Enter to open one, and ? for all keyboard shortcuts."}
        </p>
        <div className="reader-tools">
          <Outline entries={text.outline} wide={wide} />
          {canWrite && (
            <button
              type="button"
              className="suggest-toggle"
              aria-pressed={suggestOn}
              onClick={() => {
                setSuggestOn(!suggestOn);
                if (!suggestOn && !wide) setSheet("suggestions");
                if (suggestOn) setFocusedSuggestion(null);
              }}
            >
              Suggest
            </button>
          )}
        </div>
        <div className="reader-text" ref={containerRef}>
          <DocumentText
            index={index}
            blocks={blocks}
            headingIds={text.headingIds}
            textRef={textRef}
            describedBy="doc-text-help"
            onKeyDown={selectionApi.onKeyDown}
            onClick={onTextClick}
            onMouseMove={onMouseMove}
            onMouseLeave={onMouseLeave}
            onFocus={onTextFocus}
          />
          <HighlightOutlines container={containerRef} marks={marks} version={blocks} />
          <TextCaret container={containerRef} root={textRef} />
          <CitationTips root={textRef} container={containerRef} ranges={text.ranges} index={index} />
          {preview && <HighlightPreview preview={preview} spans={byId} details={details} authors={authors} />}
        </div>
        {!text.complete && (
          <p className="text-loading small muted" role="status">
            {text.failed ? (
              <>
                The rest of the document could not be loaded.{" "}
                <button type="button" className="link" onClick={text.retry}>
                  Try again
                </button>
              </>
            ) : (
              "Loading the rest of the document…"
            )}
          </p>
        )}
        {/* After the text, so it moves nothing when it appears (CSS keeps it in view, over the text's bottom);
            Tab from the text reaches it. */}
        {placingNow && (
          <PlaceBar
            quote={placingNow.quote}
            selection={selection}
            busy={placeBusy}
            error={placeError}
            onPlace={() => void placeHere()}
            onCancel={cancelPlacing}
          />
        )}
        {canWrite && selection && !placingNow && <SelectionToolbar top={selection.top} left={selection.left} onChoose={(c) => void openCreate(c)} />}
      </div>
      <SidePane
        wide={wide}
        editing={draft !== null}
        sheet={sheet}
        onSheet={setSheet}
        count={data.total + data.orphans.length + data.orphanRest.count}
        suggestions={
          suggesting ? (
            <SuggestionsPanel
              items={suggestions.items}
              error={suggestions.error}
              canDismiss={viewer.role !== "editor"}
              focusRequest={suggestionToFocus}
              onAccept={(s, c) => void acceptSuggestion(s, c)}
              onDismiss={async (s) => {
                await suggestions.dismiss(s);
                setFocusedSuggestion(null);
                setStatus("Suggestion dismissed.");
              }}
              onFocusItem={(s) => {
                setFocusedSuggestion(s);
                setSuggestionToFocus(null);
                if (s) scrollToSpan(s.start, s.end);
              }}
            />
          ) : null
        }
        suggestionCount={suggestions.items?.length ?? null}
        head={
          <div className="side-head">
            <p className="live-line small">
              <span className={`live-status live-${data.live.status}`} data-testid="live-status">
                {data.live.status === "live"
                  ? "● Live"
                  : data.live.status === "connecting"
                    ? "Connecting…"
                    : data.live.status === "deleted"
                      ? "Document deleted"
                      : "Reconnecting…"}
              </span>
              {others.length > 0 && <span className="presence"> · Also here: {others.map((v) => v.name).join(", ")}</span>}
              <button type="button" className="link small shortcuts-button" onClick={() => setShortcuts(true)} aria-keyshortcuts="?">
                Keyboard shortcuts
              </button>
            </p>
            <p className="visually-hidden" role="status" aria-live="polite">
              {status}
            </p>
            {linkNotice && !(linkNotice.orphanId && !data.orphans.some((o) => o.id === linkNotice.orphanId)) && (
              <p className="link-notice small" role="status">
                {linkNotice.message}{" "}
                <button type="button" className="link" onClick={() => setLinkNotice(null)}>
                  Dismiss
                </button>
              </p>
            )}
            <LostWorkNotices items={lost} onDismiss={dismissLost} />
            {data.spansError && (
              <p className="error small" role="alert">
                {data.spansError}
              </p>
            )}
            {copyFallback && (
              <p className="copy-fallback small">
                <label>
                  Copy this link{" "}
                  <input readOnly value={copyFallback} autoFocus onFocus={(e) => e.currentTarget.select()} onBlur={() => setCopyFallback(null)} />
                </label>
              </p>
            )}
          </div>
        }
        annotations={
          <AnnotationList
            spans={spans}
            placed={data.total}
            authors={authors}
            details={details}
            missing={data.missing}
            requestDetails={requestDetails}
            quoteOf={quoteOf}
            viewer={viewer}
            // placed or orphaned (an orphaned one is in no span, so never currentId)
            activeId={selectedId}
            onOpenOrphan={setCurrentId}
            onKeepOrphan={data.keepOrphan}
            onCloseCard={() => setCurrentId(null)}
            reveal={reveal}
            editor={listEditor}
            onShow={(s) => {
              setCurrentId(s.id);
              scrollToSpan(s.start, s.end);
              if (!wide) setSheet(null);
            }}
            onEdit={openEdit}
            onDelete={onDelete}
            onCopyLink={onCopyLink}
            onAnnotation={data.upsert}
            orphans={data.orphans}
            orphanRest={data.orphanRest}
            onMoreOrphans={() => void data.moreOrphans()}
            onOrphanFilter={data.setOrphanFilter}
            orphanAuthors={data.orphanAuthors}
            filteredOrphans={data.filteredOrphans}
            placement={placement}
            renderExtra={(a) => (
              <Discussion
                annotation={a}
                viewer={viewer}
                replies={data.replies[a.id]}
                onRepliesLoaded={data.setThread}
                onAnnotation={data.upsert}
                onReply={data.upsertReply}
                onReplyDeleted={data.removeReply}
              />
            )}
          />
        }
        summary={{
          documentId,
          length: index.length,
          spans: data.ready ? spans : null,
          orphans: data.orphans,
          orphanSummary: data.orphanSummary,
          quoteOf: (id) => {
            const s = byId.get(id);
            return s ? index.slice(s.start, s.end) : data.orphans.find((o) => o.id === id)?.quote;
          },
          onJump: (id) => {
            if (byId.has(id)) return openCard(id, { focus: false, scrollText: true });
            if (data.orphans.some((o) => o.id === id)) return revealOrphan(id);
            // An orphaned one whose card is not fetched yet (counted from the page's summary rows): fetched first.
            data.fetchOrphan(id).then(
              () => revealOrphan(id),
              () => setStatus("That annotation could not be loaded."),
            );
          },
          onJumpToOffset: (cp) => {
            // A strip mark selects its annotation (the innermost one at its start); between marks, just go there.
            const ids = idsAt(coverageNow(), cp);
            const id = [...ids].sort((a, b) => spanLength(byId.get(a)) - spanLength(byId.get(b)))[0];
            if (id) openCard(id, { focus: false, scrollText: true });
            else scrollToSpan(cp, Math.min(cp + 1, index.length));
          },
        }}
      />
      {shortcuts && <ShortcutsDialog onClose={() => setShortcuts(false)} />}
      {confirmDialog}
    </div>
    </>
  );
}

const spanLength = (s: Span | undefined) => (s ? s.end - s.start : Infinity);
