import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next";

describe("safeNextPath", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(safeNextPath("/documents/abc?at=12&len=4")).toBe("/documents/abc?at=12&len=4");
    expect(safeNextPath("/documents/abc#annotation-x")).toBe("/documents/abc#annotation-x");
    expect(safeNextPath("/admin/users")).toBe("/admin/users");
  });

  it("refuses anything that leaves the site, falling back to the library", () => {
    for (const bad of [
      "https://evil.example/",
      "//evil.example/path",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "\\/evil.example",
      "/.//evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      "/" + "a".repeat(3000),
    ]) {
      expect(safeNextPath(bad), JSON.stringify(bad)).toBe("/");
    }
    expect(safeNextPath(undefined)).toBe("/");
    expect(safeNextPath(null)).toBe("/");
    expect(safeNextPath(["/a", "/b"])).toBe("/");
  });

  it("never sends back to the sign-in page, and takes a fallback", () => {
    expect(safeNextPath("/login?next=/x")).toBe("/");
    expect(safeNextPath("//evil.example", "/account")).toBe("/account");
  });
});
