// HTML → the plain text to store, plus the source's structure as ranges over that text, plus what
// the page says about itself (meta tags, JSON-LD), all from one parse5 parse.
//
// The text rules are the import's historical ones and must not change (stored texts and their
// hashes depend on them; see extract-golden.test.ts): scripts, styles, embedded objects, hidden
// elements and form controls are dropped; links keep only their text; block elements become
// paragraphs separated by a blank line, <br> a line break, list items get "• " or "1. " markers,
// table rows become "cell | cell" paragraphs, <pre> keeps its whitespace. The structure rides along
// as zero-width marks on Tracked strings (tracked.ts), so it never influences the text.
//
// Everything is iterative (no recursion over the tree), so deeply nested markup cannot overflow
// the stack, and every per-element look-ahead is bounded.
import { parse, type DefaultTreeAdapterTypes } from "parse5";
import { normaliseText } from "./normalise";
import * as T from "./tracked";
import { STRUCTURE_LIMITS, cleanLabel, httpBase, safeLinkUrl, type HeadingLevel, type Utf16Range } from "./structure";

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;
type TextNode = DefaultTreeAdapterTypes.TextNode;


const HTML_NS = "http://www.w3.org/1999/xhtml";

/** Elements whose content never reaches the text. */
const DROPPED = new Set([
  "head",
  "title",
  "script",
  "style",
  "template",
  "noscript",
  "noembed",
  "noframes",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "svg",
  "canvas",
  "audio",
  "video",
  "picture",
  "img",
  "map",
  "link",
  "meta",
  "base",
  // form controls
  "input",
  "button",
  "select",
  "option",
  "optgroup",
  "datalist",
  "textarea",
  "output",
  "progress",
  "meter",
  "keygen",
]);

/** Elements that start and end a paragraph. */
const BLOCKS = new Set([
  "html",
  "body",
  "address",
  "article",
  "aside",
  "blockquote",
  "center",
  "dd",
  "details",
  "dialog",
  "dir",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hgroup",
  "hr",
  "legend",
  "li",
  "listing",
  "main",
  "menu",
  "nav",
  "ol",
  "p",
  "plaintext",
  "pre",
  "search",
  "section",
  "summary",
  "table",
  "caption",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "ul",
  "xmp",
]);

/** Elements whose whitespace is kept as written. */
const PREFORMATTED = new Set(["pre", "listing", "plaintext", "xmp"]);

const UNORDERED_LISTS = new Set(["ul", "menu", "dir"]);

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function isHidden(el: Element): boolean {
  if (attr(el, "hidden") !== undefined) return true;
  if (attr(el, "aria-hidden")?.trim().toLowerCase() === "true") return true;
  const style = attr(el, "style");
  if (style) {
    // Inline CSS declarations, e.g. "color: red; display : NONE !important".
    for (const declaration of style.split(";")) {
      const colon = declaration.indexOf(":");
      if (colon < 0) continue;
      const property = declaration.slice(0, colon).trim().toLowerCase();
      const value = declaration
        .slice(colon + 1)
        .replace(/!\s*important/i, "")
        .trim()
        .toLowerCase();
      if (property === "display" && value === "none") return true;
      if (property === "visibility" && (value === "hidden" || value === "collapse")) return true;
    }
  }
  return false;
}

function isElement(node: Node): node is Element {
  return "tagName" in node;
}

/** ASCII whitespace, which is what HTML collapses (a no-break space is kept). */
const HTML_SPACE_RUN = /[ \t\n\f\r]+/g;

const HEADING_LEVEL: Readonly<Record<string, HeadingLevel>> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

// ---------------------------------------------------------------------------------------------
// First pass: what the page says about itself, and which ids in-page links point at

