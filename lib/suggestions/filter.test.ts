import { describe, expect, it } from "vitest";
import { overlapsSubstantially } from "@/lib/summary/claims";
import { annotatedSuggestions, suggestionForSpan } from "./filter";

// Sentences at 0–10, 12–20, 22–40, 41–45.
const S = [
  { start: 0, end: 10 },
  { start: 12, end: 20 },
  { start: 22, end: 40 },
  { start: 41, end: 45 },
];

describe("annotatedSuggestions", () => {
  it("hides a suggestion annotated exactly, within, around, or by half of it; not one that shares a few characters", () => {
    expect(annotatedSuggestions(S, [])).toEqual([false, false, false, false]);
    expect(annotatedSuggestions(S, [{ start: 0, end: 10 }])).toEqual([true, false, false, false]); // the same span
    expect(annotatedSuggestions(S, [{ start: 14, end: 16 }])).toEqual([false, true, false, false]); // a passage within
    expect(annotatedSuggestions(S, [{ start: 5, end: 44 }])).toEqual([true, true, true, true]); // takes them in (first and last by half)
    expect(annotatedSuggestions(S, [{ start: 18, end: 24 }])).toEqual([false, false, false, false]); // a few characters of two
    expect(annotatedSuggestions(S, [{ start: 31, end: 50 }])).toEqual([false, false, true, true]); // half of 22–40 (9 of 18)
    expect(annotatedSuggestions(S, [{ start: 32, end: 50 }])).toEqual([false, false, false, true]); // 8 of 18: not half
  });

  it("agrees with the pairwise test on random spans", () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let trial = 0; trial < 300; trial++) {
      const suggestions: Array<{ start: number; end: number }> = [];
      for (let at = rand(5); suggestions.length < 30 && at < 900; ) {
        const end = at + 1 + rand(40);
        suggestions.push({ start: at, end });
        at = end + rand(6);
      }
      const annotations = Array.from({ length: rand(20) }, () => {
        const start = rand(950);
        return { start, end: start + 1 + rand(rand(3) === 0 ? 400 : 30) };
      });
      const expected = suggestions.map((s) => annotations.some((a) => overlapsSubstantially(a, s)));
      expect(annotatedSuggestions(suggestions, annotations)).toEqual(expected);
    }
  });

  it("is right for suggestions out of order too (checked pair by pair then)", () => {
    const shuffled = [S[2], S[0], S[3], S[1]];
    expect(annotatedSuggestions(shuffled, [{ start: 0, end: 10 }])).toEqual([false, true, false, false]);
  });
});

describe("suggestionForSpan", () => {
  it("finds the suggestion a span overlaps most, only when it overlaps substantially", () => {
    expect(suggestionForSpan(S, { start: 12, end: 20 })).toBe(1);
    expect(suggestionForSpan(S, { start: 13, end: 19 })).toBe(1);
    expect(suggestionForSpan(S, { start: 10, end: 40 })).toBe(2); // takes in 1 and 2; 2 by more
    expect(suggestionForSpan(S, { start: 18, end: 24 })).toBe(-1);
    expect(suggestionForSpan(S, { start: 46, end: 50 })).toBe(-1);
    expect(suggestionForSpan([], { start: 0, end: 5 })).toBe(-1);
  });
});
