import { describe, expect, it } from "vitest";
import { CodePointIndex } from "./codepoints";
import { type IdSpan, paragraphs, readsPerLine, splitDocument, splitSegments } from "./segments";

const texts = (text: string) => {
  const index = new CodePointIndex(text);
  return paragraphs(text).map((p) => index.slice(p.start, p.end));
};

describe("paragraphs", () => {
  it("reads every line as a paragraph when the text has no blank line", () => {
    const text = "First line 😀\nSecond line\n  \tThird";
    expect(paragraphs(text)).toEqual([
      { start: 0, end: 12 },
      { start: 13, end: 24 },
      { start: 25, end: 33 },
    ]);
  });

  it("returns the whole text as one paragraph when there is no blank line", () => {
    expect(paragraphs("One line.")).toEqual([{ start: 0, end: 9 }]);
  });

  it("splits at a blank line and leaves the separator outside both paragraphs", () => {
    expect(paragraphs("First.\n\nSecond.")).toEqual([
      { start: 0, end: 6 },
      { start: 8, end: 15 },
    ]);
  });

  it("keeps a single line break inside the paragraph", () => {
    expect(texts("line one\nline two\n\nnext")).toEqual(["line one\nline two", "next"]);
  });

  it("treats three or more line breaks as one separator", () => {
    expect(texts("a\n\n\n\nb")).toEqual(["a", "b"]);
  });

  it("treats a line holding only spaces, tabs or no-break spaces as blank", () => {
    expect(texts("a\n \t\u00a0\nb")).toEqual(["a", "b"]);
  });

  it("keeps a paragraph's leading indentation and trailing spaces", () => {
    expect(texts("  indented\n\nnext  ")).toEqual(["  indented", "next  "]);
  });

  it("handles Windows line breaks, keeping the carriage return out of the paragraph", () => {
    expect(texts("a\r\nb\r\n\r\nc\r\n")).toEqual(["a\r\nb", "c"]);
  });

  it("ignores blank lines at the start and end of the text", () => {
    expect(paragraphs("\n\n  \nText\n\n\n")).toEqual([{ start: 5, end: 9 }]);
  });

  it("finds no paragraphs in an empty or whitespace-only text", () => {
    expect(paragraphs("")).toEqual([]);
    expect(paragraphs(" \n\n\t\n")).toEqual([]);
  });

  it("reports offsets in code points after emoji, mathematical letters and accents", () => {
    const text = "😀 𝐀𝐁 cafe\u0301\n\n“Quote” — end";
    expect(paragraphs(text)).toEqual([
      { start: 0, end: 10 },
      { start: 12, end: 25 },
    ]);
    expect(texts(text)).toEqual(["😀 𝐀𝐁 cafe\u0301", "“Quote” — end"]);
    expect(paragraphs(new CodePointIndex(text))).toEqual(paragraphs(text));
  });

  it("puts every code point either in one paragraph or in whitespace between them", () => {
    const samples = ["", "x", "\n", "a\n\nb", " a \n \n b \n", "\n\n😀\n\n\n𝐀\nb\r\n\r\n", "p\u2028q\n\u3000\nr"];
    for (const text of samples) {
      const cps = Array.from(text);
      const paras = paragraphs(text);
      let pos = 0;
      for (const p of paras) {
        expect(p.start).toBeLessThan(p.end);
        expect(cps.slice(pos, p.start).join("")).toMatch(/^\s*$/); // the separator is whitespace
        const body = cps.slice(p.start, p.end).join("");
        expect(body).not.toMatch(/\n\s*\n/); // no blank line inside
        expect(body).not.toMatch(/^\s*\n|\n\s*$/); // no blank first/last line
        pos = p.end;
      }
      expect(cps.slice(pos).join("")).toMatch(/^\s*$/);
    }
  });
});

describe("splitSegments", () => {
  const range = { start: 0, end: 10 };

  it("returns one uncovered segment when there are no spans", () => {
    expect(splitSegments(range, [])).toEqual([{ start: 0, end: 10, ids: [] }]);
  });

  it("cuts at both ends of a span inside the range", () => {
    expect(splitSegments(range, [{ id: "a", start: 3, end: 6 }])).toEqual([
      { start: 0, end: 3, ids: [] },
      { start: 3, end: 6, ids: ["a"] },
      { start: 6, end: 10, ids: [] },
    ]);
  });

  it("lists both ids where two spans overlap", () => {
    expect(
      splitSegments(range, [
        { id: "b", start: 4, end: 8 },
        { id: "a", start: 2, end: 6 },
      ]),
    ).toEqual([
      { start: 0, end: 2, ids: [] },
      { start: 2, end: 4, ids: ["a"] },
      { start: 4, end: 6, ids: ["a", "b"] },
      { start: 6, end: 8, ids: ["b"] },
      { start: 8, end: 10, ids: [] },
    ]);
  });

  it("orders ids of nested spans by start, then longer first, then id", () => {
    const segs = splitSegments(range, [
      { id: "inner", start: 2, end: 4 },
      { id: "z-outer", start: 2, end: 8 },
      { id: "late", start: 3, end: 9 },
      { id: "a-outer", start: 2, end: 8 },
    ]);
    expect(segs.find((s) => s.start === 3)?.ids).toEqual(["a-outer", "z-outer", "inner", "late"]);
  });

  it("gives identical spans one shared segment listing both ids", () => {
    expect(
      splitSegments(range, [
        { id: "y", start: 0, end: 10 },
        { id: "x", start: 0, end: 10 },
      ]),
    ).toEqual([{ start: 0, end: 10, ids: ["x", "y"] }]);
  });

  it("clips spans that reach outside the range", () => {
    expect(
      splitSegments({ start: 5, end: 15 }, [
        { id: "left", start: 0, end: 8 },
        { id: "right", start: 12, end: 40 },
      ]),
    ).toEqual([
      { start: 5, end: 8, ids: ["left"] },
      { start: 8, end: 12, ids: [] },
      { start: 12, end: 15, ids: ["right"] },
    ]);
  });

  it("ignores spans that are empty, reversed or entirely outside the range", () => {
    expect(
      splitSegments({ start: 5, end: 10 }, [
        { id: "empty", start: 7, end: 7 },
        { id: "reversed", start: 8, end: 6 },
        { id: "before", start: 0, end: 5 },
        { id: "after", start: 10, end: 12 },
      ]),
    ).toEqual([{ start: 5, end: 10, ids: [] }]);
  });

  it("returns no segments for an empty range", () => {
    expect(splitSegments({ start: 4, end: 4 }, [{ id: "a", start: 0, end: 9 }])).toEqual([]);
  });

  it("matches a brute-force split on random spans", () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let round = 0; round < 300; round++) {
      const r = { start: rand(10), end: 10 + rand(20) };
      const spans: IdSpan[] = Array.from({ length: rand(8) }, (_, i) => {
        const start = rand(35);
        return { id: `s${rand(5)}-${i}`, start, end: start + rand(8) };
      });
      expect(splitSegments(r, spans)).toEqual(bruteForce(r, spans));
    }
  });
});

