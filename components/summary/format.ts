// How summary numbers are shown, in one place so the panel, the library bar, the corpus chart and
// the tests print the same figures. Pure: safe on the server and in the browser.
import type { Classification } from "@/lib/summary";

export const CLASS_ORDER: readonly Classification[] = ["sourced", "contested", "opinion"];
export const CLASS_NAME: Record<Classification, string> = { sourced: "Sourced", contested: "Contested", opinion: "Opinion" };

export type Shares = Readonly<Record<Classification, number>>;

/** A fraction 0..1 as a whole percentage; a sliver is "<1%" (not "0%") and almost-all is ">99%" (not "100%"). */
export function formatPercent(fraction: number): string {
  if (!(fraction > 0)) return "0%";
  if (fraction >= 1) return "100%";
  const rounded = Math.round(fraction * 100);
  if (rounded === 0) return "<1%";
  if (rounded === 100) return ">99%";
  return `${rounded}%`;
}

/** The reliability index as shown: 0–100, rounded; null when there is none. */
export function reliabilityIndex(reliability: number | null): number | null {
  return reliability === null ? null : Math.round(reliability * 100);
}

/** Krippendorff's alpha to two decimals ("—" when null); never "-0.00". */
export function formatAgreement(agreement: number | null): string {
  if (agreement === null) return "—";
  return (Math.round(agreement * 100) / 100 + 0).toFixed(2);
}

/** Whole percentages of the shares that add up to exactly 100 (largest remainder); all 0 when nothing is covered. */
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
  return out;
}

/** Text alternative of a shares bar: "Sourced 40%, Contested 35%, Opinion 25%". */
export function sharesText(shares: Shares): string {
  const pct = sharePercents(shares);
  if (CLASS_ORDER.every((c) => !(shares[c] > 0))) return "No annotated text yet";
  return CLASS_ORDER.map((c) => `${CLASS_NAME[c]} ${pct[c]}%`).join(", ");
}

/** One line of a quote for a list: whitespace collapsed, cut at a word boundary near `max` characters. */
export function shortQuote(quote: string, max = 90): string {
  const flat = quote.replace(/\s+/g, " ").trim();
  const chars = [...flat]; // never cut a surrogate pair in half
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max).join("");
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
