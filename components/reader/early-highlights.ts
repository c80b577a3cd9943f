// Highlights drawn before the reader hydrates. React takes ~300 ms after the HTML on a slow machine (longer
// on a phone) to load and hydrate the reader, while the text is already on screen; a small inline script
// (early-script.tsx: the function below, written into the page right after the text) draws the
// highlights as soon as the text is parsed, with the same names, priorities and ranges as the reader
// (highlights.ts, workbench.tsx), and starts the spans' request of a document whose page does not carry
// them whole. Such a page still carries up to 10,000 as numbers (place and class), drawn at once; the
// request's answer then stands for them when it says the same, else is drawn instead. The reader takes
// over without drawing them again (`earlyDrawStands`), and takes that request (use-reader-data.ts) instead
// of making its own.
//
// `requestEarly` and `drawEarly` are sent as their source text: they must not use anything outside
// themselves (no imports, no module-level values); they run before any other script of the page.
import type { SpansResponse } from "@/lib/annotations/types";

export interface EarlyConfig {
  /**
   * The page's spans, per span its start from the one before (the first from 0) and its length × 16 +
   * its code (`spanCode`), in base 36, comma-separated (early-script.tsx); or null: drawn from `url`'s answer.
   */
  spans: string | null;
  /** GET /api/documents/[id]/spans, when the page does not carry its spans whole (the reader needs that answer). */
  url: string | null;
  /** The Highlight names of sourced, contested, opinion and fuzzy, and their priorities. */
  names: string[];
  priorities: number[];
}

/** What the early script did, for the reader (window.__apxEarly). */
export interface EarlyDraw {
  url: string | null;
  /** The spans' request it started (parsed answer), when the page carries none. */
  request: Promise<SpansResponse> | null;
  /** Set when the reader has taken that request (use-reader-data.ts). */
  claimed: boolean;
  /** The text nodes its ranges are built over (the reader's, unless React rendered the text anew). */
  nodes: Text[];
  /**
   * What it drew, and how many ranges: the page's spans (carried whole), their numbers while the request
   * is on its way ("numbers"), or the request's answer (drawn, or found the same as those numbers).
   */
  drawn: { source: "page" | "numbers" | SpansResponse; count: number } | null;
  /** Set once the reader draws the highlights itself: the early script draws nothing after that. */
  taken: boolean;
}

declare global {
  interface Window {
    __apxEarly?: EarlyDraw;
  }
}

/** The claim's class (an editor's ruling, else the author's) as an index into CLASSIFICATIONS, + 8 when fuzzy (SPAN_FLAGS.fuzzy). */
export const spanCode = (cls: number, flags: number, ruling: number) => (ruling >= 0 ? ruling : cls) | (flags & 8);

/**
 * The spans' request, started by a script before the text (its HTML takes a while to arrive and parse at
 * 10,000 annotations), as use-reader-data.ts fetchSpans makes it: packed where the browser can unpack it.
 */
export function requestEarly(url: string): void {
  const packed = typeof DecompressionStream === "function";
  const request = fetch(packed ? `${url}?packed=gzip` : url)
    .then((res) => {
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      return packed ? new Response(res.body.pipeThrough(new DecompressionStream("gzip"))).text() : res.text();
    })
    .then((text) => JSON.parse(text) as SpansResponse);
  request.catch(() => undefined); // the reader handles a failure where it takes the request (and asks again)
  window.__apxEarly = { url, request, claimed: false, nodes: [], drawn: null, taken: false };
}