// One code point at a time: which spans cover it, merged into runs.
function bruteForce(range: { start: number; end: number }, spans: IdSpan[]) {
  const ordered = [...spans].sort(
    (a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const out: Array<{ start: number; end: number; ids: string[] }> = [];
  const cutAt = new Set(spans.filter((s) => s.start < s.end).flatMap((s) => [s.start, s.end]));
  for (let cp = range.start; cp < range.end; cp++) {
    const ids = ordered.filter((s) => s.start <= cp && cp < s.end).map((s) => s.id);
    const last = out[out.length - 1];
    if (last && !cutAt.has(cp)) last.end = cp + 1;
    else out.push({ start: cp, end: cp + 1, ids });
  }
  return out;
}

describe("splitDocument", () => {
  const text = "First 😀 para.\n\nSecond 𝐀𝐁 para.\nStill second.\n\n\nThird — “end”.";

  it("returns paragraphs with their segments, carrying spans across paragraph breaks", () => {
    const doc = splitDocument(text, [
      { id: "cross", start: 10, end: 20 },
      { id: "emoji", start: 6, end: 7 },
    ]);
    expect(doc.map(({ start, end }) => ({ start, end }))).toEqual(paragraphs(text));
    expect(doc[0].segments).toEqual([
      { start: 0, end: 6, ids: [] },
      { start: 6, end: 7, ids: ["emoji"] },
      { start: 7, end: 10, ids: [] },
      { start: 10, end: 13, ids: ["cross"] },
    ]);
    expect(doc[1].start).toBe(15);
    expect(doc[1].segments[0]).toEqual({ start: 15, end: 20, ids: ["cross"] });
    expect(doc[2].segments).toEqual([{ start: doc[2].start, end: doc[2].end, ids: [] }]);
  });

  it("agrees with splitting each paragraph on its own", () => {
    const spans: IdSpan[] = [
      { id: "a", start: 0, end: 50 },
      { id: "b", start: 13, end: 15 }, // only the separator
      { id: "c", start: 3, end: 25 },
      { id: "d", start: 25, end: 25 },
      { id: "e", start: 40, end: 60 },
    ];
    const doc = splitDocument(text, spans);
    for (const p of doc) expect(p.segments).toEqual(splitSegments(p, spans));
  });

  it("splits 10,000 overlapping spans over a large document", () => {
    const para = "Lorem ipsum 😀 dolor sit amet, “consectetur” — adipiscing 𝐀𝐁 elit, sed do eiusmod.\n";
    const big = Array.from({ length: 9000 }, (_, i) => para + (i % 3 === 2 ? "\n" : "")).join(""); // 3,000 paragraphs
    const length = new CodePointIndex(big).length;
    let seed = 1;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const spans: IdSpan[] = Array.from({ length: 10_000 }, (_, i) => {
      const start = rand(length - 400);
      return { id: `ann-${i}`, start, end: start + 1 + rand(i % 10 === 0 ? 400 : 40) };
    });
    const doc = splitDocument(big, spans);
    expect(doc).toHaveLength(3000);
    expect(doc.reduce((n, p) => n + p.segments.length, 0)).toBeGreaterThan(10_000);
  });
});

describe("paragraphs of a leading part of a text", () => {
  it("match the whole text's when read the way the whole is (readsPerLine)", () => {
    const whole = "one\ntwo\nthree\n\nfour\nfive";
    const cut = whole.indexOf("\n\nfour");
    const head = whole.slice(0, cut); // has no blank line of its own
    expect(readsPerLine(head)).toBe(true);
    expect(readsPerLine(whole)).toBe(false);
    expect(paragraphs(head, { perLine: readsPerLine(whole) })).toEqual(paragraphs(whole).filter((p) => p.end <= cut));
    expect(paragraphs(head)).toHaveLength(3);
  });
});
