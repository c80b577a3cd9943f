// Browser-side mapping between DOM selections and code point offsets in the stored text.
//
// Expected markup (rendered by the reader):
//   <root>
//     <p data-start="0" data-end="12">            one element per leaf block (p, h2…h6, pre: its code point range)
//       <span data-s="0">text of the segment</span>  one element per segment; data-s = its start,
//       <span data-s="5">…</span>                     its only child a text node holding its text
//     </p>
//     …
//   </root>
// Other elements may wrap segments (links, emphasis) or blocks (lists, quotes); they carry no text positions.
// Only the nodes passed in are used (no global `document`), so this also runs under jsdom.
import { cpLength, cpSlice, isHighSurrogate, isLowSurrogate } from "./codepoints";

const PARAGRAPH = "[data-start]";
const SEGMENT = "[data-s]";
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Which way a boundary point between two paragraphs resolves: to the next paragraph's start or the previous one's end. */
export type Bias = "forward" | "backward";

/**
 * Code point offset of a DOM boundary point (a text node + UTF-16 offset, or an element + child
 * index, as in a Selection or Range), or null when the point is not inside `root`.
 * Inside a text node, an offset between the halves of a surrogate pair rounds down.
 * Points between paragraphs (on the root, on a paragraph's parent, in whitespace between
 * paragraphs) fall in the separator: "forward" (default) gives the next paragraph's start,
 * "backward" the previous paragraph's end.
 */
export function pointToCodePoint(root: Element, node: Node, offset: number, bias: Bias = "forward"): number | null {
  if (!root.contains(node) || !Number.isInteger(offset) || offset < 0 || offset > nodeLength(node)) return null;
  const element = node.nodeType === ELEMENT_NODE ? (node as Element) : node.parentElement;
  const segment = within(root, element?.closest(SEGMENT));
  if (segment) return segmentOffset(segment, node, offset);
  const paragraph = within(root, element?.closest(PARAGRAPH));
  if (paragraph) {
    // between segments of one paragraph both biases agree; the paragraph's own range covers its edges
    return resolve(node, offset, paragraph.querySelectorAll(SEGMENT), segmentRange, bias, rangeOf(paragraph));
  }
  return resolve(node, offset, root.querySelectorAll(PARAGRAPH), rangeOf, bias, null);
}

/**
 * Code point span selected by `range`, clamped to the text inside `root`; null when the range is
 * collapsed, does not reach into `root`, or selects only separator whitespace.
 */
export function rangeToSpan(root: Element, range: Range): { start: number; end: number } | null {
  if (range.collapsed || !range.intersectsNode(root)) return null;
  // a selection that runs past the text region is cut at the region's edges
  const [sc, so] = root.contains(range.startContainer) ? [range.startContainer, range.startOffset] : [root, 0];
  const [ec, eo] = root.contains(range.endContainer) ? [range.endContainer, range.endOffset] : [root, root.childNodes.length];
  const start = pointToCodePoint(root, sc, so, "forward");
  const end = pointToCodePoint(root, ec, eo, "backward");
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}

/**
 * DOM Range covering code points [start, end) of the rendered text, for scrolling or marking.
 * Ends falling in a separator are pulled in to the nearest paragraph text. Null when nothing
 * rendered lies in the span. Queries the paragraphs each call; use spansToRanges for many spans.
 */
export function spanToRange(root: Element, start: number, end: number): Range | null {
  return spansToRanges(root, [{ start, end }])[0];
}

/** spanToRange for many spans, looking up the paragraph elements once. */
export function spansToRanges(root: Element, spans: ReadonlyArray<{ start: number; end: number }>): Array<Range | null> {
  const paragraphs = root.querySelectorAll(PARAGRAPH);
  const doc = root.ownerDocument;
  return spans.map(({ start, end }) => {
    if (!(start < end)) return null;
    const from = locate(paragraphs, start, "forward");
    const to = locate(paragraphs, end, "backward");
    if (!from || !to) return null;
    const range = doc.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range.collapsed ? null : range;
  });
}

// ---- helpers ----

type Ranged = (e: Element) => { start: number; end: number };

function rangeOf(e: Element): { start: number; end: number } {
  return { start: Number(e.getAttribute("data-start")), end: Number(e.getAttribute("data-end")) };
}

