import { describe, expect, it } from "vitest";
import { excerpt, headAtWord, tailAtWord } from "./excerpt";

describe("excerpt", () => {
  it("keeps a text that fits, whitespace collapsed", () => {
    expect(excerpt("  The harvest\n doubled. ", 60)).toBe("The harvest doubled.");
    expect(excerpt("exactly ten", 11)).toBe("exactly ten");
  });

  it("cuts a longer text after its last whole word, with an ellipsis", () => {
    expect(excerpt("Nothing further was recorded on folio 104", 20)).toBe("Nothing further was…");
    // the cut falling right after a word keeps that word
    expect(excerpt("Nothing further was recorded", 15)).toBe("Nothing further…");
    // nor a dangling comma or dash before the ellipsis
    expect(excerpt("the ledger, the register — and the folio", 12)).toBe("the ledger…");
    expect(excerpt("the register — and the folio", 15)).toBe("the register…");
  });

  it("never ends inside a word, whatever the length", () => {
    const text = "Paragraph 21: the ledger of year 1920 was kept by clerk number 751, and its figures agree with register 1970.";
    for (let max = 10; max < text.length; max++) {
      const cut = excerpt(text, max);
      expect(Array.from(cut).length, cut).toBeLessThanOrEqual(max + 1);
      const kept = cut.slice(0, -1);
      expect(text.startsWith(kept), cut).toBe(true);
      expect(text[kept.length] === " " || /[,;:]/.test(text[kept.length]), cut).toBe(true);
    }
  });

  it("cuts a single very long word where it must, counting code points", () => {
    expect(excerpt("https://example.org/a/very/long/address/without/spaces", 20)).toBe("https://example.org/…");
    expect(excerpt("𝔄𝔅ℭ𝔇𝔈𝔉 word", 4)).toBe("𝔄𝔅ℭ𝔇…");
  });
});

describe("headAtWord and tailAtWord", () => {
  const text = "The committee met on Monday and agreed without a vote";
  it("keep whole words at the edge of the cut, with the space that separates them from what was left out", () => {
    expect(headAtWord(text, 16)).toBe("The committee ");
    expect(headAtWord(text, 14)).toBe("The committee ");
    expect(headAtWord(text, 13)).toBe("The committee");
    expect(tailAtWord(text, 16)).toBe(" without a vote");
    expect(tailAtWord(text, 15)).toBe(" without a vote");
    expect(tailAtWord(text, 14)).toBe("without a vote");
  });

  it("return a text that fits whole", () => {
    expect(headAtWord(text, 100)).toBe(text);
    expect(tailAtWord(text, 100)).toBe(text);
  });

  it("cut inside a word only when there is no space in reach", () => {
    expect(headAtWord("abcdefghij klm", 6)).toBe("abcdef");
    expect(tailAtWord("klm abcdefghij", 6)).toBe("efghij");
  });
});
