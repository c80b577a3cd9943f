"use client";
// Tracks the reader's selection inside the text region and maps it to code-point offsets. A mouse or
// touch selection snaps to whole words when the pointer is released (Alt keeps it exact); keyboard
// users get a caret: arrows move it, Shift+arrows extend the selection (Selection.modify).
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { rangeToSpan, spanToRange } from "@/lib/anchoring/dom";
import type { CodePointIndex } from "@/lib/anchoring/codepoints";
import { snapToWords } from "@/lib/anchoring/words";

export interface TextSelection {
  start: number;
  end: number;
  quote: string;
  top: number;
  left: number;
}

const KEYS: Record<string, [string, string]> = {
  ArrowRight: ["forward", "character"],
  ArrowLeft: ["backward", "character"],
  ArrowDown: ["forward", "line"],
  ArrowUp: ["backward", "line"],
  Home: ["backward", "lineboundary"],
  End: ["forward", "lineboundary"],
};
// A keyboard selection settles after a short pause (a held Shift+arrow fires many changes).
const SETTLE_MS = 40;

type ModifiableSelection = Selection & { modify?: (alter: string, direction: string, granularity: string) => void };

export function useTextSelection(rootRef: RefObject<HTMLElement | null>, index: CodePointIndex, enabled: boolean) {
  const [selection, setSelection] = useState<TextSelection | null>(null);
  const snapping = useRef(false);
  // While a mouse button or a finger is down the selection is still being made: the toolbar waits for
  // the release (shown earlier, it would sit under the pointer of a drag going down the page). A press
  // on a button (the toolbar's own, held while a selection settles) makes no selection: were it counted,
  // the toolbar would vanish under the press and the click be lost.
  const pointerDown = useRef(false);

  const read = useCallback(() => {
    if (pointerDown.current) return setSelection(null);
    const root = rootRef.current;
    const sel = window.getSelection();
    if (!root || !sel || sel.rangeCount === 0 || sel.isCollapsed) return setSelection(null);
    let range = sel.getRangeAt(0);
    if (!range.intersectsNode(root)) return setSelection(null);
    let span = rangeToSpan(root, range);
    if (!span) return setSelection(null);
    if (snapping.current) {
      snapping.current = false;
      const snapped = snapToWords(index, span.start, span.end);
      if (snapped.start !== span.start || snapped.end !== span.end) {
        const wider = spanToRange(root, snapped.start, snapped.end);
        if (wider) {
          // Show what will be stored; the selectionchange this causes reads the same span again.
          const backward = sel.anchorNode === range.endContainer && sel.anchorOffset === range.endOffset && !sel.isCollapsed;
          if (backward) sel.setBaseAndExtent(wider.endContainer, wider.endOffset, wider.startContainer, wider.startOffset);
          else sel.setBaseAndExtent(wider.startContainer, wider.startOffset, wider.endContainer, wider.endOffset);
          range = wider;
          span = snapped;
        }
      }
    }
    const quote = index.slice(span.start, span.end);
    if (!quote.trim()) return setSelection(null);
    const rects = range.getClientRects();
    const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
    const box = root.getBoundingClientRect();
    setSelection({
      ...span,
      quote,
      top: last.bottom + window.scrollY + 6,
      left: Math.max(box.left, Math.min(last.left, box.right - 340)) + window.scrollX,
    });
  }, [rootRef, index]);

  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onChange = () => {
      clearTimeout(timer);
      timer = setTimeout(read, SETTLE_MS);
    };
    document.addEventListener("selectionchange", onChange);
    // A selection made before this listener existed (text selected while a slow page was still
    // hydrating) is read now: otherwise it would get no toolbar until it changed.
    if (window.getSelection()?.isCollapsed === false) onChange();
    return () => {
      clearTimeout(timer);
      document.removeEventListener("selectionchange", onChange);
    };
  }, [read, enabled]);

  // The end of a drag that began in the text (wherever it ends): snap to words now (Alt held: keep the
  // exact selection), after the browser has finished updating the selection for this pointerup.
  useEffect(() => {
    if (!enabled) return;
    let inText = false;
    const down = (event: PointerEvent) => {
      pointerDown.current = !(event.target instanceof Element && event.target.closest("button"));
      inText = !!rootRef.current?.contains(event.target as Node);
    };
    const up = (event: PointerEvent) => {
      pointerDown.current = false;
      if (!inText) return;
      inText = false;
      snapping.current = !event.altKey;
      setTimeout(() => {
        read();
        snapping.current = false;
      }, 0);
    };
    window.addEventListener("pointerdown", down, true);
    window.addEventListener("pointerup", up, true);
    window.addEventListener("pointercancel", up, true);
    return () => {
      window.removeEventListener("pointerdown", down, true);
      window.removeEventListener("pointerup", up, true);
      window.removeEventListener("pointercancel", up, true);
    };
  }, [enabled, read, rootRef]);

  const onKeyDown = useCallback(
    (event: React.KeyboardEvent<HTMLElement>) => {
      const move = KEYS[event.key];
      const root = rootRef.current;
      const sel = window.getSelection() as ModifiableSelection | null;
      if (!move || !root || !sel?.modify || event.metaKey || event.target !== root) return;
      if (sel.rangeCount === 0 || !root.contains(sel.anchorNode)) placeCaretAtFirstVisible(root);
      const granularity = event.ctrlKey || event.altKey ? (move[1] === "character" ? "word" : move[1] === "line" ? "paragraph" : move[1]) : move[1];
      sel.modify(event.shiftKey ? "extend" : "move", move[0], granularity);
      event.preventDefault();
      // Keep the moving end in view.
      sel.focusNode?.parentElement?.scrollIntoView({ block: "nearest" });
    },
    [rootRef],
  );

  const clear = useCallback(() => {
    window.getSelection()?.removeAllRanges();
    setSelection(null);
  }, []);

  return { selection, onKeyDown, clear, refresh: read };
}

/** Put the caret at the start of the first paragraph on screen (where a keyboard user starts reading). */
export function placeCaretAtFirstVisible(root: HTMLElement): void {
  const sel = window.getSelection();
  if (!sel) return;
  const segments = root.querySelectorAll<HTMLElement>("[data-s]");
  let target: HTMLElement | undefined;
  for (const s of segments) {
    const rect = s.getBoundingClientRect();
    if (rect.bottom > 0 && rect.height > 0) {
      target = s;
      break;
    }
  }
  const text = (target ?? segments[0])?.firstChild;
  if (text) sel.collapse(text, 0);
}