function segmentRange(e: Element): { start: number; end: number } {
  const start = Number(e.getAttribute("data-s"));
  return { start, end: start + cpLength(e.textContent ?? "") };
}

function within(root: Element, e: Element | null | undefined): Element | null {
  return e && e !== root && root.contains(e) ? e : null;
}

function nodeLength(node: Node): number {
  return node.nodeType === ELEMENT_NODE ? node.childNodes.length : (node.textContent ?? "").length;
}

// Offset of a point inside a segment element: its start plus the code points before the point.
function segmentOffset(segment: Element, node: Node, offset: number): number {
  const before = segment.ownerDocument.createRange();
  before.setStart(segment, 0);
  before.setEnd(node, offset);
  let cp = Number(segment.getAttribute("data-s")) + cpLength(before.toString());
  const data = node.nodeType === TEXT_NODE ? (node as Text).data : "";
  // the point splits a surrogate pair: the lone high half was counted, so round down
  if (offset > 0 && isHighSurrogate(data.charCodeAt(offset - 1)) && isLowSurrogate(data.charCodeAt(offset))) cp--;
  return cp;
}

/**
 * Resolves a point against elements in document order (segments of a paragraph, or paragraphs of
 * the root) by binary search: forward → start of the first element at or after the point,
 * backward → end of the last element at or before it. `outer` is the range to fall back on at the
 * edges (the paragraph's own range); without it the nearest element's edge is used.
 */
function resolve(
  node: Node,
  offset: number,
  elements: ArrayLike<Element>,
  rangeOfElement: Ranged,
  bias: Bias,
  outer: { start: number; end: number } | null,
): number {
  const n = elements.length;
  if (n === 0) return outer ? (bias === "forward" ? outer.start : outer.end) : 0;
  const point = node.ownerDocument!.createRange();
  point.setStart(node, offset);
  // first element whose start is at or after the point (comparePoint >= 0: not before the point)
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (point.comparePoint(elements[mid], 0) >= 0) hi = mid;
    else lo = mid + 1;
  }
  if (outer) {
    // inside a paragraph: the point is at the start of element lo, i.e. the end of element lo - 1
    return lo < n ? rangeOfElement(elements[lo]).start : outer.end;
  }
  if (bias === "forward") return lo < n ? rangeOfElement(elements[lo]).start : rangeOfElement(elements[n - 1]).end;
  return lo > 0 ? rangeOfElement(elements[lo - 1]).end : rangeOfElement(elements[0]).start;
}

// Text node and UTF-16 offset where code point `cp` is rendered, snapping into paragraph text
// when `cp` lies in a separator. At a segment boundary, forward picks the later segment.
function locate(paragraphs: ArrayLike<Element>, cp: number, bias: Bias): { node: Node; offset: number } | null {
  // index of the first paragraph ending after cp (forward) / at or after cp (backward)
  let lo = 0;
  let hi = paragraphs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const end = rangeOf(paragraphs[mid]).end;
    if (bias === "forward" ? end <= cp : end < cp) lo = mid + 1;
    else hi = mid;
  }
  let p = lo;
  if (bias === "backward" && (p === paragraphs.length || rangeOf(paragraphs[p]).start >= cp)) {
    p--; // cp is before this paragraph's text: use the previous paragraph's end
    if (p < 0) return null;
    cp = rangeOf(paragraphs[p]).end;
  }
  if (p >= paragraphs.length) return null;
  const para = rangeOf(paragraphs[p]);
  cp = Math.min(Math.max(cp, para.start), para.end); // snap out of a separator
  const segments = paragraphs[p].querySelectorAll(SEGMENT);
  // last segment starting at or before cp (forward) / before cp (backward)
  lo = 0;
  hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = Number(segments[mid].getAttribute("data-s"));
    if (bias === "forward" ? s <= cp : s < cp) lo = mid + 1;
    else hi = mid;
  }
  const segment = segments[Math.max(lo - 1, 0)];
  const text = segment?.firstChild;
  if (!text || text.nodeType !== TEXT_NODE) return null;
  const within = Math.max(cp - Number(segment.getAttribute("data-s")), 0);
  return { node: text, offset: cpSlice((text as Text).data, 0, within).length };
}
