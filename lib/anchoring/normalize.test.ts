import { describe, expect, it } from "vitest";
import { CodePointIndex } from "./codepoints";
import { matchingForm, sourceRange, toMatchingText, unitAt } from "./normalize";

describe("toMatchingText", () => {
  it("collapses whitespace, straightens quotes, folds dashes, case and the ellipsis, and drops invisible characters", () => {
    expect(matchingForm("A  “Big”\n\n—  ‘deal’… so\u00adft\u200b")).toBe('a "big" - \'deal\'... soft');
    expect(matchingForm("anti--Stalinist – left")).toBe("anti-stalinist - left");
    expect(matchingForm("It's `odd´")).toBe("it's 'odd'");
  });

  it("is the same for a text and its typographic variants", () => {
    const curly = "“Trotskyist” — the group’s “line”";
    const straight = '"Trotskyist" -- the group\'s "line"';
    expect(matchingForm(curly)).toBe(matchingForm(straight));
    expect(matchingForm("one two\nthree")).toBe(matchingForm("one\ttwo   three"));
  });

  it("maps every unit back to the code points it came from, past emoji and mathematical letters", () => {
    const text = "😀 𝐀𝐁  x—y…";
    const m = toMatchingText(text);
    expect(m.text).toBe("😀 𝐀𝐁 x-y...");
    expect(m.cpLength).toBe(new CodePointIndex(text).length);
    // 😀 is two units, both from code point 0; the space run "  " is one unit from code points 4–6
    expect(Array.from(m.from)).toEqual([0, 0, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 9, 9]);
    expect(sourceRange(m, 5, 9)).toEqual({ start: 3, end: 7 }); // "𝐁 x" ← "𝐁  x"
    expect(sourceRange(m, 7, 8)).toEqual({ start: 4, end: 6 });
    expect(sourceRange(m, 11, 14)).toEqual({ start: 9, end: 10 }); // "..." ← "…"
  });

  it("finds the unit at or after a code point", () => {
    const m = toMatchingText("a  b\u200bc");
    expect(m.text).toBe("a bc");
    expect([0, 1, 2, 3, 4, 5, 6].map((cp) => unitAt(m, cp))).toEqual([0, 1, 2, 2, 3, 3, 4]);
  });

  it("lower-cases outside ASCII and keeps a combining accent", () => {
    expect(matchingForm("ÉCOLE Straße 𝐀 İ")).toBe("école straße 𝐀 i̇");
    expect(matchingForm("cafe\u0301")).toBe("cafe\u0301");
  });

  it("handles a long text in one pass", () => {
    const unit = "Lorem “ipsum” — 😀 dolor\n\n";
    const m = toMatchingText(unit.repeat(50_000));
    expect(m.text.length).toBe('lorem "ipsum" - 😀 dolor '.length * 50_000);
    expect(sourceRange(m, m.text.length - 6, m.text.length - 1)).toEqual({ start: m.cpLength - 7, end: m.cpLength - 2 });
  });
});
