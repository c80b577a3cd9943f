// The 95% interval around the reliability index (a proportion of claims).
//
// Wilson score interval (Wilson 1927), not a Beta posterior: it has a closed form (no inverse
// incomplete Beta function to iterate, so the browser and the server print the same digits), it
// never collapses to a zero-width interval at 0 of n or n of n the way the textbook "p ± 1.96·se"
// does, and it is among the intervals Brown, Cai & DasGupta (2001, "Interval Estimation for a
// Binomial Proportion") recommend for small n — the case that matters here, where a document has a
// handful of claims. Its lower bound is also the usual conservative ranking key for "k of n" data.

/** The standard normal quantile for a two-sided 95% interval, qnorm(0.975). */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for `successes` of `trials`; null when there are no trials. */
export function wilsonInterval(successes: number, trials: number, z: number = Z_95): Interval | null {
  if (!(trials > 0)) return null;
  if (!(successes >= 0 && successes <= trials)) throw new RangeError(`successes (${successes}) must be between 0 and trials (${trials})`);
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // At 0 of n and n of n the formula reaches the bound exactly in real arithmetic; say so exactly.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === trials ? 1 : Math.min(1, centre + half),
  };
}
