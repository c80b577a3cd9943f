import { describe, expect, it } from "vitest";
import { equalBlocks, OffsetMap, type Block } from "./textdiff";

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

  it("puts an insertion or a deletion that repeats the words beside it where its edges end sentences", () => {
    const old = "on the harvest. the harvest of 1921 fell.";
    const inserted = "on the harvest. the american relief fed millions. the harvest of 1921 fell.";
    // Greedy trimming would match the inserted sentence's "the " and insert "american … millions. the ".
    expect(equalBlocks(old, inserted)).toEqual([
      { a: 0, b: 0, len: 15 },
      { a: 15, b: 49, len: 26 },
    ]);
    expect(equalBlocks(inserted, old)).toEqual([
      { a: 0, b: 0, len: 15 },
      { a: 49, b: 15, len: 26 },
    ]);
    // Nothing to choose between: left as found.
    expect(equalBlocks("abc", "abxc")).toEqual([
      { a: 0, b: 0, len: 2 },
      { a: 2, b: 3, len: 1 },
    ]);
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

  it("with its time for character diffs spent, leaves the gaps left as changes: fewer blocks, every one still equal", () => {
    // Segments told apart by unique words, each changed around a middle that stays: one character diff
    // per segment (~50 ms each for 2,000 characters that changed wholly: 900 held a request for 48 s).
    const segments = (c: string) => Array.from({ length: 100 }, (_, i) => `u${i}q ${c.repeat(10)}-the-same-middle-${c.repeat(10)} `).join("");
    const [x, y] = [segments("x"), segments("y")];
    const equal = (blocks: Block[]) => blocks.every(({ a, b, len }) => x.slice(a, a + len) === y.slice(b, b + len));
    const full = equalBlocks(x, y);
    const cut = equalBlocks(x, y, 0);
    expect(equal(full) && equal(cut)).toBe(true);
    // In time, each segment's middle is found between its changes; with no time left, only the unique
    // words (and the spaces around them) are.
    expect(full.filter((b) => x.slice(b.a, b.a + b.len) === "-the-same-middle-")).toHaveLength(100);
    expect(cut.some((b) => x.slice(b.a, b.a + b.len).includes("middle"))).toBe(false);
    expect(cut.length).toBeLessThan(full.length);
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
    expect(map.newOffsetOf(x.indexOf("the rest"), x.indexOf("the rest") + 8)).toBe(y.indexOf("the rest"));
    expect(map.newOffsetOf(x.indexOf("drop that"), x.indexOf("drop that") + 4)).toBeNull();
    expect(map.newOffsetOf(0, x.indexOf("keep the rest") + 4)).toBeNull(); // across the deletion
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
