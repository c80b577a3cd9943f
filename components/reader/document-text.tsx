"use client";
// The document text with its highlights. Each paragraph carries its code-point range and each segment
// (a stretch covered by the same set of annotations) its start, so selections map back to offsets of
// the stored text (lib/anchoring/dom.ts). Classes show by colour and by underline style.
import { memo, useMemo, type Ref } from "react";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { splitDocument } from "@/lib/anchoring/segments";
import type { Classification } from "@/lib/annotations/types";

export interface HighlightSpan {
  id: string;
  start: number;
  end: number;
  classification: Classification;
}

const ORDER: Classification[] = ["sourced", "opinion", "contested"];

interface Props {
  text: string;
  spans: HighlightSpan[];
  textRef?: Ref<HTMLElement>;
  onKeyDown?: (event: React.KeyboardEvent<HTMLElement>) => void;
  onClick?: (event: React.MouseEvent<HTMLElement>) => void;
}

function DocumentTextImpl({ text, spans, textRef, onKeyDown, onClick }: Readonly<Props>) {
  const index = useMemo(() => new CodePointIndex(text), [text]);
  const classOf = useMemo(() => new Map(spans.map((s) => [s.id, s.classification])), [spans]);
  const paragraphs = useMemo(() => splitDocument(index, spans), [index, spans]);
  return (
    <section
      ref={textRef}
      className="doc-text"
      aria-label="Document text"
      aria-describedby="doc-text-help"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onClick={onClick}
    >
      {paragraphs.map((p) => (
        <p key={p.start} data-start={p.start} data-end={p.end}>
          {p.segments.map((s) => {
            const content = index.slice(s.start, s.end);
            if (s.ids.length === 0) {
              return (
                <span key={s.start} data-s={s.start}>
                  {content}
                </span>
              );
            }
            const classes = new Set(s.ids.map((id) => classOf.get(id)));
            const present = ORDER.filter((c) => classes.has(c));
            // One wrapper per class present, so each draws its own underline style; the innermost
            // element carries the segment start.
            let node = (
              <span
                data-s={s.start}
                data-ids={s.ids.join(" ")}
                className={`hl hl-${present[present.length - 1]} depth-${Math.min(s.ids.length, 4)}`}
              >
                {content}
              </span>
            );
            for (const c of present.slice(0, -1)) node = <span className={`u-${c}`}>{node}</span>;
            return <span key={s.start}>{node}</span>;
          })}
        </p>
      ))}
    </section>
  );
}

export const DocumentText = memo(DocumentTextImpl);
