"use client";
// The document text, laid out from its structure (lib/documents/layout.ts): headings, paragraphs and
// preformatted text as leaves, inside lists, list items, quotes and notes; links, emphasis, citation
// markers and image descriptions inside the leaves. Each leaf carries its code-point range and each
// piece of text (a segment) its start, so selections map back to offsets of the stored text
// (lib/anchoring/dom.ts) however the text is nested. Highlights are not elements: they are drawn over
// this text with the CSS Custom Highlight API (highlights.ts), so this renders once.
import { createElement, memo, type CSSProperties, type ReactNode, type Ref } from "react";
import type { CodePointIndex } from "@/lib/anchoring/codepoints";
import { followableUrl, type Block, type Inline, type LeafBlock } from "@/lib/documents/layout";

interface Props {
  index: CodePointIndex;
  blocks: readonly Block[];
  /** Element ids of the headings, by start offset (the outline links to them). */
  headingIds: ReadonlyMap<number, string>;
  textRef?: Ref<HTMLElement>;
  describedBy?: string;
  onKeyDown?: (event: React.KeyboardEvent<HTMLElement>) => void;
  onClick?: (event: React.MouseEvent<HTMLElement>) => void;
  onMouseMove?: (event: React.MouseEvent<HTMLElement>) => void;
  onMouseLeave?: () => void;
  onFocus?: (event: React.FocusEvent<HTMLElement>) => void;
  onBlur?: () => void;
}

/** The element id of a note (a citation marker links to it). */
export const noteElementId = (id: string) => `note-${id}`;

interface Ctx {
  index: CodePointIndex;
  headingIds: ReadonlyMap<number, string>;
}

function renderInline(nodes: readonly Inline[], ctx: Ctx, inLink: boolean): ReactNode[] {
  return nodes.map((n) => {
    if (n.kind === "text") {
      return (
        <span key={n.start} data-s={n.start}>
          {ctx.index.slice(n.start, n.end)}
        </span>
      );
    }
    const key = `${n.range.type}-${n.start}`;
    const r = n.range;
    switch (r.type) {
      case "link": {
        const href = inLink ? null : followableUrl(r.url);
        const children = renderInline(n.children, ctx, inLink || href !== null);
        if (!href) return <span key={key}>{children}</span>;
        // draggable=false: a drag that starts on a link selects text (to annotate), as anywhere else
        return (
          <a key={key} className="doc-link" href={href} target="_blank" rel="noopener noreferrer" draggable={false}>
            {children}
          </a>
        );
      }
      case "emphasis":
        return <em key={key}>{renderInline(n.children, ctx, inLink)}</em>;
      case "strong":
        return <strong key={key}>{renderInline(n.children, ctx, inLink)}</strong>;
      case "note":
        return (
          <span key={key} id={n.start === r.start ? noteElementId(r.id) : undefined} className="doc-note-inline">
            {renderInline(n.children, ctx, inLink)}
          </span>
        );
      case "citation":
        // Focusable, its note shown on hover and focus (citation-tips.tsx reads these attributes).
        return (
          <span
            key={key}
            className="doc-cite"
            tabIndex={inLink ? undefined : 0}
            data-cite={r.label}
            data-note={r.note}
            data-note-text={r.noteText}
          >
            {renderInline(n.children, ctx, inLink)}
          </span>
        );
      case "image":
        // The alt text is not part of the stored text: shown by CSS, named for assistive technology.
        return <span key={key} className="doc-img" role="img" aria-label={`Image: ${r.alt || "no description"}`} data-alt={r.alt || "no description"} />;
    }
  });
}

function Leaf({ leaf, ctx }: Readonly<{ leaf: LeafBlock; ctx: Ctx }>) {
  // --n (code points) lets CSS estimate the height of a block that has not been laid out yet.
  const props = { "data-start": leaf.start, "data-end": leaf.end, style: { "--n": leaf.end - leaf.start } as CSSProperties };
  const children = renderInline(leaf.children, ctx, false);
  if (leaf.type === "heading") {
    return createElement(`h${leaf.level ?? 2}`, { ...props, id: ctx.headingIds.get(leaf.start), className: "doc-heading" }, children);
  }
  if (leaf.type === "preformatted") return <pre {...props}>{children}</pre>;
  return <p {...props}>{children}</p>;
}

function renderBlocks(blocks: readonly Block[], ctx: Ctx, inList: boolean): ReactNode[] {
  return blocks.map((b) => {
    if (b.kind === "leaf") {
      const leaf = <Leaf key={b.start} leaf={b} ctx={ctx} />;
      return inList ? <li key={b.start}>{leaf}</li> : leaf;
    }
    const r = b.range;
    const key = `${r.type}-${r.start}`;
    switch (r.type) {
      case "list": {
        const Tag = r.ordered ? "ol" : "ul";
        return (
          <Tag key={key} className="doc-list">
            {renderBlocks(b.children, ctx, true)}
          </Tag>
        );
      }
      case "listItem": {
        const children = renderBlocks(b.children, ctx, false);
        return inList ? <li key={key}>{children}</li> : <div key={key}>{children}</div>;
      }
      case "quote": {
        const quote = <blockquote key={key}>{renderBlocks(b.children, ctx, false)}</blockquote>;
        return inList ? <li key={key}>{quote}</li> : quote;
      }
      case "note": {
        const note = (
          <div key={key} id={noteElementId(r.id)} className="doc-note">
            {renderBlocks(b.children, ctx, false)}
          </div>
        );
        return inList ? <li key={key}>{note}</li> : note;
      }
    }
  });
}

/** A top-level block; `sig` changes only when the block does (the rest of a long text arriving leaves earlier ones alone). */
const TopBlock = memo(
  function TopBlock({ block, ctx }: Readonly<{ block: Block; ctx: Ctx; sig: string }>) {
    return <>{renderBlocks([block], ctx, false)}</>;
  },
  (a, b) => a.sig === b.sig,
);

function signature(b: Block): string {
  if (b.kind === "leaf") return `${b.type}${b.level ?? ""}:${b.start}-${b.end}:${b.children.length}`;
  return `${b.range.type}:${b.range.start}-${b.range.end}[${b.children.map(signature).join()}]`;
}

function DocumentTextImpl({ index, blocks, headingIds, textRef, describedBy, ...handlers }: Readonly<Props>) {
  const ctx: Ctx = { index, headingIds };
  return (
    <section ref={textRef} id="document-text" className="doc-text" aria-label="Document text" aria-describedby={describedBy} tabIndex={0} {...handlers}>
      {blocks.map((b) => (
        <TopBlock key={b.kind === "leaf" ? b.start : `${b.range.type}-${b.range.start}`} block={b} ctx={ctx} sig={signature(b)} />
      ))}
    </section>
  );
}

export const DocumentText = memo(DocumentTextImpl);