export interface PageInfo {
  /** <meta name|property|itemprop=… content=…>, keys lower-cased, in document order (at most 300). */
  metas: Array<{ key: string; content: string }>;
  /** <link rel="canonical" href>, the first one. */
  canonical?: string;
  /** <base href>, the first one. */
  base?: string;
  /** Text of <script type="application/ld+json"> elements (at most 10, each at most 200,000 characters). */
  jsonLd: string[];
  /** Deepest element nesting. */
  maxDepth: number;
  /** Number of elements. */
  elements: number;
}

const MAX_METAS = 300;
const MAX_JSON_LD = 10;
const MAX_JSON_LD_CHARS = 200_000;
const MAX_HASH_TARGETS = 50_000;

function textOf(el: Element): string {
  return el.childNodes.map((c) => (c.nodeName === "#text" ? (c as TextNode).value : "")).join("");
}

function fragmentId(href: string): string | null {
  if (!href.startsWith("#") || href.length < 2) return null;
  try {
    return decodeURIComponent(href.slice(1));
  } catch {
    return href.slice(1);
  }
}

function scanPage(doc: Node): { info: PageInfo; hashTargets: Set<string> } {
  const info: PageInfo = { metas: [], jsonLd: [], maxDepth: 0, elements: 0 };
  const hashTargets = new Set<string>();
  const stack: Array<[Node, number]> = [[doc, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isElement(node)) {
      info.elements++;
      if (depth > info.maxDepth) info.maxDepth = depth;
      if (node.namespaceURI === HTML_NS) {
        const tag = node.tagName;
        if (tag === "meta" && info.metas.length < MAX_METAS) {
          const key = attr(node, "property") ?? attr(node, "name") ?? attr(node, "itemprop");
          const content = attr(node, "content");
          if (key && content !== undefined) info.metas.push({ key: key.trim().toLowerCase(), content });
        } else if (tag === "link" && info.canonical === undefined) {
          const rel = (attr(node, "rel") ?? "").toLowerCase().split(/\s+/);
          if (rel.includes("canonical")) info.canonical = attr(node, "href");
        } else if (tag === "base" && info.base === undefined) {
          info.base = attr(node, "href");
        } else if (tag === "script") {
          const type = (attr(node, "type") ?? "").trim().toLowerCase();
          if (type === "application/ld+json" && info.jsonLd.length < MAX_JSON_LD) {
            const json = textOf(node);
            if (json.length <= MAX_JSON_LD_CHARS) info.jsonLd.push(json);
          }
        } else if (tag === "a" && hashTargets.size < MAX_HASH_TARGETS) {
          const id = fragmentId(attr(node, "href") ?? "");
          if (id) hashTargets.add(id);
        }
      }
    }
    const children = (node as ParentNode).childNodes;
    if (!children) continue;
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], depth + 1]);
  }
  return { info, hashTargets };
}

/** Text of an element for a look-ahead (is this <sup> a footnote marker?): null when over `max` characters or 64 nodes. */
function shortText(el: Element, max: number): string | null {
  let out = "";
  let visited = 0;
  const stack: Node[] = [...el.childNodes].reverse();
  while (stack.length > 0) {
    if (++visited > 64) return null;
    const node = stack.pop()!;
    if (node.nodeName === "#text") {
      out += (node as TextNode).value;
      if (out.length > max * 4) return null;
      continue;
    }
    if (!isElement(node) || DROPPED.has(node.tagName) || isHidden(node)) continue;
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]);
  }
  const text = out.replace(HTML_SPACE_RUN, " ").trim();
  return text.length <= max ? text : null;
}

/** The first <a href="#…"> among the first 64 descendants. */
function firstHashLink(el: Element): string | null {
  let visited = 0;
  const stack: Node[] = [...el.childNodes].reverse();
  while (stack.length > 0 && ++visited <= 64) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (node.tagName === "a") {
      const id = fragmentId(attr(node, "href") ?? "");
      if (id) return id;
    }
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]);
  }
  return null;
}

