"use client";
// Tracks the reader's selection inside the text region and maps it to code-point offsets; also gives
// keyboard users a caret: arrows move it, Shift+arrows extend the selection (Selection.modify).
import { useCallback, useEffect, useState, type RefObject } from "react";
import { rangeToSpan } from "@/lib/anchoring/dom";
import type { CodePointIndex } from "@/lib/anchoring/codepoints";

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

type ModifiableSelection = Selection & { modify?: (alter: string, direction: string, granularity: string) => void };

export function useTextSelection(rootRef: RefObject<HTMLElement | null>, index: CodePointIndex, paused: boolean) {
  const [selection, setSelection] = useState<TextSelection | null>(null);

  const read = useCallback(() => {
    const root = rootRef.current;
    const sel = window.getSelection();
    if (!root || !sel || sel.rangeCount === 0 || sel.isCollapsed) return setSelection(null);
    const range = sel.getRangeAt(0);
    if (!range.intersectsNode(root)) return setSelection(null);
    const span = rangeToSpan(root, range);
    if (!span) return setSelection(null);
    const quote = index.slice(span.start, span.end);
    if (!quote.trim()) return setSelection(null);
    const rects = range.getClientRects();
    const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
    const box = root.getBoundingClientRect();
    setSelection({
      ...span,
      quote,
      top: last.bottom + window.scrollY + 6,
      left: Math.min(Math.max(box.left, last.left), box.right - 300) + window.scrollX,
    });
  }, [rootRef, index]);

  useEffect(() => {
    if (paused) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onChange = () => {
      clearTimeout(timer);
      timer = setTimeout(read, 120);
    };
    document.addEventListener("selectionchange", onChange);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("selectionchange", onChange);
    };
  }, [read, paused]);

  const onKeyDown = useCallback(
    (event: React.KeyboardEvent<HTMLElement>) => {
      const move = KEYS[event.key];
      const root = rootRef.current;
      const sel = window.getSelection() as ModifiableSelection | null;
      if (!move || !root || !sel?.modify || event.metaKey) return;
      if (sel.rangeCount === 0 || !root.contains(sel.anchorNode)) {
        // First keyboard use: put the caret at the start of the text.
        const first = root.querySelector("[data-s]")?.firstChild;
        if (!first) return;
        sel.collapse(first, 0);
      }
      const granularity = event.ctrlKey || event.altKey ? (move[1] === "character" ? "word" : move[1] === "line" ? "paragraph" : move[1]) : move[1];
      sel.modify(event.shiftKey ? "extend" : "move", move[0], granularity);
      event.preventDefault();
      // Keep the moving end in view.
      const focus = sel.focusNode?.parentElement;
      focus?.scrollIntoView({ block: "nearest" });
    },
    [rootRef],
  );

  const clear = useCallback(() => {
    window.getSelection()?.removeAllRanges();
    setSelection(null);
  }, []);

  return { selection, onKeyDown, clear, refresh: read };
}
