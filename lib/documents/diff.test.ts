import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { diffStretches, diffTexts, type DiffPart, type TextDiff } from "./diff";

/** Both texts rebuilt from the parts, and every offset checked against them. */
function check(oldText: string, newText: string, diff: TextDiff) {
  let rebuiltOld = "";
  let rebuiltNew = "";
  for (const p of diff.parts) {
    if (p.type !== "insert") {
      expect(cpSlice(oldText, p.from.start, p.from.end)).toBe(p.text);
      rebuiltOld += p.text;
    } else expect(p.from.start).toBe(p.from.end);
    if (p.type !== "delete") {
      expect(cpSlice(newText, p.to.start, p.to.end)).toBe(p.text);
      rebuiltNew += p.text;
    } else expect(p.to.start).toBe(p.to.end);
    // never half of a surrogate pair at either end
    expect(p.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  }
  expect(rebuiltOld).toBe(oldText);
  expect(rebuiltNew).toBe(newText);
}

/** With whitespace ignored: both texts rebuilt from the ranges, the new one from the texts too, and no change blank on both sides. */
function checkIgnoringWhitespace(oldText: string, newText: string, diff: TextDiff) {
  let rebuiltOld = "";
  let rebuiltNew = "";
  let [x, y] = [0, 0];
  for (const p of diff.parts) {
    expect([p.from.start, p.to.start]).toEqual([x, y]);
    [x, y] = [p.from.end, p.to.end];
    rebuiltOld += cpSlice(oldText, p.from.start, p.from.end);
    if (p.type !== "delete") {
      expect(cpSlice(newText, p.to.start, p.to.end)).toBe(p.text);
      rebuiltNew += p.text;
    }
    if (p.type === "equal" && !p.whitespace) expect(cpSlice(oldText, p.from.start, p.from.end)).toBe(p.text);
    if (p.type === "equal" && p.whitespace) expect(cpSlice(oldText, p.from.start, p.from.end).replace(/\s+/gu, "")).toBe(p.text.replace(/\s+/gu, ""));
  }
  expect(rebuiltOld).toBe(oldText);
  expect(rebuiltNew).toBe(newText);
}

const changes = (diff: TextDiff) => diff.parts.filter((p) => p.type !== "equal").map((p) => [p.type, p.text]);

describe("word diff between versions", () => {
  it("marks a corrected typo as the whole word replaced, not single letters", () => {
    const before = "The harvest dubled in 1951, the ministry said.";
    const after = "The harvest doubled in 1951, the ministry said.";
    const diff = diffTexts(before, after);
    check(before, after, diff);
    expect(changes(diff)).toEqual([
      ["delete", "dubled"],
      ["insert", "doubled"],
    ]);
    expect(diff).toMatchObject({ inserted: 7, deleted: 6, coarse: false });
  });

  it("finds inserted and deleted sentences, and reflowed line breaks, with code point offsets past astral characters", () => {
    const before = "𝔄 first 📜 sentence. A second one\nwraps here. The third stays.";
    const after = "𝔄 first 📜 sentence. New 𝒷 words. A second one wraps here.";
    const diff = diffTexts(before, after);
    check(before, after, diff);
    expect(changes(diff)).toEqual([
      ["insert", "New 𝒷 words. "],
      ["delete", "\n"],
      ["insert", " "],
      ["delete", " The third stays."], // the sentence whole, not ". The third stays"
    ]);
    const insert = diff.parts.find((p) => p.type === "insert")!;
    expect(insert.to.start).toBe([..."𝔄 first 📜 sentence. "].length);
  });

  it("never splits a surrogate pair when two astral letters differ in their low half", () => {
    const before = "Letters 𝔄 and 𝔅.";
    const after = "Letters 𝔅 and 𝔄.";
    const diff = diffTexts(before, after);
    check(before, after, diff);
    expect(changes(diff)).toEqual([
      ["delete", "𝔄"],
      ["insert", "𝔅"],
      ["delete", "𝔅"],
      ["insert", "𝔄"],
    ]);
  });

  it("diffs a long text with a few edits word by word, and equal texts to one part", () => {
    const seeds = path.join(process.cwd(), "seeds");
    const all = fs.readdirSync(seeds).filter((f) => f.endsWith(".txt")).map((f) => fs.readFileSync(path.join(seeds, f), "utf8"));
    const big = Array.from({ length: 6 }, (_, i) => all.join(`\n\n${i}\n\n`)).join("\n\n");
    const edited = big.replace("the", "THE").slice(0, 200_000) + " inserted words " + big.slice(200_010);
    const diff = diffTexts(big, edited, { timeoutMs: 10_000 });
    check(big, edited, diff);
    expect(diff.coarse).toBe(false);
    expect(changes(diff).length).toBeLessThanOrEqual(6); // THE for the, and ten characters replaced by two words
    expect(diffTexts(big, big).parts).toEqual([{ type: "equal", text: big, from: { start: 0, end: big.length }, to: { start: 0, end: big.length } }]);
  });

  it("can leave out changes of whitespace only: a re-wrapped paragraph, trailing spaces, doubled spaces", () => {
    const before = "The harvest doubled in 1951,  the ministry\nsaid. Nobody  \nelse was there.\n\nA second paragraph.";
    const after = "The harvest doubled in 1951, the ministry said.\nNobody else was there.\n\n\nA second paragraph.   ";
    const shown = diffTexts(before, after);
    check(before, after, shown);
    expect(changes(shown).length).toBeGreaterThan(0); // by default every change is shown
    expect(shown.whitespaceChanges).toBe(0);

    const diff = diffTexts(before, after, { ignoreWhitespace: true });
    checkIgnoringWhitespace(before, after, diff);
    expect(changes(diff)).toEqual([]);
    expect(diff).toMatchObject({ inserted: 0, deleted: 0, coarse: false });
    expect(diff.whitespaceChanges).toBeGreaterThanOrEqual(4);
    expect(diff.parts).toEqual([{ type: "equal", text: after, from: { start: 0, end: before.length }, to: { start: 0, end: after.length }, whitespace: true }]);
  });

  it("still shows the words changed beside ignored whitespace, and a space that splits a word", () => {
    const before = "The harvest dubled in\n1951, the ministry said.  Foobar.";
    const after = "The harvest doubled in 1951, the ministry said. Foo bar.";
    const diff = diffTexts(before, after, { ignoreWhitespace: true });
    checkIgnoringWhitespace(before, after, diff);
    expect(changes(diff)).toEqual([
      ["delete", "dubled"],
      ["insert", "doubled"],
      ["delete", "  Foobar"], // the doubled space goes with the word it is next to
      ["insert", " Foo bar"],
    ]);
    expect(diff).toMatchObject({ inserted: 7 + 8, deleted: 6 + 8, whitespaceChanges: 1 });
    expect(diffTexts("same text", "same text", { ignoreWhitespace: true })).toMatchObject({ whitespaceChanges: 0, parts: [{ type: "equal", text: "same text" }] });
  });

  it("gives texts with nothing in common as deleted and inserted", () => {
    const diff = diffTexts("alpha beta", "gamma delta");
    check("alpha beta", "gamma delta", diff);
    expect(diff.parts.filter((p) => p.type === "equal").map((p) => p.text).join("")).toBe(" ");
  });
});

describe("the changes of a diff, as the versions page counts and steps through them", () => {
  const shape = (parts: DiffPart[]) => diffStretches(parts).map((s) => (s.type === "equal" ? s.part.text : s.parts.map((p) => `${p.type[0]}:${p.text}`)));

  it("joins the words of one replaced phrase, apart only by spaces, into one change", () => {
    const diff = diffTexts("On folio 12. Nothing further was recorded on it.", "On folio 12. A second hand added a note on it.");
    expect(diff.parts.filter((p) => p.type === "equal" && p.text === " ").length).toBeGreaterThan(0); // word by word around the spaces
    const stretches = diffStretches(diff.parts);
    expect(stretches.filter((s) => s.type === "change")).toHaveLength(1);
    expect(stretches.map((s) => s.type)).toEqual(["equal", "change", "equal"]);
  });

  it("keeps changes apart when words that stayed stand between them, and never starts or ends one with unchanged text", () => {
    const diff = diffTexts(
      "The harvest dubled in 1951. The minister resigned in 1952. Critics call it a fantasy.",
      "The harvest doubled in 1951. Critics call it a fantasy, then and now.",
    );
    expect(shape(diff.parts)).toEqual([
      "The harvest ",
      ["d:dubled", "i:doubled"],
      " in 1951. ",
      ["d:The minister resigned in 1952. "],
      "Critics call it a fantasy",
      ["i:, then and now"],
      ".",
    ]);
    // every part is in exactly one stretch, in order
    expect(diffStretches(diff.parts).flatMap((s) => (s.type === "equal" ? [s.part] : s.parts))).toEqual(diff.parts);
  });

  it("has no change for the same text, and whitespace at the edges of a change stays unchanged text", () => {
    expect(diffStretches(diffTexts("same text", "same text").parts)).toEqual([{ type: "equal", part: expect.objectContaining({ text: "same text" }) }]);
    const at = (text: string, type: DiffPart["type"]): DiffPart => ({ type, text, from: { start: 0, end: 0 }, to: { start: 0, end: 0 } });
    const parts = [at(" ", "equal"), at("a", "delete"), at(" ", "equal"), at("b", "insert"), at("  ", "equal"), at("c", "equal"), at("d", "insert"), at(" ", "equal")];
    expect(shape(parts)).toEqual([" ", ["d:a", "e: ", "i:b"], "  ", "c", ["i:d"], " "]);
  });
});
