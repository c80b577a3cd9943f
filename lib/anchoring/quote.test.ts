import { describe, expect, it } from "vitest";
import { CodePointIndex } from "./codepoints";
import { CONTEXT_LENGTH, describeSpan, locateQuote, validateSpan } from "./quote";

// cp offsets: “ 0, S 1..7 "Sources", ” 8, space 9, — 10, space 11, 😀 12, space 13, 𝐀 14, 𝐁 15,
// space 16, c 17 a 18 f 19 e 20 ◌́ 21, space 22 ...
const DOC = "“Sources” — 😀 𝐀𝐁 cafe\u0301 and more text after it, enough to fill the context window.";
const index = new CodePointIndex(DOC);

describe("describeSpan", () => {
  it("returns the quote with up to 32 code points of context either side", () => {
    const d = describeSpan(index, 14, 16);
    expect(d.quote).toBe("𝐀𝐁");
    expect(d.prefix).toBe("“Sources” — 😀 ");
    expect(d.suffix).toBe(" cafe\u0301 and more text after it, e");
    expect(Array.from(d.suffix)).toHaveLength(CONTEXT_LENGTH);
  });

  it("counts an emoji as one code point of context", () => {
    const text = "😀".repeat(40) + "X" + "😀".repeat(40);
    const d = describeSpan(text, 40, 41);
    expect(d.quote).toBe("X");
    expect(d.prefix).toBe("😀".repeat(32));
    expect(d.suffix).toBe("😀".repeat(32));
  });

  it("gives empty context at the ends of the text", () => {
    const d = describeSpan("ab", 0, 2);
    expect(d).toEqual({ quote: "ab", prefix: "", suffix: "" });
  });

  it("keeps a combining accent with the quote that includes it", () => {
    expect(describeSpan(index, 17, 22).quote).toBe("cafe\u0301");
    expect(describeSpan(index, 17, 21).quote).toBe("cafe");
  });
});

describe("validateSpan", () => {
  it("accepts a valid span and returns its quote and context", () => {
    const r = validateSpan(index, 12, 13, "😀");
    expect(r).toEqual({ ok: true, quote: "😀", prefix: "“Sources” — ", suffix: " 𝐀𝐁 cafe\u0301 and more text after it" });
  });

  it("accepts a span without a quote to compare", () => {
    expect(validateSpan(DOC, 0, 9).ok).toBe(true);
  });

  it("refuses offsets past the end of the text", () => {
    const r = validateSpan(index, 5, index.length + 1);
    expect(r).toMatchObject({ ok: false, code: "OUT_OF_RANGE" });
    if (!r.ok) expect(r.message).toContain(`${index.length} characters long`);
  });

  it("refuses negative and fractional offsets", () => {
    expect(validateSpan(index, -1, 3)).toMatchObject({ ok: false, code: "OUT_OF_RANGE" });
    expect(validateSpan(index, 1.5, 3)).toMatchObject({ ok: false, code: "OUT_OF_RANGE" });
    expect(validateSpan(index, 1, Number.NaN)).toMatchObject({ ok: false, code: "OUT_OF_RANGE" });
  });

  it("refuses a span that ends before it starts", () => {
    expect(validateSpan(index, 5, 3)).toMatchObject({ ok: false, code: "OUT_OF_RANGE" });
  });

  it("refuses an empty span", () => {
    expect(validateSpan(index, 4, 4)).toMatchObject({ ok: false, code: "EMPTY" });
  });

  it("refuses a span of only whitespace, including no-break and zero-width spaces", () => {
    expect(validateSpan(index, 9, 10)).toMatchObject({ ok: false, code: "WHITESPACE_ONLY" });
    expect(validateSpan("a \u00a0\t\n\u200bb", 1, 6)).toMatchObject({ ok: false, code: "WHITESPACE_ONLY" });
  });

  it("accepts a span that is only a dash or a curly quote", () => {
    expect(validateSpan(index, 10, 11, "—").ok).toBe(true);
    expect(validateSpan(index, 0, 1, "“").ok).toBe(true);
  });

  it("refuses a quote that differs from the text at the offsets", () => {
    const r = validateSpan(index, 1, 8, "Source ");
    expect(r).toMatchObject({ ok: false, code: "QUOTE_MISMATCH" });
    if (!r.ok) expect(r.message).toContain("“Sources”");
  });

  it("catches a client that sent UTF-16 offsets instead of code points", () => {
    // "abc" is at UTF-16 2..5 but at code points 1..4
    expect(validateSpan("😀abcd", 2, 5, "abc")).toMatchObject({ ok: false, code: "QUOTE_MISMATCH" });
    expect(validateSpan("😀abcd", 1, 4, "abc").ok).toBe(true);
  });

  it("compares quotes exactly, so a precomposed é does not match e + combining accent", () => {
    expect(validateSpan(index, 17, 22, "café")).toMatchObject({ ok: false, code: "QUOTE_MISMATCH" });
  });
});

