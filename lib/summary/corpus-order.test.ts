import { describe, expect, it } from "vitest";
import { sortCorpus } from "./corpus-order";

const row = (documentId: string, title: string, sourced = 0, contested = 0) => {
  const n = sourced + contested;
  return {
    documentId,
    title,
    claims: { sourced, contested, opinion: 0 },
    coverage: 0,
    reliability: n ? sourced / n : null,
    reliabilityLow: n ? 0.1 : null,
    reliabilityHigh: n ? 0.9 : null,
  };
};

describe("the corpus page's order", () => {
  // The ids run against the titles, so that an order by id would show.
  const rows = [row("a1", "zola"), row("a2", "“Quoted” remark"), row("a3", "élan"), row("a4", "apple"), row("a5", "Apple"), row("a6", "Äpfel"), row("a7", "Eagle")];
  const titles = (sorted: ReturnType<typeof row>[]) => sorted.map((r) => r.title);
  const expected = ["Äpfel", "Apple", "apple", "Eagle", "élan", "“Quoted” remark", "zola"];

  it("sorts titles as the library does: accents, case and a leading quotation mark ignored, then as written", () => {
    expect(titles(sortCorpus(rows, "title", "asc"))).toEqual(expected);
    expect(titles(sortCorpus(rows, "title", "desc"))).toEqual([...expected].reverse());
  });

  it("breaks the other sorts' ties by title, A to Z", () => {
    expect(titles(sortCorpus(rows, "reliability", "desc"))).toEqual(expected);
    expect(titles(sortCorpus(rows, "coverage", "asc"))).toEqual(expected);
    const withClaims = [...rows, row("b1", "Ångström", 1, 1), row("b2", "Abbey", 1, 1)];
    expect(titles(sortCorpus(withClaims, "claims", "desc")).slice(0, 3)).toEqual(["Abbey", "Ångström", "Äpfel"]);
  });
});
