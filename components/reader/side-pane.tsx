"use client";
// The reader's side panel: the suggested claims while "Suggest" is on, the Annotations list, then the
// reliability summary (collapsible, the choice remembered in this browser; open, a fixed share of the
// column below the list, scrolling on its own). Wide screens show it as a column beside the text; narrower ones
// as a bottom sheet that a bar at the bottom of the screen opens on either part, one tap away.
import { useDeferredValue, useEffect, useId, useMemo, useRef, type ReactNode } from "react";
import { computeSummaryWithStrip, type SummaryAnnotation } from "@/lib/summary";
import { SummaryPanel } from "@/components/summary/summary-panel";
import type { OrphanedAnnotationDTO, OrphanSummaryRow } from "@/lib/annotations/types";
import type { Span } from "./spans";
import { useStoredFlag } from "./use-media";
import { focusWhenShown } from "./focus-when-shown";

export type SheetTab = "annotations" | "summary" | "suggestions";
const SUMMARY_KEY = "apparatus:summary-open";

interface Props {
  wide: boolean;
  /** An annotation is being written or edited: the summary steps aside (without changing the remembered
   * choice). So it does while a card's ruling form is open (reader.css, by the form's presence). */
  editing: boolean;
  sheet: SheetTab | null;
  onSheet: (tab: SheetTab | null) => void;
  count: number;
  /** The Suggestions list (suggestions.tsx) while "Suggest" is on, and how many it offers (null while loading). */
  suggestions: ReactNode;
  suggestionCount: number | null;
  head: ReactNode;
  annotations: ReactNode;
  summary: SummaryProps;
}

interface SummaryProps {
  documentId: string;
  length: number;
  /** Null while a document's spans are still being fetched. */
  spans: readonly Span[] | null;
  /** The orphaned annotations: in the summary's open disputes and rulings only (no span in this text). */
  orphans: readonly OrphanedAnnotationDTO[];
  /** The orphaned annotations not fetched yet that count in the summary (open disputes or a ruling). */
  orphanSummary: readonly OrphanSummaryRow[];
  quoteOf: (id: string) => string | undefined;
  onJump: (id: string) => void;
  onJumpToOffset: (cp: number) => void;
}

export function SidePane({ wide, editing, sheet, onSheet, count, suggestions, suggestionCount, head, annotations, summary }: Readonly<Props>) {
  const [summaryOpen, toggleSummary] = useStoredFlag(SUMMARY_KEY, true);
  const sheetRef = useRef<HTMLDivElement>(null);
  // As a column, the panel ends at the bottom of the window: shorter while the page is scrolled to its
  // top (the panel starts below the title), the full height once it sticks under the header.
  useEffect(() => {
    const side = sheetRef.current;
    if (!wide || !side) return;
    let frame = 0;
    let last = -1;
    const fit = () => {
      frame = 0;
      const height = Math.round(window.innerHeight - Math.max(side.getBoundingClientRect().top, 0) - 16);
      if (height !== last) side.style.height = `${(last = Math.max(height, 240))}px`;
    };
    const schedule = () => (frame ||= requestAnimationFrame(fit));
    fit();
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", schedule);
      window.removeEventListener("resize", schedule);
      side.style.height = "";
    };
  }, [wide]);
  const open = summaryOpen && !editing;
  const showSummary = wide ? open : sheet === "summary";
  // The Suggestions tab closes with the list it shows.
  const state = wide ? "column" : sheet === "suggestions" && !suggestions ? "closed" : (sheet ?? "closed");

  // Opening the sheet from its bar moves focus into it (to its heading, once rendered: the summary's
  // comes a render or two after the sheet opens); closing returns it to the bar's button for that part.
  const bar = useRef<HTMLElement>(null);
  const openFromBar = (tab: SheetTab) => {
    onSheet(sheet === tab ? null : tab);
    if (sheet === tab) return;
    focusWhenShown(() => sheetRef.current?.querySelector<HTMLElement>(`[data-part="${tab}"] h2, [data-part="${tab}"] [tabindex]`));
  };
  const closeSheet = () => {
    const tab = sheet;
    onSheet(null);
    bar.current?.querySelector<HTMLElement>(`button[data-tab="${tab ?? "annotations"}"]`)?.focus();
  };

  return (
    <>
      <div
        ref={sheetRef}
        className="side"
        data-state={state}
        data-editing={editing ? "true" : undefined}
        aria-label={wide ? undefined : "Reader panel"}
        role={wide ? undefined : "region"}
        onKeyDown={(event) => {
          // Escape in the summary sheet (nothing there has an Escape of its own) closes it, like Close.
          // In the annotations, the reader's Escape applies (back to the text; an editor's own Escape).
          if (event.key !== "Escape" || wide || sheet !== "summary" || event.defaultPrevented) return;
          event.preventDefault();
          closeSheet();
        }}
      >
        {/* The sheet's head and bar are rendered at every width (the stylesheet shows them below 1024 px),
            so that a phone has its bar from the server's HTML, before the page's scripts run. */}
        <div className="sheet-head">
          <button
            type="button"
            className="sheet-close"
            onClick={closeSheet}
          >
            Close
          </button>
        </div>
        {head}
        {suggestions && (
          <div className="side-part side-suggestions" data-part="suggestions">
            {suggestions}
          </div>
        )}
        <div className="side-part side-annotations" data-part="annotations">
          {annotations}
        </div>
        <div className="side-part side-summary" data-part="summary" data-open={showSummary ? "true" : "false"}>
          {wide && (
            <button
              type="button"
              className="summary-toggle"
              aria-expanded={open}
              aria-label={open ? "Hide the reliability summary" : "Show the reliability summary"}
              onClick={() => toggleSummary(!open)}
            >
              {open ? "Hide" : "Reliability summary"}
            </button>
          )}
          {showSummary && <SideSummary {...summary} />}
        </div>
      </div>
      <nav ref={bar} className="sheet-bar" aria-label="Reader panels">
        <button type="button" data-tab="annotations" aria-expanded={sheet === "annotations"} onClick={() => openFromBar("annotations")}>
          Annotations <span className="count">({count.toLocaleString("en")})</span>
        </button>
        <button type="button" data-tab="summary" aria-expanded={sheet === "summary"} onClick={() => openFromBar("summary")}>
          Summary
        </button>
        {suggestions && (
          <button type="button" data-tab="suggestions" aria-expanded={sheet === "suggestions"} onClick={() => openFromBar("suggestions")}>
            Suggestions {suggestionCount !== null && <span className="count">({suggestionCount.toLocaleString("en")})</span>}
          </button>
        )}
      </nav>
    </>
  );
}

