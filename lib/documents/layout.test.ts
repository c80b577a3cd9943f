import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { paragraphs, readsPerLine } from "@/lib/anchoring/segments";
import { extractText } from "./extract";
import { followableUrl, layoutBlocks, layoutInline, outlineOf, type Block, type Inline, type InlineRange, type LeafBlock } from "./layout";
import { plainTextStructure } from "./plain-structure";
import type { StructureRange } from "./structure";

function layout(text: string, ranges: readonly StructureRange[], length?: number) {
  const index = new CodePointIndex(text);
  const upTo = length ?? index.length;
  const part = new CodePointIndex(index.slice(0, upTo));
  return {
    index,
    blocks: layoutBlocks({
      ranges,
      length: upTo,
      paragraphs: paragraphs(part, { perLine: readsPerLine(text) }),
      trim: (start, end) => {
        const piece = index.slice(start, end);
        const body = piece.trim();
        if (!body) return null;
        const from = start + Array.from(piece.slice(0, piece.length - piece.trimStart().length)).length;
        return { start: from, end: from + Array.from(body).length };
      },
    }),
  };
}

function leaves(blocks: readonly Block[]): LeafBlock[] {
  return blocks.flatMap((b) => (b.kind === "leaf" ? [b] : leaves(b.children)));
}

/** The text pieces of a leaf, in order, as [start, end] pairs. */
function pieces(nodes: readonly Inline[]): Array<[number, number]> {
  return nodes.flatMap((n) => (n.kind === "text" ? [[n.start, n.end] as [number, number]] : pieces(n.children)));
}

/** Every leaf's pieces tile it exactly, leaves are in order without overlap, and only whitespace lies between them. */
function expectTiles(text: string, blocks: readonly Block[]) {
  const index = new CodePointIndex(text);
  let at = 0;
  for (const leaf of leaves(blocks)) {
    expect(leaf.start).toBeGreaterThanOrEqual(at);
    expect(index.slice(at, leaf.start).trim()).toBe("");
    let pos = leaf.start;
    for (const [s, e] of pieces(leaf.children)) {
      expect(s).toBe(pos);
      expect(e).toBeGreaterThan(s);
      pos = e;
    }
    expect(pos).toBe(leaf.end);
    at = leaf.end;
  }
  expect(index.slice(at, index.length).trim()).toBe("");
}

const dock = fs.readFileSync(path.join("e2e", "fixtures", "dock-strike-article.html"));

