"use client";
// "Suggest": candidate passages the app thinks a reviewer may want to annotate (lib/suggestions/suggest.ts,
// served per reviewer by GET …/suggestions), opt-in per browser. While on, they are marked in the text
// (a highlight layer per kind, drawn under the annotations) and listed in the side panel, each with its
// kind and reason. A focused suggestion is accepted with one key (Enter: its suggested class; 1/2/3:
// sourced/contested/opinion), or dismissed (d, remembered per reviewer by the server). Accepting opens
// the ordinary new-annotation editor on the passage, prefilled with the class and, for a cited sentence,
// the cited notes and links as evidence; saving records that it came from a suggestion. Nothing is
// stored as an annotation before that.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { CodePointIndex } from "@/lib/anchoring/codepoints";
import type { Classification } from "@/lib/annotations/types";
import type { StructureRange } from "@/lib/documents/structure";
import type { SuggestionKind } from "@/lib/suggestions/suggest";
import { apiFetch } from "@/lib/client/api";
import { CLASS_LABEL } from "@/components/annotations/class-badge";
import { highlightsSupported, type TextMapper } from "./highlights";
import { excerpt } from "@/lib/excerpt";

export interface SuggestionItem {
  start: number;
  end: number;
  quote: string;
  kind: SuggestionKind;
  suggestedClass: Classification;
  reason: string;
  signals: Array<{ type: string; text: string; start: number; end: number }>;
}

export const KIND_LABEL: Record<SuggestionKind, string> = {
  "likely-sourced": "Likely sourced",
  "check-sourcing": "Check sourcing",
  "likely-opinion": "Likely opinion",
};
const SUGGESTION_KINDS = Object.keys(KIND_LABEL) as SuggestionKind[];
const CLASS_KEYS: Record<string, Classification> = { "1": "sourced", "2": "contested", "3": "opinion" };
const CLASSES: Classification[] = ["sourced", "contested", "opinion"];

// Drawn under every annotation highlight (their priorities are 0 and up).
const layerName = (kind: SuggestionKind | "current") => `apx-suggest-${kind}`;
function paintLayer(kind: SuggestionKind | "current", ranges: StaticRange[], priority: number) {
  if (!highlightsSupported()) return;
  const highlight = new Highlight(...ranges);
  highlight.priority = priority;
  CSS.highlights.set(layerName(kind), highlight);
}
function clearLayers() {
  if (!highlightsSupported()) return;
  for (const kind of [...SUGGESTION_KINDS, "current" as const]) CSS.highlights.delete(layerName(kind));
}

/** The suggestions offered to this reviewer while `on`; refetched when the annotations change (annotated ones drop out). */
export function useSuggestions(options: { documentId: string; on: boolean; annotationCount: number }) {
  const { documentId, on, annotationCount } = options;
  const [items, setItems] = useState<SuggestionItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!on) return;
    let live = true;
    apiFetch<{ suggestions: SuggestionItem[] }>(`/api/documents/${documentId}/suggestions`).then(
      (body) => {
        if (!live) return;
        setItems(body.suggestions);
        setError(null);
      },
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [documentId, on, annotationCount]);

  const dismiss = useCallback(
    async (s: SuggestionItem) => {
      await apiFetch(`/api/documents/${documentId}/suggestions/dismissals`, { method: "POST", json: { start: s.start, end: s.end } });
      setItems((list) => list?.filter((x) => x.start !== s.start || x.end !== s.end) ?? null);
    },
    [documentId],
  );
  return { items: on ? items : null, error: on ? error : null, dismiss };
}

/** Marks the suggestions in the text, one layer per kind, and the focused one more strongly. */
export function useSuggestionLayers(mapper: TextMapper | null, items: readonly SuggestionItem[] | null, focused: SuggestionItem | null) {
  useLayoutEffect(() => {
    if (!mapper) return;
    for (const kind of SUGGESTION_KINDS) paintLayer(kind, (items ?? []).filter((s) => s.kind === kind).flatMap((s) => mapper.range(s.start, s.end) ?? []), -2);
  }, [mapper, items]);
  useLayoutEffect(() => {
    if (!mapper) return;
    const r = focused ? mapper.range(focused.start, focused.end) : null;
    paintLayer("current", r ? [r] : [], -1);
  }, [mapper, focused]);
  useEffect(() => clearLayers, []);
}

/**
 * Evidence rows for accepting a suggestion: the notes of its citation markers (or which reference of
 * the source they are, when it had no note) and the URLs of its links, at most 10.
 */
export function evidenceFor(s: SuggestionItem, ranges: readonly StructureRange[], index: CodePointIndex): Array<{ citation: string; url: string }> {
  const rows: Array<{ citation: string; url: string }> = [];
  const seen = new Set<string>();
  for (const r of ranges) {
    if (r.start >= s.end) break;
    if (r.end <= s.start || r.start < s.start) continue;
    let row: { citation: string; url: string } | null = null;
    if (r.type === "link") row = { citation: index.slice(r.start, r.end).trim(), url: r.url };
    else if (r.type === "citation") {
      const note = r.note ? ranges.find((n) => n.type === "note" && n.id === r.note) : undefined;
      const text = note && note.end <= index.length ? index.slice(note.start, note.end) : r.noteText;
      // Without its note, the marker still says which of the source's references to check.
      row = { citation: text ? text.replace(/\s+/g, " ").trim().slice(0, 500) : `Reference [${r.label}] in the source`, url: "" };
    }
    const key = row && `${row.citation}\n${row.url}`;
    if (row && key && !seen.has(key)) {
      seen.add(key);
      rows.push(row);
    }
    if (rows.length >= 10) break;
  }
  return rows;
}

