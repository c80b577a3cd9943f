"use client";
// "Export JSON": a disclosure button opening three download links, the native format, W3C Web
// Annotation JSON-LD and the rulings as schema.org ClaimReview, for one document (documentId) or,
// without it, the whole corpus.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import "./export-menu.css";

export interface ExportMenuProps {
  /** The document to export; omitted: the whole corpus. */
  documentId?: string;
  /** Extra class for placing the control in a toolbar. */
  className?: string;
}

/** The list's min-width in export-menu.css. */
const LIST_MIN_WIDTH_REM = 17;

export function ExportMenu({ documentId, className }: Readonly<ExportMenuProps>) {
  const [open, setOpen] = useState(false);
  // The list opens under the button, flush with its right edge, unless there is no room for it to the
  // left of that edge (the library's button sits at the left of a phone's screen): then with its left edge.
  const [align, setAlign] = useState<"start" | "end">("end");
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const base = documentId ? `/api/documents/${encodeURIComponent(documentId)}/export` : "/api/export";
  const scope = documentId ? "this document" : "the whole corpus";

  // A click or tap anywhere else closes it.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== "Escape" || !open) return;
    event.stopPropagation();
    setOpen(false);
    button.current?.focus();
  }

  // A format chosen: the list closes and the focus goes back to its button (a link hidden with the focus
  // on it would drop the focus to the page).
  function chosen() {
    setOpen(false);
    button.current?.focus();
  }

  return (
    <div className={`export-menu${className ? ` ${className}` : ""}`} ref={root} onKeyDown={onKeyDown}>
      <button
        type="button"
        ref={button}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => {
          const right = root.current?.getBoundingClientRect().right ?? Infinity;
          const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
          setAlign(right >= LIST_MIN_WIDTH_REM * rem + rem ? "end" : "start");
          setOpen((o) => !o);
        }}
      >
        Export JSON
      </button>
      <ul id={listId} className="export-menu-list" data-align={align} hidden={!open}>
        <li>
          {/* `download` keeps the browser on the page; the server names the file */}
          <a href={`${base}?format=native`} download onClick={chosen}>
            Native format
          </a>
          <span className="small muted">Lossless: {scope} with texts, annotations, replies, verdicts and summaries.</span>
        </li>
        <li>
          <a href={`${base}?format=w3c`} download onClick={chosen}>
            W3C Web Annotation
          </a>
          <span className="small muted">JSON-LD for other annotation tools (no texts).</span>
        </li>
        <li>
          <a href={`${base}?format=claimreview`} download onClick={chosen}>
            Fact-checks (ClaimReview)
          </a>
          <span className="small muted">The editors&rsquo; rulings as schema.org ClaimReview JSON-LD, ready to publish.</span>
        </li>
      </ul>
    </div>
  );
}
