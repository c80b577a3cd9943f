// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from "vitest";
import { CodePointIndex } from "./codepoints";
import { pointToCodePoint, rangeToSpan, spansToRanges, spanToRange } from "./dom";
import { splitDocument } from "./segments";

const P1 = "“Café” — 😀 and 𝐀𝐁.";
const P2 = "Second 𝒜 e\u0301 – end\nline two.";
const P3 = "Third.";
const TEXT = `${P1}\n\n${P2}\n\n\n${P3}`;
const index = new CodePointIndex(TEXT);
const cpOf = (s: string) => index.toCodePoint(TEXT.indexOf(s));
const SPANS = [
  { id: "emoji", start: cpOf("😀"), end: cpOf("😀") + 1 },
  { id: "math", start: cpOf("𝐀𝐁"), end: cpOf("𝐀𝐁") + 2 },
  { id: "cross", start: cpOf("and"), end: cpOf("𝒜") },
];

let root: HTMLElement;
let before: HTMLElement;
let after: HTMLElement;

// Renders the way the reader does: paragraphs with data-start/data-end, segments with data-s,
// plus whitespace text nodes between paragraphs and other content around the text region.
function render(): void {
  document.body.innerHTML = "";
  before = document.body.appendChild(document.createElement("h1"));
  before.textContent = "Title";
  root = document.body.appendChild(document.createElement("article"));
  after = document.body.appendChild(document.createElement("footer"));
  after.textContent = "Footer";
  for (const para of splitDocument(index, SPANS)) {
    if (root.childNodes.length > 0) root.appendChild(document.createTextNode("\n"));
    const p = root.appendChild(document.createElement("p"));
    p.dataset.start = String(para.start);
    p.dataset.end = String(para.end);
    for (const seg of para.segments) {
      const span = p.appendChild(document.createElement("span"));
      span.dataset.s = String(seg.start);
      span.textContent = index.slice(seg.start, seg.end);
    }
  }
}

const paragraphEls = () => Array.from(root.querySelectorAll("p"));

// Independent of the code under test: the text node and UTF-16 offset where code point `cp` is.
function textPoint(cp: number, preferEnd = false): [Text, number] {
  for (const seg of Array.from(root.querySelectorAll<HTMLElement>("[data-s]"))) {
    const s = Number(seg.dataset.s);
    const chars = Array.from(seg.textContent ?? "");
    if (cp >= s && (preferEnd ? cp <= s + chars.length : cp < s + chars.length)) {
      return [seg.firstChild as Text, chars.slice(0, cp - s).join("").length];
    }
  }
  throw new Error(`no segment holds ${cp}`);
}

function rangeOf(startNode: Node, startOffset: number, endNode: Node, endOffset: number): Range {
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  return range;
}

function select(from: number, to: number): { start: number; end: number } | null {
  const [sn, so] = textPoint(from);
  const [en, eo] = textPoint(to, true);
  return rangeToSpan(root, rangeOf(sn, so, en, eo));
}

beforeEach(render);

