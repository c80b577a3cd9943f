"use client";
// A phone's screen changes size under a field being typed in: the on-screen keyboard takes the lower half
// (where it resizes the page, as with `interactive-widget=resizes-content` and older browsers), the phone
// is turned mid-edit. The note being written sat in the bottom sheet, which scrolls on its own, and the
// browser scrolls nothing back into view for a resize: the caret went under the keyboard or below the
// sheet's fold, and the reader typed blind. After such a resize, the place being typed at is brought back
// into view (the caret's line in a rich-text note, else the field), scrolling as little as it can.
import { useEffect } from "react";

function typingAt(): HTMLElement | null {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement)) return null;
  if (el.isContentEditable) {
    // The block holding the caret (a paragraph or a list item of the note), not the whole note.
    const node = window.getSelection()?.focusNode;
    const at = node && el.contains(node) ? (node instanceof HTMLElement ? node : node.parentElement) : null;
    return at?.closest<HTMLElement>("p, li, blockquote, h1, h2, h3, pre") ?? el;
  }
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return el;
  if (el instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit", "reset", "range", "file", "color"].includes(el.type)) return el;
  return null;
}

/** Whether `el` is wholly on screen (the visual viewport: what the keyboard leaves) and not under a fixed bar. */
function onScreen(el: HTMLElement): boolean {
  const r = el.getBoundingClientRect();
  const vv = window.visualViewport;
  const top = vv?.offsetTop ?? 0;
  const bottom = top + (vv?.height ?? window.innerHeight);
  if (r.top < top || r.bottom > bottom) return false;
  // Clipped by a scrolling box it is in (the sheet) or covered (the sheet's bar, the sticky header).
  const probe = (y: number) => {
    const hit = document.elementFromPoint(Math.min(Math.max(r.left + 4, 0), window.innerWidth - 1), y);
    return !!hit && (el.contains(hit) || hit.contains(el));
  };
  return probe(r.top + Math.min(4, r.height / 2)) && probe(r.bottom - Math.min(4, r.height / 2));
}

// Checked once the new size is laid out, and again once what follows it has settled: the list of cards
// lays itself out again for the new width a frame or two later (a phone turned: the caret's line was in
// view at the first frame, then the list's scroll went back to its top and the line 40 px below the fold).
const SETTLE_MS = 250;

export function useKeepFocusInView(): void {
  useEffect(() => {
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      const el = typingAt();
      if (el && !onScreen(el)) el.scrollIntoView({ block: "nearest" });
    };
    const onResize = () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      frame = requestAnimationFrame(check);
      timer = setTimeout(check, SETTLE_MS);
    };
    window.addEventListener("resize", onResize);
    window.visualViewport?.addEventListener("resize", onResize);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      window.removeEventListener("resize", onResize);
      window.visualViewport?.removeEventListener("resize", onResize);
    };
  }, []);
}