/** "[12]", "12", "a", "note 3", "*", "†": what a footnote marker's text looks like. */
const MARKER_TEXT = /^[[(]?\s*(\d{1,4}|[a-z]{1,2}|[ivxlc]{1,6}|note\s*\d{1,4}|[*†‡§¶]{1,3})\s*[\])]?$/i;
const DIGITS_MARKER = /^(\[)?\s*(\d{1,4})\s*\]?$/;
const BACKLINK_TEXT = /^(?:↩\uFE0E?|↩︎|\^|↑|⤴)$/u;

function isNoteRefLink(a: Element): boolean {
  const role = (attr(a, "role") ?? "").toLowerCase();
  const cls = (attr(a, "class") ?? "").toLowerCase();
  if (role.includes("backlink") || /back/.test(cls)) return false;
  if (role.includes("noteref") || (attr(a, "epub:type") ?? "").toLowerCase().includes("noteref")) return true;
  if ((attr(a, "rel") ?? "").toLowerCase() === "footnote") return true;
  if (/\b(footnote-ref|fnref|noteref|footnote|footnote-link)\b/.test(cls)) return true;
  return /^#(fn|footnote|cite_note|note|endnote|ftn)/i.test((attr(a, "href") ?? "").trim());
}

// ---------------------------------------------------------------------------------------------
// Second pass: the text, with marks

type Segment =
  | { kind: "text"; value: string; pre: boolean; marks?: T.Mark[] }
  | { kind: "br" }
  | { kind: "soft" }
  | { kind: "mark"; id: number; open: boolean };

/** Joins inline segments into one paragraph: collapsed whitespace, or verbatim inside <pre>. */
function renderSegments(segments: readonly Segment[]): { t: T.Tracked; hasPre: boolean } {
  let out = T.tracked();
  let run = T.tracked();
  let hasPre = false;
  const endRun = () => {
    T.append(out, T.replace(run, HTML_SPACE_RUN, " "));
    run = T.tracked();
  };
  for (const seg of segments) {
    if (seg.kind === "mark") run.marks.push({ id: seg.id, open: seg.open, pos: run.s.length });
    else if (seg.kind === "text" && !seg.pre) T.append(run, seg.marks ? T.tracked(seg.value, seg.marks) : seg.value);
    else if (seg.kind === "soft") run.s += " ";
    else {
      endRun();
      if (seg.kind === "br") out.s += "\n";
      else {
        T.append(out, seg.value);
        hasPre = true;
      }
    }
  }
  endRun();
  if (hasPre) {
    // Keep indentation and inner whitespace; drop blank lines at the edges.
    out = T.trim(T.replace(out, /^(?:[ \t]*\n)+/, ""), "end");
    return { t: out, hasPre };
  }
  return { t: T.trim(T.trimLines(out)), hasPre };
}

type ListContext = { ordered: boolean; next: number; step: number };
type ListItem = { marker: string; indent: string; used: boolean };
type Row = { cells: T.Tracked[] };

/** An emitted paragraph: its leaf kind and the first of its four mark ids (start, after indent, after marker, end). */
type Para = { kind: "heading" | "paragraph" | "preformatted"; level: HeadingLevel; id: number };
type Container = { type: "list" | "listItem" | "quote"; ordered: boolean; first: number; last: number };
type Inline =
  | { type: "emphasis" | "strong"; id: number }
  | { type: "link"; id: number; url: string }
  | { type: "image"; id: number; alt: string }
  | { type: "citation"; id: number; label: string; target: string | null; needsPunctuation: boolean }
  | { type: "target"; id: number; target: string };

export interface HtmlExtraction {
  text: string;
  titleElement?: string;
  firstH1?: string;
  /** Structure ranges in UTF-16 indices of `text` (finishStructure turns them into code points). */
  ranges: Utf16Range[];
  page: PageInfo;
}

