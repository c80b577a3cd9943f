"use client";
// The outline of the document's headings: a navigation landmark with a collapsible list (a <details>,
// so it works on phones and without script), each entry a link to its heading. Following one scrolls
// the heading under the sticky header and moves focus to it, so reading (and Tab) continues there.
import { useRef } from "react";
import type { OutlineEntry } from "@/lib/documents/layout";

export function Outline({ entries, wide }: Readonly<{ entries: readonly OutlineEntry[]; wide: boolean }>) {
  const details = useRef<HTMLDetailsElement>(null);
  if (entries.length === 0) return null;
  const top = Math.min(...entries.map((e) => e.level));
  const jump = (event: React.MouseEvent<HTMLAnchorElement>, id: string) => {
    const heading = document.getElementById(id);
    if (!heading) return; // not loaded yet: let the browser follow the fragment
    event.preventDefault();
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    heading.scrollIntoView({ block: "start", behavior: reduce ? "auto" : "smooth" });
    // Focusable just for this (a click on a heading should not take focus from the text, whose keys move the caret).
    heading.tabIndex = -1;
    heading.addEventListener("blur", () => heading.removeAttribute("tabindex"), { once: true });
    heading.focus({ preventScroll: true });
    window.history.replaceState(window.history.state, "", `#${id}`);
    if (!wide && details.current) details.current.open = false;
  };
  return (
    <nav className="doc-outline" aria-label="Outline">
      <details ref={details}>
        <summary>
          Outline <span className="muted small">({entries.length.toLocaleString("en")} {entries.length === 1 ? "heading" : "headings"})</span>
        </summary>
        <ol>
          {entries.map((e) => (
            <li key={e.id} style={{ paddingLeft: `${(e.level - top) * 0.9}rem` }}>
              <a href={`#${e.id}`} onClick={(event) => jump(event, e.id)}>
                {e.text}
              </a>
            </li>
          ))}
        </ol>
      </details>
    </nav>
  );
}
