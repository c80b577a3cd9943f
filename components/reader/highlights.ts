// Highlights drawn with the CSS Custom Highlight API: one Highlight per kind (a class, an overlap depth,
// the placements to check, the draft's pending passage), styled by ::highlight() rules in reader.css, so
// the text's DOM never changes for them and drawing 10,000 costs one StaticRange each. A new kind is one
// more entry in KINDS and one more CSS rule.
import type { CodePointIndex } from "@/lib/anchoring/codepoints";
import type { SpansResponse } from "@/lib/annotations/types";
import type { EarlyDraw } from "./early-highlights";

/** Highlight kinds, in painting order (later ones are drawn over earlier ones). */
/** fuzzy: placed approximately by a re-anchoring (drawn over its class's highlight, dashed). */
export const KINDS = ["sourced", "contested", "opinion", "overlap-2", "overlap-3", "fuzzy", "draft"] as const;
export type HighlightKind = (typeof KINDS)[number];
/** The kinds the reader draws from the spans (its classes, then fuzzy over them); the others follow the pointer and the draft. */
export const SPAN_KINDS = ["sourced", "contested", "opinion", "fuzzy"] as const satisfies readonly HighlightKind[];
export const highlightName = (kind: HighlightKind) => `apx-${kind}`;

export function highlightsSupported(): boolean {
  return typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight !== "undefined";
}

/**
 * Code point spans → DOM ranges over the rendered text. The reader renders every block as
 * <p data-start data-end> holding segments <span data-s="start">text</span> (lib/anchoring/dom.ts);
 * the segments are read once per rendering and found by binary search.
 */
export class TextMapper {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly nodes: Text[] = [];

  constructor(
    root: Element,
    private readonly index: CodePointIndex,
  ) {
    for (const el of root.querySelectorAll<HTMLElement>("[data-s]")) {
      const node = el.firstChild;
      if (!node || node.nodeType !== Node.TEXT_NODE) continue;
      const start = Number(el.dataset.s);
      this.starts.push(start);
      this.ends.push(index.toCodePoint(index.toUtf16(start) + (node as Text).length));
      this.nodes.push(node as Text);
    }
  }

  /** The rendered part of [start, end) as a StaticRange; null when none of it is rendered. */
  range(start: number, end: number): StaticRange | null {
    const a = this.locate(start, "forward");
    const b = this.locate(end, "backward");
    if (!a || !b || a.segment > b.segment || (a.segment === b.segment && a.offset >= b.offset)) return null;
    return new StaticRange({ startContainer: a.node, startOffset: a.offset, endContainer: b.node, endOffset: b.offset });
  }

  /** Whether this reads exactly these text nodes. */
  readsNodes(nodes: readonly Text[]): boolean {
    return nodes.length === this.nodes.length && nodes.every((node, i) => node === this.nodes[i]);
  }

  /** The rendered text covers code points up to here (everything before it is in the DOM). */
  get renderedEnd(): number {
    return this.ends.length ? this.ends[this.ends.length - 1] : 0;
  }

  // forward: the first segment ending after cp (start of the next one when cp is between segments);
  // backward: the last segment starting before cp (end of the previous one when cp is between).
  private locate(cp: number, bias: "forward" | "backward") {
    const n = this.starts.length;
    let lo = 0;
    let hi = n;
    if (bias === "forward") {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.ends[mid] <= cp) lo = mid + 1;
        else hi = mid;
      }
      if (lo >= n) return null;
    } else {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.starts[mid] < cp) lo = mid + 1;
        else hi = mid;
      }
      lo -= 1;
      if (lo < 0) return null;
    }
    const at = Math.min(Math.max(cp, this.starts[lo]), this.ends[lo]);
    const offset = this.index.toUtf16(at) - this.index.toUtf16(this.starts[lo]);
    return { segment: lo, node: this.nodes[lo], offset };
  }
}

/** Replace what one kind of highlight covers. */
export function paint(kind: HighlightKind, ranges: Iterable<StaticRange>): void {
  if (!highlightsSupported()) return;
  const highlight = new Highlight(...ranges);
  highlight.priority = KINDS.indexOf(kind);
  CSS.highlights.set(highlightName(kind), highlight);
}

export function clearHighlights(): void {
  if (!highlightsSupported()) return;
  for (const kind of KINDS) CSS.highlights.delete(highlightName(kind));
}

/**
 * Whether what the page's early script drew (early-highlights.ts) is what the reader would draw now, so
 * the reader leaves it in place instead of drawing it again: over the same text nodes, from the same
 * spans, unchanged since (`origin`); or, while the request the reader took from the script is on its way,
 * the page's numbers of those spans or the answer the script has drawn before the reader read it (the
 * reader would draw only its first cards' meanwhile). Once the reader draws, it owns the highlights (the
 * script draws no more).
 */
export function earlyDrawStands(early: EarlyDraw | undefined, mapper: TextMapper, spans: { ready: boolean; origin: "page" | SpansResponse | null }): boolean {
  if (!early || early.taken || !early.drawn || !mapper.readsNodes(early.nodes)) return false;
  if (!spans.ready) return early.claimed && early.drawn.source !== "page";
  return spans.origin !== null && spans.origin === early.drawn.source;
}
