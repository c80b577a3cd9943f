import { describe, expect, it } from "vitest";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { describeSpan } from "@/lib/anchoring/quote";
import { placeDraft } from "./place-draft";

const v1 = "High water at the harbour was recorded at 6.42 on Monday.\n\nThe pilot said the channel silted up in 1909.";
const draftOn = (text: string, quote: string, withContext = true) => {
  const index = new CodePointIndex(text);
  const start = index.toCodePoint(text.indexOf(quote));
  const end = start + [...quote].length;
  return { start, end, quote, ...(withContext ? { prefix: describeSpan(index, start, end).prefix, suffix: describeSpan(index, start, end).suffix } : {}) };
};

describe("placeDraft", () => {
  it("leaves a draft whose quote still reads at its offsets", () => {
    expect(placeDraft(new CodePointIndex(v1), draftOn(v1, "the channel silted up"))).toEqual({ state: "same" });
  });

  it("moves a draft to its quote when words were inserted before it", () => {
    const v2 = v1.replace("High water", "Low and high water").replace("Monday.", "Monday, per the harbour master.");
    const index = new CodePointIndex(v2);
    const placed = placeDraft(index, draftOn(v1, "the channel silted up in 1909"));
    expect(placed).toMatchObject({ state: "moved", exact: true, quote: "the channel silted up in 1909" });
    if (placed.state === "moved") expect(index.slice(placed.start, placed.end)).toBe("the channel silted up in 1909");
  });

  it("prefers the repeat whose context agrees, and without context the one nearest the old place", () => {
    const text = "Alpha said the tide was high. Beta wrote at length. Gamma said the tide was high.";
    const draft = draftOn(text, "Gamma said the tide was high").start;
    const quote = "the tide was high";
    const index1 = new CodePointIndex(text);
    const start = draft + "Gamma said ".length;
    const d = { ...describeSpan(index1, start, start + quote.length), start, end: start + quote.length };
    const v2 = "Preface. " + text;
    const placed = placeDraft(new CodePointIndex(v2), d);
    expect(placed).toMatchObject({ state: "moved", start: start + 9 });
    const bare = placeDraft(new CodePointIndex(v2), { start: d.start, end: d.end, quote });
    expect(bare).toMatchObject({ state: "moved", start: start + 9 });
  });

  it("says gone when the quote is no longer in the text", () => {
    const v2 = v1.replace("The pilot said the channel silted up in 1909.", "Dredging began in 1911.");
    expect(placeDraft(new CodePointIndex(v2), draftOn(v1, "the channel silted up in 1909"))).toEqual({ state: "gone" });
  });

  it("counts code points, not UTF-16 units", () => {
    const text = "𝔄 note. The canal closed in 1932.";
    const v2 = "𝔄𝔅 preface 𝔄 note. The canal closed in 1932.";
    const placed = placeDraft(new CodePointIndex(v2), draftOn(text, "closed in 1932"));
    expect(placed).toMatchObject({ state: "moved", quote: "closed in 1932", start: [...v2.slice(0, v2.indexOf("closed"))].length });
  });
});
