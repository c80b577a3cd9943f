// How summary numbers are shown, in one place so the panel, the library bar, the corpus chart and
// the tests print the same figures. Pure: safe on the server and in the browser.
import { MINIMUM_CLAIMS, type Classification, type DocumentSummary } from "@/lib/summary";
import { claimsSentence, TOO_FEW_CLAIMS } from "@/lib/summary/definitions";

export const CLASS_ORDER: readonly Classification[] = ["sourced", "contested", "opinion"];
export const CLASS_NAME: Record<Classification, string> = { sourced: "Sourced", contested: "Contested", opinion: "Opinion" };

export type Shares = Readonly<Record<Classification, number>>;

/** Claims or annotations of every class together. */
export const classTotal = (perClass: Readonly<Record<Classification, number>>): number => CLASS_ORDER.reduce((n, c) => n + perClass[c], 0);

/** A fraction 0..1 as a whole percentage; a sliver is "<1%" (not "0%") and almost-all is ">99%" (not "100%"). */
export function formatPercent(fraction: number): string {
  if (!(fraction > 0)) return "0%";
  if (fraction >= 1) return "100%";
  const rounded = Math.round(fraction * 100);
  if (rounded === 0) return "<1%";
  if (rounded === 100) return ">99%";
  return `${rounded}%`;
}

/**
 * The reliability index as shown: 0–100, rounded; null when there is none. 100 only when every checkable
 * claim is sourced and 0 only when none is: 199 of 200 is 99, not 100, and 1 of 201 is 1, not 0 (the
 * pools of a large corpus get there), as coverage says ">99%" rather than "100%".
 */
export function reliabilityIndex(reliability: number | null): number | null {
  if (reliability === null) return null;
  if (!(reliability > 0)) return 0;
  if (reliability >= 1) return 100;
  return Math.min(99, Math.max(1, Math.round(reliability * 100)));
}

/** What the reliability figures need: claims per class, the index, its interval and the minimum. */
export type ReliabilityView = Pick<DocumentSummary, "claims" | "reliability" | "reliabilityLow" | "reliabilityHigh"> & {
  minimumClaims?: number;
};

/**
 * How the index may be shown: "none" without checkable claims, "too-few" below the minimum (show
 * the interval and "too few claims to judge", no bold number), "judged" otherwise. Groups of
 * documents (no `minimumClaims`) use the documents' minimum.
 */
export function reliabilityState(r: ReliabilityView): "none" | "too-few" | "judged" {
  const checkable = r.claims.sourced + r.claims.contested;
  if (checkable === 0 || r.reliability === null) return "none";
  return checkable < (r.minimumClaims ?? MINIMUM_CLAIMS) ? "too-few" : "judged";
}

export { claimsSentence, TOO_FEW_CLAIMS };

/** The 95% interval on the 0–100 scale: "21–94"; null without one. */
export function formatInterval(low: number | null, high: number | null): string | null {
  return low === null || high === null ? null : `${Math.round(low * 100)}–${Math.round(high * 100)}`;
}

/** The whole reliability figure in one line, for a title or a screen reader. */
export function reliabilityText(r: ReliabilityView): string {
  const state = reliabilityState(r);
  if (state === "none") return "No checkable claims yet, so no reliability index";
  const interval = `95% interval ${Math.round(r.reliabilityLow! * 100)} to ${Math.round(r.reliabilityHigh! * 100)}`;
  const sentence = claimsSentence(r.claims);
  return state === "judged"
    ? `Reliability index ${reliabilityIndex(r.reliability)} of 100, ${interval}: ${sentence}`
    : `Reliability: ${TOO_FEW_CLAIMS}, ${interval}: ${sentence}`;
}

/** Krippendorff's alpha to two decimals ("—" when null); never "-0.00". */
export function formatAgreement(agreement: number | null): string {
  if (agreement === null) return "—";
  return (Math.round(agreement * 100) / 100 + 0).toFixed(2);
}

/**
 * Whole percentages of the shares that add up to exactly 100 (largest remainder); all 0 when nothing is
 * covered. A class with any annotated text is at least 1% (taken from the largest), so no present class
 * reads "0%" and no class reads "100%" beside another: 99.6/0.2/0.2 is 98/1/1, not 100/0/0.
 */
export function sharePercents(shares: Shares): Record<Classification, number> {
  const total = CLASS_ORDER.reduce((sum, c) => sum + Math.max(0, shares[c]), 0);
  const out: Record<Classification, number> = { sourced: 0, contested: 0, opinion: 0 };
  if (!(total > 0)) return out;
  const raw = CLASS_ORDER.map((c) => (Math.max(0, shares[c]) / total) * 100);
  raw.forEach((r, i) => (out[CLASS_ORDER[i]] = Math.floor(r)));
  let rest = 100 - CLASS_ORDER.reduce((sum, c) => sum + out[c], 0);
  const byRemainder = raw.map((r, i) => ({ i, rem: r - Math.floor(r) })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of byRemainder) {
    if (rest <= 0) break;
    out[CLASS_ORDER[i]]++;
    rest--;
  }
  for (const c of CLASS_ORDER) {
    if (!(shares[c] > 0) || out[c] > 0) continue;
    const largest = CLASS_ORDER.reduce((a, b) => (out[b] > out[a] ? b : a));
    out[largest]--;
    out[c] = 1;
  }
  return out;
}

/** Text alternative of a shares bar: "Sourced 40%, Contested 35%, Opinion 25%". */
export function sharesText(shares: Shares): string {
  const pct = sharePercents(shares);
  if (CLASS_ORDER.every((c) => !(shares[c] > 0))) return "No annotated text yet";
  return CLASS_ORDER.map((c) => `${CLASS_NAME[c]} ${pct[c]}%`).join(", ");
}


export { plural } from "@/lib/plural";
