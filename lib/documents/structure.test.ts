import { describe, expect, it } from "vitest";
import {
  STRUCTURE_LIMITS,
  documentStructureSchema,
  finishStructure,
  safeLinkUrl,
  structureProblems,
  type StructureRange,
  type Utf16Range,
} from "./structure";

describe("safeLinkUrl keeps only http(s) and mailto links", () => {
  it.each([
    ["https://example.org/a?b=1", "https://example.org/a?b=1"],
    ["HTTP://EXAMPLE.ORG", "http://example.org/"],
    ["mailto:someone@example.org", "mailto:someone@example.org"],
    ["  https://example.org/x  ", "https://example.org/x"],
  ])("%s → %s", (href, url) => {
    expect(safeLinkUrl(href)).toBe(url);
  });

  it.each([
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u0000javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/",
    "#cite_note-1",
    "",
    "/relative/without/base",
    "http://",
  ])("refuses %j", (href) => {
    expect(safeLinkUrl(href)).toBeNull();
  });

  it("refuses a URL longer than maxUrlLength", () => {
    expect(safeLinkUrl(`https://example.org/${"x".repeat(STRUCTURE_LIMITS.maxUrlLength)}`)).toBeNull();
  });

  it("resolves relative links against an http(s) base, never into another scheme", () => {
    expect(safeLinkUrl("/about", "https://news.example/2024/story")).toBe("https://news.example/about");
    expect(safeLinkUrl("//cdn.example/x", "https://news.example/")).toBe("https://cdn.example/x");
    expect(safeLinkUrl("javascript:alert(1)", "https://news.example/")).toBeNull();
  });
});

describe("finishStructure", () => {
  it("converts UTF-16 indices to code points, drops empty ranges and orders outer before inner", () => {
    const text = "😀 Title\n\nA 𝐀 link.";
    const ranges: Utf16Range[] = [
      { type: "link", start: 15, end: 19, url: "https://example.org/" },
      { type: "paragraph", start: 10, end: 20 },
      { type: "heading", start: 0, end: 8, level: 1 },
      { type: "emphasis", start: 5, end: 5 },
      { type: "image", start: 12, end: 12, alt: "a map" },
      { type: "paragraph", start: 10, end: 20 },
    ];
    const s = finishStructure(text, ranges);
    expect(s.version).toBe(1);
    expect(s.truncated).toBe(false);
    expect(s.ranges).toEqual([
      { type: "heading", start: 0, end: 7, level: 1 },
      { type: "paragraph", start: 9, end: 18 },
      { type: "image", start: 11, end: 11, alt: "a map" },
      { type: "link", start: 13, end: 17, url: "https://example.org/" },
    ]);
    expect(Array.from(text).slice(13, 17).join("")).toBe("link");
    expect(structureProblems(s, Array.from(text).length)).toEqual([]);
  });

  it("keeps at most maxRanges, dropping emphasis and links before blocks and citations, and says so", () => {
    const text = "x".repeat(STRUCTURE_LIMITS.maxRanges + 10);
    const ranges: Utf16Range[] = [];
    for (let i = 0; i < STRUCTURE_LIMITS.maxRanges; i++) ranges.push({ type: "emphasis", start: i, end: i + 1 });
    ranges.push({ type: "paragraph", start: 0, end: text.length }, { type: "citation", start: 3, end: 4, label: "1" });
    const s = finishStructure(text, ranges);
    expect(s.truncated).toBe(true);
    expect(s.ranges.length).toBe(STRUCTURE_LIMITS.maxRanges);
    expect(s.ranges.some((r) => r.type === "paragraph")).toBe(true);
    expect(s.ranges.some((r) => r.type === "citation")).toBe(true);
  });

  it("spends a bounded budget on strings: a flood of long URLs is cut, blocks stay", () => {
    const url = `https://example.org/${"y".repeat(1900)}`;
    const n = Math.ceil(STRUCTURE_LIMITS.maxStringBudget / url.length) + 50;
    const text = "z".repeat(n + 1);
    const ranges: Utf16Range[] = [{ type: "paragraph", start: 0, end: text.length }];
    for (let i = 0; i < n; i++) ranges.push({ type: "link", start: i, end: i + 1, url });
    const s = finishStructure(text, ranges);
    expect(s.truncated).toBe(true);
    const chars = s.ranges.reduce((sum, r) => sum + (r.type === "link" ? r.url.length : 0), 0);
    expect(chars).toBeLessThanOrEqual(STRUCTURE_LIMITS.maxStringBudget);
    expect(s.ranges[0].type).toBe("paragraph");
  });

  it("unlinks a citation whose note is not there", () => {
    const s = finishStructure("a [1]", [{ type: "citation", start: 2, end: 5, label: "1", note: "n9" }]);
    expect(s.ranges).toEqual([{ type: "citation", start: 2, end: 5, label: "1" }]);
  });
});

describe("structureProblems (for stored or imported structures)", () => {
  const ok = (ranges: StructureRange[]) => ({ version: 1, ranges, truncated: false });

  it("accepts a valid structure and refuses bad shapes, bad links and bad offsets with their place", () => {
    expect(structureProblems(ok([{ type: "paragraph", start: 0, end: 3 }]), 3)).toEqual([]);
    expect(structureProblems({ version: 2, ranges: [], truncated: false }, 3).length).toBeGreaterThan(0);
    expect(structureProblems(ok([{ type: "link", start: 0, end: 1, url: "javascript:alert(1)" }]), 3)[0]).toMatch(/ranges\.0\.url/);
    expect(structureProblems(ok([{ type: "paragraph", start: 0, end: 9 }]), 3)).toEqual(["ranges[0]: end 9 is beyond the text (length 3)"]);
    expect(structureProblems(ok([{ type: "paragraph", start: 2, end: 2 }]), 3)[0]).toMatch(/greater than start/);
    expect(structureProblems(ok([{ type: "image", start: 1, end: 2, alt: "x" }]), 3)[0]).toMatch(/empty/);
    expect(
      structureProblems(
        ok([
          { type: "paragraph", start: 0, end: 2 },
          { type: "paragraph", start: 1, end: 3 },
        ]),
        3,
      )[0],
    ).toMatch(/overlaps/);
    expect(structureProblems(ok([{ type: "citation", start: 0, end: 1, label: "1", note: "n1" }]), 3)[0]).toMatch(/n1 does not exist/);
    expect(structureProblems(ok([{ type: "heading", start: 0, end: 1, level: 7 as 1 }]), 3).length).toBeGreaterThan(0);
    expect(structureProblems({ ...ok([]), extra: 1 }, 3).length).toBeGreaterThan(0);
  });

  it("refuses more ranges than the limit", () => {
    const ranges = Array.from({ length: STRUCTURE_LIMITS.maxRanges + 1 }, (_, i) => ({ type: "emphasis" as const, start: i, end: i + 1 }));
    expect(documentStructureSchema.safeParse({ version: 1, ranges, truncated: false }).success).toBe(false);
  });
});