describe("layoutBlocks", () => {
  const extracted = extractText({ bytes: dock, fileName: "dock.html", boilerplate: "drop" });
  if (!extracted.ok) throw new Error(extracted.message);
  const { text, structure } = extracted;

  it("lays an uploaded page out as headings (h2 for the top level), paragraphs and a list of items, covering every character", () => {
    const { blocks, index } = layout(text, structure.ranges);
    expectTiles(text, blocks);
    const top = blocks.map((b) => (b.kind === "leaf" ? `${b.type}${b.level ?? ""}` : b.range.type));
    expect(top).toEqual(["heading2", "paragraph", "heading3", "paragraph", "list", "paragraph", "heading3", "paragraph", "heading3", "list"]);
    const list = blocks[4];
    expect(list.kind === "container" && list.children.map((c) => (c.kind === "container" ? c.range.type : c.type))).toEqual(["listItem", "listItem", "listItem"]);
    expect(outlineOf(blocks, (s, e) => index.slice(s, e)).map((h) => [h.id, h.level])).toEqual([
      ["h-dockworkers-walk-out-over-pay", 2],
      ["h-what-the-union-demands", 3],
      ["h-the-port-authority-s-answer", 3],
      ["h-notes", 3],
    ]);
  });

  it("puts the link, the emphasis, the citation marker and the note inside their leaves", () => {
    const { blocks, index } = layout(text, structure.ranges);
    const inlineOf = (type: string) =>
      leaves(blocks).flatMap((l) => {
        const walk = (nodes: readonly Inline[]): Array<{ range: InlineRange; start: number; end: number }> =>
          nodes.flatMap((n) => (n.kind === "inline" ? [...(n.range.type === type ? [n] : []), ...walk(n.children)] : []));
        return walk(l.children);
      });
    expect(inlineOf("link").map((n) => index.slice(n.start, n.end))).toEqual(["the union's website"]);
    expect(inlineOf("emphasis").map((n) => index.slice(n.start, n.end))).toEqual(["new"]);
    expect(inlineOf("citation").map((n) => index.slice(n.start, n.end))).toEqual(["[1]"]);
    expect(inlineOf("note").map((n) => index.slice(n.start, n.end))).toEqual(["Union statement of 6 May 2024, read out at the north gate."]);
  });

  it("lays out only the loaded part of a long text, cutting the leaf that straddles it", () => {
    const cut = 300;
    const { blocks } = layout(text, structure.ranges, cut);
    const all = leaves(blocks);
    expect(all.at(-1)!.end).toBeLessThanOrEqual(cut);
    expect(all.every((l) => l.end <= cut)).toBe(true);
  });

  it("lays a seed out as its paragraphs with every citation marker inside them", () => {
    const seed = fs.readFileSync(path.join("seeds", "anti-stalinist-left-wikipedia.txt"), "utf8");
    const s = plainTextStructure(seed);
    const { blocks } = layout(seed, s.ranges);
    expectTiles(seed, blocks);
    let cites = 0;
    const count = (nodes: readonly Inline[]) => nodes.forEach((n) => n.kind === "inline" && (n.range.type === "citation" && cites++, count(n.children)));
    leaves(blocks).forEach((l) => count(l.children));
    expect(cites).toBe(107);
  });

  it("lays out the same blocks without the paragraph ranges that are plain paragraphs (what the page leaves out of its payload)", () => {
    const seed = fs.readFileSync(path.join("seeds", "anti-stalinist-left-wikipedia.txt"), "utf8");
    for (const [t, ranges] of [
      [text, structure.ranges],
      [seed, plainTextStructure(seed).ranges],
    ] as const) {
      const plain = new Set(paragraphs(new CodePointIndex(t), { perLine: readsPerLine(t) }).map((p) => `${p.start}:${p.end}`));
      const fewer = ranges.filter((r) => !(r.type === "paragraph" && plain.has(`${r.start}:${r.end}`)));
      expect(fewer.length).toBeLessThan(ranges.length);
      expect(layout(t, fewer).blocks).toEqual(layout(t, ranges).blocks);
    }
  });

  it("survives an untidy structure: overlapping leaves, text no leaf covers, crossing containers", () => {
    const t = "Alpha beta gamma.\n\nDelta epsilon.\n\nZeta eta theta.";
    const ranges: StructureRange[] = [
      { type: "paragraph", start: 0, end: 10 },
      { type: "heading", start: 5, end: 17, level: 4 }, // overlaps the paragraph: skipped
      { type: "quote", start: 11, end: 25 }, // crosses the next container
      { type: "list", start: 19, end: 49, ordered: false },
      { type: "paragraph", start: 19, end: 33 },
    ];
    const { blocks } = layout(t, ranges);
    expectTiles(t, blocks);
    expect(leaves(blocks).map((l) => [l.start, l.end])).toEqual([
      [0, 10],
      [11, 17],
      [19, 33],
      [35, 50],
    ]);
  });
});

describe("layoutInline", () => {
  it("splits a range that crosses the end of an enclosing one, and keeps an empty image in place", () => {
    const ranges: InlineRange[] = [
      { type: "link", start: 0, end: 10, url: "https://example.org/" },
      { type: "emphasis", start: 5, end: 15 },
      { type: "image", start: 12, end: 12, alt: "a chart" },
    ];
    const tree = layoutInline(0, 20, ranges);
    const shape = (nodes: readonly Inline[]): unknown[] =>
      nodes.map((n) => (n.kind === "text" ? `${n.start}-${n.end}` : { [n.range.type]: `${n.start}-${n.end}`, children: shape(n.children) }));
    expect(shape(tree)).toEqual([
      { link: "0-10", children: ["0-5", { emphasis: "5-10", children: ["5-10"] }] },
      { emphasis: "10-15", children: ["10-12", { image: "12-12", children: [] }, "12-15"] },
      "15-20",
    ]);
  });
});

describe("followableUrl", () => {
  it("keeps http(s) and mailto links only", () => {
    expect(followableUrl("https://example.org/a?b#c")).toBe("https://example.org/a?b#c");
    expect(followableUrl("mailto:desk@example.org")).toBe("mailto:desk@example.org");
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>", "vbscript:x", "/relative", "ftp://example.org/"]) {
      expect(followableUrl(bad)).toBeNull();
    }
  });
});