describe("pointToCodePoint", () => {
  it("maps every position inside the segment text nodes back to its code point", () => {
    for (const p of paragraphEls()) {
      for (let cp = Number(p.dataset.start); cp <= Number(p.dataset.end); cp++) {
        const [node, offset] = textPoint(cp, cp === Number(p.dataset.end));
        expect(pointToCodePoint(root, node, offset)).toBe(cp);
      }
    }
  });

  it("maps points just before and after an emoji", () => {
    const at = cpOf("😀");
    const [node, offset] = textPoint(at);
    expect(node.data).toBe("😀"); // the emoji span is its own segment
    expect(pointToCodePoint(root, node, 0)).toBe(at);
    expect(pointToCodePoint(root, node, 2)).toBe(at + 1);
    expect(offset).toBe(0);
  });

  it("rounds a point between the two halves of an emoji down to before it", () => {
    const [node] = textPoint(cpOf("😀"));
    expect(pointToCodePoint(root, node, 1)).toBe(cpOf("😀"));
  });

  it("maps points before, between and after mathematical letters 𝐀𝐁", () => {
    const at = cpOf("𝐀𝐁");
    const [node] = textPoint(at);
    expect(node.data).toBe("𝐀𝐁");
    expect([0, 1, 2, 3, 4].map((o) => pointToCodePoint(root, node, o))).toEqual([at, at, at + 1, at + 1, at + 2]);
  });

  it("counts e and its combining accent as two code points", () => {
    const at = cpOf("e\u0301");
    const [node, offset] = textPoint(at);
    expect(pointToCodePoint(root, node, offset)).toBe(at);
    expect(pointToCodePoint(root, node, offset + 1)).toBe(at + 1); // between e and U+0301
    expect(pointToCodePoint(root, node, offset + 2)).toBe(at + 2);
  });

  it("maps points around 𝒜 and the en dash that follow it in the same text node", () => {
    const [node, offset] = textPoint(cpOf("𝒜"));
    expect(pointToCodePoint(root, node, offset + 2)).toBe(cpOf("𝒜") + 1);
    const dash = node.data.indexOf("–");
    expect(pointToCodePoint(root, node, dash)).toBe(cpOf("–"));
    expect(pointToCodePoint(root, node, dash + 1)).toBe(cpOf("–") + 1);
  });

  it("maps element boundary points on a segment element to its start and end", () => {
    const seg = textPoint(cpOf("😀"))[0].parentElement!;
    expect(pointToCodePoint(root, seg, 0)).toBe(cpOf("😀"));
    expect(pointToCodePoint(root, seg, 1)).toBe(cpOf("😀") + 1);
  });

  it("maps element boundary points on a paragraph to its edges and segment starts", () => {
    const [p1] = paragraphEls();
    expect(pointToCodePoint(root, p1, 0)).toBe(0);
    expect(pointToCodePoint(root, p1, p1.childNodes.length)).toBe(Array.from(P1).length);
    const third = p1.children[2] as HTMLElement;
    expect(pointToCodePoint(root, p1, 2)).toBe(Number(third.dataset.s));
  });

  it("resolves points between paragraphs forward to the next start or backward to the previous end", () => {
    const [p1, p2, p3] = paragraphEls();
    const between = Array.prototype.indexOf.call(root.childNodes, p2); // just before p2, after the "\n" node
    expect(pointToCodePoint(root, root, between)).toBe(Number(p2.dataset.start));
    expect(pointToCodePoint(root, root, between, "backward")).toBe(Number(p1.dataset.end));
    const gap = p1.nextSibling as Text; // the whitespace text node between p1 and p2
    expect(pointToCodePoint(root, gap, 1)).toBe(Number(p2.dataset.start));
    expect(pointToCodePoint(root, gap, 0, "backward")).toBe(Number(p1.dataset.end));
    expect(pointToCodePoint(root, root, 0)).toBe(0);
    expect(pointToCodePoint(root, root, root.childNodes.length)).toBe(Number(p3.dataset.end));
    expect(pointToCodePoint(root, root, root.childNodes.length, "backward")).toBe(index.length);
  });

  it("returns null for points outside the root or with impossible offsets", () => {
    expect(pointToCodePoint(root, before.firstChild!, 2)).toBeNull();
    expect(pointToCodePoint(root, document.body, 0)).toBeNull();
    const [node] = textPoint(0);
    expect(pointToCodePoint(root, node, node.data.length + 1)).toBeNull();
  });

  it("ignores text of non-segment elements inside a paragraph", () => {
    const [p1] = paragraphEls();
    const sup = p1.insertBefore(document.createElement("sup"), p1.children[1]);
    sup.textContent = "12";
    expect(pointToCodePoint(root, sup.firstChild!, 1)).toBe(Number((p1.children[2] as HTMLElement).dataset.s));
    expect(rangeToSpan(root, rangeOf(p1, 0, p1, p1.childNodes.length))).toEqual({ start: 0, end: Array.from(P1).length });
  });
});

