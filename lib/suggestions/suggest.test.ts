import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { extractText, type ExtractResult } from "@/lib/documents/extract";
import { emptyStructure, type CitationRange } from "@/lib/documents/structure";
import { sentencesIn } from "./sentences";
import { suggestClaims, type Suggestion } from "./suggest";

type Ok = Extract<ExtractResult, { ok: true }>;
function extracted(text: string, format: "text" | "html" = "text"): Ok {
  const r = extractText({ text, format });
  if (!r.ok) throw new Error(r.message);
  return r;
}
const shown = (r: Ok, s: Suggestion[]) => s.map((x) => [x.kind, cpSlice(r.text, x.start, x.end)]);

describe("sentences", () => {
  const split = (text: string) => sentencesIn(text, 0, text.length, (i) => (text.startsWith("[", i) ? text.indexOf("]", i) + 1 : -1)).map((s) => text.slice(s.start, s.end));

  it("ends after . ! ? … with closing quotes, keeps citation markers with the sentence before them", () => {
    expect(split('First one. [1] [2] Second "quoted." Third? Fourth!… Fifth [3].')).toEqual([
      "First one. [1] [2]",
      'Second "quoted."',
      "Third?",
      "Fourth!…",
      "Fifth [3].",
    ]);
  });

  it("does not end after abbreviations, initials, decimals or inside addresses", () => {
    expect(split("Mr. Smith met Dr. J. Watson in the U.S. Army at 3.5 p.m. and e.g. saw example.org today. Then left.")).toEqual([
      "Mr. Smith met Dr. J. Watson in the U.S. Army at 3.5 p.m. and e.g. saw example.org today.",
      "Then left.",
    ]);
  });

  it("a line break ends a sentence", () => {
    expect(split("Wed 2:56 PM\nWorker: Hello there\n")).toEqual(["Wed 2:56 PM", "Worker: Hello there"]);
  });
});

describe("suggested claims", () => {
  it("in the Anti-Stalinist left seed, the sentences carrying the 107 citation markers are offered as likely sourced", () => {
    const r = extractText({ bytes: new Uint8Array(readFileSync(path.resolve(__dirname, "../../seeds/anti-stalinist-left-wikipedia.txt"))), fileName: "a.txt" });
    if (!r.ok) throw new Error(r.message);
    const suggestions = suggestClaims(r.text, r.structure);
    const markers = r.structure.ranges.filter((x): x is CitationRange => x.type === "citation");
    expect(markers.length).toBe(107);
    const sourced = suggestions.filter((s) => s.kind === "likely-sourced");
    for (const m of markers) {
      const s = sourced.find((x) => x.start <= m.start && m.end <= x.end);
      expect(s, `marker [${m.label}] at ${m.start}`).toBeDefined();
      expect(s!.suggestedClass).toBe("sourced");
      expect(s!.reason).toContain(`[${m.label}]`);
    }
    // every sourced suggestion is a whole sentence that carries a marker, and none overlap
    for (const s of sourced) expect(markers.some((m) => s.start <= m.start && m.end <= s.end)).toBe(true);
    for (let i = 1; i < suggestions.length; i++) expect(suggestions[i].start).toBeGreaterThanOrEqual(suggestions[i - 1].end);
    const first = sourced[0];
    expect(cpSlice(r.text, first.start, first.end)).toBe("In Western historiography, Stalin is considered one of the worst and most notorious figures in modern history. [1] [2] [3] [4]");
    expect(first.reason).toBe("Likely sourced: it carries citation markers [1], [2], [3] and [4].");
  });

  it("sourced by a link, opinion by first-person or evaluative words, check sourcing for figures, dates and named sources", () => {
    const r = extracted(
      "<p>The leaflet is on <a href='https://union.example.org/x'>the union's website</a>. I think the demands are modest. " +
        "About 1,200 members joined on 6 May 2024. The port authority said it was fewer. The sky is blue today. Short one.</p><h2>A heading with 1999</h2>",
      "html",
    );
    const s = suggestClaims(r.text, r.structure);
    expect(shown(r, s)).toEqual([
      ["likely-sourced", "The leaflet is on the union's website."],
      ["likely-opinion", "I think the demands are modest."],
      ["check-sourcing", "About 1,200 members joined on 6 May 2024."],
      ["check-sourcing", "The port authority said it was fewer."],
    ]);
    expect(s.map((x) => x.suggestedClass)).toEqual(["sourced", "opinion", "contested", "contested"]);
    expect(s[0].reason).toBe("Likely sourced: it carries a link to union.example.org.");
    expect(s[1].reason).toBe("Likely opinion: it uses first-person language (“I”) and evaluative words (“modest”).");
    expect(s[2].reason).toBe("Check whether it is sourced: it states figures (“1,200”) and dates (“6 May 2024”) but carries no citation or link. Unsupported, it counts as contested.");
    expect(s[3].reason).toContain("a named source (“said”)");
    // signals point at their words
    for (const x of s) for (const g of x.signals) expect(cpSlice(r.text, g.start, g.end).toLowerCase()).toContain(g.type === "link" ? "union" : g.text.toLowerCase().slice(0, 3));
  });

  it("works on a text without structure (its paragraphs) and stops at the limit", () => {
    const text = "We must act now. 😀 It rose by 40% in 2020.\n\nNothing to see here at all.";
    const s = suggestClaims(text, emptyStructure());
    expect(s.map((x) => [x.kind, cpSlice(text, x.start, x.end)])).toEqual([
      ["likely-opinion", "We must act now."],
      ["check-sourcing", "😀 It rose by 40% in 2020."],
    ]);
    expect(suggestClaims(text, emptyStructure(), { limit: 1 }).length).toBe(1);
  });

  it("chat timestamps and titles without a sentence are not suggested", () => {
    const r = extracted("The Lessons of October 1917\n\nWed 2:56 PM\n\nWorker: the meeting was on 3 May 1921 in the hall.");
    expect(shown(r, suggestClaims(r.text, r.structure))).toEqual([["check-sourcing", "Worker: the meeting was on 3 May 1921 in the hall."]]);
  });

  it("notes (footnotes, reference lists) are the sources, not claims: not suggested", () => {
    const text = extracted("The leaflet is cited in the minutes.[1]\n\n[1] Minutes of the committee, 3 May 1921, p. 4.");
    expect(shown(text, suggestClaims(text.text, text.structure))).toEqual([["likely-sourced", "The leaflet is cited in the minutes.[1]"]]);
    const html = extracted(
      '<p>The union said 1,200 joined.<sup><a href="#fn1" id="r1">1</a></sup></p><ol class="footnotes"><li id="fn1"><p>Union bulletin, 6 May 2024, said 1,200. <a href="#r1">↩</a></p></li></ol>',
      "html",
    );
    expect(html.structure.ranges.some((r) => r.type === "note")).toBe(true);
    expect(shown(html, suggestClaims(html.text, html.structure))).toEqual([["likely-sourced", "The union said 1,200 joined.1"]]);
  });
});
