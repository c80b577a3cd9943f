// How the reader lays a document's text out from its structure (lib/documents/structure.ts): a tree of
// blocks (headings, paragraphs, preformatted text inside lists, list items, quotes and notes) whose
// leaves hold inline runs (links, emphasis, citation markers, notes, images) down to plain text pieces.
// Every piece of text is a code point range of the stored text, and leaves never overlap, so the DOM
// rendered from it keeps the mapping of lib/anchoring/dom.ts (a leaf is an element with data-start /
// data-end, a text piece a segment with data-s). Pure: the server renders the first part of a long
// text with it and the browser the rest.
//
// The layout never trusts the structure to be tidy: leaves that overlap an earlier one are skipped,
// text no leaf covers is laid out as the plain-text paragraphs it falls in, containers that cross
// a sibling are left out, and inline ranges that cross each other are split where they cross.
import type { TextRange } from "@/lib/anchoring/segments";
import type { StructureRange, StructureRangeType } from "./structure";

export interface TextPiece {
  kind: "text";
  start: number;
  end: number;
}

export type InlineRange = Extract<StructureRange, { type: "link" | "emphasis" | "strong" | "citation" | "note" | "image" }>;

export interface InlineNode {
  kind: "inline";
  range: InlineRange;
  /** Where this part of the range starts and ends (a range split where another crosses it has several parts). */
  start: number;
  end: number;
  children: Inline[];
}
export type Inline = TextPiece | InlineNode;

export interface LeafBlock {
  kind: "leaf";
  type: "heading" | "paragraph" | "preformatted";
  start: number;
  end: number;
  /** Heading level for the page (2–6: the page's own title is the h1), relative to the document's top level. */
  level?: number;
  children: Inline[];
}
export type ContainerRange = Extract<StructureRange, { type: "list" | "listItem" | "quote" | "note" }>;
export interface ContainerBlock {
  kind: "container";
  range: ContainerRange;
  children: Block[];
}
export type Block = LeafBlock | ContainerBlock;

const LEAF: ReadonlySet<StructureRangeType> = new Set(["heading", "paragraph", "preformatted"]);
const CONTAINER: ReadonlySet<StructureRangeType> = new Set(["list", "listItem", "quote"]);
const INLINE: ReadonlySet<StructureRangeType> = new Set(["link", "emphasis", "strong", "citation", "note", "image"]);
const INLINE_ORDER: Record<string, number> = { note: 0, link: 1, citation: 2, strong: 3, emphasis: 4, image: 5 };

/** The page's heading level (h2…h6) of each source level: the document's top level becomes h2. */
export function headingLevels(ranges: readonly StructureRange[]): (level: number) => number {
  let top = 6;
  for (const r of ranges) if (r.type === "heading" && r.level < top) top = r.level;
  return (level) => Math.min(6, Math.max(2, level - top + 2));
}

/**
 * The block tree of the text's first `length` code points (the part loaded so far). `paragraphs`
 * are the plain-text paragraphs of that part (lib/anchoring/segments.ts), used for text no leaf of
 * the structure covers; `isBlank(start, end)` tells whether a stretch of text is only whitespace.
 */
export function layoutBlocks(options: {
  ranges: readonly StructureRange[];
  length: number;
  paragraphs: readonly TextRange[];
  trim: (start: number, end: number) => TextRange | null;
}): Block[] {
  const { ranges, length, paragraphs, trim } = options;
  const level = headingLevels(ranges);

  // 1. Leaves of the structure, in order, without overlaps, cut at the loaded length.
  const leaves: LeafBlock[] = [];
  let covered = 0;
  for (const r of ranges) {
    if (!LEAF.has(r.type) || r.start < covered || r.start >= length) continue;
    const end = Math.min(r.end, length);
    if (end <= r.start) continue;
    leaves.push({ kind: "leaf", type: r.type as LeafBlock["type"], start: r.start, end, level: r.type === "heading" ? level(r.level) : undefined, children: [] });
    covered = end;
  }

  // 2. Text between them: the plain-text paragraphs it falls in, trimmed of surrounding whitespace.
  const all: LeafBlock[] = [];
  let p = 0;
  const fill = (from: number, to: number) => {
    while (p < paragraphs.length && paragraphs[p].end <= from) p++;
    for (let i = p; i < paragraphs.length && paragraphs[i].start < to; i++) {
      const piece = trim(Math.max(paragraphs[i].start, from), Math.min(paragraphs[i].end, to));
      if (piece && piece.end > piece.start) all.push({ kind: "leaf", type: "paragraph", start: piece.start, end: piece.end, children: [] });
    }
  };
  let at = 0;
  for (const leaf of leaves) {
    if (leaf.start > at) fill(at, leaf.start);
    all.push(leaf);
    at = leaf.end;
  }
  if (at < length) fill(at, length);

  // 3. Inline content of each leaf.
  const inline = ranges.filter((r): r is InlineRange => INLINE.has(r.type));
  let k = 0;
  for (const leaf of all) {
    while (k < inline.length && inline[k].end < leaf.start) k++;
    const mine: InlineRange[] = [];
    for (let i = k; i < inline.length && inline[i].start <= leaf.end; i++) {
      const r = inline[i];
      if (r.type === "image" ? r.start >= leaf.start && r.start <= leaf.end : r.end > leaf.start && r.start < leaf.end) mine.push(r);
    }
    leaf.children = layoutInline(leaf.start, leaf.end, mine);
  }

  // 4. Containers around the leaves. A note wider than the inline content of one leaf is a container too.
  const containers = ranges.filter(
    (r): r is ContainerRange => (CONTAINER.has(r.type) || (r.type === "note" && !all.some((l) => l.start <= r.start && r.end <= l.end))) && r.start < length,
  );
  return nest(all, containers);
}

