import { describe, expect, it } from "vitest";
import { CodePointIndex } from "./codepoints";
import { CONTEXT_LENGTH, describeSpan, validateSpan } from "./quote";

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