export function drawEarly(config: EarlyConfig): void {
  const started = window.__apxEarly;
  const state: EarlyDraw =
    config.url && started && started.url === config.url
      ? started
      : { url: config.url, request: null, claimed: false, nodes: [], drawn: null, taken: false };
  window.__apxEarly = state;
  const nodes = state.nodes;
  const root = document.getElementById("document-text");
  if (!root || typeof CSS === "undefined" || !("highlights" in CSS) || typeof Highlight === "undefined") return;

  // The text's segments (<span data-s="start">text</span>), as TextMapper reads them.
  const starts: number[] = [];
  const ends: number[] = [];
  const isPair = (s: string, i: number) => {
    const a = s.charCodeAt(i);
    const b = s.charCodeAt(i + 1);
    return a >= 0xd800 && a <= 0xdbff && b >= 0xdc00 && b <= 0xdfff;
  };
  const codePoints = (s: string) => {
    let n = s.length;
    for (let i = 0; i < s.length - 1; i++) {
      if (isPair(s, i)) {
        n--;
        i++;
      }
    }
    return n;
  };
  const segments = root.querySelectorAll<HTMLElement>("[data-s]");
  for (let i = 0; i < segments.length; i++) {
    const node = segments[i].firstChild;
    if (!node || node.nodeType !== 3) continue;
    const start = Number(segments[i].dataset.s);
    starts.push(start);
    ends.push(start + codePoints((node as Text).data));
    nodes.push(node as Text);
  }
  // The UTF-16 offset of code point cp (clamped to the segment) in segment k: the same number unless the
  // segment has astral characters (two UTF-16 units each), then counted.
  const offsetIn = (k: number, cp: number) => {
    const s = nodes[k].data;
    let left = Math.min(Math.max(cp, starts[k]), ends[k]) - starts[k];
    if (ends[k] - starts[k] === s.length) return left;
    let i = 0;
    while (left > 0 && i < s.length) {
      i += isPair(s, i) ? 2 : 1;
      left--;
    }
    return i;
  };
  // As TextMapper.range: from the first segment ending after start to the last starting before end.
  const range = (start: number, end: number) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid] <= start) lo = mid + 1;
      else hi = mid;
    }
    const a = lo;
    if (a >= starts.length) return null;
    lo = 0;
    hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] < end) lo = mid + 1;
      else hi = mid;
    }
    const b = lo - 1;
    if (b < 0 || a > b) return null;
    const startOffset = offsetIn(a, start);
    const endOffset = offsetIn(b, end);
    if (a === b && startOffset >= endOffset) return null;
    return new StaticRange({ startContainer: nodes[a], startOffset, endContainer: nodes[b], endOffset });
  };
  const draw = (flat: number[], source: "page" | "numbers" | SpansResponse) => {
    if (state.taken) return;
    const byKind: StaticRange[][] = [[], [], [], []];
    let count = 0;
    for (let i = 0; i < flat.length; i += 3) {
      const r = range(flat[i], flat[i + 1]);
      if (!r) continue;
      byKind[flat[i + 2] & 3].push(r);
      if (flat[i + 2] & 8) byKind[3].push(r);
      count++;
    }
    for (let k = 0; k < 4; k++) {
      const highlight = new Highlight(...byKind[k]);
      highlight.priority = config.priorities[k];
      CSS.highlights.set(config.names[k], highlight);
    }
    root.dataset.highlights = String(count);
    state.drawn = { source, count };
  };

  let carried: number[] | null = null;
  if (config.spans !== null) {
    carried = [];
    const parts = config.spans ? config.spans.split(",") : [];
    let at = 0;
    for (let i = 0; i + 1 < parts.length; i += 2) {
      at += parseInt(parts[i], 36);
      const packed = parseInt(parts[i + 1], 36);
      carried.push(at, at + (packed >> 4), packed & 15);
    }
    draw(carried, config.url === null ? "page" : "numbers");
  }
  if (config.url === null || !state.request) return;
  state.request.then(
    (body) => {
      const flat: number[] = [];
      for (const [, start, end, cls, , , , , flags, ruling] of body.spans) flat.push(start, end, (ruling >= 0 ? ruling : cls) | (flags & 8));
      let same = carried !== null && state.drawn !== null && carried.length === flat.length;
      for (let i = 0; same && i < flat.length; i++) same = flat[i] === carried![i];
      if (!same) draw(flat, body);
      else if (!state.taken) state.drawn = { source: body, count: state.drawn!.count };
    },
    () => undefined, // nothing more drawn: the reader draws when its own request succeeds
  );
}
