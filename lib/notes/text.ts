/**
 * Conversions between notes and plain text / HTML.
 *
 * HTML is the dangerous direction both ways: exported HTML (W3C bodies with format
 * text/html) is built by a tiny serializer that escapes everything and emits a fixed set of
 * tags; imported HTML is parsed with a real HTML parser (parse5, the same algorithm browsers
 * use) and only the allowed structure is kept, everything else is reduced to its text.
 */
import { html as parse5Html, parseFragment, type DefaultTreeAdapterTypes } from "parse5";
import {
  emptyNote,
  NOTE_MAX_DEPTH,
  safeHref,
  type NoteBlock,
  type NoteDoc,
  type NoteInline,
  type NoteListItem,
  type NoteMark,
  type NoteParagraph,
} from "./schema";

type Parse5Node = DefaultTreeAdapterTypes.ChildNode;
type Parse5Element = DefaultTreeAdapterTypes.Element;

// ---------------------------------------------------------------------------------------
// Plain text
// ---------------------------------------------------------------------------------------

function inlineText(content: NoteInline[] | undefined): string {
  return (content ?? []).map((n) => (n.type === "text" ? n.text : "\n")).join("");
}

function blockLines(block: NoteBlock): string[] {
  switch (block.type) {
    case "paragraph":
      return inlineText(block.content).split("\n");
    case "blockquote":
      return block.content.flatMap(blockLines);
    case "bulletList":
    case "orderedList": {
      const start = block.type === "orderedList" ? (block.attrs?.start ?? 1) : 0;
      return block.content.flatMap((item, i) => {
        const prefix = block.type === "bulletList" ? "• " : `${start + i}. `;
        // Continuation lines are indented under the item text so nesting stays readable.
        const pad = " ".repeat(prefix.length);
        return item.content.flatMap(blockLines).map((line, j) => (j === 0 ? prefix + line : line && pad + line));
      });
    }
  }
}

/** Plain text for search, previews and text/plain export. */
export function noteToPlainText(doc: NoteDoc): string {
  return doc.content.flatMap(blockLines).join("\n");
}

/** Blank lines separate paragraphs; a single newline becomes a hard break. */
export function plainTextToNote(text: string): NoteDoc {
  const trimmed = text.replace(/\r\n?/g, "\n").replace(/^\s*\n|\n\s*$/g, "");
  const paragraphs: NoteParagraph[] = [];
  for (const para of trimmed.split(/\n[ \t]*\n(?:[ \t]*\n)*/)) {
    if (para.trim() === "") continue;
    const content: NoteInline[] = [];
    para.split("\n").forEach((line, i) => {
      if (i > 0) content.push({ type: "hardBreak" });
      if (line !== "") content.push({ type: "text", text: line });
    });
    paragraphs.push({ type: "paragraph", content });
  }
  return paragraphs.length > 0 ? { type: "doc", content: paragraphs } : emptyNote();
}

// ---------------------------------------------------------------------------------------
// HTML export
// ---------------------------------------------------------------------------------------

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

// Links outermost so that a link spanning bold and plain text stays one <a>.
const MARK_ORDER: Record<NoteMark["type"], number> = { link: 0, bold: 1, italic: 2 };

function canonicalMarks(marks: readonly NoteMark[] | undefined): NoteMark[] {
  return (marks ?? []).filter((m) => m.type !== "link" || safeHref(m.attrs.href) !== null).sort((a, b) => MARK_ORDER[a.type] - MARK_ORDER[b.type]);
}

function sameMark(a: NoteMark, b: NoteMark): boolean {
  return a.type === b.type && (a.type !== "link" || (b.type === "link" && a.attrs.href === b.attrs.href));
}

function openTag(mark: NoteMark): string {
  if (mark.type === "bold") return "<strong>";
  if (mark.type === "italic") return "<em>";
  return `<a href="${escapeHtml(safeHref(mark.attrs.href) ?? "")}" rel="nofollow noopener noreferrer">`;
}

function closeTag(mark: NoteMark): string {
  return mark.type === "bold" ? "</strong>" : mark.type === "italic" ? "</em>" : "</a>";
}

function inlineHtml(content: NoteInline[] | undefined): string {
  let html = "";
  const open: NoteMark[] = [];
  for (const node of content ?? []) {
    if (node.type === "hardBreak") {
      html += "<br>";
      continue;
    }
    // Keep marks shared with the previous text open; close and reopen only what changed.
    const wanted = canonicalMarks(node.marks);
    let keep = 0;
    while (keep < open.length && keep < wanted.length && sameMark(open[keep], wanted[keep])) keep++;
    while (open.length > keep) html += closeTag(open.pop()!);
    for (const mark of wanted.slice(keep)) {
      html += openTag(mark);
      open.push(mark);
    }
    html += escapeHtml(node.text);
  }
  while (open.length > 0) html += closeTag(open.pop()!);
  return html;
}

