import { describe, expect, test } from "vitest";
import { groupClaims, overlapsSubstantially, type ClaimAnnotation } from "./claims";
import type { Classification } from "./classes";
import { rng } from "@/lib/testing/rng";

let nextId = 0;
function ann(classification: Classification, start: number, end: number, extra: Partial<ClaimAnnotation> = {}): ClaimAnnotation {
  return { id: extra.id ?? `a${String(++nextId).padStart(4, "0")}`, start, end, classification, ...extra };
}

/** The claims as [start, end, class] triples, for short expectations. */
const shape = (annotations: ClaimAnnotation[], length?: number) =>
  groupClaims(annotations, length).map((c) => [c.start, c.end, c.classification]);

describe("overlapsSubstantially", () => {
  test("the common part must be at least half of the shorter span", () => {
    // [0,10) and [5,20): common [5,10) = 5, shorter 10 → exactly half: substantial.
    expect(overlapsSubstantially({ start: 0, end: 10 }, { start: 5, end: 20 })).toBe(true);
    // [0,10) and [6,20): common 4 < 5.
    expect(overlapsSubstantially({ start: 0, end: 10 }, { start: 6, end: 20 })).toBe(false);
    // Odd shorter length: [0,5) and [3,9): common 2, 2·2 < 5; [0,5) and [2,9): common 3, 6 ≥ 5.
    expect(overlapsSubstantially({ start: 0, end: 5 }, { start: 3, end: 9 })).toBe(false);
    expect(overlapsSubstantially({ start: 0, end: 5 }, { start: 2, end: 9 })).toBe(true);
  });

  test("a span inside another always overlaps it substantially, however short", () => {
    expect(overlapsSubstantially({ start: 0, end: 1000 }, { start: 500, end: 501 })).toBe(true);
  });

  test("touching, disjoint and empty spans do not", () => {
    expect(overlapsSubstantially({ start: 0, end: 5 }, { start: 5, end: 10 })).toBe(false);
    expect(overlapsSubstantially({ start: 0, end: 5 }, { start: 7, end: 10 })).toBe(false);
    expect(overlapsSubstantially({ start: 3, end: 3 }, { start: 0, end: 10 })).toBe(false);
  });

  test("is symmetric", () => {
    const spans = [
      { start: 0, end: 10 },
      { start: 5, end: 20 },
      { start: 6, end: 20 },
      { start: 9, end: 11 },
    ];
    for (const a of spans) for (const b of spans) expect(overlapsSubstantially(a, b)).toBe(overlapsSubstantially(b, a));
  });
});

