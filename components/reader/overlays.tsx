"use client";
// Things drawn over the text in boxes of their own, because ::highlight() can only colour text: the
// outline of the current annotation (its class colour stays underneath), the pending passage of a
// draft, and a visible caret for keyboard reading. Boxes are positioned relative to `container`.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";

export interface OutlineMark {
  key: string;
  kind: "current" | "draft";
  range: AbstractRange | null;
}

/** Client rects of the text a range covers, one per line box (element boxes left out). */
export function textRects(range: AbstractRange): DOMRect[] {
  const doc = range.startContainer.ownerDocument!;
  const live = doc.createRange();
  live.setStart(range.startContainer, range.startOffset);
  live.setEnd(range.endContainer, range.endOffset);
  const out: DOMRect[] = [];
  const add = (r: Range) => {
    for (const rect of r.getClientRects()) if (rect.width > 0 && rect.height > 0) out.push(rect);
  };
  if (live.startContainer === live.endContainer && live.startContainer.nodeType === Node.TEXT_NODE) {
    add(live);
    return out;
  }
  // Text node by text node from the start, so a range over several paragraphs gives no paragraph boxes.
  const walker = doc.createTreeWalker(live.commonAncestorContainer, NodeFilter.SHOW_TEXT);
  const part = doc.createRange();
  let node: Node | null = live.startContainer.nodeType === Node.TEXT_NODE ? live.startContainer : null;
  if (node) walker.currentNode = node;
  else node = walker.nextNode();
  for (; node; node = walker.nextNode()) {
    if (!live.intersectsNode(node)) {
      if (live.comparePoint(node, 0) > 0) break; // past the end
      continue;
    }
    const text = node as Text;
    part.setStart(text, text === live.startContainer ? live.startOffset : 0);
    part.setEnd(text, text === live.endContainer ? live.endOffset : text.length);
    add(part);
  }
  return out;
}

export function HighlightOutlines({ container, marks, version }: Readonly<{ container: RefObject<HTMLElement | null>; marks: OutlineMark[]; version: unknown }>) {
  // The boxes are drawn straight into this layer (they follow layout, not React state).
  const layer = useRef<HTMLDivElement>(null);
  const draw = useCallback(() => {
    const host = container.current;
    const el = layer.current;
    if (!host || !el) return;
    const origin = host.getBoundingClientRect();
    const boxes = document.createDocumentFragment();
    for (const m of marks) {
      if (!m.range) continue;
      for (const r of textRects(m.range)) {
        const box = document.createElement("span");
        box.className = `hl-box hl-box-${m.kind}`;
        box.style.cssText = `top:${r.top - origin.top}px;left:${r.left - origin.left}px;width:${r.width}px;height:${r.height}px`;
        boxes.append(box);
      }
    }
    el.replaceChildren(boxes);
  }, [container, marks]);
  useLayoutEffect(draw, [draw, version]);
  useEffect(() => {
    const host = container.current;
    if (!host || marks.length === 0) return;
    const observer = new ResizeObserver(() => draw());
    observer.observe(host);
    return () => observer.disconnect();
  }, [container, marks.length, draw]);
  return <div ref={layer} className="hl-overlay" aria-hidden="true" />;
}

/**
 * A blinking caret where the collapsed selection is, while the text region has keyboard focus. Only
 * for keyboard use: a pointer hides it (changing the page under a mouse drag would cut the drag short).
 */
export function TextCaret({ container, root }: Readonly<{ container: RefObject<HTMLElement | null>; root: RefObject<HTMLElement | null> }>) {
  const [at, setAt] = useState<{ top: number; left: number; height: number } | null>(null);
  useEffect(() => {
    let keyboard = false;
    const update = () => {
      const host = container.current;
      const text = root.current;
      const sel = window.getSelection();
      if (!keyboard || !host || !text || !sel || sel.rangeCount === 0 || !sel.isCollapsed || document.activeElement !== text || !text.contains(sel.focusNode)) {
        setAt(null);
        return;
      }
      const rect = sel.getRangeAt(0).getClientRects()[0] ?? sel.getRangeAt(0).getBoundingClientRect();
      if (!rect || rect.height === 0) return setAt(null);
      const origin = host.getBoundingClientRect();
      setAt({ top: rect.top - origin.top, left: rect.left - origin.left, height: rect.height });
    };
    const onKey = () => {
      keyboard = true;
    };
    const onPointer = () => {
      keyboard = false;
      update();
    };
    window.addEventListener("keydown", onKey, true);
    window.addEventListener("pointerdown", onPointer, true);
    document.addEventListener("selectionchange", update);
    const text = root.current;
    text?.addEventListener("focus", update);
    text?.addEventListener("blur", update);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      window.removeEventListener("pointerdown", onPointer, true);
      document.removeEventListener("selectionchange", update);
      text?.removeEventListener("focus", update);
      text?.removeEventListener("blur", update);
    };
  }, [container, root]);
  if (!at) return null;
  return <span className="text-caret" aria-hidden="true" data-testid="text-caret" style={{ top: at.top, left: at.left, height: at.height }} />;
}