function blockHtml(block: NoteBlock): string {
  switch (block.type) {
    case "paragraph":
      return `<p>${inlineHtml(block.content)}</p>`;
    case "blockquote":
      return `<blockquote>${block.content.map(blockHtml).join("")}</blockquote>`;
    case "bulletList":
      return `<ul>${block.content.map(listItemHtml).join("")}</ul>`;
    case "orderedList": {
      const start = block.attrs?.start ?? 1;
      const attr = start !== 1 ? ` start="${escapeHtml(String(start))}"` : "";
      return `<ol${attr}>${block.content.map(listItemHtml).join("")}</ol>`;
    }
  }
}

function listItemHtml(item: NoteListItem): string {
  return `<li>${item.content.map(blockHtml).join("")}</li>`;
}

/** HTML body for export; every text and attribute value is escaped. */
export function noteToHtml(doc: NoteDoc): string {
  return doc.content.map(blockHtml).join("");
}

// ---------------------------------------------------------------------------------------
// HTML import
// ---------------------------------------------------------------------------------------

// Their content is code or data, not text a reader wrote.
const DROPPED = new Set(["script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed", "head", "title", "meta", "link"]);
// Elements that start a new paragraph; their content is kept as text.
const BLOCK_BOUNDARIES = new Set([
  "p", "div", "section", "article", "aside", "header", "footer", "main", "nav", "figure", "figcaption",
  "address", "details", "summary", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "tr", "dl", "dt",
  "dd", "hr", "li", "ul", "ol", "blockquote", "center", "form", "fieldset", "body", "html",
]);
// Beyond this element depth, subtrees are flattened to text with an explicit stack, so a
// hostile deeply nested document cannot overflow the call stack.
const MAX_DOM_DEPTH = 100;

type Ctx = { marks: NoteMark[]; pre: boolean; depth: number; domDepth: number };

function isElement(node: Parse5Node): node is Parse5Element {
  return "tagName" in node;
}

function isHtml(el: Parse5Element): boolean {
  return el.namespaceURI === parse5Html.NS.HTML;
}

function attr(el: Parse5Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name && !a.namespace)?.value;
}

function withMark(marks: NoteMark[], mark: NoteMark): NoteMark[] {
  return canonicalMarks([...marks.filter((m) => m.type !== mark.type), mark]);
}

function textOf(root: Parse5Node): string {
  let text = "";
  const stack: Parse5Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeName === "#text") text += (node as DefaultTreeAdapterTypes.TextNode).value;
    else if (isElement(node) && !DROPPED.has(node.nodeName)) stack.push(...[...node.childNodes].reverse());
  }
  return text;
}

/** Collects blocks for one container, gathering loose inline content into paragraphs. */
class BlockCollector {
  readonly blocks: NoteBlock[] = [];
  private inline: NoteInline[] = [];

  text(value: string, ctx: Ctx): void {
    if (ctx.pre) {
      value.split("\n").forEach((line, i) => {
        if (i > 0) this.hardBreak();
        if (line) this.inline.push({ type: "text", text: line, marks: ctx.marks });
      });
      return;
    }
    let text = value.replace(/[ \t\n\r\f]+/g, " ");
    const prev = this.inline[this.inline.length - 1];
    const afterSpace = !prev || prev.type === "hardBreak" || prev.text.endsWith(" ");
    if (afterSpace && text.startsWith(" ")) text = text.slice(1);
    if (text) this.inline.push({ type: "text", text, marks: ctx.marks });
  }

  hardBreak(): void {
    this.inline.push({ type: "hardBreak" });
  }

  block(block: NoteBlock): void {
    this.flush();
    this.blocks.push(block);
  }

  /** Ends the current paragraph; `keepEmpty` keeps an explicit empty <p>. */
  flush(keepEmpty = false): void {
    const content: NoteInline[] = [];
    this.inline.forEach((node, i) => {
      if (node.type === "hardBreak") return void content.push(node);
      let text = node.text;
      // Whitespace at the edges of a line is not rendered by HTML either.
      const next = this.inline[i + 1];
      if (!next || next.type === "hardBreak") text = text.replace(/ +$/, "");
      const prev = content[content.length - 1];
      if (prev?.type === "text" && JSON.stringify(prev.marks ?? []) === JSON.stringify(node.marks ?? [])) {
        prev.text += text;
      } else if (text) {
        content.push(node.marks?.length ? { type: "text", text, marks: node.marks } : { type: "text", text });
      }
    });
    this.inline = [];
    const visible = content.some((n) => n.type === "hardBreak" || n.text.trim() !== "");
    if (visible) this.blocks.push({ type: "paragraph", content });
    else if (keepEmpty) this.blocks.push({ type: "paragraph" });
  }
}

