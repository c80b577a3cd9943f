"use client";
// The reader's version menu: which version of the text this is, and every earlier one (read-only,
// with its annotations as they were), who added it, when and why; links to compare and to add one.
// A <details> disclosure, so it opens before the page's scripts have run; its list lies over the text
// (opening it moves nothing), below the whole row of the document's details it sits in (reader.css), so
// what wrapped onto a line under its button (on a phone, "needs a check") is never covered; under its
// button, kept inside the screen's width. Escape closes it and gives the focus back to its button; a click
// elsewhere, or the focus leaving it, closes it too.
import { useEffect, useRef, type KeyboardEvent } from "react";
import type { VersionDTO } from "@/lib/documents/versions";

interface Props {
  documentId: string;
  /** Newest first, as listVersions returns them, or in any order. */
  versions: readonly VersionDTO[];
}

const day = (iso: string) => iso.slice(0, 10);
/** The list's distance from the screen's edges, in px (the reader's side margin on a phone). */
const EDGE = 12;

export function VersionMenu({ documentId, versions }: Readonly<Props>) {
  const root = useRef<HTMLDetailsElement>(null);
  const summary = useRef<HTMLElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  // Listening from the start, not from the first toggle React sees: the menu may have been opened
  // before the page's scripts ran.
  useEffect(() => {
    const details = root.current;
    const list = panel.current;
    if (!details || !list) return;
    // Under its button (the list is placed from the row's edge, its containing block); moved left as far
    // as it must to end inside the screen.
    const place = () => {
      if (!details.open) return;
      const room = document.documentElement.clientWidth - EDGE;
      const left = details.getBoundingClientRect().left;
      const shift = Math.max(0, Math.min(left + list.offsetWidth - room, left - EDGE));
      const from = list.offsetParent?.getBoundingClientRect().left ?? 0;
      list.style.left = `${left - shift - from}px`;
    };
    // A click or tap anywhere else closes it.
    const onPointerDown = (event: PointerEvent) => {
      if (details.open && !details.contains(event.target as Node)) details.open = false;
    };
    place();
    details.addEventListener("toggle", place);
    window.addEventListener("resize", place);
    document.addEventListener("pointerdown", onPointerDown);
    return () => {
      details.removeEventListener("toggle", place);
      window.removeEventListener("resize", place);
      document.removeEventListener("pointerdown", onPointerDown);
    };
  }, []);

  const sorted = [...versions].sort((a, b) => b.number - a.number);
  const current = sorted.find((v) => v.current) ?? sorted[0];
  if (!current || sorted.length < 2) {
    return <a href={`/documents/${documentId}/versions`}>versions</a>;
  }

  function onKeyDown(event: KeyboardEvent<HTMLDetailsElement>) {
    if (event.key !== "Escape" || !root.current?.open) return;
    event.stopPropagation();
    root.current.open = false;
    summary.current?.focus();
  }

  return (
    <details
      className="version-menu"
      ref={root}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        // the focus went elsewhere on the page (Tab past the last link); a click on the list's own text moves it nowhere
        const to = event.relatedTarget;
        if (to instanceof Node && !event.currentTarget.contains(to)) event.currentTarget.open = false;
      }}
    >
      <summary ref={summary}>
        Version {current.number} of {sorted.length}
      </summary>
      <div className="version-menu-panel" ref={panel}>
        <ul aria-label="Versions of this text">
          {sorted.map((v) => (
            <li key={v.number}>
              {v.current ? (
                <a href={`/documents/${documentId}`} aria-current="page">
                  Version {v.number} (current)
                </a>
              ) : (
                <a href={`/documents/${documentId}/versions/${v.number}`}>Version {v.number}</a>
              )}
              <span className="small">
                {" "}
                · {day(v.createdAt)}
                {v.addedBy && <> · {v.addedBy.name}</>}
                {v.note && <> · “{v.note}”</>}
              </span>
            </li>
          ))}
        </ul>
        <a href={`/documents/${documentId}/versions`}>Compare versions, or add one</a>
      </div>
    </details>
  );
}
