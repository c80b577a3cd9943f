"use client";
// The document text, one element per block (a paragraph today; headings and links later, as ranges over
// the same text). Each block carries its code-point range and each segment its start, so selections map
// back to offsets of the stored text (lib/anchoring/dom.ts). Highlights are not elements: they are
// drawn over this text with the CSS Custom Highlight API (highlights.ts), so this renders once.
import { memo, type CSSProperties, type Ref } from "react";
import type { CodePointIndex } from "@/lib/anchoring/codepoints";
import type { TextRange } from "@/lib/anchoring/segments";

interface Props {
  index: CodePointIndex;
  blocks: readonly TextRange[];
  textRef?: Ref<HTMLElement>;
  describedBy?: string;
  onKeyDown?: (event: React.KeyboardEvent<HTMLElement>) => void;
  onClick?: (event: React.MouseEvent<HTMLElement>) => void;
  onMouseMove?: (event: React.MouseEvent<HTMLElement>) => void;
  onMouseLeave?: () => void;
  onFocus?: (event: React.FocusEvent<HTMLElement>) => void;
  onBlur?: () => void;
}

const Block = memo(function Block({ start, end, text }: Readonly<{ start: number; end: number; text: string }>) {
  // --n (code points) lets CSS estimate the height of a block that has not been laid out yet.
  return (
    <p data-start={start} data-end={end} style={{ "--n": end - start } as CSSProperties}>
      <span data-s={start}>{text}</span>
    </p>
  );
});

function DocumentTextImpl({ index, blocks, textRef, describedBy, ...handlers }: Readonly<Props>) {
  return (
    <section ref={textRef} id="document-text" className="doc-text" aria-label="Document text" aria-describedby={describedBy} tabIndex={0} {...handlers}>
      {blocks.map((b) => (
        <Block key={b.start} start={b.start} end={b.end} text={index.slice(b.start, b.end)} />
      ))}
    </section>
  );
}

export const DocumentText = memo(DocumentTextImpl);
