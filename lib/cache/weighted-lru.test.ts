import { describe, expect, it } from "vitest";
import { WeightedLru } from "./weighted-lru";

describe("WeightedLru", () => {
  it("drops the least recently used entries while over its weight, never the one just stored", () => {
    const cache = new WeightedLru<string, string>(10);
    cache.set("a", "A", 4);
    cache.set("b", "B", 4);
    expect(cache.get("a")).toBe("A"); // a is now the most recently used
    cache.set("c", "C", 4); // 12 > 10: b goes
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual(["A", undefined, "C"]);
    cache.set("a", "A2", 2); // replaced, its old weight given back
    cache.set("d", "D", 4); // 2 + 4 + 4 = 10: all stay
    expect([cache.get("a"), cache.get("c"), cache.get("d")]).toEqual(["A2", "C", "D"]);
    cache.set("huge", "H", 50); // heavier than the bound: kept alone
    expect([cache.get("a"), cache.get("c"), cache.get("d"), cache.get("huge")]).toEqual([undefined, undefined, undefined, "H"]);
  });
});
