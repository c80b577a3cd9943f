import { describe, expect, test } from "vitest";
import {
  computeSummary,
  computeSummaryWithStrip,
  effectiveClassStrip,
  type Classification,
  type SummaryAnnotation,
} from "./summary";
import { groupClaims } from "./claims";
import { wilsonInterval } from "./interval";
import { krippendorffAlphaNominal } from "./krippendorff";
import { rng } from "@/lib/testing/rng";

let nextId = 0;
function ann(
  classification: Classification,
  start: number,
  end: number,
  authorId = "u1",
  extra: Partial<SummaryAnnotation> = {},
): SummaryAnnotation {
  return { id: extra.id ?? `a${String(++nextId).padStart(3, "0")}`, start, end, classification, authorId, ...extra };
}

describe("computeSummary", () => {
  test("an orphaned annotation counts in open disputes, the disputed list and rulings only", () => {
    const placed = ann("sourced", 0, 10, "u1", { disputes: 1 });
    const orphan = ann("contested", 0, 0, "u2", { orphaned: true, disputes: 2, replies: 1, ruling: "opinion" });
    const quiet = ann("opinion", 0, 0, "u3", { orphaned: true, replies: 4 });
    const withOrphans = computeSummary({ documentId: "d", length: 100, annotations: [placed, orphan, quiet] });
    const without = computeSummary({ documentId: "d", length: 100, annotations: [placed] });
    expect(withOrphans).toEqual({
      ...without,
      openDisputes: 3,
      rulings: 1,
      disputed: [
        { annotationId: orphan.id, disputes: 2, replies: 1 },
        { annotationId: placed.id, disputes: 1, replies: 0 },
      ],
    });
    expect(effectiveClassStrip({ length: 100, annotations: [placed, orphan] })).toEqual(effectiveClassStrip({ length: 100, annotations: [placed] }));
  });

  test("no annotations: coverage 0, shares 0, reliability null, agreement null, disputed empty", () => {
    expect(computeSummary({ documentId: "d", length: 100, annotations: [] })).toEqual({
      documentId: "d",
      length: 100,
      counts: { sourced: 0, contested: 0, opinion: 0 },
      reviewers: 0,
      coverage: 0,
      shares: { sourced: 0, contested: 0, opinion: 0 },
      claims: { sourced: 0, contested: 0, opinion: 0 },
      reliability: null,
      reliabilityLow: null,
      reliabilityHigh: null,
      minimumClaims: 5,
      agreement: null,
      agreementReviewers: 0,
      openDisputes: 0,
      rulings: 0,
      disputed: [],
    });
    expect(effectiveClassStrip({ length: 100, annotations: [] })).toEqual([]);
  });

  test("empty text: coverage is 0, not NaN", () => {
    const s = computeSummary({ documentId: "d", length: 0, annotations: [ann("sourced", 0, 0)] });
    expect(s.coverage).toBe(0);
    expect(s.counts.sourced).toBe(1);
  });

  test("one annotation: covers its span, all of it sourced, one sourced claim, reliability 1 of 1 with a wide interval", () => {
    const s = computeSummary({ documentId: "d", length: 40, annotations: [ann("sourced", 10, 20)] });
    expect(s.counts).toEqual({ sourced: 1, contested: 0, opinion: 0 });
    expect(s.reviewers).toBe(1);
    expect(s.coverage).toBe(0.25);
    expect(s.shares).toEqual({ sourced: 1, contested: 0, opinion: 0 });
    expect(s.claims).toEqual({ sourced: 1, contested: 0, opinion: 0 });
    expect(s.reliability).toBe(1);
    expect(s.reliabilityLow).toBeCloseTo(0.20654931437723745, 12); // SciPy's Wilson interval for 1 of 1
    expect(s.reliabilityHigh).toBe(1);
    expect(s.agreement).toBeNull();
    expect(s.disputed).toEqual([]);
  });

  test("nested and overlapping spans: majority per code point, three-way tie → contested, opinion/sourced tie → opinion", () => {
    // 0    2    4    6    8    10   12
    // [sourced u1.........)
    //      [contested u2)
    //      [opn u3)       [opinion u2)
    // [0,2) s → sourced; [2,4) s,c,o → contested (three-way tie); [4,6) s,c → contested;
    // [6,8) s,o → opinion (tie); [8,10) o → opinion; [10,12) uncovered.
    const annotations = [
      ann("sourced", 0, 8, "u1"),
      ann("contested", 2, 6, "u2"),
      ann("opinion", 2, 4, "u3"),
      ann("opinion", 6, 10, "u2"),
    ];
    const s = computeSummary({ documentId: "d", length: 12, annotations });
    expect(s.counts).toEqual({ sourced: 1, contested: 1, opinion: 2 });
    expect(s.reviewers).toBe(3);
    expect(s.coverage).toBeCloseTo(10 / 12, 12);
    expect(s.shares.sourced).toBeCloseTo(2 / 10, 12);
    expect(s.shares.contested).toBeCloseTo(4 / 10, 12);
    expect(s.shares.opinion).toBeCloseTo(4 / 10, 12);
    // One claim: [0,8) holds [2,6) and [2,4), and shares [6,8) with [6,10) (2 of the shorter 4).
    // Its annotations: sourced 1, contested 1, opinion 2 → opinion. Nothing checkable: no index.
    expect(s.claims).toEqual({ sourced: 0, contested: 0, opinion: 1 });
    expect(s.reliability).toBeNull();
    expect(s.reliabilityLow).toBeNull();
    // Units: [2,4) (s,c,o) ×2, [4,6) (s,c) ×2, [6,8) (s,o) ×2. Off-diagonal o_sc = o_cs = o_so = o_os = 1 + 2,
    // o_co = o_oc = 1, diagonal 0; n_s = 6, n_c = 4, n_o = 4, n = 14.
    // alpha = (13·0 − (30 + 12 + 12)) / (14·13 − 54) = −54 / 128
    expect(s.agreement).toBeCloseTo(-54 / 128, 12);
    expect(s.agreementReviewers).toBe(3);
    expect(effectiveClassStrip({ length: 12, annotations })).toEqual([
      { start: 0, end: 2, classification: "sourced" },
      { start: 2, end: 6, classification: "contested" },
      { start: 6, end: 10, classification: "opinion" },
    ]);
  });

  test("a clear majority beats caution: two sourced over one contested stay sourced, and make one claim", () => {
    const annotations = [ann("sourced", 0, 4, "u1"), ann("sourced", 0, 4, "u2"), ann("contested", 0, 4, "u3")];
    const s = computeSummary({ documentId: "d", length: 4, annotations });
    expect(s.shares).toEqual({ sourced: 1, contested: 0, opinion: 0 });
    expect(s.claims).toEqual({ sourced: 1, contested: 0, opinion: 0 });
    expect(s.reliability).toBe(1);
  });

  test("several reviewers: agreement is hand-computed alpha over code points shared by two or more", () => {
    // A: sourced [0,6), opinion [6,12); B: sourced [0,4), contested [4,8);
    // C: sourced [2,6) and contested [2,4) — C's own tie on [2,4) makes C's label contested there.
    const annotations = [
      ann("sourced", 0, 6, "A"),
      ann("opinion", 6, 12, "A"),
      ann("sourced", 0, 4, "B"),
      ann("contested", 4, 8, "B"),
      ann("sourced", 2, 6, "C"),
      ann("contested", 2, 4, "C"),
    ];
    const s = computeSummary({ documentId: "d", length: 12, annotations });
    // Units (code points with ≥ 2 reviewers), weight 2 each:
    //   [0,2) (s,s)   → o_ss += 2
    //   [2,4) (s,s,c) → o_ss += 2, o_sc += 2, o_cs += 2
    //   [4,6) (s,c,s) → o_ss += 2, o_sc += 2, o_cs += 2
    //   [6,8) (o,c)   → o_oc += 2, o_co += 2
    //   [8,12) A only: not pairable.
    // o_ss = 8, other diagonal 0; n_s = 12, n_c = 6, n_o = 2, n = 20.
    // alpha = (19·8 − (12·11 + 6·5 + 2·1)) / (20·19 − 164) = (152 − 164) / 216 = −1/18
    expect(s.agreement).toBeCloseTo(-1 / 18, 12);
    expect(s.agreementReviewers).toBe(3);
    expect(s.reviewers).toBe(3);
    expect(s.counts).toEqual({ sourced: 3, contested: 2, opinion: 1 });
    // Effective class over all annotations: [0,6) sourced (majority), [6,8) o vs c tie → contested, [8,12) opinion.
    expect(s.coverage).toBe(1);
    expect(s.shares.sourced).toBeCloseTo(6 / 12, 12);
    expect(s.shares.contested).toBeCloseTo(2 / 12, 12);
    expect(s.shares.opinion).toBeCloseTo(4 / 12, 12);
    // All six chain into one claim ([0,6) holds [0,4), [2,6), [2,4); [4,8) shares 2 of 4 with [0,6),
    // [6,12) shares 2 of 4 with [4,8)): sourced 3, contested 2, opinion 1 → sourced.
    expect(s.claims).toEqual({ sourced: 1, contested: 0, opinion: 0 });
    expect(s.reliability).toBe(1);
  });

  test("two sourced claims and one contested claim: reliability 2 of 3 with its Wilson interval, below the minimum", () => {
    // Two reviewers mark the same first sentence (one claim), a second sentence is sourced, a third contested.
    const annotations = [
      ann("sourced", 0, 30, "rosa"),
      ann("sourced", 2, 28, "victor"),
      ann("sourced", 40, 70, "rosa"),
      ann("contested", 80, 120, "victor"),
      ann("opinion", 130, 150, "rosa"), // not checkable
    ];
    const s = computeSummary({ documentId: "d", length: 200, annotations });
    expect(s.counts).toEqual({ sourced: 3, contested: 1, opinion: 1 });
    expect(s.claims).toEqual({ sourced: 2, contested: 1, opinion: 1 });
    expect(s.reliability).toBeCloseTo(2 / 3, 12);
    expect(s.reliabilityLow).toBeCloseTo(0.20765960080204782, 12); // SciPy: binomtest(2, 3).proportion_ci(method="wilson")
    expect(s.reliabilityHigh).toBeCloseTo(0.9385080552796038, 12);
    expect(s.claims.sourced + s.claims.contested).toBeLessThan(s.minimumClaims);
    // The shares still weigh text: 60 sourced, 40 contested, 20 opinion code points of 120 annotated.
    expect(s.shares.sourced).toBeCloseTo(60 / 120, 12);
    expect(s.shares.contested).toBeCloseTo(40 / 120, 12);
  });

  test("a ruling overrides its claim's annotations; openDisputes and rulings are counted", () => {
    const annotations = [
      ann("sourced", 0, 10, "u1", { disputes: 2 }),
      ann("sourced", 0, 10, "u2", { ruling: "contested", disputes: 1 }),
      ann("contested", 20, 30, "u1", { ruling: null }),
      ann("opinion", 40, 50, "u1", { ruling: "sourced" }),
    ];
    const s = computeSummary({ documentId: "d", length: 60, annotations });
    expect(s.claims).toEqual({ sourced: 1, contested: 2, opinion: 0 });
    expect(s.reliability).toBeCloseTo(1 / 3, 12);
    expect(s.rulings).toBe(2);
    expect(s.openDisputes).toBe(3);
    expect(s.counts).toEqual({ sourced: 2, contested: 1, opinion: 1 }); // annotation counts keep the authors' classes
    // The strip draws a ruled annotation in its ruling's class, as the text's highlight; the shares keep the authors' classes.
    expect(computeSummaryWithStrip({ documentId: "d", length: 60, annotations }).strip).toEqual([
      { start: 0, end: 10, classification: "contested" }, // one sourced, one ruled contested: the tie goes to contested
      { start: 20, end: 30, classification: "contested" },
      { start: 40, end: 50, classification: "sourced" },
    ]);
    expect(s.shares).toEqual({ sourced: 1 / 3, contested: 1 / 3, opinion: 1 / 3 });
  });

  test("reviewers who agree wherever they overlap get agreement 1", () => {
    const annotations = [
      ann("sourced", 0, 10, "A"),
      ann("contested", 10, 20, "A"),
      ann("sourced", 5, 10, "B"),
      ann("contested", 10, 15, "B"),
      ann("opinion", 30, 40, "C"), // overlaps nobody: not counted among agreement reviewers
    ];
    const s = computeSummary({ documentId: "d", length: 40, annotations });
    expect(s.agreement).toBe(1);
    expect(s.agreementReviewers).toBe(2);
    expect(s.reviewers).toBe(3);
  });

  test("counts code points, not UTF-16 units, in a text with non-BMP characters", () => {
    const text = "😀 fact 𝄞 view";
    expect(text.length).toBe(15); // two surrogate pairs
    const L = [...text].length;
    expect(L).toBe(13);
    // Code points: 0 😀, 1 ' ', 2–5 fact, 6 ' ', 7 𝄞, 8 ' ', 9–12 view.
    const cps = [...text];
    expect(cps.slice(0, 6).join("")).toBe("😀 fact");
    expect(cps.slice(7, 13).join("")).toBe("𝄞 view");
    const annotations = [ann("sourced", 0, 6), ann("opinion", 7, 13)];
    const s = computeSummary({ documentId: "d", length: L, annotations });
    expect(s.coverage).toBeCloseTo(12 / 13, 12); // UTF-16 would give 14 / 15
    expect(s.shares).toEqual({ sourced: 0.5, contested: 0, opinion: 0.5 });
    expect(s.reliability).toBe(1);
    expect(effectiveClassStrip({ length: L, annotations })).toEqual([
      { start: 0, end: 6, classification: "sourced" },
      { start: 7, end: 13, classification: "opinion" },
    ]);
  });

  test("reliability is null when only opinion is present", () => {
    const s = computeSummary({ documentId: "d", length: 10, annotations: [ann("opinion", 0, 5), ann("opinion", 3, 8, "u2")] });
    expect(s.reliability).toBeNull();
    expect(s.shares).toEqual({ sourced: 0, contested: 0, opinion: 1 });
  });

  test("agreement is null with one reviewer, even with overlapping annotations of their own", () => {
    const s = computeSummary({
      documentId: "d",
      length: 10,
      annotations: [ann("sourced", 0, 6, "solo"), ann("contested", 3, 9, "solo")],
    });
    expect(s.agreement).toBeNull();
    expect(s.agreementReviewers).toBe(0);
  });

  test("spans are clamped to the text and empty spans cover nothing", () => {
    const s = computeSummary({
      documentId: "d",
      length: 10,
      annotations: [ann("sourced", -5, 4), ann("contested", 8, 50), ann("opinion", 6, 6)],
    });
    expect(s.coverage).toBeCloseTo(6 / 10, 12);
    expect(s.counts).toEqual({ sourced: 1, contested: 1, opinion: 1 });
    expect(s.shares.opinion).toBe(0);
    expect(s.claims).toEqual({ sourced: 1, contested: 1, opinion: 0 }); // the empty span marks no claim
  });

  test("disputed: most disputes, then most replies, then start, then id; limited by disputedLimit (default 10)", () => {
    const annotations = [
      ann("sourced", 5, 6, "u1", { id: "quiet" }),
      ann("sourced", 9, 10, "u1", { id: "r1", replies: 1 }),
      ann("sourced", 1, 2, "u1", { id: "r1-early", replies: 1 }),
      ann("sourced", 1, 2, "u1", { id: "r1-early-a", replies: 1 }),
      ann("sourced", 0, 1, "u1", { id: "r3", replies: 3 }),
      ann("sourced", 7, 8, "u1", { id: "d1", disputes: 1 }),
      ann("sourced", 8, 9, "u1", { id: "d2r0", disputes: 2 }),
      ann("sourced", 8, 9, "u1", { id: "d2r2", disputes: 2, replies: 2 }),
    ];
    const s = computeSummary({ documentId: "d", length: 10, annotations });
    expect(s.openDisputes).toBe(5);
    expect(s.disputed.map((d) => d.annotationId)).toEqual(["d2r2", "d2r0", "d1", "r3", "r1-early", "r1-early-a", "r1"]);
    expect(s.disputed[0]).toEqual({ annotationId: "d2r2", disputes: 2, replies: 2 });
    expect(s.disputed[3]).toEqual({ annotationId: "r3", disputes: 0, replies: 3 });

    const limited = computeSummary({ documentId: "d", length: 10, annotations, disputedLimit: 2 });
    expect(limited.disputed.map((d) => d.annotationId)).toEqual(["d2r2", "d2r0"]);

    const many = Array.from({ length: 15 }, (_, i) => ann("opinion", i, i + 1, "u1", { disputes: 1 }));
    expect(computeSummary({ documentId: "d", length: 20, annotations: many }).disputed).toHaveLength(10);
  });
});

