import { describe, expect, it } from "vitest";
import { equalBlocks, OffsetMap } from "./textdiff";

const mapOf = (x: string, y: string) => new OffsetMap(equalBlocks(x, y), y.length);

describe("equalBlocks", () => {
  it("finds the common text around an edit", () => {
    expect(equalBlocks("the quick brown fox", "the quick red fox")).toEqual([
      { a: 0, b: 0, len: 10 },
      { a: 15, b: 13, len: 4 },
    ]);
    expect(equalBlocks("same", "same")).toEqual([{ a: 0, b: 0, len: 4 }]);
    expect(equalBlocks("", "new")).toEqual([]);
  });

  it("keeps the blocks ascending in both texts, and every block equal", () => {
    const x = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";
    const y = "alpha BETA gamma delta inserted words epsilon eta theta kappa lambda mu nu";
    const blocks = equalBlocks(x, y);
    for (let i = 0; i < blocks.length; i++) {
      const { a, b, len } = blocks[i];
      expect(x.slice(a, a + len)).toBe(y.slice(b, b + len));
      if (i > 0) {
        expect(a).toBeGreaterThanOrEqual(blocks[i - 1].a + blocks[i - 1].len);
        expect(b).toBeGreaterThanOrEqual(blocks[i - 1].b + blocks[i - 1].len);
      }
    }
  });

  it("maps almost all of a long text with edits all over it, through unique words", () => {
    const words = Array.from({ length: 60_000 }, (_, i) => `w${(i * 7919) % 100_003}`);
    const x = words.join(" ");
    const edited = [...words];
    for (let i = 100; i < edited.length; i += 150) edited.splice(i, 1, "changed", "words");
    const y = edited.join(" ");
    const kept = equalBlocks(x, y).reduce((n, b) => n + b.len, 0);
    expect(kept / x.length).toBeGreaterThan(0.98);
  });
});

describe("OffsetMap", () => {
  const x = "keep this, drop that, keep the rest";
  const y = "keep this, keep the rest and more";
  const map = mapOf(x, y);

  it("maps a start or an end in unchanged text to the same text", () => {
    expect(map.start(x.indexOf("the rest"))).toBe(y.indexOf("the rest"));
    expect(map.end(x.indexOf("the rest") + 8)).toBe(y.indexOf("the rest") + 8);
    expect(map.start(0)).toBe(0);
  });

  it("collapses a deleted passage to an empty range", () => {
    const a = x.indexOf("drop that");
    expect(map.start(a)).toBe(map.end(a + "drop that".length));
  });

  it("counts the units of an old range that changed, and tells where new text was old", () => {
    expect(map.changedWithin(0, x.length)).toBe("drop that, ".length);
    expect(map.oldOffsetOf(y.indexOf("the rest"), y.indexOf("the rest") + 8)).toBe(x.indexOf("the rest"));
    expect(map.oldOffsetOf(y.indexOf("and more"), y.length)).toBeNull();
  });

  it("costs an old range against a new one along the diff: an upper bound of their edit distance", () => {
    expect(map.alignmentCost(0, x.length, 0, y.length)).toBe("drop that, ".length + " and more".length);
    const r = mapOf("one two three", "one 2 three");
    expect(r.alignmentCost(0, 13, 0, 11)).toBe(3); // "two" → "2": three edits
    expect(r.alignmentCost(8, 13, 6, 11)).toBe(0);
  });

  it("maps a boundary inside replaced text to the edge of its replacement", () => {
    const r = mapOf("one two three", "one 2 three");
    expect(r.start(4)).toBe(4); // "two" starts where "2" starts
    expect(r.end(7)).toBe(5); // and ends where "2" ends
  });
});
