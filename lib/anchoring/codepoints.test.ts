import { describe, expect, it } from "vitest";
import { CodePointIndex, cpLength, cpSlice, isJsSpace } from "./codepoints";

// Code points:  A 😀 B 𝐀 𝐁 e ◌́ “ q ” — z   (é is e + U+0301 COMBINING ACUTE ACCENT)
// cp offset:    0 1  2 3 4 5 6  7 8 9 10 11      length 12
// UTF-16 index: 0 1  3 4 6 8 9 10 11 12 13 14    length 15
const DOC = "A😀B𝐀𝐁e\u0301“q”—z";
const CP_TO_UTF16 = [0, 1, 3, 4, 6, 8, 9, 10, 11, 12, 13, 14, 15];

describe("cpLength", () => {
  it("counts an emoji as one code point", () => {
    expect(cpLength("😀")).toBe(1);
    expect("😀".length).toBe(2);
  });

  it("counts mathematical letters outside the BMP as one code point each", () => {
    expect(cpLength("𝐀𝐁")).toBe(2);
  });

  it("counts a combining accent as its own code point", () => {
    expect(cpLength("e\u0301")).toBe(2);
  });

  it("counts curly quotes and dashes as one code point each", () => {
    expect(cpLength("“q”—–")).toBe(5);
  });

  it("counts a lone surrogate as one code point", () => {
    expect(cpLength("\uD83D")).toBe(1);
    expect(cpLength("a\uDE00b")).toBe(3);
    expect(cpLength("\uDE00\uD83D")).toBe(2); // low before high is not a pair
  });

  it("counts the whole test document", () => {
    expect(cpLength(DOC)).toBe(12);
    expect(cpLength("")).toBe(0);
  });
});

describe("CodePointIndex", () => {
  const index = new CodePointIndex(DOC);

  it("knows the length in code points", () => {
    expect(index.length).toBe(12);
    expect(index.isBmpOnly).toBe(false);
  });

  it("converts every code point offset to its UTF-16 index", () => {
    expect(CP_TO_UTF16.map((cp, i) => index.toUtf16(i))).toEqual(CP_TO_UTF16);
  });

  it("converts every UTF-16 index back to its code point offset", () => {
    CP_TO_UTF16.forEach((u, cp) => expect(index.toCodePoint(u)).toBe(cp));
  });

  it("rounds a UTF-16 index inside a surrogate pair down to the pair", () => {
    expect(index.toCodePoint(2)).toBe(1); // second half of 😀
    expect(index.toCodePoint(5)).toBe(3); // second half of 𝐀
    expect(index.toCodePoint(7)).toBe(4); // second half of 𝐁
  });

  it("slices single characters before and after each special character", () => {
    const chars = ["A", "😀", "B", "𝐀", "𝐁", "e", "\u0301", "“", "q", "”", "—", "z"];
    chars.forEach((c, i) => expect(index.slice(i, i + 1)).toBe(c));
  });

  it("slices across astral characters, accents, quotes and dashes", () => {
    expect(index.slice(0, 3)).toBe("A😀B");
    expect(index.slice(3, 5)).toBe("𝐀𝐁");
    expect(index.slice(5, 7)).toBe("e\u0301");
    expect(index.slice(7, 10)).toBe("“q”");
    expect(index.slice(9, 12)).toBe("”—z");
    expect(index.slice(0, 12)).toBe(DOC);
  });

  it("clamps slice offsets like String#slice and returns empty for end <= start", () => {
    expect(index.slice(-5, 2)).toBe("A😀");
    expect(index.slice(10, 99)).toBe("—z");
    expect(index.slice(4, 4)).toBe("");
    expect(index.slice(5, 2)).toBe("");
    expect(index.slice(10)).toBe("—z");
  });

  it("is the identity for a text without astral characters", () => {
    const bmp = new CodePointIndex("“Café” — naïve");
    expect(bmp.isBmpOnly).toBe(true);
    expect(bmp.length).toBe(14);
    expect(bmp.toUtf16(7)).toBe(7);
    expect(bmp.toCodePoint(7)).toBe(7);
  });

  it("treats lone surrogates as one code point each", () => {
    const lone = new CodePointIndex("a\uD83Db\uDE00c😀");
    expect(lone.length).toBe(6);
    expect(lone.toUtf16(5)).toBe(5);
    expect(lone.toUtf16(6)).toBe(7);
    expect(lone.slice(1, 2)).toBe("\uD83D");
  });

  it("rejects offsets that are out of range or not integers", () => {
    expect(() => index.toUtf16(13)).toThrow(RangeError);
    expect(() => index.toUtf16(-1)).toThrow(RangeError);
    expect(() => index.toUtf16(1.5)).toThrow(RangeError);
    expect(() => index.toCodePoint(16)).toThrow(RangeError);
  });

  it("handles the empty text", () => {
    const empty = new CodePointIndex("");
    expect(empty.length).toBe(0);
    expect(empty.toUtf16(0)).toBe(0);
    expect(empty.slice(0, 5)).toBe("");
  });

  it("converts correctly on a 5 MB text full of astral characters", () => {
    const unit = "Lorem ipsum 😀 dolor 𝐀𝐁 sit e\u0301 “amet” — ";
    const text = unit.repeat(Math.ceil((5 * 1024 * 1024) / unit.length));
    const big = new CodePointIndex(text);
    let sum = 0;
    for (let k = 0; k < 100_000; k++) sum += big.toUtf16((k * 7919) % big.length);
    expect(sum).toBeGreaterThan(0);
    expect(big.length).toBe(cpLength(text));
    // spot-check against a direct count
    const cp = 123_457;
    expect(cpLength(text.slice(0, big.toUtf16(cp)))).toBe(cp);
  });
});

describe("cpSlice", () => {
  it("agrees with CodePointIndex#slice for every pair of offsets", () => {
    const index = new CodePointIndex(DOC);
    for (let a = -1; a <= 13; a++) {
      for (let b = -1; b <= 13; b++) expect(cpSlice(DOC, a, b)).toBe(index.slice(a, b));
      expect(cpSlice(DOC, a)).toBe(index.slice(a));
    }
  });
});

describe("isJsSpace", () => {
  it("is exactly JavaScript's \\s, unit by unit", () => {
    const differ: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isJsSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });
});
