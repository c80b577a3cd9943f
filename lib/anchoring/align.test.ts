import { describe, expect, it } from "vitest";
import { alignBoundary, contextSimilarity, editDistanceWithin, similarity } from "./align";

// Plain Levenshtein distance, to check the banded one against.
function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1), d[i - 1][j] + 1, d[i][j - 1] + 1);
  }
  return d[a.length][b.length];
}

describe("editDistanceWithin", () => {
  it("agrees with plain Levenshtein within the band, and says 'more' beyond it", () => {
    let seed = 11;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 400; round++) {
      const a = Array.from({ length: rand(20) }, () => "abc "[rand(4)]).join("");
      const b = Array.from({ length: rand(20) }, () => "abc "[rand(4)]).join("");
      const max = rand(12);
      const exact = levenshtein(a, b);
      expect(editDistanceWithin(a, b, max)).toBe(exact <= max ? exact : max + 1);
    }
  });

  it("measures similarity against the longer string", () => {
    expect(similarity("kitten", "sitting")).toBeCloseTo(1 - 3 / 7);
    expect(similarity("", "")).toBe(1);
    expect(similarity("abcdef", "uvwxyz", 0.5)).toBe(0);
  });
});

describe("contextSimilarity", () => {
  const text = "the prefix text|PASSAGE|the suffix text";
  const a = text.indexOf("PASSAGE");
  const b = a + "PASSAGE".length;

  it("is 1 for unchanged context on either side", () => {
    expect(contextSimilarity("prefix text|", text, a, "before")).toBe(1);
    expect(contextSimilarity("|the suffix", text, b, "after")).toBe(1);
  });

  it("costs an insertion a few characters away only its length", () => {
    const changed = "the prefix tXXext|PASSAGE";
    expect(contextSimilarity("prefix text|", changed, changed.indexOf("PASSAGE"), "before")).toBeCloseTo(1 - 2 / 12);
  });

  it("is low for unrelated context and counts a missing text edge as a difference", () => {
    expect(contextSimilarity("something else", text, a, "before")).toBeLessThan(0.5);
    expect(contextSimilarity("0123456789", "ab", 2, "before")).toBeLessThanOrEqual(0.2);
  });
});

describe("alignBoundary", () => {
  it("finds where the passage starts after its context, through an edit at the boundary", () => {
    const text = "..., the founders' Union (Trotskyist) was";
    // the pattern is the old context "founders' " plus the old passage start "nion (Trot" (its first letter was lost)
    const at = alignBoundary("founders' nion (Trot", "founders' ".length, text, 0, text.length, text.indexOf("Trot") + 4, "left");
    expect(at).toBe(text.indexOf("Union"));
  });

  it("ends a passage before text that was inserted between it and its suffix, when asked to", () => {
    const text = "end of the passage NEW WORDS and the suffix";
    const pattern = "the passage" + " and the suffix";
    const boundary = "the passage".length;
    expect(alignBoundary(pattern, boundary, text, 0, text.length, text.length, "left")).toBe(text.indexOf(" NEW"));
    expect(alignBoundary(pattern, boundary, text, 0, text.length, text.length, "right")).toBe(text.indexOf(" and the"));
  });
});
