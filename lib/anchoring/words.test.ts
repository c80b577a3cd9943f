import { describe, expect, it } from "vitest";
import { CodePointIndex } from "./codepoints";
import { snapToWords } from "./words";

const snap = (text: string, quote: string, from = 0) => {
  const cps = [...text];
  const i = [...text.slice(0, text.indexOf(quote, from))].length;
  const r = snapToWords(text, i, i + [...quote].length);
  return cps.slice(r.start, r.end).join("");
};

describe("snapToWords", () => {
  const TEXT = "In early February 1917 the strikes began; they didn't stop.";

  it("widens a selection that starts or ends inside a word to the whole word", () => {
    expect(snap(TEXT, "early Februa")).toBe("early February");
    expect(snap(TEXT, "arly February")).toBe("early February");
    expect(snap(TEXT, "rly Febr")).toBe("early February");
    expect(snap(TEXT, "idn")).toBe("didn't");
  });

  it("leaves a selection on word boundaries as it is, and trims whitespace at its ends", () => {
    expect(snap(TEXT, "February 1917")).toBe("February 1917");
    expect(snap(TEXT, " the strikes ")).toBe("the strikes");
    expect(snap(TEXT, "began;")).toBe("began;");
    expect(snap(TEXT, "; they")).toBe("; they");
  });

  it("counts code points around astral characters and keeps a whitespace-only selection unchanged", () => {
    const text = "Intro 😀 line with 𝐀𝐁𝐂 letters and more";
    expect(snap(text, "𝐁𝐂 lett")).toBe("𝐀𝐁𝐂 letters");
    expect(snap(text, "😀 li")).toBe("😀 line");
    const index = new CodePointIndex("a   b");
    expect(snapToWords(index, 1, 3)).toEqual({ start: 1, end: 3 });
  });

  it("snaps across a line break and within a long word only as far as its window", () => {
    expect(snap("first line\nsecond line", "ne\nsec")).toBe("line\nsecond");
    const long = "x".repeat(1000);
    const r = snapToWords(`a ${long} b`, 500, 510);
    expect(r.start).toBeLessThan(500);
    expect(r.end).toBeGreaterThan(510);
  });
});
