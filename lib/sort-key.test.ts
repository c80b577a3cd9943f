import { describe, expect, it } from "vitest";
import { compareCodePoints, compareNames, sortKey } from "@/lib/sort-key";

describe("sortKey", () => {
  it("ignores accents, case, compatibility forms and what comes before the first letter or digit", () => {
    expect(sortKey("Äpfel")).toBe("apfel");
    expect(sortKey("ÉLAN")).toBe("elan");
    expect(sortKey("İstanbul")).toBe("istanbul");
    expect(sortKey("Straße")).toBe(sortKey("STRASSE"));
    expect(sortKey("Øresund")).toBe("oresund");
    expect(sortKey("Łódź")).toBe("lodz");
    expect(sortKey("ﬁnance")).toBe("finance");
    expect(sortKey("Ｔｈｅ")).toBe("the");
    expect(sortKey("“Quoted”  title ")).toBe("quoted” title");
    expect(sortKey("¿Qué pasa?")).toBe("que pasa?");
    expect(sortKey("1984")).toBe("000000001984");
  });

  it("orders numbers by their value, as a reader files volumes and issues", () => {
    const titles = ["Report 10", "Report 2", "Report 1", "Bulletin no. 010", "Bulletin no. 9", "1917", "2001", "33 Days", "Report 2a"];
    expect([...titles].sort(compareNames)).toEqual(["33 Days", "1917", "2001", "Bulletin no. 9", "Bulletin no. 010", "Report 1", "Report 2", "Report 2a", "Report 10"]);
    expect(sortKey("No. 007")).toBe(sortKey("no. 7"));
  });

  it("puts names in a reader's order, names differing only in case or accents as written", () => {
    const names = ["zola", "élan", "Äpfel", "apple", "Zebra", "Apple", "Eagle"];
    expect([...names].sort(compareNames)).toEqual(["Äpfel", "Apple", "apple", "Eagle", "élan", "Zebra", "zola"]);
  });

  it("compares by code point, as SQLite and PostgreSQL's C collation do (not by UTF-16 unit)", () => {
    expect(compareCodePoints("\u{1F600}", "\uFFFD")).toBeGreaterThan(0); // "😀" < "\uFFFD" in UTF-16 units
    expect(compareCodePoints("ab", "abc")).toBeLessThan(0);
    expect(compareCodePoints("b", "a")).toBeGreaterThan(0);
    expect(compareCodePoints("x", "x")).toBe(0);
  });
});
