import { describe, expect, it } from "vitest";
import { parseSearch, parseSnippet, SNIPPET_ELLIPSIS } from "./fts-query";
import { occurrences, snippetOf, SNIPPET_WORDS } from "./snippet";

const marked = (text: string, query: string) => {
  const s = snippetOf(text, parseSearch(query));
  return s ? parseSnippet(s.raw).parts.filter((p) => p.match).map((p) => p.text) : null;
};

describe("snippetOf", () => {
  it("marks words without case and without diacritics, precomposed or not, and only whole words", () => {
    const text = "Les Misérables, LES MISERABLES and les mise\u0301rables; not miserableness nor antimiserables.";
    expect(marked(text, "misérables")).toEqual(["Misérables", "MISERABLES", "mise\u0301rables"]);
    expect(marked(text, "MISERABLES")).toEqual(["Misérables", "MISERABLES", "mise\u0301rables"]);
  });

  it("marks letters Unicode does not decompose by their spelling and the spelling by them (ß and ss, æ and ae, ﬁ and fi, ø and o)", () => {
    const text = "Die Straße, die STRASSE, die Strasse und STRAẞE. Æther and aether; the ﬁnal final; Søren and Soren.";
    expect(marked(text, "strasse")).toEqual(["Straße", "STRASSE", "Strasse", "STRAẞE"]);
    expect(marked(text, "Straße")).toEqual(["Straße", "STRASSE", "Strasse", "STRAẞE"]);
    expect(marked(text, "æther")).toEqual(["Æther", "aether"]);
    expect(marked(text, '"the final"')).toEqual(["the ﬁnal"]);
    expect(marked(text, "final")).toEqual(["ﬁnal", "final"]);
    expect(marked(text, "soren")).toEqual(["Søren", "Soren"]);
    expect(marked(text, "strass*")).toEqual(["Straße", "STRASSE", "Strasse", "STRAẞE"]);
  });

  it("marks a phrase only where its words follow one another, as one run, punctuation between them allowed", () => {
    const text = "The Kronstadt rebellion of 1921. Kronstadt, rebellion! Then Kronstadt and the rebellion.";
    expect(marked(text, '"Kronstadt rebellion"')).toEqual(["Kronstadt rebellion", "Kronstadt, rebellion"]);
  });

  it("marks the words a prefix begins, and every phrase of the search", () => {
    expect(marked("Harvests failed; the harvest doubled; a harvester came.", "harv* doubled")).toEqual(["Harvests", "harvest", "doubled", "harvester"]);
  });

  it("has nothing for a text in which no phrase occurs (a document found by its title)", () => {
    expect(snippetOf("Nothing about it here.", parseSearch("harvest"))).toBeNull();
    expect(snippetOf("", parseSearch("harvest"))).toBeNull();
  });

  it("gives a short text whole, without ellipses", () => {
    const s = snippetOf("The harvest doubled.", parseSearch("harvest"))!;
    expect(s.raw).not.toContain(SNIPPET_ELLIPSIS);
    expect(parseSnippet(s.raw).fragment).toBe("The harvest doubled.");
    expect(s.start).toBe(0);
  });

  it("cuts a long text to a passage around the occurrence, with ellipses, and says where it starts in code points", () => {
    const before = "😀 Filler words come first here. ".repeat(200);
    const after = " Many more words follow it. ".repeat(200);
    const text = `${before}The harvest of that year doubled.${after}`;
    const s = snippetOf(text, parseSearch("harvest"))!;
    const parsed = parseSnippet(s.raw);
    expect(s.raw.startsWith(SNIPPET_ELLIPSIS) && s.raw.endsWith(SNIPPET_ELLIPSIS)).toBe(true);
    expect(parsed.fragment.match(/[\p{L}\p{N}]+/gu)!.length).toBe(SNIPPET_WORDS);
    expect(parsed.fragment).toMatch(/^Filler words come first here\. The harvest of that year doubled\. Many/);
    // The passage is where it says in the text, counted in code points (the emoji before it are two UTF-16 units each).
    const points = Array.from(text);
    expect(points.slice(s.start, s.start + Array.from(parsed.fragment).length).join("")).toBe(parsed.fragment);
    expect(points.slice(s.start + parsed.firstMatch!.start, s.start + parsed.firstMatch!.end).join("")).toBe("harvest");
  });

  it("from the start of a longer text, gives the whole text's snippet only when the rest cannot change it", () => {
    const text = `The harvest doubled. ${"Other words follow here. ".repeat(400)}Wages fell at the end.`;
    const start = text.slice(0, 5000);
    expect(snippetOf(start, parseSearch("harvest"), { cut: true })).toEqual(snippetOf(text, parseSearch("harvest")));
    // Not in the start, only one of two phrases in it, or too near its end: the whole text must be read.
    expect(snippetOf(start, parseSearch("wages"), { cut: true })).toBeNull();
    expect(snippetOf(start, parseSearch("harvest wages"), { cut: true })).toBeNull();
    expect(snippetOf(text.slice(0, 30), parseSearch("harvest"), { cut: true })).toBeNull();
  });

  it("prefers the passage where more of the search's phrases occur together, and shows them all", () => {
    const text = `Wages are mentioned alone at first. ${"Other words in between. ".repeat(50)}Wages fell while the harvest doubled.`;
    expect(marked(text, "harvest wages")).toEqual(["Wages", "harvest"]);
    // Twenty words apart: the passage gives up words before the first to show the second.
    const apart = `${"Some words come before it here. ".repeat(20)}The revolutionary party ${"said many other things that day, ".repeat(3)}and the working class listened. ${"More words. ".repeat(30)}`;
    const s = snippetOf(apart, parseSearch('"working class" revolution*'))!;
    expect(parseSnippet(s.raw).parts.filter((p) => p.match).map((p) => p.text)).toEqual(["revolutionary", "working class"]);
    expect(parseSnippet(s.raw).fragment.match(/[\p{L}\p{N}]+/gu)!.length).toBe(SNIPPET_WORDS);
  });

  it("finds words in other scripts and outside the Basic Multilingual Plane", () => {
    expect(marked("Речь Троцкого и ТРОЦКОГО; 𝐀𝐁𝐂 here.", "троцкого 𝐀𝐁𝐂")).toEqual(["Троцкого", "ТРОЦКОГО", "𝐀𝐁𝐂"]);
  });

  it("stops looking past the first passage with every phrase, and looks at a bounded number of occurrences otherwise", () => {
    const text = "harvest ".repeat(100_000);
    const first = occurrences(text, parseSearch("harvest"));
    expect(first.at(-1)!.start).toBeLessThanOrEqual(2 * 200 + 8);
    expect(occurrences(text, parseSearch("harvest wages"))).toHaveLength(2000);
  });
});
