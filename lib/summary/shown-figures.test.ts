// How the summary's figures are printed (components/summary/format.ts) for summaries that the
// computation gives: a rounded figure must not say more than the counts behind it.
import { expect, test } from "vitest";
import { reliabilityIndex, reliabilityText, sharePercents, sharesText } from "@/components/summary/format";
import { computeSummary, type SummaryAnnotation } from "./summary";

/** `n` separate one-sentence claims of a class, ten code points apart. */
function claims(n: number, classification: SummaryAnnotation["classification"], from: number): SummaryAnnotation[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${classification}-${i}`, start: (from + i) * 10, end: (from + i) * 10 + 5, classification, authorId: "u" }));
}

test("the index is 100 only when every checkable claim is sourced, and 0 only when none is", () => {
  const almostAll = computeSummary({ documentId: "d", length: 10_000, annotations: [...claims(199, "sourced", 0), ...claims(1, "contested", 199)] });
  expect(almostAll.claims).toEqual({ sourced: 199, contested: 1, opinion: 0 });
  expect(reliabilityIndex(almostAll.reliability)).toBe(99);
  expect(reliabilityText(almostAll)).toMatch(/^Reliability index 99 of 100, .*: 199 of 200 checkable claims are sourced$/);

  const almostNone = computeSummary({ documentId: "d", length: 10_000, annotations: [...claims(1, "sourced", 0), ...claims(250, "contested", 1)] });
  expect(reliabilityIndex(almostNone.reliability)).toBe(1);

  const all = computeSummary({ documentId: "d", length: 1000, annotations: claims(6, "sourced", 0) });
  expect(reliabilityIndex(all.reliability)).toBe(100);
  const none = computeSummary({ documentId: "d", length: 1000, annotations: claims(6, "contested", 0) });
  expect(reliabilityIndex(none.reliability)).toBe(0);
  expect(reliabilityIndex(2 / 3)).toBe(67);
  expect(reliabilityIndex(null)).toBeNull();
});

test("a class with annotated text never reads 0% in the shares, and the shares still add up to 100", () => {
  // 996 code points sourced, 2 contested, 2 opinion.
  const s = computeSummary({
    documentId: "d",
    length: 2000,
    annotations: [
      { id: "a", start: 0, end: 996, classification: "sourced", authorId: "u" },
      { id: "b", start: 1000, end: 1002, classification: "contested", authorId: "u" },
      { id: "c", start: 1010, end: 1012, classification: "opinion", authorId: "u" },
    ],
  });
  const pct = sharePercents(s.shares);
  expect(pct).toEqual({ sourced: 98, contested: 1, opinion: 1 });
  expect(sharesText(s.shares)).toBe("Sourced 98%, Contested 1%, Opinion 1%");
  // A class without text stays at 0, and the usual rounding is unchanged.
  expect(sharePercents({ sourced: 0.999, contested: 0.001, opinion: 0 })).toEqual({ sourced: 99, contested: 1, opinion: 0 });
  expect(sharePercents({ sourced: 0.4505, contested: 0.3153, opinion: 0.2342 })).toEqual({ sourced: 45, contested: 32, opinion: 23 });
  expect(sharePercents({ sourced: 0, contested: 0, opinion: 0 })).toEqual({ sourced: 0, contested: 0, opinion: 0 });
  for (const shares of [
    { sourced: 0.996, contested: 0.002, opinion: 0.002 },
    { sourced: 0.3333, contested: 0.3333, opinion: 0.3334 },
    { sourced: 1, contested: 0, opinion: 0 },
  ]) {
    const p = sharePercents(shares);
    expect(p.sourced + p.contested + p.opinion).toBe(100);
  }
});
