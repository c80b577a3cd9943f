"use client";
// The reader's interactive part: text with highlights, the selection toolbar, the annotation panel and
// the "Annotations" list, kept in one state so a change anywhere shows everywhere.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { spanToRange } from "@/lib/anchoring/dom";
import type { AnnotationDTO, Classification, ReplyDTO } from "@/lib/annotations/types";
import { apiFetch } from "@/lib/client/api";
import { AnnotationPanel, type PanelValues } from "@/components/annotations/annotation-panel";
import { AnnotationList, type ListViewer } from "@/components/annotations/annotation-list";
import { Discussion } from "@/components/annotations/discussion";
import { useLiveDocument, type LiveMessage } from "./use-live-document";
import { SummaryPanel } from "@/components/summary/summary-panel";
import { computeSummary, effectiveClassStrip } from "@/lib/summary";
import { DocumentText } from "./document-text";
import { SelectionToolbar } from "./selection-toolbar";
import { useTextSelection } from "./use-text-selection";

type PanelState =
  | { mode: "create"; start: number; end: number; quote: string; classification: Classification }
  | { mode: "edit"; annotation: AnnotationDTO };

export interface WorkbenchProps {
  documentId: string;
  text: string;
  initialAnnotations: AnnotationDTO[];
  viewer: ListViewer & { name: string };
  /** Where to scroll first (e.g. from a search result): code-point offset and length. */
  initialAt?: { start: number; end: number } | null;
  /** The document's latest event id when the page was rendered: live updates resume from there. */
  since: number;
}

const byPosition = (a: AnnotationDTO, b: AnnotationDTO) => a.start - b.start || b.end - a.end || a.createdAt.localeCompare(b.createdAt);

function useAnnotationsState(initial: AnnotationDTO[]) {
  const [annotations, setAnnotations] = useState(() => [...initial].sort(byPosition));
  const upsert = useCallback((a: AnnotationDTO) => {
    setAnnotations((list) => {
      const i = list.findIndex((x) => x.id === a.id);
      if (i >= 0) {
        if (list[i].updatedAt > a.updatedAt && list[i].version > a.version) return list; // stale event
        const copy = [...list];
        copy[i] = a;
        return copy;
      }
      return [...list, a].sort(byPosition);
    });
  }, []);
  const remove = useCallback((id: string) => setAnnotations((list) => list.filter((a) => a.id !== id)), []);
  return { annotations, setAnnotations, upsert, remove };
}

