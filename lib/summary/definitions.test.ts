import { expect, test } from "vitest";
import { claimsSentence, SUMMARY_DEFINITIONS, SUMMARY_DEFINITIONS_TITLE, TOO_FEW_CLAIMS } from "./definitions";
import { computeSummary, MINIMUM_CLAIMS } from "./summary";

const text = (term: string) => SUMMARY_DEFINITIONS.find((d) => d.term === term)?.text ?? "";

test("definitions have a title and a non-empty text for every term", () => {
  expect(SUMMARY_DEFINITIONS_TITLE).toBe("How these numbers are computed");
  for (const d of SUMMARY_DEFINITIONS) {
    expect(d.term.trim()).not.toBe("");
    expect(d.text.trim()).not.toBe("");
  }
  expect(new Set(SUMMARY_DEFINITIONS.map((d) => d.term)).size).toBe(SUMMARY_DEFINITIONS.length);
});

test("the reliability index is explained over claims on a 0–100 scale, with the words the UI prints", () => {
  expect(text("Reliability index")).toMatch(/0 to 100/);
  expect(text("Reliability index")).toContain('"2 of 3 checkable claims are sourced" is 67');
  expect(text("Claims")).toContain("at least half of the shorter one");
  expect(text("Share of annotated text")).toContain("counted in characters");
});

test("the worked examples and the minimum are what the computation gives", () => {
  // Two sourced claims and one contested claim, as in the example.
  const s = computeSummary({
    documentId: "d",
    length: 100,
    annotations: [
      { id: "a", start: 0, end: 10, classification: "sourced", authorId: "u" },
      { id: "b", start: 20, end: 30, classification: "sourced", authorId: "u" },
      { id: "c", start: 40, end: 50, classification: "contested", authorId: "u" },
    ],
  });
  expect(claimsSentence(s.claims)).toBe("2 of 3 checkable claims are sourced");
  expect(Math.round(s.reliability! * 100)).toBe(67);
  const interval = `${Math.round(s.reliabilityLow! * 100)} to ${Math.round(s.reliabilityHigh! * 100)}`;
  expect(interval).toBe("21 to 94");
  expect(text("95% interval")).toContain(`2 of 3 sourced gives ${interval}`);
  expect(text("95% interval")).toContain("20 of 30 gives 49 to 81");
  expect(text("95% interval")).toContain(`Below ${MINIMUM_CLAIMS} checkable claims`);
  expect(text("95% interval")).toContain(`"${TOO_FEW_CLAIMS}"`);
  expect(s.minimumClaims).toBe(MINIMUM_CLAIMS);
});

test("claimsSentence agrees in number", () => {
  expect(claimsSentence({ sourced: 0, contested: 1, opinion: 4 })).toBe("0 of 1 checkable claim is sourced");
  expect(claimsSentence({ sourced: 1200, contested: 34, opinion: 0 })).toBe("1,200 of 1,234 checkable claims are sourced");
  expect(claimsSentence({ sourced: 0, contested: 0, opinion: 3 })).toBe("no checkable claims yet");
});

test("a ruling decides its claim's class, as the definition says", () => {
  expect(text("Claims")).toContain("the claim takes the ruling's class");
  const annotations = [
    { id: "a", start: 0, end: 10, classification: "sourced" as const, authorId: "u" },
    { id: "b", start: 0, end: 10, classification: "sourced" as const, authorId: "v" },
  ];
  expect(computeSummary({ documentId: "d", length: 100, annotations }).claims).toEqual({ sourced: 1, contested: 0, opinion: 0 });
  const ruled = computeSummary({ documentId: "d", length: 100, annotations: [annotations[0], { ...annotations[1], ruling: "contested" }] });
  expect(ruled.claims).toEqual({ sourced: 0, contested: 1, opinion: 0 });
  expect(ruled.counts).toEqual({ sourced: 2, contested: 0, opinion: 0 }); // the annotations keep their classes
  expect(ruled.rulings).toBe(1);
  expect(text("Open disputes")).toMatch(/resolved, and no longer counted, when the author adopts the proposed class or an editor rules/);
});

test("the disputed list's definition says which annotations it lists, as computeSummary does", () => {
  const placed = { id: "p", start: 0, end: 10, classification: "sourced" as const, authorId: "u", replies: 2 };
  const orphanDisputed = { id: "o", start: 0, end: 0, classification: "sourced" as const, authorId: "u", orphaned: true, disputes: 1 };
  const orphanDiscussed = { id: "q", start: 0, end: 0, classification: "sourced" as const, authorId: "u", orphaned: true, replies: 3 };
  const s = computeSummary({ documentId: "d", length: 20, annotations: [placed, orphanDisputed, orphanDiscussed] });
  // A placed annotation with replies only is listed, an orphaned one only with open disputes.
  expect(s.disputed.map((d) => d.annotationId)).toEqual(["o", "p"]);
  expect(text("Disputed annotations")).toContain("Annotations with open disputes or replies");
  expect(text("Disputed annotations")).toContain("An orphaned annotation is listed only while it has open disputes");
});
