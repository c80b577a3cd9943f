import { describe, expect, test } from "vitest";
import { wilsonInterval, Z_95 } from "./interval";

describe("wilsonInterval", () => {
  test("matches SciPy's binomtest(k, n).proportion_ci(method='wilson') (SciPy 1.17)", () => {
    // Reference values printed by: from scipy.stats import binomtest
    //   binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    const reference: Array<[number, number, number, number]> = [
      [2, 3, 0.20765960080204782, 0.9385080552796038],
      [2, 2, 0.34238022750665303, 1],
      [1, 1, 0.20654931437723745, 1],
      [0, 1, 0, 0.7934506856227626],
      [0, 3, 0, 0.5614970317550454],
      [9, 10, 0.5958499732047615, 0.9821237869049271],
      [4, 5, 0.3755346297625253, 0.9637758913675698],
      [81, 263, 0.2552885198782742, 0.36620957698280004],
    ];
    for (const [k, n, low, high] of reference) {
      const interval = wilsonInterval(k, n)!;
      expect(interval.low, `${k} of ${n}`).toBeCloseTo(low, 12);
      expect(interval.high, `${k} of ${n}`).toBeCloseTo(high, 12);
    }
  });

  test("matches the score-method column of Newcombe (1998), Table I, to four decimals", () => {
    // R. G. Newcombe, "Two-sided confidence intervals for the single proportion: comparison of
    // seven methods", Statistics in Medicine 17 (1998) 857–872, Table I, method 3.
    const table: Array<[number, number, number, number]> = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [k, n, low, high] of table) {
      const interval = wilsonInterval(k, n)!;
      expect(Math.round(interval.low * 1e4) / 1e4).toBe(low);
      expect(Math.round(interval.high * 1e4) / 1e4).toBe(high);
    }
  });

  test("2 of 3 worked by hand", () => {
    // p = 2/3, z² = 3.8415, z²/n = 1.2805: centre = (0.6667 + 0.6402) / 2.2805 = 0.5731;
    // half = 1.96 / 2.2805 · √(0.0741 + 0.1067) = 0.3654 → 0.2077 to 0.9385.
    const { low, high } = wilsonInterval(2, 3)!;
    expect(low).toBeCloseTo(0.2077, 4);
    expect(high).toBeCloseTo(0.9385, 4);
  });

  test("no trials: no interval", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  test("0 of n starts at exactly 0 and n of n ends at exactly 1; both stay inside [0, 1]", () => {
    for (let n = 1; n <= 200; n++) {
      expect(wilsonInterval(0, n)!.low).toBe(0);
      expect(wilsonInterval(n, n)!.high).toBe(1);
      for (const k of [0, 1, Math.floor(n / 2), n - 1, n]) {
        const { low, high } = wilsonInterval(k, n)!;
        expect(low).toBeGreaterThanOrEqual(0);
        expect(high).toBeLessThanOrEqual(1);
        expect(low).toBeLessThanOrEqual(k / n);
        expect(high).toBeGreaterThanOrEqual(k / n);
      }
    }
  });

  test("is symmetric: k of n mirrors n − k of n", () => {
    for (const [k, n] of [[1, 7], [3, 10], [0, 4], [12, 40]]) {
      const a = wilsonInterval(k, n)!;
      const b = wilsonInterval(n - k, n)!;
      expect(a.low).toBeCloseTo(1 - b.high, 12);
      expect(a.high).toBeCloseTo(1 - b.low, 12);
    }
  });

  test("narrows as claims accumulate at the same proportion", () => {
    const width = (k: number, n: number) => {
      const i = wilsonInterval(k, n)!;
      return i.high - i.low;
    };
    expect(width(2, 4)).toBeGreaterThan(width(20, 40));
    expect(width(20, 40)).toBeGreaterThan(width(200, 400));
  });

  test("uses the 97.5% normal quantile and refuses impossible counts", () => {
    expect(Z_95).toBeCloseTo(1.959964, 6);
    expect(() => wilsonInterval(4, 3)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 3)).toThrow(RangeError);
  });
});