// Containers and leaves into a tree, in document order; a container crossing its parent's end is left out.
function nest(leaves: readonly LeafBlock[], containers: readonly ContainerRange[]): Block[] {
  const root: Block[] = [];
  const stack: ContainerBlock[] = [];
  const top = () => (stack.length ? stack[stack.length - 1].children : root);
  const contains = (c: ContainerBlock, start: number, end: number) => c.range.start <= start && end <= c.range.end;
  let c = 0;
  for (const leaf of leaves) {
    // open every container that starts at or before this leaf
    while (c < containers.length && containers[c].start <= leaf.start) {
      const range = containers[c++];
      while (stack.length && !contains(stack[stack.length - 1], range.start, range.end)) {
        if (range.start < stack[stack.length - 1].range.end) break; // crosses its parent: skip it
        stack.pop();
      }
      if (stack.length && !contains(stack[stack.length - 1], range.start, range.end)) continue;
      const block: ContainerBlock = { kind: "container", range, children: [] };
      top().push(block);
      stack.push(block);
    }
    while (stack.length && !contains(stack[stack.length - 1], leaf.start, leaf.end)) stack.pop();
    top().push(leaf);
  }
  return pruneEmpty(root);
}

function pruneEmpty(blocks: Block[]): Block[] {
  return blocks.flatMap((b): Block[] => {
    if (b.kind === "leaf") return [b];
    b.children = pruneEmpty(b.children);
    return b.children.length ? [b] : [];
  });
}

interface Part {
  range: InlineRange;
  start: number;
  end: number;
}

/**
 * Inline ranges of one leaf [start, end) as a tree of properly nested nodes over text pieces. A range
 * that crosses the end of an enclosing one is split there, the rest continuing after it.
 */
export function layoutInline(start: number, end: number, ranges: readonly InlineRange[]): Inline[] {
  const queue: Part[] = ranges
    .map((range) => ({ range, start: Math.max(range.start, start), end: Math.min(range.end, end) }))
    .filter((p) => (p.range.type === "image" ? true : p.end > p.start));
  const order = (a: Part, b: Part) => a.start - b.start || b.end - a.end || INLINE_ORDER[a.range.type] - INLINE_ORDER[b.range.type];
  queue.sort(order);

  const root: InlineNode = { kind: "inline", range: null as unknown as InlineRange, start, end, children: [] };
  const stack: InlineNode[] = [root];
  const cursor = [start]; // per open node: where its text written so far ends
  const top = () => stack[stack.length - 1];
  const text = (to: number) => {
    const from = cursor[cursor.length - 1];
    if (to > from) top().children.push({ kind: "text", start: from, end: to });
    cursor[cursor.length - 1] = Math.max(from, to);
  };
  const close = () => {
    const node = top();
    text(node.end);
    stack.pop();
    cursor.pop();
    cursor[cursor.length - 1] = node.end;
  };
  for (let i = 0; i < queue.length; i++) {
    const part = queue[i];
    while (stack.length > 1 && top().end <= part.start) close();
    const parent = top();
    if (part.end > parent.end) {
      // crosses its parent: this part stops at the parent's end, the rest is laid out after it
      const rest: Part = { range: part.range, start: parent.end, end: part.end };
      part.end = parent.end;
      let j = i + 1;
      while (j < queue.length && order(queue[j], rest) <= 0) j++;
      queue.splice(j, 0, rest);
    }
    text(part.start);
    const node: InlineNode = { kind: "inline", range: part.range, start: part.start, end: part.end, children: [] };
    parent.children.push(node);
    if (part.end > part.start) {
      stack.push(node);
      cursor.push(part.start);
    }
  }
  while (stack.length > 1) close();
  text(end);
  return root.children;
}

/** A heading of the outline: its element id (h-<words>, unique), page level, text and offsets. */
export interface OutlineEntry {
  id: string;
  level: number;
  text: string;
  start: number;
  end: number;
}

/** The headings of a block tree in order, with ids made from their words (stable as more text loads). */
export function outlineOf(blocks: readonly Block[], slice: (start: number, end: number) => string): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  const used = new Map<string, number>();
  const walk = (list: readonly Block[]) => {
    for (const b of list) {
      if (b.kind === "container") walk(b.children);
      else if (b.type === "heading") {
        const text = slice(b.start, b.end).replace(/\s+/g, " ").trim();
        const base = `h-${slug(text)}`;
        const n = (used.get(base) ?? 0) + 1;
        used.set(base, n);
        out.push({ id: n === 1 ? base : `${base}-${n}`, level: b.level ?? 2, text, start: b.start, end: b.end });
      }
    }
  };
  walk(blocks);
  return out;
}

function slug(text: string): string {
  const words = text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return Array.from(words).slice(0, 60).join("").replace(/-+$/, "") || "section";
}

/** Only links a reader may follow: absolute http(s) and mailto URLs (the extractor keeps no others; this checks again). */
export function followableUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" || parsed.protocol === "mailto:" ? parsed.href : null;
  } catch {
    return null;
  }
}