// --- Randomised fixtures: determinism and agreement with a per-code-point reference ---


function randomAnnotations(seed: number, count: number, length: number): SummaryAnnotation[] {
  const r = rng(seed);
  const classes: Classification[] = ["sourced", "contested", "opinion"];
  return Array.from({ length: count }, (_, i) => {
    const start = Math.floor(r() * length);
    const end = Math.min(length, start + 1 + Math.floor(r() * 40));
    return {
      id: `n${i}`,
      start,
      end,
      classification: classes[Math.floor(r() * 3)],
      authorId: `rev${Math.floor(r() * 5)}`,
      disputes: r() < 0.2 ? Math.floor(r() * 3) : undefined,
      replies: r() < 0.2 ? Math.floor(r() * 3) : undefined,
    };
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

/** Straightforward per-code-point computation of the same definitions, for comparison. */
function referenceByCodePoint(length: number, annotations: SummaryAnnotation[]) {
  const caution: Classification[] = ["contested", "opinion", "sourced"];
  const effective = (list: SummaryAnnotation[]) => {
    const n = (c: Classification) => list.filter((a) => a.classification === c).length;
    return caution.reduce((best, c) => (n(c) > n(best) ? c : best));
  };
  const perClass = { sourced: 0, contested: 0, opinion: 0 };
  const units: Array<{ values: string[] }> = [];
  let covered = 0;
  for (let p = 0; p < length; p++) {
    const here = annotations.filter((a) => a.start <= p && p < a.end);
    if (here.length === 0) continue;
    covered++;
    perClass[effective(here)]++;
    const authors = [...new Set(here.map((a) => a.authorId))];
    if (authors.length >= 2) units.push({ values: authors.map((id) => effective(here.filter((a) => a.authorId === id))) });
  }
  return { covered, perClass, agreement: units.length ? krippendorffAlphaNominal(units) : null };
}

describe("computeSummary on generated data", () => {
  const length = 600;
  const annotations = randomAnnotations(7, 120, length);

  test("shuffled input gives an identical result", () => {
    const expected = computeSummary({ documentId: "d", length, annotations });
    const expectedStrip = effectiveClassStrip({ length, annotations });
    for (const seed of [1, 2, 3]) {
      const input = shuffled(annotations, seed);
      expect(JSON.stringify(computeSummary({ documentId: "d", length, annotations: input }))).toBe(
        JSON.stringify(expected),
      );
      expect(effectiveClassStrip({ length, annotations: input })).toEqual(expectedStrip);
    }
  });

  test("the segment sweep equals a per-code-point computation (weights reproduce per-code-point alpha)", () => {
    const s = computeSummary({ documentId: "d", length, annotations });
    const ref = referenceByCodePoint(length, annotations);
    expect(s.coverage).toBeCloseTo(ref.covered / length, 12);
    for (const c of ["sourced", "contested", "opinion"] as const) {
      expect(s.shares[c]).toBeCloseTo(ref.perClass[c] / ref.covered, 12);
    }
    expect(s.agreement).not.toBeNull();
    expect(s.agreement!).toBeCloseTo(ref.agreement!, 12);
  });

  test("claims and reliability follow groupClaims, with the Wilson interval of sourced of checkable claims", () => {
    // Sparser than the fixture above (which chains into a few claims): 120 spans over 6,000 code points.
    const sparse = randomAnnotations(11, 120, 6000);
    const s = computeSummary({ documentId: "d", length: 6000, annotations: sparse });
    const claims = { sourced: 0, contested: 0, opinion: 0 };
    for (const c of groupClaims(sparse)) claims[c.classification]++;
    expect(s.claims).toEqual(claims);
    const checkable = claims.sourced + claims.contested;
    expect(checkable).toBeGreaterThan(s.minimumClaims);
    expect(s.reliability).toBeCloseTo(claims.sourced / checkable, 12);
    expect(s.reliabilityLow).toBe(wilsonInterval(claims.sourced, checkable)!.low);
    expect(s.reliabilityHigh).toBe(wilsonInterval(claims.sourced, checkable)!.high);
    expect(s.reliabilityLow!).toBeLessThan(s.reliability!);
    expect(s.reliabilityHigh!).toBeGreaterThan(s.reliability!);
  });

  test("the strip's runs are maximal, disjoint, ordered and sum to the covered code points", () => {
    const strip = effectiveClassStrip({ length, annotations });
    const ref = referenceByCodePoint(length, annotations);
    let total = 0;
    strip.forEach((run, i) => {
      expect(run.start).toBeLessThan(run.end);
      total += run.end - run.start;
      const prev = strip[i - 1];
      if (prev) {
        expect(prev.end).toBeLessThanOrEqual(run.start);
        if (prev.end === run.start) expect(prev.classification).not.toBe(run.classification);
      }
    });
    expect(total).toBe(ref.covered);
  });
});
