"use client";
// The note behind a citation marker, shown while the pointer rests on the marker or it has focus: one
// tooltip (role="tooltip") that the marker points at with aria-describedby while it shows. Escape hides
// it; the pointer may move onto it without it closing (WCAG 1.4.13). Markers are rendered by
// document-text.tsx with data-cite (label), data-note (a note range of the text) or data-note-text.
import { useEffect, useRef, useState, type RefObject } from "react";
import type { CodePointIndex } from "@/lib/anchoring/codepoints";
import type { StructureRange } from "@/lib/documents/structure";

const TIP_ID = "citation-tip";
const HIDE_DELAY_MS = 200;

interface Tip {
  label: string;
  note: string | null;
  top: number;
  left: number;
  above: boolean;
}

export function CitationTips({
  root,
  container,
  ranges,
  index,
}: Readonly<{ root: RefObject<HTMLElement | null>; container: RefObject<HTMLElement | null>; ranges: readonly StructureRange[]; index: CodePointIndex }>) {
  const [tip, setTip] = useState<Tip | null>(null);
  const current = useRef<HTMLElement | null>(null);
  const hideTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef({ ranges, index });
  useEffect(() => {
    latest.current = { ranges, index };
  }, [ranges, index]);

  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const noteText = (marker: HTMLElement): string | null => {
      const id = marker.dataset.note;
      if (id) {
        const note = latest.current.ranges.find((r) => r.type === "note" && r.id === id);
        if (note && note.end <= latest.current.index.length) return latest.current.index.slice(note.start, note.end).replace(/\s+/g, " ").trim();
        if (note) return "The note is further down; it shows once the rest of the document has loaded.";
      }
      return marker.dataset.noteText ?? null;
    };
    const show = (marker: HTMLElement) => {
      clearTimeout(hideTimer.current);
      const host = container.current;
      if (!host) return;
      if (current.current && current.current !== marker) current.current.removeAttribute("aria-describedby");
      current.current = marker;
      marker.setAttribute("aria-describedby", TIP_ID);
      const rect = marker.getBoundingClientRect();
      const origin = host.getBoundingClientRect();
      const above = rect.top > 200;
      setTip({
        label: marker.textContent?.trim() || `[${marker.dataset.cite ?? ""}]`,
        note: noteText(marker),
        top: (above ? rect.top : rect.bottom) - origin.top,
        left: Math.max(0, Math.min(rect.left - origin.left - 20, origin.width - 320)),
        above,
      });
    };
    const hide = () => {
      clearTimeout(hideTimer.current);
      current.current?.removeAttribute("aria-describedby");
      current.current = null;
      setTip(null);
    };
    const hideSoon = () => {
      clearTimeout(hideTimer.current);
      hideTimer.current = setTimeout(hide, HIDE_DELAY_MS);
    };
    const markerOf = (target: EventTarget | null) => ((target as Element | null)?.closest?.(".doc-cite") as HTMLElement | null) ?? null;
    const over = (e: MouseEvent) => {
      const marker = markerOf(e.target);
      if (marker) show(marker);
    };
    const out = (e: MouseEvent) => {
      if (markerOf(e.target) && markerOf(e.relatedTarget) !== current.current && document.activeElement !== current.current) hideSoon();
    };
    const focusIn = (e: FocusEvent) => {
      const marker = markerOf(e.target);
      if (marker) show(marker);
    };
    const focusOut = (e: FocusEvent) => {
      if (markerOf(e.target)) hide();
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === "Escape" && current.current) {
        hide();
        e.stopPropagation();
      }
    };
    el.addEventListener("mouseover", over);
    el.addEventListener("mouseout", out);
    el.addEventListener("focusin", focusIn);
    el.addEventListener("focusout", focusOut);
    document.addEventListener("keydown", key, true);
    return () => {
      el.removeEventListener("mouseover", over);
      el.removeEventListener("mouseout", out);
      el.removeEventListener("focusin", focusIn);
      el.removeEventListener("focusout", focusOut);
      document.removeEventListener("keydown", key, true);
      clearTimeout(hideTimer.current);
    };
  }, [root, container]);

  if (!tip) return null;
  return (
    <div
      id={TIP_ID}
      role="tooltip"
      className={`cite-tip${tip.above ? " above" : ""}`}
      style={{ top: tip.top, left: tip.left }}
      onMouseEnter={() => clearTimeout(hideTimer.current)}
      onMouseLeave={() => {
        if (document.activeElement !== current.current) {
          current.current?.removeAttribute("aria-describedby");
          current.current = null;
          setTip(null);
        }
      }}
    >
      <p className="cite-tip-head">Reference {tip.label}</p>
      <p>{tip.note ?? "The source gives no note for this marker."}</p>
    </div>
  );
}
