// A deterministic corpus of generated HTML and Markdown sources that exercises every rule of the
// text extraction (blocks, lists, tables, <pre>, hidden content, whitespace, entities, links,
// footnotes, images). `extract-golden.json` holds the SHA-256 of what the extractor produced for
// each of them before the structure layer existed; the test proves the stored text never changed.

import { rng } from "@/lib/testing/rng"; // the same corpus on every machine

const WORDS = [
  "claim", "Stalin", "the", "report", "café", "“quoted”", "—", "1924", "42%", "according", "to", "said", "😀", "𝐀",
  "e\u0301", "and", "of", "history", "I", "think", "terrible", "[12]", "[edit]", "Mr.", "U.S.", "a.m.", "&amp;", "&lt;b&gt;",
  "&#13;", "&nbsp;", "&#x1F600;", "x\u00a0y", "tab\there", "line\nbreak", "  spaced  ", "\u2028", "\u3000", "¹", "m²",
];

const INLINE_TAGS = ["em", "i", "strong", "b", "span", "sup", "sub", "code", "u", "mark", "cite", "q", "small", "abbr"];
const BLOCK_TAGS = ["p", "div", "section", "article", "blockquote", "h1", "h2", "h3", "h4", "header", "footer", "nav", "aside", "main", "figure", "figcaption", "address", "details", "summary", "center", "dd", "dt"];
const HREFS = [
  "https://example.org/a?b=1&amp;c=2",
  "http://example.com",
  "mailto:someone@example.org",
  "javascript:alert(1)",
  " JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "#cite_note-3",
  "#fn1",
  "/relative/path",
  "//example.net/protocol-relative",
  "https://" + "x".repeat(2100) + ".org",
];

export interface CorpusCase {
  name: string;
  format: "html" | "markdown";
  source: string;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function words(r: () => number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pick(r, WORDS));
  const sep = pick(r, [" ", " ", " ", "  ", "\n", "\t", ""]);
  return out.join(sep);
}

function inline(r: () => number, depth: number): string {
  const roll = r();
  if (depth > 3 || roll < 0.35) return words(r, 1 + Math.floor(r() * 6));
  if (roll < 0.5) {
    const tag = pick(r, INLINE_TAGS);
    return `<${tag}>${inline(r, depth + 1)}</${tag}>`;
  }
  if (roll < 0.62) return `<a href="${pick(r, HREFS)}"${r() < 0.2 ? ' onclick="alert(1)"' : ""}>${inline(r, depth + 1)}</a>`;
  if (roll < 0.68) return `<sup class="reference"><a href="#cite_note-${1 + Math.floor(r() * 5)}">[${1 + Math.floor(r() * 5)}]</a></sup>`;
  if (roll < 0.72) return `<img src="x.png" alt="${pick(r, ["A map", "", "logo", "x".repeat(40)])}"${r() < 0.3 ? " onerror=alert(1)" : ""}>`;
  if (roll < 0.76) return "<br>";
  if (roll < 0.79) return `<script>document.write("LEAK")</script>`;
  if (roll < 0.82) return `<span hidden>HIDDEN</span>`;
  if (roll < 0.84) return `<span style="display: none">NONE</span>`;
  if (roll < 0.86) return `<input value="INPUT"><button>BUTTON</button>`;
  return `${inline(r, depth + 1)} ${inline(r, depth + 1)}`;
}

function block(r: () => number, depth: number): string {
  const roll = r();
  if (depth > 4 || roll < 0.3) return `<p${r() < 0.1 ? ' id="cite_note-' + (1 + Math.floor(r() * 5)) + '"' : ""}>${inline(r, 0)}</p>`;
  if (roll < 0.45) {
    const tag = pick(r, BLOCK_TAGS);
    const n = 1 + Math.floor(r() * 3);
    let inner = "";
    for (let i = 0; i < n; i++) inner += r() < 0.5 ? block(r, depth + 1) : inline(r, 0);
    return `<${tag}>${inner}</${tag}>`;
  }
  if (roll < 0.6) {
    const ordered = r() < 0.5;
    const attrs = ordered ? pick(r, ["", ' start="5"', " reversed", ' start="x"']) : "";
    let items = "";
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      const value = ordered && r() < 0.15 ? ' value="9"' : "";
      const id = r() < 0.15 ? ` id="fn${i}"` : "";
      items += `<li${value}${id}>${r() < 0.3 ? block(r, depth + 1) : inline(r, 0)}${r() < 0.2 ? block(r, depth + 1) : ""}</li>`;
    }
    const tag = ordered ? "ol" : pick(r, ["ul", "menu", "dir"]);
    return `<${tag}${attrs}>${items}</${tag}>`;
  }
  if (roll < 0.7) {
    let rows = "";
    const n = 1 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) {
      let cells = "";
      const m = 1 + Math.floor(r() * 3);
      for (let j = 0; j < m; j++) cells += `<${r() < 0.2 ? "th" : "td"}>${r() < 0.15 ? block(r, depth + 1) : inline(r, 0)}</td>`;
      rows += `<tr>${cells}</tr>`;
    }
    return `<table>${r() < 0.3 ? "<caption>Cap</caption>" : ""}${rows}</table>`;
  }
  if (roll < 0.78) return `<pre>${pick(r, ["\n", "", "  "])}${words(r, 4)}\n\n\n  ${inline(r, 2)}\n</pre>`;
  if (roll < 0.82) return `<div style="visibility: hidden">${block(r, depth + 1)}</div>`;
  if (roll < 0.86) return `<hr>`;
  if (roll < 0.9) return `<dl><dt>${inline(r, 1)}</dt><dd>${inline(r, 1)}</dd></dl>`;
  return inline(r, 0);
}

function htmlDocument(r: () => number): string {
  const head = r() < 0.6 ? `<head><title>${words(r, 3)}</title><meta name="author" content="${words(r, 2)}"></head>` : "";
  let body = "";
  const n = 1 + Math.floor(r() * 8);
  for (let i = 0; i < n; i++) body += block(r, 0) + pick(r, ["", "\n", "  ", " text between "]);
  return r() < 0.5 ? `<!doctype html><html>${head}<body>${body}</body></html>` : body;
}

const MD_LINES = [
  "# Heading one",
  "## Heading *two*",
  "Setext\n===",
  "Some *emphasis* and **strong** and `code`.",
  "A [link](https://example.org \"t\") and [bad](javascript:alert(1)) and <https://auto.example>.",
  "- item one\n- item two\n  - nested",
  "1. one\n2. two",
  "> quoted\n> more",
  "```\ncode   kept\n\n\n  indented\n```",
  "    indented code",
  "A claim.[^1]\n\n[^1]: The note.",
  "![alt text](img.png) inline image",
  "<script>alert(1)</script>",
  "<div hidden>HIDDEN</div>",
  "Text with a trailing marker. [3]",
  "| a | b |\n|---|---|\n| 1 | 2 |",
  "---",
  "Line one  \nline two (hard break)",
  "café 😀 e\u0301 \u00a0nbsp",
];

function markdownDocument(r: () => number): string {
  const n = 1 + Math.floor(r() * 8);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(pick(r, MD_LINES));
  return parts.join(pick(r, ["\n\n", "\n", "\r\n\r\n"]));
}

export function generatedCorpus(): CorpusCase[] {
  const r = rng(20_171_127);
  const out: CorpusCase[] = [];
  for (let i = 0; i < 400; i++) out.push({ name: `html-${i}`, format: "html", source: htmlDocument(r) });
  for (let i = 0; i < 150; i++) out.push({ name: `md-${i}`, format: "markdown", source: markdownDocument(r) });
  return out;
}
