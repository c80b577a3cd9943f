// The three classes and the majority rule shared by the code-point sweep and the claim grouping.

export type Classification = "sourced" | "contested" | "opinion";

export const CLASSIFICATIONS: readonly Classification[] = ["sourced", "contested", "opinion"];
export const SOURCED = 0;
export const CONTESTED = 1;
export const OPINION = 2;
export const CLASS_INDEX: Record<Classification, number> = { sourced: SOURCED, contested: CONTESTED, opinion: OPINION };

/** Class held by most of the counted items (counts[base + classIndex]); ties go to the more
 *  cautious class: contested, then opinion, then sourced. -1 when nothing is counted. */
export function effectiveIndex(counts: ArrayLike<number>, base = 0): number {
  // Written out rather than looped: the sweep calls this at every boundary and for every segment.
  const sourced = counts[base + SOURCED];
  const contested = counts[base + CONTESTED];
  const opinion = counts[base + OPINION];
  if (sourced === 0 && contested === 0 && opinion === 0) return -1;
  // ">=" lets the more cautious class win ties.
  if (contested >= opinion && contested >= sourced) return CONTESTED;
  if (opinion >= sourced) return OPINION;
  return SOURCED;
}

/** Code-unit string order; unlike localeCompare it is the same in every environment. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