describe("rangeToSpan", () => {
  it("maps a selection of curly-quoted text to its code point span", () => {
    const span = select(cpOf("“Café”"), cpOf("“Café”") + 6);
    expect(span).toEqual({ start: 0, end: 6 });
    expect(index.slice(span!.start, span!.end)).toBe("“Café”");
  });

  it("maps selections of the em dash, the emoji and the accented e", () => {
    for (const s of ["—", "😀", "e\u0301", "𝒜", "–", "𝐁."]) {
      const at = cpOf(s);
      const span = select(at, at + Array.from(s).length);
      expect(span && index.slice(span.start, span.end)).toBe(s);
    }
  });

  it("maps a selection across a paragraph break, including the separator", () => {
    const span = select(cpOf("𝐁"), cpOf("𝒜"));
    expect(span && index.slice(span.start, span.end)).toBe("𝐁.\n\nSecond ");
  });

  it("maps a selection made of element boundary points", () => {
    const [p1, p2] = paragraphEls();
    const r = document.createRange();
    r.selectNodeContents(p2);
    expect(rangeToSpan(root, r)).toEqual({ start: Number(p2.dataset.start), end: Number(p2.dataset.end) });
    r.selectNode(p1); // boundary points on the root
    expect(rangeToSpan(root, r)).toEqual({ start: 0, end: Number(p1.dataset.end) });
  });

  it("clamps a selection that starts or ends outside the text region", () => {
    const [n1, o1] = textPoint(3);
    expect(rangeToSpan(root, rangeOf(before.firstChild!, 2, n1, o1))).toEqual({ start: 0, end: 3 });
    const [n3, o3] = textPoint(cpOf("hird"));
    expect(rangeToSpan(root, rangeOf(n3, o3, after.firstChild!, 3))).toEqual({ start: cpOf("hird"), end: index.length });
    expect(rangeToSpan(root, rangeOf(document.body, 0, document.body, 3))).toEqual({ start: 0, end: index.length });
  });

  it("returns null for collapsed, outside and separator-only selections", () => {
    const [node, offset] = textPoint(4);
    expect(rangeToSpan(root, rangeOf(node, offset, node, offset))).toBeNull();
    expect(rangeToSpan(root, rangeOf(before.firstChild!, 0, before.firstChild!, 3))).toBeNull();
    expect(rangeToSpan(root, rangeOf(after.firstChild!, 0, after.firstChild!, 3))).toBeNull();
    const gap = paragraphEls()[0].nextSibling!;
    expect(rangeToSpan(root, rangeOf(gap, 0, gap, 1))).toBeNull();
  });

  it("reads the range of a real document selection", () => {
    const [sn, so] = textPoint(cpOf("and"));
    const [en, eo] = textPoint(cpOf("two"), true);
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(rangeOf(sn, so, en, eo));
    expect(rangeToSpan(root, selection.getRangeAt(0))).toEqual({ start: cpOf("and"), end: cpOf("two") });
  });
});

describe("spanToRange", () => {
  it("covers exactly the text of a span inside one paragraph", () => {
    for (const s of ["“Café”", "— 😀 and 𝐀", "𝒜 e\u0301 –", "end\nline", "Third."]) {
      const at = cpOf(s);
      expect(spanToRange(root, at, at + Array.from(s).length)?.toString()).toBe(s);
    }
  });

  it("round-trips with rangeToSpan for every span whose ends lie in paragraph text", () => {
    const paras = paragraphEls().map((p) => ({ start: Number(p.dataset.start), end: Number(p.dataset.end) }));
    const starts = paras.flatMap((p) => Array.from({ length: p.end - p.start }, (_, i) => p.start + i));
    const ends = starts.map((cp) => cp + 1);
    for (const a of starts) {
      for (const b of ends) {
        if (b <= a) continue;
        const range = spanToRange(root, a, b);
        expect(range && rangeToSpan(root, range)).toEqual({ start: a, end: b });
      }
    }
  });

  it("pulls ends that fall in a separator in to the nearest paragraph text", () => {
    const [p1, p2] = paragraphEls();
    const range = spanToRange(root, Number(p1.dataset.end) + 1, Number(p2.dataset.start) + 6);
    expect(range?.toString()).toBe("Second");
    expect(spanToRange(root, cpOf("𝐁"), Number(p1.dataset.end) + 1)?.toString()).toBe("𝐁.");
    expect(spanToRange(root, cpOf("hird"), index.length + 10)?.toString()).toBe("hird.");
  });

  it("returns null when no rendered text lies in the span", () => {
    const [p1] = paragraphEls();
    expect(spanToRange(root, Number(p1.dataset.end), Number(p1.dataset.end) + 2)).toBeNull();
    expect(spanToRange(root, 5, 5)).toBeNull();
    expect(spanToRange(root, 6, 2)).toBeNull();
    expect(spanToRange(root, index.length, index.length + 3)).toBeNull();
  });

  it("maps many spans at once", () => {
    const ranges = spansToRanges(root, SPANS);
    expect(ranges.map((r) => r?.toString())).toEqual(["😀", "𝐀𝐁", "and 𝐀𝐁.\nSecond "]);
  });
});
