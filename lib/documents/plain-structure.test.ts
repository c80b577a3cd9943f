// Plain texts and the seeds: paragraphs, the headings that can be recognised safely, and citation markers.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { paragraphs } from "@/lib/anchoring/segments";
import { extractText, type ExtractResult } from "./extract";
import { structureProblems, type CitationRange } from "./structure";

type Ok = Extract<ExtractResult, { ok: true }>;
const SEEDS = path.resolve(__dirname, "../../seeds");

function plain(text: string): Ok {
  const r = extractText({ text });
  if (!r.ok) throw new Error(r.message);
  return r;
}
function seed(name: string): Ok {
  const r = extractText({ bytes: new Uint8Array(readFileSync(path.join(SEEDS, name))), fileName: name });
  if (!r.ok) throw new Error(r.message);
  return r;
}

describe("the seeds", () => {
  it("Anti-Stalinist left: all 107 citation markers are recognised, 66 distinct references, each exactly its [n]", () => {
    const r = seed("anti-stalinist-left-wikipedia.txt");
    const citations = r.structure.ranges.filter((x): x is CitationRange => x.type === "citation");
    expect(citations.length).toBe(107);
    expect(new Set(citations.map((c) => c.label)).size).toBe(66);
    for (const c of citations) expect(cpSlice(r.text, c.start, c.end)).toBe(`[${c.label}]`);
    // the source has no reference list, so no marker points at a note
    expect(r.structure.ranges.filter((x) => x.type === "note")).toEqual([]);
  });

  it.each(["anti-stalinist-left-wikipedia.txt", "lessons-of-october-1917.txt", "more-on-imt-unfinished.txt", "the-spark-wikipedia.txt", "worker-imt-recruit-forced-out.txt"])(
    "%s: its paragraphs are exactly the reader's paragraphs, and the structure is valid",
    (name) => {
      const r = seed(name);
      const leaves = r.structure.ranges.filter((x) => x.type === "paragraph" || x.type === "heading").map(({ start, end }) => ({ start, end }));
      expect(leaves).toEqual(paragraphs(r.text));
      expect(structureProblems(r.structure, Array.from(r.text).length)).toEqual([]);
    },
  );

  it("The Spark: the '[edit] Politics' line is its only heading; mastheads and datelines elsewhere are not taken for headings", () => {
    const r = seed("the-spark-wikipedia.txt");
    const headings = r.structure.ranges.filter((x) => x.type === "heading");
    expect(headings.map((h) => cpSlice(r.text, h.start, h.end))).toEqual(["[edit] Politics"]);
    for (const name of ["lessons-of-october-1917.txt", "more-on-imt-unfinished.txt", "worker-imt-recruit-forced-out.txt"]) {
      expect(seed(name).structure.ranges.filter((x) => x.type === "heading")).toEqual([]);
    }
  });
});

describe("plain text", () => {
  it("recognises '#' headings, underlined headings and '[edit]' headings, each a paragraph of its own", () => {
    const r = plain("# Title\n\nIntro text.\n\nSection\n=======\n\nPart\n---\n\nHistory[edit]\n\n#hashtag is not a heading\n\n## Two\n");
    expect(r.structure.ranges.filter((x) => x.type === "heading").map((h) => [cpSlice(r.text, h.start, h.end), h.type === "heading" && h.level])).toEqual([
      ["# Title", 1],
      ["Section\n=======", 1],
      ["Part\n---", 2],
      ["History[edit]", 2],
      ["## Two", 2],
    ]);
  });

  it("links markers to note lines (a label cited before, or a [^x]: definition anywhere); a [n] opening a line before any citation is a marker", () => {
    const r = plain("[4] opens a line.\nA claim.[1] Another.[2] Again [1].\n\nNotes\n[1] Smith 2001.\n[2] Jones, p. 4.\n3. ^ Never cited.\n[^a]: unused\nText[^a].");
    const shown = r.structure.ranges
      .filter((x) => x.type === "citation" || x.type === "note")
      .map((x) => [x.type, cpSlice(r.text, x.start, x.end), x.type === "citation" ? x.note ?? null : x.id]);
    expect(shown).toEqual([
      ["citation", "[4]", null],
      ["citation", "[1]", "n1"],
      ["citation", "[2]", "n2"],
      ["citation", "[1]", "n1"],
      ["note", "[1] Smith 2001.", "n1"],
      ["note", "[2] Jones, p. 4.", "n2"],
      ["note", "[^a]: unused", "n3"],
      ["citation", "[^a]", "n3"],
    ]);
  });

  it("a superscript number is a marker only right after punctuation", () => {
    const r = plain("It was said.² The area is 10 m² and x³ grows; “quoted”¹²");
    const labels = r.structure.ranges.filter((x): x is CitationRange => x.type === "citation").map((c) => c.label);
    expect(labels).toEqual(["2", "12"]);
  });

  it("leaves ordinary brackets alone", () => {
    const r = plain("He [the author] wrote [sic] in [1999a] and [12345] and a[1] index.");
    expect(r.structure.ranges.filter((x) => x.type === "citation").map((c) => cpSlice(r.text, c.start, c.end))).toEqual(["[1]"]);
  });
});