describe("locateQuote", () => {
  it("uses the position when the text there still equals the quote", () => {
    expect(locateQuote(index, { exact: "𝐀𝐁", start: 14, end: 16 })).toEqual({ start: 14, end: 16, method: "position" });
  });

  it("accepts a start hint without an end", () => {
    expect(locateQuote(index, { exact: "😀", start: 12 })).toEqual({ start: 12, end: 13, method: "position" });
  });

  it("searches for the quote when the position no longer holds it", () => {
    const changed = "Inserted 😀 words. " + DOC;
    expect(locateQuote(changed, { exact: "𝐀𝐁", start: 14, end: 16 })).toEqual({ start: 32, end: 34, method: "quote" });
  });

  it("reports offsets in code points after astral characters", () => {
    expect(locateQuote(index, { exact: "cafe\u0301" })).toEqual({ start: 17, end: 22, method: "quote" });
  });

  it("returns null when the quote does not occur", () => {
    expect(locateQuote(index, { exact: "café" })).toBeNull();
    expect(locateQuote(index, { exact: "" })).toBeNull();
  });

  it("picks the occurrence whose prefix and suffix match best", () => {
    const text = "the cat sat. the dog sat. the cow sat.";
    expect(locateQuote(text, { exact: "sat", prefix: "dog ", suffix: ". the cow" })).toMatchObject({ start: 21 });
    expect(locateQuote(text, { exact: "sat", prefix: "cow " })).toMatchObject({ start: 34 });
    expect(locateQuote(text, { exact: "sat", suffix: ". the d" })).toMatchObject({ start: 8 });
  });

  it("breaks context ties by closeness to the hinted start", () => {
    const text = "x sat x sat x sat";
    expect(locateQuote(text, { exact: "sat", prefix: "x ", start: 9 })).toMatchObject({ start: 8 });
    expect(locateQuote(text, { exact: "sat", start: 100 })).toMatchObject({ start: 14 });
    expect(locateQuote(text, { exact: "sat" })).toMatchObject({ start: 2 }); // no hint: first
  });

  it("prefers matching context over a closer position hint", () => {
    const text = "alpha beta. gamma beta.";
    expect(locateQuote(text, { exact: "beta", prefix: "gamma ", start: 7 })).toMatchObject({ start: 18 });
  });

  it("re-anchors after the text changed before the quote", () => {
    const original = "Chapter 1. — “It was” 😀 the best of times.";
    const cpOf = (s: string, quote: string) => Array.from(s.slice(0, s.indexOf(quote))).length;
    const start = cpOf(original, "best");
    const { prefix, suffix } = describeSpan(original, start, start + 4);
    const edited = "Preface 😀 added.\n\n" + original.replace("Chapter 1.", "Chapter One.") + " Not the best.";
    expect(locateQuote(edited, { exact: "best", prefix, suffix, start, end: start + 4 })).toEqual({
      start: cpOf(edited, "best"),
      end: cpOf(edited, "best") + 4,
      method: "quote",
    });
  });

  it("never matches half of a surrogate pair", () => {
    expect(locateQuote("a😀b", { exact: "\uDE00" })).toBeNull();
    expect(locateQuote("a😀b\uDE00", { exact: "\uDE00" })).toEqual({ start: 3, end: 4, method: "quote" });
  });

  it("finds overlapping occurrences", () => {
    expect(locateQuote("aaaa", { exact: "aa", prefix: "aa" })).toMatchObject({ start: 2 });
  });

  it("re-anchors thousands of stale quotes in a large text", () => {
    // ~5 MB; every word recurs 160 times, so each quote has many candidate occurrences
    const words = Array.from({ length: 800_000 }, (_, i) => `w${i % 5000}${i % 7 === 0 ? "😀" : ""}`);
    const big = new CodePointIndex(words.join(" "));
    let found = 0;
    for (let k = 0; k < 2000; k++) {
      const start = (k * 2_499_989) % (big.length - 100);
      const sel = describeSpan(big, start, start + 20);
      // a stale hint: the position check fails, so the quote is searched for and ranked
      const hit = locateQuote(big, { exact: sel.quote, prefix: sel.prefix, suffix: sel.suffix, start: start + 3 });
      if (hit && hit.start === start && hit.method === "quote") found++;
    }
    expect(found).toBe(2000);
  });

  it("agrees with a brute-force ranking on random texts", () => {
    // reference: highest context score, then nearest to the hint, then earliest
    const reference = (text: string, exact: string, prefix: string, suffix: string, hint?: number) => {
      const cps = Array.from(text);
      const q = Array.from(exact);
      let best: { start: number; score: number; distance: number } | null = null;
      for (let start = 0; start + q.length <= cps.length; start++) {
        if (cps.slice(start, start + q.length).join("") !== exact) continue;
        const before = cps.slice(0, start).join("");
        const after = cps.slice(start + q.length).join("");
        let score = 0;
        while (score < prefix.length && score < before.length && prefix[prefix.length - 1 - score] === before[before.length - 1 - score]) score++;
        let s2 = 0;
        while (s2 < suffix.length && s2 < after.length && suffix[s2] === after[s2]) s2++;
        const distance = hint === undefined ? 0 : Math.abs(start - hint);
        if (!best || score + s2 > best.score || (score + s2 === best.score && distance < best.distance)) {
          best = { start, score: score + s2, distance };
        }
      }
      return best?.start ?? null;
    };
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const alphabet = ["a", "b", "😀", " "];
    for (let round = 0; round < 500; round++) {
      const text = Array.from({ length: 30 + rand(30) }, () => alphabet[rand(4)]).join("");
      const cps = Array.from(text);
      const at = rand(cps.length - 3);
      const exact = cps.slice(at, at + 1 + rand(3)).join("");
      const prefix = cps.slice(Math.max(0, at - rand(6)), at).join("").replace(/^a/, "b");
      const suffix = Array.from({ length: rand(5) }, () => alphabet[rand(4)]).join("");
      const hint = rand(3) === 0 ? undefined : rand(cps.length + 5) + 1;
      // end: -1 never holds the quote, so the hint only ranks the search
      const got = locateQuote(text, { exact, prefix, suffix, start: hint, end: hint === undefined ? undefined : -1 });
      expect(got?.start ?? null).toBe(reference(text, exact, prefix, suffix, hint));
    }
  });
});
