import { describe, expect, test } from "vitest";
import { CoincidenceMatrix, krippendorffAlphaNominal } from "./krippendorff";

/** Columns are units, rows are coders, "." is a missing value. */
function unitsFromRows(rows: string[]): Array<{ values: Array<string | null> }> {
  const cells = rows.map((r) => r.split(" "));
  return cells[0].map((_, j) => ({ values: cells.map((row) => (row[j] === "." ? null : row[j])) }));
}

describe("krippendorffAlphaNominal", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
  // nominal data, 4 observers, 12 units, missing values. Published result: alpha = 0.743.
  const published = unitsFromRows([
    "1 2 3 3 2 1 4 1 2 . . .", // A
    "1 2 3 3 2 2 4 1 2 5 . 3", // B
    ". 3 3 3 2 3 4 2 2 5 1 .", // C
    "1 2 3 3 2 4 4 1 2 5 1 .", // D
  ]);

  test("matches the published worked example (alpha = 0.743, unit 12 not pairable)", () => {
    expect(krippendorffAlphaNominal(published)!.toFixed(3)).toBe("0.743");
  });

  test("builds the coincidence matrix of the worked example (n_c = 9, 13, 10, 5, 3; n = 40)", () => {
    const m = new CoincidenceMatrix(5);
    for (const u of published) {
      const counts = [0, 0, 0, 0, 0];
      for (const v of u.values) if (v !== null) counts[Number(v) - 1]++;
      m.addUnit(counts);
    }
    // Counted by hand over units 1–11: value 1 appears 3+1+3+2 times, 2: 3+4+1+1+4, 3: 1+4+4+1, 4: 1+4, 5: 3.
    expect(m.totals).toEqual([9, 13, 10, 5, 3]);
    // Diagonal: o_11 = 3 + 2 + 2 (units 1, 8, 11), o_22 = 2 + 4 + 4 (units 2, 5, 9), o_33 = 4 + 4,
    // o_44 = 4 (unit 7), o_55 = 3 (unit 10). Then alpha = (39·32 − 344) / (40·39 − 344) = 904 / 1216.
    m.o.forEach((row, c) => expect(row[c]).toBeCloseTo([7, 10, 8, 4, 3][c], 12));
    expect(m.alpha()).toBeCloseTo(904 / 1216, 12);
  });

  test("perfect agreement over several categories gives 1", () => {
    expect(krippendorffAlphaNominal(unitsFromRows(["a b c a", "a b c a", "a b c ."]))).toBe(1);
  });

  test("all pairable values in one category (expected disagreement 0) gives 1 by convention", () => {
    expect(krippendorffAlphaNominal(unitsFromRows(["x x x", "x x ."]))).toBe(1);
  });

  test("systematic disagreement gives alpha below 0 (x/y vs y/x over two units: -0.5)", () => {
    // o_xy = o_yx = 2, o_xx = o_yy = 0, n_x = n_y = 2, n = 4:
    // alpha = (3·0 − (2 + 2)) / (4·3 − (2 + 2)) = −4 / 8 = −0.5
    expect(krippendorffAlphaNominal(unitsFromRows(["x y", "y x"]))).toBe(-0.5);
  });

  test("no pairable unit gives null", () => {
    expect(krippendorffAlphaNominal([])).toBeNull();
    expect(krippendorffAlphaNominal(unitsFromRows(["a . c", ". b ."]))).toBeNull();
  });

  test("a unit of weight w equals w copies of the unit", () => {
    const weighted = [
      { values: ["a", "a", "b"], weight: 3 },
      { values: ["b", null, "b"], weight: 2 },
      { values: ["a", "c"], weight: 1 },
    ];
    const expanded = weighted.flatMap((u) => Array.from({ length: u.weight }, () => ({ values: u.values })));
    expect(krippendorffAlphaNominal(weighted)).toBeCloseTo(krippendorffAlphaNominal(expanded)!, 12);
  });
});
