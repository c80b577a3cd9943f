/**
 * Read-only rendering of a note. Builds React elements from the JSON (React escapes all
 * text), never HTML strings, so it works as a server or client component without
 * raw HTML injection. Links are re-checked here even though stored notes were
 * validated: a bad href must never reach the DOM.
 */
import { Fragment, type ReactNode } from "react";
import { safeHref, type NoteBlock, type NoteDoc, type NoteInline, type NoteMark } from "@/lib/notes/schema";

// Link outermost, matching noteToHtml.
const MARK_ORDER: Record<NoteMark["type"], number> = { link: 0, bold: 1, italic: 2 };

function applyMarks(marks: NoteMark[] | undefined, text: ReactNode): ReactNode {
  const ordered = [...(marks ?? [])].sort((a, b) => MARK_ORDER[b.type] - MARK_ORDER[a.type]);
  return ordered.reduce<ReactNode>((inner, mark) => {
    if (mark.type === "bold") return <strong>{inner}</strong>;
    if (mark.type === "italic") return <em>{inner}</em>;
    const href = safeHref(mark.attrs?.href);
    if (href === null) return inner; // unsafe link: show its text only
    return (
      <a href={href} rel="nofollow noopener noreferrer" target="_blank">
        {inner}
      </a>
    );
  }, text);
}

function renderInline(node: NoteInline, key: number): ReactNode {
  if (node.type === "hardBreak") return <br key={key} />;
  if (node.type === "text") return <Fragment key={key}>{applyMarks(node.marks, node.text)}</Fragment>;
  return null; // not part of the schema: render nothing
}

function renderBlock(node: NoteBlock, key: number): ReactNode {
  switch (node.type) {
    case "paragraph":
      return <p key={key}>{node.content?.map(renderInline)}</p>;
    case "blockquote":
      return <blockquote key={key}>{node.content.map(renderBlock)}</blockquote>;
    case "bulletList":
      return <ul key={key}>{node.content.map((item, i) => <li key={i}>{item.content.map(renderBlock)}</li>)}</ul>;
    case "orderedList": {
      const start = node.attrs?.start;
      return (
        <ol key={key} start={Number.isInteger(start) && start !== 1 ? start : undefined}>
          {node.content.map((item, i) => <li key={i}>{item.content.map(renderBlock)}</li>)}
        </ol>
      );
    }
    default:
      return null;
  }
}

export function NoteView({ doc }: Readonly<{ doc: NoteDoc }>) {
  return <div className="note-view">{doc.content.map(renderBlock)}</div>;
}