describe("groupClaims", () => {
  test("no annotations, no claims", () => {
    expect(groupClaims([])).toEqual([]);
  });

  test("the same passage marked by three reviewers is one claim listing all three annotations", () => {
    const claims = groupClaims([ann("sourced", 10, 20, { id: "c" }), ann("sourced", 10, 20, { id: "a" }), ann("sourced", 10, 20, { id: "b" })]);
    expect(claims).toEqual([{ start: 10, end: 20, annotationIds: ["a", "b", "c"], classification: "sourced", ruled: false }]);
  });

  test("exactly half of the shorter span joins; one code point less keeps two claims", () => {
    expect(shape([ann("sourced", 0, 10), ann("sourced", 5, 20)])).toEqual([[0, 20, "sourced"]]);
    expect(shape([ann("sourced", 0, 10), ann("sourced", 6, 20)])).toEqual([
      [0, 10, "sourced"],
      [6, 20, "sourced"],
    ]);
  });

  test("two sentences that share a word are two claims; touching spans are two claims", () => {
    expect(shape([ann("sourced", 0, 40), ann("contested", 36, 80), ann("opinion", 80, 90)])).toEqual([
      [0, 40, "sourced"],
      [36, 80, "contested"],
      [80, 90, "opinion"],
    ]);
  });

  test("a chain A~B~C is one claim although A and C do not overlap (connected components)", () => {
    // A [0,10) ~ B [5,15) (common 5 of 10) ~ C [10,20) (common 5 of 10); A and C only touch.
    const claims = groupClaims([ann("sourced", 0, 10, { id: "A" }), ann("sourced", 10, 20, { id: "C" }), ann("contested", 5, 15, { id: "B" })]);
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ start: 0, end: 20, annotationIds: ["A", "B", "C"], classification: "sourced" });
  });

  test("a chain joined only by its last annotation: an annotation can merge two claims already formed", () => {
    // [0,4) and [10,14) are apart; [2,12) overlaps each by 2 of 4 and merges them.
    expect(shape([ann("opinion", 0, 4), ann("opinion", 10, 14)])).toHaveLength(2);
    expect(shape([ann("opinion", 0, 4), ann("opinion", 10, 14), ann("opinion", 2, 12)])).toEqual([[0, 14, "opinion"]]);
  });

  test("an annotation joins the open claim it overlaps substantially and leaves the other open claim alone", () => {
    // L [0,1000) and B [995,1010) share 5 of 15: two claims, both still open at 997.
    // C [997,2000) shares 13 of B's 15 (joins B) and 3 of L's 1000 (does not join L).
    const claims = groupClaims([ann("sourced", 0, 1000, { id: "L" }), ann("contested", 995, 1010, { id: "B" }), ann("opinion", 997, 2000, { id: "C" })]);
    expect(claims.map((c) => c.annotationIds)).toEqual([["L"], ["B", "C"]]);
    expect(claims[1]).toMatchObject({ start: 995, end: 2000, classification: "contested" }); // contested/opinion tie → contested
  });

  test("class: the majority of the annotations, ties to the more cautious class", () => {
    expect(shape([ann("sourced", 0, 10), ann("sourced", 0, 10), ann("contested", 0, 10)])).toEqual([[0, 10, "sourced"]]);
    expect(shape([ann("sourced", 0, 10), ann("contested", 0, 10)])).toEqual([[0, 10, "contested"]]);
    expect(shape([ann("sourced", 0, 10), ann("opinion", 0, 10)])).toEqual([[0, 10, "opinion"]]);
    expect(shape([ann("opinion", 0, 10), ann("contested", 0, 10)])).toEqual([[0, 10, "contested"]]);
    expect(shape([ann("sourced", 0, 10), ann("opinion", 0, 10), ann("contested", 0, 10)])).toEqual([[0, 10, "contested"]]);
  });

  test("a ruling decides the class, whatever the annotations say; several rulings go by majority", () => {
    const ruled = groupClaims([ann("sourced", 0, 10), ann("sourced", 0, 10, { ruling: "contested" }), ann("sourced", 2, 8)]);
    expect(ruled).toMatchObject([{ classification: "contested", ruled: true }]);
    const twoRulings = groupClaims([ann("contested", 0, 10, { ruling: "sourced" }), ann("contested", 0, 10, { ruling: "opinion" })]);
    expect(twoRulings).toMatchObject([{ classification: "opinion", ruled: true }]); // sourced/opinion tie → opinion
    expect(groupClaims([ann("sourced", 0, 10, { ruling: null })])).toMatchObject([{ classification: "sourced", ruled: false }]);
  });

  test("spans are clamped to the text; annotations left empty belong to no claim", () => {
    expect(shape([ann("sourced", -5, 4), ann("contested", 8, 50), ann("opinion", 6, 6), ann("opinion", 20, 30)], 10)).toEqual([
      [0, 4, "sourced"],
      [8, 10, "contested"],
    ]);
  });

  test("the result does not depend on the input order", () => {
    const annotations = randomAnnotations(3, 400, 2000);
    const expected = groupClaims(annotations);
    for (const seed of [1, 2, 3]) expect(groupClaims(shuffled(annotations, seed))).toEqual(expected);
  });

  test("equals the connected components of the pairwise relation (brute force) on generated data", () => {
    for (const [seed, count, length, maxSpan] of [
      [1, 300, 1000, 40],
      [2, 300, 300, 120],
      [3, 500, 5000, 400],
      [4, 200, 100, 100],
    ] as const) {
      const annotations = randomAnnotations(seed, count, length, maxSpan);
      expect(partition(groupClaims(annotations))).toEqual(partition(bruteForce(annotations)));
    }
  });

  test("a pile of nested and staggered spans over one place (the sweep's worst case) matches brute force", () => {
    // Spans around position 5000 whose lengths grow geometrically, in both directions, plus copies.
    const annotations: ClaimAnnotation[] = [];
    for (let k = 0; k < 12; k++) {
      const w = 2 ** k;
      annotations.push(ann("sourced", 5000 - 1, 5000 + w), ann("contested", 5000 - w, 5000 + 1), ann("opinion", 5000 - w, 5000 + w));
    }
    annotations.push(...randomAnnotations(9, 300, 10_000, 3000));
    expect(partition(groupClaims(annotations))).toEqual(partition(bruteForce(annotations)));
  });
});

// --- helpers ---

/** Claims as sorted lists of annotation ids, sorted: compares groupings regardless of order. */
function partition(claims: Array<{ annotationIds: string[] }>): string[][] {
  return claims.map((c) => [...c.annotationIds].sort()).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Reference: union of every substantially overlapping pair, O(n²). */
function bruteForce(annotations: ClaimAnnotation[]): Array<{ annotationIds: string[] }> {
  const parent = annotations.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < annotations.length; i++)
    for (let j = i + 1; j < annotations.length; j++) if (overlapsSubstantially(annotations[i], annotations[j])) parent[find(i)] = find(j);
  const groups = new Map<number, string[]>();
  annotations.forEach((a, i) => {
    if (a.end <= a.start) return;
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), a.id]);
  });
  return [...groups.values()].map((annotationIds) => ({ annotationIds }));
}

function randomAnnotations(seed: number, count: number, length: number, maxSpan = 40): ClaimAnnotation[] {
  const r = rng(seed);
  const classes: Classification[] = ["sourced", "contested", "opinion"];
  return Array.from({ length: count }, (_, i) => {
    const start = Math.floor(r() * length);
    return { id: `n${String(i).padStart(4, "0")}`, start, end: Math.min(length, start + 1 + Math.floor(r() * maxSpan)), classification: classes[Math.floor(r() * 3)] };
  });
}

function shuffled<T>(items: T[], seed: number): T[] {
  const r = rng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
