import { describe, expect, it } from "vitest";
import { safeNextPath } from "./redirect";

describe("safeNextPath", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeNextPath("/documents/abc?at=5&len=3#x")).toBe("/documents/abc?at=5&len=3#x");
    expect(safeNextPath("/")).toBe("/");
    expect(safeNextPath("/corpus")).toBe("/corpus");
  });

  it.each([
    ["//evil.example", "protocol-relative"],
    ["/\\evil.example", "a backslash browsers read as a slash"],
    ["/\t/evil.example", "a tab browsers drop"],
    ["/\n/evil.example", "a newline browsers drop"],
    ["\\/evil.example", "a leading backslash"],
    ["/.//evil.example", "a dot segment that leaves //"],
    ["https://evil.example/", "an absolute URL"],
    ["javascript:alert(1)", "a javascript: URL"],
    ["evil.example", "a relative path"],
    ["", "nothing"],
  ])("refuses %j (%s)", (next) => {
    expect(safeNextPath(next)).toBe("/");
  });

  it("refuses what is not a string", () => {
    expect(safeNextPath(undefined)).toBe("/");
    expect(safeNextPath(null)).toBe("/");
  });
});
