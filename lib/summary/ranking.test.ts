import { describe, expect, test } from "vitest";
import { wilsonInterval } from "./interval";
import { compareByReliability, poolBy, poolClaims, type ReliabilityFigures } from "./ranking";

/** A document with `sourced` of `checkable` claims sourced (the rest contested). */
function doc(name: string, sourced: number, checkable: number): ReliabilityFigures & { name: string } {
  const interval = wilsonInterval(sourced, checkable);
  return {
    name,
    reliability: checkable === 0 ? null : sourced / checkable,
    reliabilityLow: interval?.low ?? null,
    reliabilityHigh: interval?.high ?? null,
  };
}

const order = (docs: Array<ReturnType<typeof doc>>, dir: "asc" | "desc") =>
  [...docs].sort((a, b) => compareByReliability(a, b, dir) || (a.name < b.name ? -1 : 1)).map((d) => d.name);

describe("compareByReliability (conservative)", () => {
  const docs = [
    doc("two of two", 2, 2), // 100, interval 34–100
    doc("nine of ten", 9, 10), // 90, interval 60–98
    doc("forty of fifty", 40, 50), // 80, interval 67–89
    doc("none checkable", 0, 0),
    doc("nought of one", 0, 1), // 0, interval 0–79
    doc("one of twenty", 1, 20), // 5, interval 1–24
    doc("half of four", 2, 4), // 50, interval 15–85
  ];

  test("most reliable first ranks by the lower bound: two annotations cannot top the corpus", () => {
    expect(order(docs, "desc")).toEqual(["forty of fifty", "nine of ten", "two of two", "half of four", "one of twenty", "nought of one", "none checkable"]);
  });

  test("least reliable first ranks by the upper bound: one contested claim is not the worst document", () => {
    expect(order(docs, "asc")).toEqual(["one of twenty", "nought of one", "half of four", "forty of fifty", "nine of ten", "two of two", "none checkable"]);
  });

  test("documents without checkable claims come last in both directions; equal figures tie", () => {
    const none = doc("none", 0, 0);
    const some = doc("some", 1, 2);
    for (const dir of ["asc", "desc"] as const) {
      expect(compareByReliability(none, some, dir)).toBeGreaterThan(0);
      expect(compareByReliability(some, none, dir)).toBeLessThan(0);
      expect(compareByReliability(none, doc("none too", 0, 0), dir)).toBe(0);
      expect(compareByReliability(some, doc("same", 1, 2), dir)).toBe(0);
    }
  });

  test("the lower bound wins over the point estimate; the upper bound breaks its ties", () => {
    // 0 of 1 and 0 of 5 both start at 0; the one with the higher upper bound ranks first when most reliable first.
    expect(order([doc("0/5", 0, 5), doc("0/1", 0, 1)], "desc")).toEqual(["0/1", "0/5"]);
    expect(order([doc("0/1", 0, 1), doc("0/5", 0, 5)], "asc")).toEqual(["0/5", "0/1"]);
  });
});

describe("poolClaims and poolBy", () => {
  const row = (publisher: string | null, kind: string, sourced: number, contested: number, opinion: number, coverage: number, length: number) => ({
    publisher,
    kind,
    claims: { sourced, contested, opinion },
    coverage,
    length,
  });
  const rows = [
    row("Daily", "newspaper", 2, 1, 0, 0.5, 100),
    row("Daily", "newspaper", 7, 0, 3, 0.1, 300),
    row(null, "blog", 0, 2, 1, 0.25, 40),
    row("Weekly", "newspaper", 0, 0, 2, 1, 10),
  ];

  test("pools the claims of a group and computes the interval over the pooled counts", () => {
    const daily = poolClaims("Daily", rows.slice(0, 2));
    expect(daily.documents).toBe(2);
    expect(daily.claims).toEqual({ sourced: 9, contested: 1, opinion: 3 });
    expect(daily.reliability).toBeCloseTo(0.9, 12);
    expect(daily.reliabilityLow).toBeCloseTo(wilsonInterval(9, 10)!.low, 12);
    expect(daily.reliabilityHigh).toBeCloseTo(wilsonInterval(9, 10)!.high, 12);
    // Coverage by code points: (50 + 30) / 400.
    expect(daily.coverage).toBeCloseTo(80 / 400, 12);
  });

  test("a group without checkable claims has no reliability; an empty group covers nothing", () => {
    expect(poolClaims("Weekly", [rows[3]])).toMatchObject({ reliability: null, reliabilityLow: null, reliabilityHigh: null, coverage: 1 });
    expect(poolClaims("none", [])).toMatchObject({ documents: 0, reliability: null, coverage: 0 });
  });

  test("poolBy makes one group per key, ordered conservatively, null keys together", () => {
    const byPublisher = poolBy(rows, (r) => r.publisher);
    expect(byPublisher.map((g) => [g.key, g.documents])).toEqual([
      ["Daily", 2],
      [null, 1],
      ["Weekly", 1], // no checkable claims: last
    ]);
    const byKind = poolBy(rows, (r) => r.kind);
    expect(byKind.map((g) => g.key)).toEqual(["newspaper", "blog"]);
    expect(byKind[0].claims).toEqual({ sourced: 9, contested: 1, opinion: 5 });
  });

  test("poolBy breaks ties by name as the library's publisher menu orders them, the group without a name last", () => {
    const names = ["Zeitung", "“Quoted” Press", null, "Écrits", "arte"];
    const pools = poolBy(names.map((publisher) => row(publisher, "blog", 0, 0, 1, 0, 10)), (r) => r.publisher);
    expect(pools.map((g) => g.key)).toEqual(["arte", "Écrits", "“Quoted” Press", "Zeitung", null]);
  });
});
