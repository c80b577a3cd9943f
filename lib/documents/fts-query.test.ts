import { describe, expect, it } from "vitest";
import { parseSearch, parseSnippet, searchHint, toFtsQuery, SNIPPET_ELLIPSIS as E, SNIPPET_END as B, SNIPPET_START as A } from "./fts-query";

describe("toFtsQuery", () => {
  it("requires every word, quoting each as an FTS5 string", () => {
    expect(toFtsQuery("Kronstadt rebellion")).toBe('"Kronstadt" "rebellion"');
  });

  it("keeps quoted words together as a phrase, also with curly quotes", () => {
    expect(toFtsQuery('"Kronstadt rebellion" Lenin')).toBe('"Kronstadt rebellion" "Lenin"');
    expect(toFtsQuery("“permanent revolution”")).toBe('"permanent revolution"');
  });

  it("runs an unclosed quote to the end of the input", () => {
    expect(toFtsQuery('Trotsky "the prophet armed')).toBe('"Trotsky" "the prophet armed"');
  });

  it("turns a word with inner punctuation into a phrase of its tokens", () => {
    expect(toFtsQuery("anti-Stalinist don't")).toBe('"anti Stalinist" "don t"');
  });

  it("makes a trailing * a prefix search only after three letters", () => {
    expect(toFtsQuery("revol*")).toBe('"revol"*');
    expect(toFtsQuery("re*")).toBe('"re"');
    expect(toFtsQuery("*")).toBeNull();
  });

  it("takes FTS5 operators and syntax literally, so odd input can never be a syntax error", () => {
    expect(toFtsQuery("AND")).toBe('"AND"');
    expect(toFtsQuery("a OR b NOT c")).toBe('"a" "OR" "b" "NOT" "c"');
    expect(toFtsQuery("NEAR(one two, 3)")).toBe('"NEAR one" "two" "3"');
    expect(toFtsQuery("title:spark")).toBe('"title spark"');
    expect(toFtsQuery("-x +y ^z")).toBe('"x" "y" "z"');
    for (const odd of ['"', '""', "(", ")", "*", "^", ":", "'", "\\", "—", "   ", "", '" OR "', "🙂"]) {
      const q = toFtsQuery(odd);
      expect(q === null || /^("[\p{L}\p{N}\p{Co} ]+"\*? ?)+$/u.test(q), odd).toBe(true);
    }
  });

  it("drops repeated phrases and keeps at most 16", () => {
    expect(toFtsQuery("war War WAR")).toBe('"war"');
    const many = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ");
    expect(parseSearch(many)).toHaveLength(16);
  });

  it("keeps letters outside the Basic Multilingual Plane and non-Latin scripts", () => {
    expect(toFtsQuery("𝐀𝐁𝐂 Троцкий")).toBe('"𝐀𝐁𝐂" "Троцкий"');
  });
});

describe("parseSnippet", () => {
  it("splits marked words into parts, replaces ellipsis markers and keeps the exact fragment", () => {
    const raw = `${E}the ${A}Kronstadt rebellion${B} of\n1921 ${A}was${B}${E}`;
    const s = parseSnippet(raw);
    expect(s.parts).toEqual([{ text: "…the " }, { text: "Kronstadt rebellion", match: true }, { text: " of 1921 " }, { text: "was", match: true }, { text: "…" }]);
    expect(s.fragment).toBe("the Kronstadt rebellion of\n1921 was");
    expect(s.firstMatch).toEqual({ start: 4, end: 23 });
  });

  it("counts the match offsets in code points", () => {
    const s = parseSnippet(`😀 𝐀 ${A}fox${B}`);
    expect(s.firstMatch).toEqual({ start: 4, end: 7 });
    expect(Array.from(s.fragment).slice(4, 7).join("")).toBe("fox");
  });

  it("has no match when nothing is marked", () => {
    expect(parseSnippet("just the start of a text").firstMatch).toBeNull();
  });
});

describe("searchHint", () => {
  it("says when a search has no word in it, or a prefix too short to be one, and is silent otherwise", () => {
    for (const q of ['"', "*", "🎉", "— … !"]) expect(searchHint(q), q).toMatch(/^There is no word in this search/);
    expect(searchHint("Bo*")).toBe("A search for words beginning with some letters needs at least 3 letters before the *; “Bo*” was searched as the whole word “Bo”.");
    expect(searchHint("Trotsky Bo*")).toMatch(/“Bo\*” was searched as the whole word “Bo”/);
    for (const q of ["Bol*", "Trotsky", '"a phrase"', "anti-Stalinist", "Москва", "東京", "or and not", '"Lenin OR Trotsky"', "1917 - 1921"]) expect(searchHint(q), q).toBeNull();
    expect(searchHint("Lenin OR Trotsky")).toBe("Every word of a search must occur; there is no OR, AND, NOT or leaving words out with a minus, so “OR” was searched as the word “OR”.");
    expect(searchHint("Kronstadt -Lenin")).toMatch(/“-Lenin” was searched as the word “Lenin”/);
  });
});
