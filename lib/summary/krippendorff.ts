// Krippendorff's alpha for nominal data, following Krippendorff, "Computing Krippendorff's
// Alpha-Reliability" (2011). Units carry a weight so that a run of w identical units (e.g. w code
// points with the same labels) is added in one step; the coincidence matrix is linear in the units,
// so the result is the same as adding the w units one by one.

/** Coincidence matrix over categories 0..k-1, filled unit by unit. */
export class CoincidenceMatrix {
  /** o[c][k]: weighted number of c–k pairs of values within units (Krippendorff's o_ck). */
  readonly o: number[][];
  /** n_c: weighted number of pairable values in category c. Kept separately (it equals the row
   *  sums of o) so that it stays an exact integer instead of a sum of fractions like 1/3. */
  readonly totals: number[];

  constructor(categories: number) {
    this.o = Array.from({ length: categories }, () => new Array<number>(categories).fill(0));
    this.totals = new Array<number>(categories).fill(0);
  }

  /** Adds a unit, given how many of its coders chose each category; `weight` copies of it. */
  addUnit(counts: ArrayLike<number>, weight = 1): void {
    let m = 0;
    for (let c = 0; c < counts.length; c++) m += counts[c];
    // A unit with fewer than two values has no pairs: it is not pairable and is left out.
    if (m < 2 || !(weight > 0)) return;
    const f = weight / (m - 1);
    for (let c = 0; c < counts.length; c++) {
      const nc = counts[c];
      if (nc === 0) continue;
      this.totals[c] += weight * nc;
      for (let k = 0; k < counts.length; k++) {
        const pairs = c === k ? nc * (nc - 1) : nc * counts[k];
        if (pairs > 0) this.o[c][k] += f * pairs;
      }
    }
  }

  /** Nominal alpha = 1 − D_o / D_e, written as
   *  ((n − 1) · Σ_c o_cc − Σ_c n_c(n_c − 1)) / (n(n − 1) − Σ_c n_c(n_c − 1)).
   *  `null` when there is no pairable unit. */
  alpha(): number | null {
    let n = 0;
    let agreeing = 0;
    let expectedAgreeing = 0;
    for (let c = 0; c < this.totals.length; c++) {
      n += this.totals[c];
      agreeing += this.o[c][c];
      expectedAgreeing += this.totals[c] * (this.totals[c] - 1);
    }
    if (n === 0) return null;
    const denominator = n * (n - 1) - expectedAgreeing;
    if (denominator <= 0) {
      // Expected disagreement is 0: every pairable value is the same single category, so alpha's
      // formula is 0/0. Observed disagreement is then necessarily 0 as well, i.e. the coders agree
      // perfectly, and we report 1 rather than "undefined" (the data give no reason to doubt it).
      return 1;
    }
    return ((n - 1) * agreeing - expectedAgreeing) / denominator;
  }
}

/**
 * Krippendorff's alpha for nominal values. Each unit lists one value per coder (`null` = missing);
 * `weight` (default 1) counts the unit that many times. Units with fewer than two values are not
 * pairable and are ignored. Returns `null` when no unit is pairable, 1 when all pairable values are
 * one and the same category.
 */
export function krippendorffAlphaNominal(
  units: Array<{ values: Array<string | null>; weight?: number }>,
): number | null {
  // Sorted so that category order (and so floating-point summation order) does not depend on
  // which value happens to appear first.
  const categories = [...new Set(units.flatMap((u) => u.values.filter((v): v is string => v !== null)))].sort();
  const index = new Map(categories.map((c, i) => [c, i]));
  const matrix = new CoincidenceMatrix(categories.length);
  const counts = new Array<number>(categories.length);
  for (const unit of units) {
    counts.fill(0);
    for (const v of unit.values) if (v !== null) counts[index.get(v)!]++;
    matrix.addUnit(counts, unit.weight ?? 1);
  }
  return matrix.alpha();
}