const short = (q: string) => excerpt(q, 160);

export function SuggestionsPanel({
  items,
  error,
  canDismiss,
  focusRequest,
  onAccept,
  onDismiss,
  onFocusItem,
}: Readonly<{
  items: readonly SuggestionItem[] | null;
  error: string | null;
  /** Dismissals are a reviewer's (and an admin's); editors accept only. */
  canDismiss: boolean;
  /** A suggestion to focus in the list (clicked in the text); a new nonce asks again. */
  focusRequest?: { start: number; end: number; nonce: number } | null;
  onAccept: (s: SuggestionItem, classification: Classification) => void;
  onDismiss: (s: SuggestionItem) => Promise<void>;
  onFocusItem: (s: SuggestionItem | null) => void;
}>) {
  const [chosen, setChosen] = useState<Record<string, Classification>>({});
  const [kind, setKind] = useState<SuggestionKind | "all">("all");
  const listRef = useRef<HTMLOListElement>(null);
  const keyOf = (s: { start: number; end: number }) => `${s.start}-${s.end}`;
  const classOf = (s: SuggestionItem) => chosen[keyOf(s)] ?? s.suggestedClass;
  const shown = (items ?? []).filter((s) => kind === "all" || s.kind === kind);
  const counts = Object.fromEntries(SUGGESTION_KINDS.map((k) => [k, (items ?? []).filter((s) => s.kind === k).length])) as Record<SuggestionKind, number>;

  const focusAt = (i: number) => requestAnimationFrame(() => listRef.current?.querySelectorAll<HTMLElement>(":scope > li")[i]?.focus());
  useEffect(() => {
    if (!focusRequest) return;
    const selector = `:scope > li[data-key="${keyOf(focusRequest)}"]`;
    const focus = () => listRef.current?.querySelector<HTMLElement>(selector)?.focus();
    const frame = requestAnimationFrame(() => {
      if (listRef.current?.querySelector(selector)) return focus();
      // Hidden by the kind filter: show every kind, then focus it.
      setKind("all");
      requestAnimationFrame(focus);
    });
    return () => cancelAnimationFrame(frame);
  }, [focusRequest]);
  const dismiss = async (s: SuggestionItem, i: number) => {
    await onDismiss(s);
    focusAt(Math.min(i, shown.length - 2));
  };
  const onKey = (e: React.KeyboardEvent<HTMLLIElement>, s: SuggestionItem, i: number) => {
    if (e.target !== e.currentTarget || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Enter") onAccept(s, classOf(s));
    else if (CLASS_KEYS[e.key]) onAccept(s, CLASS_KEYS[e.key]);
    else if (e.key === "d" && canDismiss) void dismiss(s, i);
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") focusAt(Math.max(0, Math.min(shown.length - 1, i + (e.key === "ArrowDown" ? 1 : -1))));
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <section className="suggestions" aria-labelledby="suggestions-title">
      <div className="suggestions-head">
        <h2 id="suggestions-title" tabIndex={-1}>
          Suggestions <span className="count">({items ? shown.length.toLocaleString("en") : "…"})</span>
        </h2>
        <label className="small">
          <span className="visually-hidden">Show</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as SuggestionKind | "all")} aria-label="Which suggestions">
            <option value="all">All kinds</option>
            {SUGGESTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]} ({counts[k]})
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="small muted suggestions-help">
        Passages that may be claims, and why. On a focused one: Enter accepts it, 1/2/3 accepts it as Sourced/Contested/Opinion{canDismiss ? ", d dismisses it" : ""}.
      </p>
      {error && (
        <p className="error small" role="alert">
          Suggestions could not be loaded: {error}
        </p>
      )}
      {items && shown.length === 0 && <p className="small muted">No suggestions left here.</p>}
      <ol ref={listRef} className="suggestion-list">
        {shown.map((s, i) => (
          <li
            key={keyOf(s)}
            data-key={keyOf(s)}
            className="suggestion"
            data-kind={s.kind}
            tabIndex={0}
            aria-keyshortcuts={canDismiss ? "Enter 1 2 3 D" : "Enter 1 2 3"}
            onKeyDown={(e) => onKey(e, s, i)}
            onFocus={(e) => e.target === e.currentTarget && onFocusItem(s)}
          >
            <p className="suggestion-kind">
              <span className={`kind-dot kind-${s.kind}`} aria-hidden="true" /> {KIND_LABEL[s.kind]}
            </p>
            <q className="suggestion-quote">{short(s.quote)}</q>
            <p className="suggestion-reason small">{s.reason}</p>
            <div className="suggestion-actions">
                <label className="small">
                  <span className="visually-hidden">Class for “{excerpt(s.quote, 40)}”</span>
                  <select value={classOf(s)} onChange={(e) => setChosen((c) => ({ ...c, [keyOf(s)]: e.target.value as Classification }))}>
                    {CLASSES.map((c) => (
                      <option key={c} value={c}>
                        {CLASS_LABEL[c]}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="button" className="primary small-button" onClick={() => onAccept(s, classOf(s))}>
                  Accept
                </button>
                {canDismiss && (
                  <button type="button" className="small-button" onClick={() => void dismiss(s, i)}>
                    Dismiss
                  </button>
                )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