function walk(nodes: Parse5Node[], out: BlockCollector, ctx: Ctx): void {
  for (const node of nodes) {
    if (node.nodeName === "#text") {
      out.text((node as DefaultTreeAdapterTypes.TextNode).value, ctx);
      continue;
    }
    if (!isElement(node) || DROPPED.has(node.nodeName)) continue; // comments, doctypes, code
    if (!isHtml(node) || ctx.domDepth >= MAX_DOM_DEPTH) {
      // SVG/MathML and over-deep subtrees: their text only.
      out.text(textOf(node), ctx);
      continue;
    }
    const inner: Ctx = { ...ctx, domDepth: ctx.domDepth + 1 };
    const tag = node.nodeName;
    if (tag === "br") out.hardBreak();
    else if (tag === "strong" || tag === "b") walk(node.childNodes, out, { ...inner, marks: withMark(ctx.marks, { type: "bold" }) });
    else if (tag === "em" || tag === "i") walk(node.childNodes, out, { ...inner, marks: withMark(ctx.marks, { type: "italic" }) });
    else if (tag === "a") {
      const href = safeHref(attr(node, "href"));
      const marks = href ? withMark(ctx.marks, { type: "link", attrs: { href } }) : ctx.marks.filter((m) => m.type !== "link");
      walk(node.childNodes, out, { ...inner, marks });
    } else if ((tag === "ul" || tag === "ol") && ctx.depth + 4 <= NOTE_MAX_DEPTH) {
      const items = listItems(node, inner);
      if (items.length === 0) continue;
      const start = tag === "ol" ? Number(attr(node, "start")?.trim()) : 1;
      const hasStart = Number.isInteger(start) && start > 1 && start <= 1_000_000;
      out.block(tag === "ul" ? { type: "bulletList", content: items } : hasStart ? { type: "orderedList", attrs: { start }, content: items } : { type: "orderedList", content: items });
    } else if (tag === "blockquote" && ctx.depth + 3 <= NOTE_MAX_DEPTH) {
      const quoted = new BlockCollector();
      walk(node.childNodes, quoted, { ...inner, marks: [], pre: false, depth: ctx.depth + 1 });
      quoted.flush();
      if (quoted.blocks.length > 0) out.block({ type: "blockquote", content: quoted.blocks });
      else out.flush();
    } else if (BLOCK_BOUNDARIES.has(tag)) {
      // Includes lists and quotes nested too deep to keep: they become plain paragraphs.
      out.flush();
      walk(node.childNodes, out, tag === "pre" ? { ...inner, pre: true } : inner);
      out.flush(tag === "p");
    } else {
      // Any other element (span, u, code, img, …) contributes only its text.
      walk(node.childNodes, out, inner);
    }
  }
}

function listItems(list: Parse5Element, ctx: Ctx): NoteListItem[] {
  const items: NoteListItem[] = [];
  for (const child of list.childNodes) {
    if (child.nodeName === "#text" && !(child as DefaultTreeAdapterTypes.TextNode).value.trim()) continue;
    // Stray content directly inside a list becomes an item of its own.
    const isItem = isElement(child) && child.nodeName === "li" && isHtml(child);
    const collector = new BlockCollector();
    walk(isItem ? child.childNodes : [child], collector, { ...ctx, marks: [], pre: false, depth: ctx.depth + 2 });
    collector.flush();
    if (collector.blocks.length === 0 && !isItem) continue; // an explicit empty <li> is kept
    const [first, ...rest] = collector.blocks;
    items.push({
      type: "listItem",
      content: first?.type === "paragraph" ? [first, ...rest] : [{ type: "paragraph" }, ...collector.blocks],
    });
  }
  return items;
}

/**
 * Parses untrusted HTML (imported W3C bodies, pasted notes) into a note with only the
 * allowed structure. The result is structurally valid; size limits are still enforced by
 * `parseNote`, which callers run before storing.
 */
export function htmlToNote(html: string): NoteDoc {
  const out = new BlockCollector();
  walk(parseFragment(html).childNodes, out, { marks: [], pre: false, depth: 1, domDepth: 0 });
  out.flush();
  return out.blocks.length > 0 ? { type: "doc", content: out.blocks } : emptyNote();
}