export function findTitleElement(root: Node): string | undefined {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node) && node.nodeName !== "#document" && node.nodeName !== "#document-fragment") continue;
    if (isElement(node)) {
      if (node.namespaceURI !== HTML_NS) continue; // e.g. <svg><title>
      if (node.tagName === "template") continue;
      if (node.tagName === "title") {
        const title = textOf(node).replace(HTML_SPACE_RUN, " ").trim();
        if (title) return title;
        continue;
      }
    }
    const children = (node as ParentNode).childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return undefined;
}

export function parseHtml(html: string): Node {
  return parse(normaliseText(html));
}

/** The text of an HTML document with its structure and page information. */
export function extractHtml(html: string, doc: Node = parseHtml(html)): HtmlExtraction {
  const { info: page, hashTargets } = scanPage(doc);
  const base = httpBase(page.base) ?? httpBase(page.canonical) ?? httpBase(page.metas.find((m) => m.key === "og:url")?.content);

  const paragraphs: T.Tracked[] = [];
  const paras: Para[] = [];
  const containers: Container[] = [];
  const inlines: Inline[] = [];
  const blockTargets = new Map<string, { first: number; last: number }>();
  let nextId = 0;
  let pendingOpen: T.Mark[] = [];

  let firstH1: string | undefined;
  let segments: Segment[] = [];
  let preDepth = 0;
  const lists: ListContext[] = [];
  const items: ListItem[] = [];
  const rows: Row[] = [];
  const savedForCells: Segment[][] = [];
  const headings: HeadingLevel[] = [];
  let containerDepth = 0;
  let emphasisDepth = 0;
  let strongDepth = 0;
  let citationDepth = 0;

  const emit = (text: T.Tracked, hasPre: boolean) => {
    for (const m of pendingOpen) text.marks.push({ id: m.id, open: true, pos: 0 });
    pendingOpen = [];
    const item = items.at(-1);
    let indent = "";
    let marker = "";
    if (item) {
      indent = item.indent;
      marker = item.used ? "" : item.marker;
      for (const it of items) it.used = true;
    }
    const body = T.concat(indent + marker, text);
    const id = nextId;
    nextId += 4;
    body.marks.push(
      { id, open: true, pos: 0 },
      { id: id + 1, open: true, pos: indent.length },
      { id: id + 2, open: true, pos: indent.length + marker.length },
      { id: id + 3, open: false, pos: body.s.length },
    );
    paragraphs.push(body);
    const level = headings.at(-1);
    paras.push({ kind: level !== undefined ? "heading" : hasPre ? "preformatted" : "paragraph", level: level ?? 1, id });
  };

  /** Marks of text that produced no paragraph: openings move to the next paragraph, closings to the end of the previous one. */
  const orphan = (marks: readonly T.Mark[]) => {
    const last = paragraphs.at(-1);
    for (const m of marks) {
      if (m.open) pendingOpen.push(m);
      else if (last) last.marks.push({ id: m.id, open: false, pos: last.s.length });
    }
  };

  /** A block boundary: ends the current paragraph (or, inside a table cell, is just a space). */
  const boundary = () => {
    if (savedForCells.length > 0) {
      segments.push({ kind: "soft" });
      return;
    }
    const { t, hasPre } = renderSegments(segments);
    segments = [];
    if (t.s.trim() !== "") emit(t, hasPre);
    else orphan(t.marks);
  };

  const openInline = (inline: Inline, exits: Array<() => void>, after?: () => void) => {
    inlines.push(inline);
    segments.push({ kind: "mark", id: inline.id, open: true });
    exits.push(() => {
      segments.push({ kind: "mark", id: inline.id, open: false });
      after?.();
    });
  };

  type Frame = { node: Node } | { exit: () => void };
  const stack: Frame[] = [{ node: doc }];

  while (stack.length > 0) {
    const frame = stack.pop()!;
    if ("exit" in frame) {
      frame.exit();
      continue;
    }
    const node = frame.node;

    if (node.nodeName === "#text") {
      const value = (node as TextNode).value;
      segments.push({ kind: "text", value, pre: preDepth > 0 && savedForCells.length === 0 });
      continue;
    }
    if (node.nodeName === "#comment" || node.nodeName === "#documentType") continue;

    // Run after the children, in reverse order of registration (like the matching enters),
    // but only once the element's last paragraph has been ended by `closesBlock`.
    const exits: Array<() => void> = [];
    let closesBlock = false;
    if (isElement(node)) {
      const tag = node.tagName;
      const html = node.namespaceURI === HTML_NS;
      if (!html) {
        if (tag === "svg") continue; // svg in the SVG namespace; MathML text is kept
      } else {
        if (tag === "img" && !isHidden(node)) {
          // Not part of the text (it never was); kept as a point with its alt text.
          const alt = cleanLabel(attr(node, "alt") ?? "", STRUCTURE_LIMITS.maxAltLength);
          if (alt !== "") {
            const id = nextId++;
            inlines.push({ type: "image", id, alt });
            segments.push({ kind: "mark", id, open: true });
          }
          continue;
        }
        if (DROPPED.has(tag) || isHidden(node)) continue;

        if (tag === "br") {
          segments.push(savedForCells.length > 0 ? { kind: "soft" } : { kind: "br" });
          continue;
        }

        const isBlock = BLOCKS.has(tag);
        if (isBlock) {
          boundary();
          closesBlock = true;
        }

        if (PREFORMATTED.has(tag)) {
          preDepth++;
          exits.push(() => {
            preDepth--;
          });
        }

        const container = (type: Container["type"], ordered = false) => {
          if (containerDepth >= STRUCTURE_LIMITS.maxNesting) return;
          containerDepth++;
          const first = paragraphs.length;
          exits.push(() => {
            containerDepth--;
            if (paragraphs.length > first) containers.push({ type, ordered, first, last: paragraphs.length - 1 });
          });
        };

        if (tag === "ol" || UNORDERED_LISTS.has(tag)) {
          const ordered = tag === "ol";
          const reversed = ordered && attr(node, "reversed") !== undefined;
          const startAttr = ordered ? Number.parseInt(attr(node, "start") ?? "", 10) : Number.NaN;
          const start = Number.isFinite(startAttr)
            ? startAttr
            : reversed
              ? node.childNodes.filter((c) => isElement(c) && c.tagName === "li").length
              : 1;
          lists.push({ ordered, next: start, step: reversed ? -1 : 1 });
          exits.push(() => {
            lists.pop();
          });
          container("list", ordered);
        }

        if (tag === "li") {
          const list = lists.at(-1);
          let marker = "• ";
          if (list?.ordered) {
            const valueAttr = Number.parseInt(attr(node, "value") ?? "", 10);
            const n = Number.isFinite(valueAttr) ? valueAttr : list.next;
            list.next = n + list.step;
            marker = `${n}. `;
          }
          items.push({ marker, indent: "  ".repeat(items.length), used: false });
          exits.push(() => {
            items.pop();
          });
          container("listItem");
        }

        if (tag === "blockquote") container("quote");

        if (tag === "tr") {
          const row: Row = { cells: [] };
          rows.push(row);
          exits.push(() => {
            rows.pop();
            if (row.cells.every((c) => c.s === "")) {
              const marks = row.cells.flatMap((c) => c.marks);
              if (savedForCells.length > 0) for (const m of marks) segments.push({ kind: "mark", id: m.id, open: m.open });
              else orphan(marks);
              return;
            }
            const text = T.trim(T.join(row.cells, " | "));
            if (savedForCells.length > 0) {
              // A table nested inside a table cell: the row becomes part of the outer cell.
              segments.push({ kind: "soft" }, { kind: "text", value: text.s, pre: false, marks: text.marks }, { kind: "soft" });
            } else {
              emit(text, false);
            }
          });
        }

        if ((tag === "td" || tag === "th") && rows.length > 0) {
          const row = rows.at(-1)!;
          savedForCells.push(segments);
          segments = [];
          exits.push(() => {
            const cell = T.trim(T.replace(renderSegments(segments).t, /\s*\n\s*/g, " "));
            segments = savedForCells.pop()!;
            row.cells.push(cell);
          });
        }

        if (tag === "h1") {
          const start = paragraphs.length;
          exits.push(() => {
            if (firstH1 === undefined && paragraphs.length > start) {
              const heading = paragraphs
                .slice(start)
                .map((p) => p.s.trim())
                .join(" ");
              if (heading) firstH1 = heading;
            }
          });
        }

        const level = HEADING_LEVEL[tag];
        if (level !== undefined) {
          headings.push(level);
          exits.push(() => {
            headings.pop();
          });
        }

        if ((tag === "em" || tag === "i") && emphasisDepth === 0) {
          emphasisDepth++;
          openInline({ type: "emphasis", id: nextId++ }, exits, () => emphasisDepth--);
        } else if ((tag === "strong" || tag === "b") && strongDepth === 0) {
          strongDepth++;
          openInline({ type: "strong", id: nextId++ }, exits, () => strongDepth--);
        }

        if (tag === "sup" && citationDepth === 0) {
          const text = shortText(node, 16);
          const target = firstHashLink(node);
          const digits = text === null ? null : DIGITS_MARKER.exec(text);
          if (text !== null && (target ? MARKER_TEXT.test(text) : digits !== null)) {
            citationDepth++;
            const label = cleanLabel(text.replace(/^[[(]\s*|\s*[\])]$/g, ""), STRUCTURE_LIMITS.maxLabelLength);
            openInline({ type: "citation", id: nextId++, label, target, needsPunctuation: !target && !digits?.[1] }, exits, () => citationDepth--);
          }
        }

        if (tag === "a") {
          const href = attr(node, "href") ?? "";
          const target = fragmentId(href.trim());
          if (target) {
            if (citationDepth === 0 && isNoteRefLink(node)) {
              const text = shortText(node, 16);
              if (text && !BACKLINK_TEXT.test(text) && MARKER_TEXT.test(text)) {
                citationDepth++;
                const label = cleanLabel(text.replace(/^[[(]\s*|\s*[\])]$/g, ""), STRUCTURE_LIMITS.maxLabelLength);
                openInline({ type: "citation", id: nextId++, label, target, needsPunctuation: false }, exits, () => citationDepth--);
              }
            }
          } else {
            const url = safeLinkUrl(href, base);
            if (url) openInline({ type: "link", id: nextId++, url }, exits);
          }
        }

        // An element an in-page link points at: a note, if a citation marker points at it.
        const elementId = attr(node, "id") ?? (tag === "a" ? attr(node, "name") : undefined);
        if (elementId !== undefined && hashTargets.has(elementId) && !blockTargets.has(elementId)) {
          if (isBlock) {
            const first = paragraphs.length;
            exits.push(() => {
              if (paragraphs.length > first && !blockTargets.has(elementId)) blockTargets.set(elementId, { first, last: paragraphs.length - 1 });
            });
          } else {
            openInline({ type: "target", id: nextId++, target: elementId }, exits);
          }
        }
      }
    }

    for (const exit of exits) stack.push({ exit });
    if (closesBlock) stack.push({ exit: boundary });
    const children = (node as ParentNode).childNodes ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i] });
  }
  boundary();

  let all = T.join(paragraphs, "\n\n");
  all = T.replace(all, /\r\n?/g, "\n"); // from character references such as &#13;
  all = T.replace(all, /\n(?:[ \t]*\n){2,}/g, "\n\n"); // at most one blank line in a row
  all = T.trim(all);

  const ranges = rangesFromMarks(all, nextId, paras, containers, inlines, blockTargets);
  const out: HtmlExtraction = { text: all.s, ranges, page };
  const titleElement = findTitleElement(doc);
  if (titleElement !== undefined) out.titleElement = titleElement;
  if (firstH1 !== undefined) out.firstH1 = firstH1;
  return out;
}