// Computed only while shown: the summary follows the spans on screen (live updates included). It costs a
// few milliseconds at 10,000 annotations on a desktop (several times that on a slow phone), so it is
// computed after hydration, in the background (on the server, and until then, the panel says it is on its way).
const NOT_YET: readonly Span[] = [];
function SideSummary({ documentId, length, spans, orphans, orphanSummary, quoteOf, onJump, onJumpToOffset }: Readonly<SummaryProps>) {
  const current = useDeferredValue(spans ?? NOT_YET, NOT_YET);
  const ready = current !== NOT_YET;
  // Those not fetched yet, each once (a fetched one is counted from its card's record, which is kept current).
  const notFetched = useMemo(() => {
    const fetched = new Set(orphans.map((o) => o.id));
    return orphanSummary.filter((o) => !fetched.has(o.id));
  }, [orphans, orphanSummary]);
  const input = useMemo(
    (): SummaryAnnotation[] => [
      ...current.map((s) => ({
        id: s.id,
        start: s.start,
        end: s.end,
        classification: s.classification,
        authorId: s.authorId,
        disputes: s.disputes,
        replies: s.replies,
        ruling: s.ruling,
      })),
      ...orphans.map((o) => ({
        id: o.id,
        start: 0,
        end: 0,
        classification: o.classification,
        authorId: o.author.id,
        disputes: o.disputes,
        replies: o.replyCount,
        ruling: o.ruling?.classification ?? null,
        orphaned: true,
      })),
      ...notFetched.map((o) => ({ ...o, start: 0, end: 0, orphaned: true })),
    ],
    [current, orphans, notFetched],
  );
  // summary and strip in one pass over the sorted spans
  const result = useMemo(() => (ready ? computeSummaryWithStrip({ documentId, length, annotations: input }) : null), [ready, documentId, length, input]);
  const id = useId();
  return (
    <div id={id} className="side-summary-body">
      {result ? (
        <SummaryPanel
          summary={result}
          strip={result.strip}
          quoteOf={quoteOf}
          isOrphaned={(id) => orphans.some((o) => o.id === id) || notFetched.some((o) => o.id === id)}
          onJump={onJump}
          onJumpToOffset={onJumpToOffset}
        />
      ) : (
        <p className="muted">Summarising the annotations…</p>
      )}
    </div>
  );
}
