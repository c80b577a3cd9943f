import { expect, test } from "vitest";
import { SUMMARY_DEFINITIONS, SUMMARY_DEFINITIONS_TITLE } from "./definitions";

test("definitions have a title and a non-empty text for every term, and explain the 0–100 scale", () => {
  expect(SUMMARY_DEFINITIONS_TITLE).toBe("How these numbers are computed");
  for (const d of SUMMARY_DEFINITIONS) {
    expect(d.term.trim()).not.toBe("");
    expect(d.text.trim()).not.toBe("");
  }
  expect(SUMMARY_DEFINITIONS.find((d) => d.term === "Reliability index")?.text).toMatch(/0 to 100/);
});