function rangesFromMarks(
  all: T.Tracked,
  idCount: number,
  paras: readonly Para[],
  containers: readonly Container[],
  inlines: readonly Inline[],
  blockTargets: ReadonlyMap<string, { first: number; last: number }>,
): Utf16Range[] {
  const opens = new Float64Array(idCount).fill(-1);
  const closes = new Float64Array(idCount).fill(-1);
  for (const m of all.marks) (m.open ? opens : closes)[m.id] = m.pos;

  const ranges: Utf16Range[] = [];
  const leafStarts: number[] = [];
  const leafEnds: number[] = [];
  for (const p of paras) {
    const start = opens[p.id];
    const end = closes[p.id + 3];
    leafStarts.push(start);
    leafEnds.push(end);
    if (p.kind === "heading") ranges.push({ type: "heading", start, end, level: p.level });
    else ranges.push({ type: p.kind, start, end });
  }
  for (const c of containers) {
    const start = opens[paras[c.first].id + 1];
    const end = closes[paras[c.last].id + 3];
    if (c.type === "list") ranges.push({ type: "list", start, end, ordered: c.ordered });
    else ranges.push({ type: c.type, start, end });
  }

  // Notes: the targets that citation markers point at.
  const targetSpans = new Map<string, { start: number; end: number }>();
  for (const [id, b] of blockTargets) targetSpans.set(id, { start: opens[paras[b.first].id + 2], end: closes[paras[b.last].id + 3] });
  for (const inline of inlines) {
    if (inline.type !== "target" || targetSpans.has(inline.target)) continue;
    const start = opens[inline.id];
    if (start < 0) continue;
    // An inline anchor (<a name="fn1">, <span id="fn1">): the note runs to the end of its paragraph.
    const leaf = lastAtOrBefore(leafStarts, start);
    if (leaf >= 0 && leafEnds[leaf] > start) targetSpans.set(inline.target, { start, end: leafEnds[leaf] });
  }

  const citations: Array<{ start: number; end: number; label: string; target: string | null }> = [];
  for (const inline of inlines) {
    const start = opens[inline.id];
    if (start < 0) continue;
    if (inline.type === "image") {
      ranges.push({ type: "image", start, end: start, alt: inline.alt });
      continue;
    }
    const end = closes[inline.id];
    if (end <= start) continue;
    if (inline.type === "emphasis" || inline.type === "strong") ranges.push({ type: inline.type, start, end });
    else if (inline.type === "link") ranges.push({ type: "link", start, end, url: inline.url });
    else if (inline.type === "citation") {
      // A bare superscript number counts only after punctuation ("claim.³"), not in "mc²".
      if (inline.needsPunctuation && start > 0 && /[\p{L}\p{N}]/u.test(all.s[start - 1])) continue;
      citations.push({ start, end, label: inline.label, target: inline.target });
    }
  }

  const noteIds = new Map<string, string>();
  const referenced = [...new Set(citations.map((c) => c.target).filter((t): t is string => t !== null && targetSpans.has(t)))];
  referenced.sort((a, b) => targetSpans.get(a)!.start - targetSpans.get(b)!.start);
  referenced.forEach((target, i) => noteIds.set(target, `n${i + 1}`));
  for (const target of referenced) {
    const span = targetSpans.get(target)!;
    const label = citations.find((c) => c.target === target)!.label;
    ranges.push({ type: "note", start: span.start, end: span.end, id: noteIds.get(target)!, label });
  }
  for (const c of citations) {
    const range: Utf16Range = { type: "citation", start: c.start, end: c.end, label: c.label };
    const note = c.target === null ? undefined : noteIds.get(c.target);
    if (note) range.note = note;
    ranges.push(range);
  }
  return ranges;
}

/** Index of the last value <= x in an ascending array, or -1. */
function lastAtOrBefore(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
