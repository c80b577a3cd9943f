"use client";
// The preview shown while a mouse or pen rests on a highlight (not after a tap: a tap opens the card) or
// the keyboard moves to one: class, author,
// the ruling if an editor ruled, the first line of the note and the counts, so a reviewer can read a
// highlight without opening it.
import type { AnnotationDTO } from "@/lib/annotations/types";
import { SPAN_FLAGS } from "@/lib/annotations/types";
import { ClassBadge } from "@/components/annotations/class-badge";
import { plural } from "@/lib/plural";
import type { Span } from "./spans";
import { excerpt } from "@/lib/excerpt";

export interface PreviewState {
  ids: string[];
  /** Box of the highlight's first line, relative to the text container. */
  top: number;
  bottom: number;
  left: number;
  /** Room above it in the viewport: show the preview there. */
  above: boolean;
  via: "pointer" | "keyboard";
}

export function HighlightPreview({
  preview,
  spans,
  details,
  authors,
}: Readonly<{
  preview: PreviewState;
  spans: ReadonlyMap<string, Span>;
  details: ReadonlyMap<string, AnnotationDTO>;
  authors: ReadonlyMap<string, string>;
}>) {
  const span = spans.get(preview.ids[0]);
  if (!span) return null;
  const detail = details.get(span.id);
  const firstLine = detail ? detail.noteText.split("\n").find((l) => l.trim()) : undefined;
  const above = preview.above;
  // Within the text container: 340 px wide at most, kept from running off its right edge.
  const left = `clamp(8px, ${preview.left}px, calc(100% - min(340px, 100% - 16px) - 8px))`;
  return (
    <div
      id="highlight-preview"
      role="tooltip"
      className={`hl-preview ${above ? "above" : "below"}`}
      style={{ left, ...(above ? { top: preview.top - 8 } : { top: preview.bottom + 8 }) }}
    >
      <p className="hl-preview-head">
        <ClassBadge classification={span.classification} /> <span>{authors.get(span.authorId) ?? "unknown"}</span>
      </p>
      {span.ruling && (
        <p className="hl-preview-ruling">
          Ruled: <ClassBadge classification={span.ruling} />
        </p>
      )}
      {span.flags & SPAN_FLAGS.fuzzy ? <p className="small">Placed approximately — check it.</p> : null}
      <p className="hl-preview-note">
        {firstLine ? excerpt(firstLine, 140) : span.flags & SPAN_FLAGS.note ? "…" : <span className="muted">No note.</span>}
      </p>
      <p className="hl-preview-counts small muted">
        {plural(span.agrees, "agree", "agree")} · {plural(span.disputes, "dispute")} · {plural(span.replies, "reply", "replies")}
        {span.flags & SPAN_FLAGS.evidence ? " · evidence" : ""}
      </p>
      {preview.ids.length > 1 && <p className="small muted">{plural(preview.ids.length - 1, "more annotation")} here</p>}
      <p className="small muted">{preview.via === "keyboard" ? "Enter opens it." : "Click to open it."}</p>
    </div>
  );
}