export function Workbench({
  documentId,
  text,
  initialAnnotations,
  viewer,
  initialAt,
  since,
  children,
}: Readonly<WorkbenchProps & { children?: ReactNode }>) {
  const { annotations, upsert, remove } = useAnnotationsState(initialAnnotations);
  const [replies, setReplies] = useState<Record<string, ReplyDTO[]>>({});
  const upsertReply = useCallback((r: ReplyDTO) => {
    setReplies((all) => {
      const list = all[r.annotationId];
      if (!list) return all; // thread not loaded: it will load fresh when opened
      const i = list.findIndex((x) => x.id === r.id);
      return { ...all, [r.annotationId]: i >= 0 ? list.map((x) => (x.id === r.id ? r : x)) : [...list, r] };
    });
  }, []);
  const removeReply = useCallback((annotationId: string, replyId: string) => {
    setReplies((all) => (all[annotationId] ? { ...all, [annotationId]: all[annotationId].filter((r) => r.id !== replyId) } : all));
  }, []);

  const onLive = useCallback(
    (message: LiveMessage) => {
      const p = message.payload as { annotation?: AnnotationDTO; reply?: ReplyDTO; id?: string; annotationId?: string };
      switch (message.type) {
        case "annotation.created":
        case "annotation.updated":
        case "annotation.restored":
          if (p.annotation) upsert(p.annotation);
          break;
        case "annotation.deleted":
          if (p.id) remove(p.id);
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
    [upsert, remove, upsertReply, removeReply],
  );
  const live = useLiveDocument(documentId, since, onLive);
  const others = live.viewers.filter((v) => v.id !== viewer.id);
  const index = useMemo(() => new CodePointIndex(text), [text]);
  const textRef = useRef<HTMLElement>(null);
  const [panel, setPanel] = useState<PanelState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [focusedIds, setFocusedIds] = useState<Set<string>>(new Set());
  const [status, setStatus] = useState("");
  const canWrite = viewer.role !== "viewer";
  const { selection, onKeyDown, clear } = useTextSelection(textRef, index, panel !== null || !canWrite);

  const spans = useMemo(
    () => annotations.map((a) => ({ id: a.id, start: a.start, end: a.end, classification: a.classification })),
    [annotations],
  );

  // The reliability summary, recomputed from the annotations on screen (so it follows live updates).
  const summaryInput = useMemo(
    () =>
      annotations.map((a) => ({
        id: a.id,
        start: a.start,
        end: a.end,
        classification: a.classification,
        authorId: a.author.id,
        disputes: a.disputes,
        replies: a.replyCount,
      })),
    [annotations],
  );
  const textLength = index.length;
  const summary = useMemo(() => computeSummary({ documentId, length: textLength, annotations: summaryInput }), [documentId, textLength, summaryInput]);
  const strip = useMemo(() => effectiveClassStrip({ length: textLength, annotations: summaryInput }), [textLength, summaryInput]);
  const quoteById = useMemo(() => new Map(annotations.map((a) => [a.id, a.quote])), [annotations]);

  // Mark focused highlights without re-rendering the text.
  useEffect(() => {
    const root = textRef.current;
    if (!root) return;
    root.querySelectorAll(".hl-focus").forEach((el) => el.classList.remove("hl-focus"));
    for (const id of focusedIds) root.querySelectorAll(`[data-ids~="${CSS.escape(id)}"]`).forEach((el) => el.classList.add("hl-focus"));
  }, [focusedIds, spans]);

  const scrollToSpan = useCallback((start: number, end: number) => {
    const root = textRef.current;
    const range = root && spanToRange(root, start, end);
    const target = range?.startContainer.parentElement;
    target?.scrollIntoView({ block: "center", behavior: "smooth" });
    return range;
  }, []);

  // A link from a search result: scroll there and select the passage.
  useEffect(() => {
    if (!initialAt) return;
    const range = scrollToSpan(initialAt.start, initialAt.end);
    if (range) {
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
    }
  }, [initialAt, scrollToSpan]);

  const showAnnotation = useCallback(
    (a: AnnotationDTO) => {
      setFocusedIds(new Set([a.id]));
      scrollToSpan(a.start, a.end);
    },
    [scrollToSpan],
  );

  const openCreate = useCallback(
    (classification: Classification) => {
      if (!selection) return;
      setError(null);
      setPanel({ mode: "create", start: selection.start, end: selection.end, quote: selection.quote, classification });
    },
    [selection],
  );

  // Keys 1, 2, 3 choose a class while the toolbar is open; Escape dismisses it.
  useEffect(() => {
    if (!selection || panel) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true]")) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const choice = ({ "1": "sourced", "2": "contested", "3": "opinion" } as const)[e.key as "1" | "2" | "3"];
      if (choice) {
        e.preventDefault();
        openCreate(choice);
      } else if (e.key === "Escape") {
        clear();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [selection, panel, openCreate, clear]);

  const closePanel = useCallback(() => {
    setPanel(null);
    setError(null);
    clear();
    textRef.current?.focus({ preventScroll: true });
  }, [clear]);

  const save = useCallback(
    async (values: PanelValues) => {
      if (!panel) return;
      setBusy(true);
      setError(null);
      try {
        const saved =
          panel.mode === "create"
            ? await apiFetch<AnnotationDTO>(`/api/documents/${documentId}/annotations`, {
                method: "POST",
                json: { start: panel.start, end: panel.end, quote: panel.quote, ...values },
              })
            : await apiFetch<AnnotationDTO>(`/api/annotations/${panel.annotation.id}`, { method: "PATCH", json: values });
        upsert(saved);
        setFocusedIds(new Set([saved.id]));
        setStatus(panel.mode === "create" ? "Annotation saved." : "Annotation updated.");
        closePanel();
      } catch (err) {
        setError((err as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [panel, documentId, upsert, closePanel],
  );

  const onDelete = useCallback(
    async (a: AnnotationDTO) => {
      await apiFetch(`/api/annotations/${a.id}`, { method: "DELETE" });
      remove(a.id);
      setStatus("Annotation deleted.");
    },
    [remove],
  );

  // Clicking a highlight (not dragging) focuses its entries in the list.
  const onTextClick = useCallback((event: React.MouseEvent<HTMLElement>) => {
    if (!window.getSelection()?.isCollapsed) return;
    const ids = (event.target as HTMLElement).closest("[data-ids]")?.getAttribute("data-ids")?.split(" ") ?? [];
    setFocusedIds(new Set(ids));
    if (ids.length) document.getElementById(`entry-${ids[0]}`)?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, []);

  return (
    <div className="reader-layout">
      <div>
        <p id="doc-text-help" className="visually-hidden">
          {canWrite
            ? "Select a passage with the mouse, or with Shift and the arrow keys, then choose Sourced (1), Contested (2) or Opinion (3)."
            : "You can read and browse annotations; your role cannot annotate."}
        </p>
        <DocumentText text={text} spans={spans} textRef={textRef} onKeyDown={onKeyDown} onClick={onTextClick} />
        {canWrite && selection && !panel && <SelectionToolbar top={selection.top} left={selection.left} onChoose={openCreate} />}
      </div>
      <div className="side">
        <p className="visually-hidden" role="status" aria-live="polite">
          {status}
        </p>
        <p className="live-line small">
          <span className={`live-status live-${live.status}`} data-testid="live-status">
            {live.status === "live" ? "● Live" : live.status === "connecting" ? "Connecting…" : "Reconnecting…"}
          </span>
          {others.length > 0 && <span className="presence"> · Also here: {others.map((v) => v.name).join(", ")}</span>}
        </p>
        {panel && (
          <AnnotationPanel
            key={panel.mode === "edit" ? panel.annotation.id : `${panel.start}-${panel.end}`}
            title={panel.mode === "create" ? "New annotation" : "Edit annotation"}
            quote={panel.mode === "create" ? panel.quote : panel.annotation.quote}
            initial={
              panel.mode === "create"
                ? { classification: panel.classification, note: null, evidence: [] }
                : { classification: panel.annotation.classification, note: panel.annotation.note, evidence: panel.annotation.evidence }
            }
            busy={busy}
            error={error}
            onSave={save}
            onCancel={closePanel}
          />
        )}
        {children}
        <SummaryPanel
          summary={summary}
          strip={strip}
          quoteOf={(id) => quoteById.get(id)}
          onJump={(id) => {
            const a = annotations.find((x) => x.id === id);
            if (a) showAnnotation(a);
          }}
          onJumpToOffset={(cp) => scrollToSpan(cp, Math.min(cp + 1, textLength))}
        />
        <AnnotationList
          annotations={annotations}
          viewer={viewer}
          focusedIds={focusedIds}
          onShow={showAnnotation}
          onEdit={(a) => {
            setError(null);
            setPanel({ mode: "edit", annotation: a });
          }}
          onDelete={onDelete}
          renderExtra={(a) => (
            <Discussion
              annotation={a}
              viewer={viewer}
              replies={replies[a.id]}
              onRepliesLoaded={(id, list) => setReplies((all) => ({ ...all, [id]: list }))}
              onAnnotation={upsert}
              onReply={upsertReply}
              onReplyDeleted={removeReply}
            />
          )}
        />
      </div>
    </div>
  );
}
