import { describe, expect, it } from "vitest";
import { CodePointIndex, cpLength, cpSlice } from "./codepoints";
import { describeSpan } from "./quote";
import { countStates, reanchor, type OldAnchor, type Placement } from "./reanchor";

// A text in the seeds' style: curly quotes and apostrophes, em and en dashes, plus an emoji and
// mathematical letters outside the Basic Multilingual Plane before and inside annotated passages.
const OLD = [
  "The Spark 📣 is a small group in the 𝐔𝐧𝐢𝐭𝐞𝐝 𝐒𝐭𝐚𝐭𝐞𝐬 that calls itself “Trotskyist” — a claim its critics dispute.",
  "It was founded in 1971 by members who left another group; its founders’ reasons are described in its own press.",
  "The paper appears every two weeks and is sold at factory gates in Detroit, Baltimore and Los Angeles.",
  "Critics say the group is secretive – its members use party names – and that it avoids public debate.",
  "Its annual conference draws a few hundred people, according to the group’s own figures.",
].join("\n\n");

/** Selectors of the `nth` occurrence of `quote` in `text`, as the app stores them. */
function selectorsOf(text: string, quote: string, nth = 0): OldAnchor {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`"${quote}" not in the text`);
  const start = cpLength(text.slice(0, at));
  const end = start + cpLength(quote);
  return { start, end, ...describeSpan(text, start, end) };
}

/** Code point range of the `nth` occurrence of `quote` in `text`. */
function rangeOf(text: string, quote: string, nth = 0): { start: number; end: number } {
  const { start, end } = selectorsOf(text, quote, nth);
  return { start: start!, end: end! };
}

/** Re-anchors one annotation with and without the old text; checks the quote is the code point slice. */
function both(oldText: string, newText: string, sel: OldAnchor): { version: Placement; imported: Placement } {
  const [version] = reanchor({ text: newText, oldText, annotations: [sel] });
  const [imported] = reanchor({ text: newText, annotations: [sel] });
  for (const p of [version, imported]) {
    expect(p.previousQuote).toBe(sel.quote);
    if (p.state === "orphaned") expect([p.start, p.end, p.quote, p.score]).toEqual([null, null, null, 0]);
    else {
      expect(p.quote).toBe(cpSlice(newText, p.start, p.end));
      expect(p.score).toBeGreaterThan(0);
      expect(p.score).toBeLessThanOrEqual(1);
      if (p.state === "fuzzy") expect(p.score).toBeLessThan(1);
      else expect(p.score).toBe(1);
    }
  }
  return { version, imported };
}

const placedAt = (p: Placement) => ({ state: p.state, start: p.start, end: p.end });

describe("reanchor: the same text", () => {
  it("places every annotation exactly where it was, in code points past emoji and mathematical letters", () => {
    const quotes = ["small group in the 𝐔𝐧𝐢𝐭𝐞𝐝 𝐒𝐭𝐚𝐭𝐞𝐬", "📣", "“Trotskyist” — a claim", "its founders’ reasons", "Los Angeles."];
    const sels = quotes.map((q) => selectorsOf(OLD, q));
    for (const oldText of [OLD, undefined]) {
      const placed = reanchor({ text: OLD, oldText, annotations: sels });
      expect(placed.map(placedAt)).toEqual(sels.map((s) => ({ state: "exact", start: s.start, end: s.end })));
      expect(placed.map((p) => p.quote)).toEqual(quotes);
      expect(countStates(placed)).toEqual({ exact: 5, moved: 0, fuzzy: 0, orphaned: 0 });
    }
  });

  it("accepts a CodePointIndex as the text", () => {
    const sel = selectorsOf(OLD, "annual conference");
    const [p] = reanchor({ text: new CodePointIndex(OLD), oldText: new CodePointIndex(OLD), annotations: [sel] });
    expect(placedAt(p)).toEqual({ state: "exact", start: sel.start, end: sel.end });
  });
});

describe("reanchor: edits elsewhere", () => {
  it("follows text inserted before the passage (exact with the old text, moved without it)", () => {
    const sel = selectorsOf(OLD, "is sold at factory gates");
    const edited = OLD.replace("It was founded", "𝐍𝐨𝐭𝐞 😀: it was renamed in 1975. It was founded");
    const { version, imported } = both(OLD, edited, sel);
    expect(placedAt(version)).toEqual({ state: "exact", ...rangeOf(edited, "is sold at factory gates") });
    expect(placedAt(imported)).toEqual({ state: "moved", ...rangeOf(edited, "is sold at factory gates") });
  });

  it("follows text inserted right before the passage, which changes its prefix", () => {
    const sel = selectorsOf(OLD, "The paper appears every two weeks");
    const edited = OLD.replace("The paper appears", "Since 1975, 📰 The paper appears");
    const { version, imported } = both(OLD, edited, sel);
    expect(placedAt(version)).toEqual({ state: "exact", ...rangeOf(edited, "The paper appears every two weeks") });
    expect(placedAt(imported)).toEqual({ state: "moved", ...rangeOf(edited, "The paper appears every two weeks") });
  });

  it("follows a sentence deleted elsewhere, before and right after the passage", () => {
    const sel = selectorsOf(OLD, "is secretive – its members use party names");
    for (const sentence of ["The paper appears every two weeks and is sold at factory gates in Detroit, Baltimore and Los Angeles.\n\n", "\n\nIts annual conference draws a few hundred people, according to the group’s own figures."]) {
      const edited = OLD.replace(sentence, "");
      const { version, imported } = both(OLD, edited, sel);
      const want = rangeOf(edited, "is secretive – its members use party names");
      expect(placedAt(version)).toEqual({ state: "exact", ...want });
      expect(imported.state === "exact" || imported.state === "moved").toBe(true);
      expect([imported.start, imported.end]).toEqual([want.start, want.end]);
    }
  });

  it("ignores whitespace and line-break reflow, in the passage and around it", () => {
    const sel = selectorsOf(OLD, "founded in 1971 by members who left another group");
    const edited = OLD.replace("It was founded in 1971 by members who left", "It was\nfounded in  1971\nby members who\tleft");
    const { version, imported } = both(OLD, edited, sel);
    const want = rangeOf(edited, "founded in  1971\nby members who\tleft another group");
    expect(placedAt(version)).toEqual({ state: "exact", ...want });
    expect(placedAt(imported)).toEqual({ state: "exact", ...want });
    expect(version.quote).toBe("founded in  1971\nby members who\tleft another group");
  });

  it("ignores straight ↔ curly quotes and dashes, and places the passage as the new text has it", () => {
    const sel = selectorsOf(OLD, "calls itself “Trotskyist” — a claim its critics dispute");
    const straight = OLD.replace(/[“”]/g, '"').replace(/’/g, "'").replace(/—/g, "--").replace(/–/g, "-");
    const { version, imported } = both(OLD, straight, sel);
    const want = rangeOf(straight, 'calls itself "Trotskyist" -- a claim its critics dispute');
    expect(placedAt(version)).toEqual({ state: "exact", ...want });
    expect(placedAt(imported)).toEqual({ state: "exact", ...want });
    // and back: an annotation made on the straight text follows to the curly one
    const back = both(straight, OLD, selectorsOf(straight, "its founders' reasons"));
    expect(placedAt(back.version)).toEqual({ state: "exact", ...rangeOf(OLD, "its founders’ reasons") });
  });

  it("ignores a change of case", () => {
    const sel = selectorsOf(OLD, "The Spark 📣 is a small group");
    const edited = OLD.replace("The Spark", "THE SPARK");
    const { version } = both(OLD, edited, sel);
    expect(placedAt(version)).toEqual({ state: "exact", ...rangeOf(edited, "THE SPARK 📣 is a small group") });
  });
});

describe("reanchor: edits inside the passage", () => {
  it("follows 1–3 typos fixed inside the passage: fuzzy, with the old and the new quote", () => {
    const cases: Array<[string, string]> = [
      ["founders’ reasons are descirbed in its own", "founders’ reasons are described in its own"],
      ["Teh paper appears every two weks", "The paper appears every two weeks"],
      ["𝐔𝐧𝐢𝐭𝐞𝐝 𝐒𝐭𝐚𝐭𝐞𝐬 that cals itself", "𝐔𝐧𝐢𝐭𝐞𝐝 𝐒𝐭𝐚𝐭𝐞𝐬 that calls itself"],
    ];
    for (const [typo, fixed] of cases) {
      const old = OLD.replace(fixed, typo);
      const sel = selectorsOf(old, typo);
      const { version, imported } = both(old, OLD, sel);
      for (const p of [version, imported]) {
        expect(placedAt(p)).toEqual({ state: "fuzzy", ...rangeOf(OLD, fixed) });
        expect(p.score).toBeGreaterThan(0.8);
        expect(p.previousQuote).toBe(typo);
        expect(p.quote).toBe(fixed);
      }
    }
  });

  it("follows a typo fixed at the passage's first or last character", () => {
    const old = OLD.replace("Critics say", "Crtics say").replace("public debate.", "public debatte.");
    for (const [typo, fixed] of [
      ["Crtics say the group", "Critics say the group"],
      ["avoids public debatte.", "avoids public debate."],
    ]) {
      const { version, imported } = both(old, OLD, selectorsOf(old, typo));
      expect(placedAt(version)).toEqual({ state: "fuzzy", ...rangeOf(OLD, fixed) });
      expect(placedAt(imported)).toEqual({ state: "fuzzy", ...rangeOf(OLD, fixed) });
    }
  });

  it("follows one word replaced inside the passage: fuzzy", () => {
    const sel = selectorsOf(OLD, "draws a few hundred people, according to");
    const edited = OLD.replace("a few hundred people", "a few thousand people");
    const { version, imported } = both(OLD, edited, sel);
    for (const p of [version, imported]) {
      expect(placedAt(p)).toEqual({ state: "fuzzy", ...rangeOf(edited, "draws a few thousand people, according to") });
      expect(p.score).toBeLessThan(0.9);
    }
  });

  it("with the old text, follows a short passage whose only word was rewritten between unchanged context", () => {
    const sel = selectorsOf(OLD, "secretive");
    const edited = OLD.replace("secretive", "secluded");
    const [p] = reanchor({ text: edited, oldText: OLD, annotations: [sel] });
    expect(placedAt(p)).toEqual({ state: "fuzzy", ...rangeOf(edited, "secluded") });
    expect(p.score).toBeLessThan(0.5);
  });

  it("a sentence reworded at its start never places the passage from inside a word", () => {
    // "According to the prefect's report, some…" → "The prefect's report claims that…": the diff keeps
    // the "t" of "to" and the "he" of "the", so the passage mapped through it began at "he prefect's".
    const v2 = "Most accounts agree.\n\nAccording to the prefect's report, some eight hundred labourers stopped work. The union's own paper put the figure at two thousand.\n\nBy October";
    const v3 = "Most accounts agree.\n\nThe prefect's report claims that eight hundred labourers stopped work. The union's own paper put the figure at two thousand.\n\nBy October";
    const { version, imported } = both(v2, v3, selectorsOf(v2, "the prefect's report, some eight hundred labourers stopped work."));
    for (const p of [version, imported]) expect(placedAt(p)).toEqual({ state: "fuzzy", ...rangeOf(v3, "The prefect's report claims that eight hundred labourers stopped work.") });
    // the same at the end: "…stopped work" → "…stopped working"
    const v4 = v2.replace("stopped work.", "stopped working.");
    const end = both(v2, v4, selectorsOf(v2, "some eight hundred labourers stopped work"));
    for (const p of [end.version, end.imported]) expect(placedAt(p)).toEqual({ state: "fuzzy", ...rangeOf(v4, "some eight hundred labourers stopped working") });
    // a passage that began or ended inside a word keeps its edges where the match puts them
    const part = both(v2, v3, selectorsOf(v2, "refect's report, some eight hundred labourers stopped wo"));
    expect(part.version.state).toBe("fuzzy");
    expect(part.version.quote).toMatch(/^refect's .* stopped wo$/);
  });
});

describe("reanchor: the passage deleted, duplicated or moved", () => {
  it("orphans a deleted passage", () => {
    const sel = selectorsOf(OLD, "– its members use party names –");
    const edited = OLD.replace(" – its members use party names –", "");
    const { version, imported } = both(OLD, edited, sel);
    expect(version.state).toBe("orphaned");
    expect(imported.state).toBe("orphaned");
  });

  it("orphans a deleted paragraph with astral characters in it", () => {
    const first = OLD.slice(0, OLD.indexOf("\n\n"));
    const sel = selectorsOf(OLD, "small group in the 𝐔𝐧𝐢𝐭𝐞𝐝 𝐒𝐭𝐚𝐭𝐞𝐬");
    const { version, imported } = both(OLD, OLD.replace(first + "\n\n", ""), sel);
    expect([version.state, imported.state]).toEqual(["orphaned", "orphaned"]);
  });

  it("keeps the original, not a copy inserted elsewhere", () => {
    const sel = selectorsOf(OLD, "sold at factory gates in Detroit");
    const edited = OLD.replace("Its annual conference", "Copies are sold at factory gates in Detroit too. Its annual conference");
    const { version, imported } = both(OLD, edited, sel);
    expect(placedAt(version)).toEqual({ state: "exact", ...rangeOf(edited, "sold at factory gates in Detroit") });
    expect(placedAt(imported)).toEqual({ state: "exact", ...rangeOf(edited, "sold at factory gates in Detroit") });
  });

  it("finds a paragraph moved elsewhere with its context: moved", () => {
    const paragraphs = OLD.split("\n\n");
    const reordered = [paragraphs[3], paragraphs[0], paragraphs[1], paragraphs[2], paragraphs[4]].join("\n\n");
    const sel = selectorsOf(OLD, "its members use party names");
    const { version, imported } = both(OLD, reordered, sel);
    expect(placedAt(version)).toEqual({ state: "moved", ...rangeOf(reordered, "its members use party names") });
    expect(placedAt(imported)).toEqual({ state: "moved", ...rangeOf(reordered, "its members use party names") });
  });

  it("finds a moved paragraph whose passage also had a typo fixed: fuzzy", () => {
    const paragraphs = OLD.split("\n\n");
    const old = OLD.replace("avoids public debate", "avoids pubic debate");
    const moved = [paragraphs[3], paragraphs[0], paragraphs[1], paragraphs[2], paragraphs[4]].join("\n\n");
    const { version, imported } = both(old, moved, selectorsOf(old, "and that it avoids pubic debate"));
    expect(placedAt(version)).toEqual({ state: "fuzzy", ...rangeOf(moved, "and that it avoids public debate") });
    expect(placedAt(imported)).toEqual({ state: "fuzzy", ...rangeOf(moved, "and that it avoids public debate") });
  });
});

describe("reanchor: never silently wrong", () => {
  // A text that repeats a sentence with the same context, as quoted blog posts do.
  const REPEAT = "Members said: “the leadership ignored every complaint for years.” That was the charge.";
  const TWICE = `Opening remarks by the author.\n\n${REPEAT}\n\nA long middle part about something else entirely, with its own words.\n\n${REPEAT}\n\nClosing words.`;

  it("calls a choice among repeats with equally agreeing context fuzzy, taking the one nearest the old place", () => {
    const sel = selectorsOf(TWICE, "ignored every complaint", 1);
    const edited = TWICE.replace("Opening remarks", "Some new opening remarks");
    const [p] = reanchor({ text: edited, annotations: [sel] });
    expect(placedAt(p)).toEqual({ state: "fuzzy", ...rangeOf(edited, "ignored every complaint", 1) });
  });

  it("with the old text, orphans a deleted passage whose wording and context remain elsewhere (that was another passage)", () => {
    const sel = selectorsOf(TWICE, "the leadership ignored every complaint for years", 1);
    const second = TWICE.lastIndexOf(REPEAT);
    const edited = TWICE.slice(0, second) + TWICE.slice(second + REPEAT.length);
    expect(reanchor({ text: edited, oldText: TWICE, annotations: [sel] })[0].state).toBe("orphaned");
  });

  it("without the old text, does not call a repeat moved when the passage's context still stands at the old place without it", () => {
    const sel = selectorsOf(TWICE, "the leadership ignored every complaint for years", 1);
    const second = TWICE.lastIndexOf(REPEAT);
    // the quote is deleted from the second copy; its context stays
    const edited = TWICE.slice(0, second) + REPEAT.replace("the leadership ignored every complaint for years", "") + TWICE.slice(second + REPEAT.length);
    const { version, imported } = both(TWICE, edited, sel);
    expect(version.state).toBe("orphaned");
    expect(imported.state).toBe("fuzzy");
    expect(imported.score).toBeLessThan(0.5);
  });

  it("does not take an intact repeat for a passage edited in place", () => {
    const sel = selectorsOf(TWICE, "the leadership ignored every complaint for years", 1);
    const second = TWICE.lastIndexOf(REPEAT);
    const edited = TWICE.slice(0, second) + REPEAT.replace("every complaint", "most complaints") + TWICE.slice(second + REPEAT.length);
    const { version, imported } = both(TWICE, edited, sel);
    const want = rangeOf(edited, "the leadership ignored most complaints for years");
    expect(placedAt(version)).toEqual({ state: "fuzzy", ...want });
    expect(placedAt(imported)).toEqual({ state: "fuzzy", ...want });
  });

  it("does not take an intact repeat that keeps one side of the context for a passage edited in place that keeps both", () => {
    const said = "As the minutes of the meeting put it, members said: “the leadership ignored every complaint for years.”";
    const text = `Opening remarks by the author.\n\n${said} That was the charge.\n\nA long middle part about something else.\n\n${said} Nobody denied it.\n\nClosing words.`;
    const sel = selectorsOf(text, "the leadership ignored every complaint for years", 1);
    const at = text.lastIndexOf("every complaint");
    const edited = `${text.slice(0, at)}most complaints${text.slice(at + "every complaint".length)}`;
    const { version, imported } = both(text, edited, sel);
    const want = rangeOf(edited, "the leadership ignored most complaints for years");
    expect(placedAt(version)).toEqual({ state: "fuzzy", ...want });
    expect(placedAt(imported)).toEqual({ state: "fuzzy", ...want });
  });

  it("without the old text, keeps a passage intact in the text over a similar sentence where its deleted prefix recurs", () => {
    // The sentence before the passage is deleted; it recurs later, before a sentence like the passage.
    const text =
      "The meeting opened at nine. Nothing further was recorded. The harvest failed, again. He said the harvest was poor. " +
      "Nothing further was recorded. Then the harvest failed again.";
    const edited = text.replace(" Nothing further was recorded. The harvest", " The harvest");
    const { version, imported } = both(text, edited, selectorsOf(text, "The harvest failed, again."));
    const want = rangeOf(edited, "The harvest failed, again.");
    expect(placedAt(version)).toEqual({ state: "exact", ...want });
    // its prefix agrees at the other sentence: a choice, so fuzzy, but on the passage
    expect(placedAt(imported)).toEqual({ state: "fuzzy", ...want });
  });

  it("does not place a deleted passage on the same words in another context", () => {
    const text = "The group held a vote on the merger. Later, after years of debate, the group held a vote on its name.";
    const sel = selectorsOf(text, "the group held a vote on");
    const edited = text.replace("Later, after years of debate, the group held a vote on its name.", "Later it was renamed.");
    const { version, imported } = both(text, edited, sel);
    expect(version.state).toBe("orphaned");
    expect(imported.state === "orphaned" || imported.state === "fuzzy").toBe(true);
  });

  it("calls a unique verbatim occurrence without any agreeing context fuzzy", () => {
    const text = "Alpha beta gamma. The central committee met in secret. Delta epsilon zeta.";
    const sel = selectorsOf(text, "The central committee met in secret.");
    const rewritten = "Entirely different opening words here! The central committee met in secret. No: entirely different closing.";
    const [p] = reanchor({ text: rewritten, annotations: [sel] });
    expect(p.state).toBe("fuzzy");
    expect(p.score).toBeLessThan(0.5);
  });

  it("orphans an approximate match without agreeing context", () => {
    const text = "Alpha beta gamma. The central committee met in secret. Delta epsilon zeta.";
    const sel = selectorsOf(text, "The central committee met in secret.");
    const [p] = reanchor({ text: "Other words. The central comittee met in secrecy. More other words.", annotations: [sel] });
    expect(p.state).toBe("orphaned");
  });
});

describe("reanchor: selectors", () => {
  it("keeps whitespace the stored quote had at its ends", () => {
    const text = "One two three four five six seven.";
    const sel = selectorsOf(text, " three four ");
    const { version, imported } = both(text, `Zero. ${text}`, sel);
    expect(version.quote).toBe(" three four ");
    expect(placedAt(imported)).toEqual({ state: "moved", ...rangeOf(`Zero. ${text}`, " three four ") });
  });

  it("places a quote without context at its offsets exactly, and elsewhere only fuzzily", () => {
    const text = "The party was founded in 1938 by a small group.";
    const at = rangeOf(text, "founded in 1938");
    expect(reanchor({ text, annotations: [{ quote: "founded in 1938", ...at }] })[0]).toMatchObject({ state: "exact", ...at });
    const shifted = `Preface. ${text}`;
    expect(reanchor({ text: shifted, annotations: [{ quote: "founded in 1938", ...at }] })[0]).toMatchObject({
      state: "fuzzy",
      ...rangeOf(shifted, "founded in 1938"),
    });
    expect(reanchor({ text: shifted, annotations: [{ quote: "founded in 1938" }] })[0].state).toBe("fuzzy");
  });

  it("searches for the quote when the offsets do not fit the old text", () => {
    const sel = { ...selectorsOf(OLD, "annual conference draws"), start: 3, end: 9 };
    const { version, imported } = both(OLD, OLD, sel);
    expect(placedAt(version)).toEqual({ state: "moved", ...rangeOf(OLD, "annual conference draws") });
    expect(placedAt(imported)).toEqual({ state: "moved", ...rangeOf(OLD, "annual conference draws") });
  });

  it("orphans an empty or blank quote", () => {
    expect(reanchor({ text: OLD, annotations: [{ quote: "" }, { quote: " \n\u200b " }] }).map((p) => p.state)).toEqual(["orphaned", "orphaned"]);
  });

  it("answers in the order of the annotations", () => {
    const quotes = ["Los Angeles", "The Spark", "party names", "1971"];
    const placed = reanchor({ text: OLD, oldText: OLD, annotations: quotes.map((q) => selectorsOf(OLD, q)) });
    expect(placed.map((p) => p.quote)).toEqual(quotes);
  });
});

describe("reanchor: text inserted at the passage's edge that begins or ends as the passage does", () => {
  // The diff may align an insertion either side of the words it shares with the passage's edge
  // ("The American…\n\nThe harvest": the new paragraph's "The " or the passage's): the passage must
  // never take in the inserted text.
  const P = [
    "Report on the harvest",
    "The harvest of 1921 fell by half in the Volga region, according to the Commissariat's report.",
    "Lenin wrote that the policy was a temporary retreat.",
    "Relief arrived late in the winter.",
  ];
  const old = P.join("\n\n");
  const passage = P[1];
  const inserted = "The American Relief Administration fed 10 million people daily by August 1922.";

  it("a paragraph inserted right before the passage: exact on the passage alone", () => {
    const edited = [P[0], inserted, P[1], P[2], P[3]].join("\n\n");
    const { version, imported } = both(old, edited, selectorsOf(old, passage));
    expect(placedAt(version)).toEqual({ state: "exact", ...rangeOf(edited, passage) });
    expect(placedAt(imported)).toEqual({ state: "moved", ...rangeOf(edited, passage) });
  });

  it("a paragraph inserted right after the passage: exact on the passage alone", () => {
    const sel = selectorsOf(old, P[2]);
    const edited = [P[0], P[1], P[2], "Lenin also wrote to Hoover in 1921.", P[3]].join("\n\n");
    const { version } = both(old, edited, sel);
    expect(placedAt(version)).toEqual({ state: "exact", ...rangeOf(edited, P[2]) });
  });

  it("a word added to the end of the paragraph before: exact on the passage alone", () => {
    const edited = [`${P[0]} Draft.`, P[1], P[2], P[3]].join("\n\n");
    const { version } = both(old, edited, selectorsOf(old, passage));
    expect(placedAt(version)).toEqual({ state: "exact", ...rangeOf(edited, passage) });
  });

  it("a sentence appended to the paragraph before and a figure changed in the passage: fuzzy on the passage alone", () => {
    const Q = ["Notes 1764982461", "Prices rose by 40 percent in the spring of 1921, the ministry said.", "Wages did not follow."];
    const before = Q.join("\n\n");
    const changed = Q[1].replace("40", "45");
    const edited = [`${Q[0]} Draft.`, changed, Q[2]].join("\n\n");
    const { version, imported } = both(before, edited, selectorsOf(before, Q[1]));
    expect(placedAt(version)).toEqual({ state: "fuzzy", ...rangeOf(edited, changed) });
    // Without the old text nothing says "Draft." was inserted rather than the passage's start rewritten:
    // an approximate match takes in text between it and agreeing context, and says it needs a check.
    expect(imported.state).toBe("fuzzy");
    expect(imported.end).toBe(rangeOf(edited, changed).end);
    expect(imported.quote).toBe(`Draft.\n\n${changed}`);
  });

  it("a paragraph inserted before a passage that was also edited: fuzzy on the edited passage alone", () => {
    const changed = passage.replace("fell by half", "fell by nearly half");
    const edited = [P[0], inserted, changed, P[2], P[3]].join("\n\n");
    const { version, imported } = both(old, edited, selectorsOf(old, passage));
    for (const p of [version, imported]) expect(placedAt(p)).toEqual({ state: "fuzzy", ...rangeOf(edited, changed) });
  });

  // Repeated sentences offer an edit the same score at every copy: it stays by the copy the diff found,
  // and the placement is the sentence left, never part of it and part of its neighbour. Which of the two
  // identical sentences in a row went cannot be told (deleting either gives the same text at the same
  // cost), so an annotation on either is fuzzy on the one left (see "one of two identical sentences
  // deleted" below).
  it("one of two identical sentences in a row deleted: an annotation on either is on the sentence left, fuzzy", () => {
    const before = "It was a retreat. Nothing further was recorded. Nothing further was recorded. It failed, he said.";
    const edited = "It was a retreat. Nothing further was recorded. It failed, he said.";
    for (const nth of [0, 1]) {
      const { version } = both(before, edited, selectorsOf(before, "Nothing further was recorded.", nth));
      expect(placedAt(version)).toEqual({ state: "fuzzy", ...rangeOf(edited, "Nothing further was recorded.") });
    }
  });

  // A copy pasted right beside the passage can be read as inserted on either side of it at the same
  // cost: which copy is the original is a choice, fuzzy, on the copy the diff keeps.
  it("a copy of a passage that spans a sentence's end, pasted after it, is not taken into it (a choice between the copies)", () => {
    const before = "The cat sat on the mat. No one came. Then it rained.";
    const edited = "The cat sat on the mat. No one came. the mat. No one came. Then it rained.";
    const { version } = both(before, edited, selectorsOf(before, "the mat. No one came"));
    expect(placedAt(version)).toEqual({ state: "fuzzy", ...rangeOf(edited, "the mat. No one came") });
    expect(version.quote).toBe("the mat. No one came");
  });

  it("a sentence repeated right after the annotated one: a choice between the copies, fuzzy on the first as the diff has it", () => {
    const before = "It began. The cat sat on the mat. Then it rained.";
    for (const edited of [
      "It began. The cat sat on the mat. The cat sat on the mat. Then it rained.",
      "It began. The cat sat on the mat. Later, again: The cat sat on the mat. Then it rained.",
    ]) {
      const { version, imported } = both(before, edited, selectorsOf(before, "The cat sat on the mat."));
      expect(placedAt(version)).toEqual({ state: "fuzzy", ...rangeOf(edited, "The cat sat on the mat.", 0) });
      expect(imported.state).toBe("fuzzy");
    }
  });

  it("a copy pasted right after a passage that ended the text, or before one that began it: a choice both ways", () => {
    const before = "It began. The cat sat on the mat.";
    const sel = selectorsOf(before, "The cat sat on the mat.");
    const edited = "It began. The cat sat on the mat. The cat sat on the mat.";
    const { version, imported } = both(before, edited, sel);
    // the old suffix is the text's end, which the copy now has: not "unchanged at its offsets"
    for (const p of [version, imported]) expect(placedAt(p)).toEqual({ state: "fuzzy", ...rangeOf(edited, "The cat sat on the mat.", 0) });
    const first = "The cat sat on the mat. Then it rained.";
    const twice = "The cat sat on the mat. The cat sat on the mat. Then it rained.";
    const atStart = both(first, twice, selectorsOf(first, "The cat sat on the mat."));
    expect([atStart.version.state, atStart.imported.state]).toEqual(["fuzzy", "fuzzy"]);
    // unchanged, it is exact at the text's end as anywhere
    expect(placedAt(both(before, before, sel).imported)).toEqual({ state: "exact", ...rangeOf(before, "The cat sat on the mat.") });
  });

  it("an unchanged passage stays exact beside a different sentence inserted next to it, or a copy of it pasted further away", () => {
    const before = "It began. The cat sat on the mat. Then it rained. Later the cat sat on the mat. Then it snowed.";
    const sel = selectorsOf(before, "The cat sat on the mat.");
    for (const edited of [
      // a similar sentence, not a copy, right after it
      before.replace("mat. Then it rained.", "mat. The dog sat on the mat. Then it rained."),
      // a sentence inserted right before its repeat further on, and another at the end
      before.replace("Later the cat", "Nobody noticed. Later the cat").replace("snowed.", "snowed. The cat sat on the mat."),
      // a copy pasted two sentences after it
      before.replace("rained.", "rained. The cat sat on the mat."),
    ]) {
      const { version } = both(before, edited, sel);
      expect(placedAt(version)).toEqual({ state: "exact", ...rangeOf(edited, "The cat sat on the mat.") });
    }
  });

  it("an accent added to the passage's last letter as a combining mark: taken in, and fuzzy (the word changed)", () => {
    const before = "The cafe was closed. It rained.";
    const edited = "The cafe\u0301 was closed. It rained.";
    const { version, imported } = both(before, edited, selectorsOf(before, "The cafe"));
    for (const p of [version, imported]) {
      expect(placedAt(p)).toEqual({ state: "fuzzy", start: 0, end: 9 });
      expect(p.quote).toBe("The cafe\u0301");
    }
    // A mark that was already there after the passage stays outside it, and the placement exact.
    const { version: same } = both(edited, `${edited} Later.`, selectorsOf(edited, "The cafe"));
    expect(placedAt(same)).toEqual({ state: "exact", start: 0, end: 8 });
  });

  it("without the old text, a passage still in place with new sentences on both sides is not 'moved' onto a repeat that keeps one side", () => {
    const before =
      "The chair opened the session. Nothing further was recorded. The session closed at noon. " +
      "In the autumn the chair resigned. Nothing further was recorded. The session closed at noon.";
    const edited = before.replace(
      "The chair opened the session. Nothing further was recorded. The session",
      "The chair opened the session. Several members asked about the accounts. Nothing further was recorded. The treasurer promised an answer. The session",
    );
    const { version, imported } = both(before, edited, selectorsOf(before, "Nothing further was recorded.", 0));
    expect(placedAt(version)).toEqual({ state: "fuzzy", ...rangeOf(edited, "Nothing further was recorded.", 0) });
    expect(placedAt(imported)).toEqual({ state: "fuzzy", ...rangeOf(edited, "Nothing further was recorded.", 0) });
  });
});

describe("reanchor: a copy of the passage pasted beside it together with other new text", () => {
  // Old "A P B". With only new text between the passage and a copy, the diff can keep either as the
  // passage at the same cost; the context tells them apart only when it agrees at one copy alone.
  const A = "The strike began at the Putilov works in March.";
  const P = "The police fired on the crowd.";
  const B = "By evening the army had joined the strikers.";
  const before = `${A} ${P} ${B}`;
  const sel = selectorsOf(before, P);

  it("a copy pasted with a sentence between: each copy keeps one side of the context, a choice (fuzzy on the first, as the diff keeps it)", () => {
    const edited = `${A} ${P} Witnesses disagree on the numbers. ${P} ${B}`;
    const { version, imported } = both(before, edited, sel);
    expect(placedAt(version)).toEqual({ state: "fuzzy", ...rangeOf(edited, P, 0) });
    expect(imported.state).toBe("fuzzy");
  });

  it("a copy pasted with a citation marker after it, which the copy's context still agrees with: a choice, fuzzy", () => {
    const edited = `${A} ${P} ${P} [2] ${B}`;
    const { version, imported } = both(before, edited, sel);
    expect(placedAt(version)).toEqual({ state: "fuzzy", ...rangeOf(edited, P, 0) });
    expect(imported.state).toBe("fuzzy");
  });

  it("a copy pasted with a short word before it, which the copy's context still agrees with: a choice, fuzzy on the copy the diff keeps", () => {
    const edited = `${A} So, ${P} ${P} ${B}`;
    const { version, imported } = both(before, edited, sel);
    // the diff reads "So, P" as inserted before the passage: it keeps the copy that the old text after it follows
    expect(placedAt(version)).toEqual({ state: "fuzzy", ...rangeOf(edited, P, 1) });
    expect(imported.state).toBe("fuzzy");
  });

  it("a copy in the middle of a pasted block whose end the copy's context agrees with: a choice, fuzzy", () => {
    const edited = `${A} ${P} Some said: ${P} [3] ${B}`;
    const { version, imported } = both(before, edited, sel);
    expect(placedAt(version)).toEqual({ state: "fuzzy", ...rangeOf(edited, P, 0) });
    expect(imported.state).toBe("fuzzy");
  });

  it("a copy whose own context agrees on neither side (a sentence pasted with it): the passage that keeps its context stays exact", () => {
    for (const [edited, nth] of [
      [`${A} Witnesses disagree on the numbers. ${P} ${P} ${B}`, 1],
      [`${A} ${P} ${P} Witnesses disagree on the numbers. ${B}`, 0],
      [`${A} ${P} Some said: ${P} Others denied it. ${B}`, 0],
    ] as const) {
      const { version } = both(before, edited, sel);
      expect(placedAt(version)).toEqual({ state: "exact", ...rangeOf(edited, P, nth) });
    }
  });

  it("a copy pasted with its context further on, past unchanged text: the passage stays exact", () => {
    const after = `${A} ${P} ${B} As the report put it: ${A} ${P}`;
    const { version } = both(before, after, sel);
    expect(placedAt(version)).toEqual({ state: "exact", ...rangeOf(after, P, 0) });
  });
});

describe("reanchor: one of two identical sentences deleted", () => {
  const A = "The strike began at the Putilov works in March.";
  const P = "The police fired on the crowd.";
  const B = "By evening the army had joined the strikers.";
  const C = "Two days later the tsar abdicated in favour of his brother.";
  const D = "The newspapers printed the news only a week later.";
  const M = "The rest of the chapter is about the food supply of the capital, with its own words and figures.";

  describe("apart, other text between them", () => {
    const before = `${A} ${P} ${B} ${M} ${C} ${P} ${D}`;

    it("the annotated copy deleted: orphaned with the old text (the other copy is another passage), at most fuzzy on it without", () => {
      for (const [nth, edited] of [
        [0, `${A} ${B} ${M} ${C} ${P} ${D}`],
        [1, `${A} ${P} ${B} ${M} ${C} ${D}`],
      ] as const) {
        const { version, imported } = both(before, edited, selectorsOf(before, P, nth));
        expect(version.state).toBe("orphaned");
        // without the old text nothing says that the copy left is not the passage moved: a choice
        expect(placedAt(imported)).toEqual({ state: "fuzzy", ...rangeOf(edited, P) });
        expect(imported.score).toBeLessThan(0.5);
      }
    });

    it("the other copy deleted: the annotated one stays exact", () => {
      for (const [nth, edited] of [
        [0, `${A} ${P} ${B} ${M} ${C} ${D}`],
        [1, `${A} ${B} ${M} ${C} ${P} ${D}`],
      ] as const) {
        const { version, imported } = both(before, edited, selectorsOf(before, P, nth));
        expect(placedAt(version)).toEqual({ state: "exact", ...rangeOf(edited, P) });
        expect(["exact", "moved"]).toContain(imported.state);
        expect([imported.start, imported.end]).toEqual([rangeOf(edited, P).start, rangeOf(edited, P).end]);
      }
    });

    it("the annotated copy deleted with its context, the other copy kept in the same context: orphaned with the old text", () => {
      const same = `${A} ${P} ${B} ${M} ${A} ${P} ${B}`;
      const edited = `${A} ${B} ${M} ${A} ${P} ${B}`;
      const { version } = both(same, edited, selectorsOf(same, P, 0));
      expect(version.state).toBe("orphaned");
      // and the other way round the kept one is exact
      expect(placedAt(both(same, edited, selectorsOf(same, P, 1)).version)).toEqual({ state: "exact", ...rangeOf(edited, P) });
    });
  });

  describe("side by side, nothing but the deleted text between them", () => {
    // Which of two identical copies side by side was deleted cannot be told: deleting either gives the
    // same text at the same cost (the reverse of pasting a copy beside the passage). The copy left may
    // be the annotated one or the other: fuzzy on it, for either annotation, never exact or orphaned.
    it("two copies in a row, one deleted: either annotation is fuzzy on the copy left", () => {
      const before = `${A} ${P} ${P} ${B}`;
      const edited = `${A} ${P} ${B}`;
      for (const nth of [0, 1]) {
        const { version, imported } = both(before, edited, selectorsOf(before, P, nth));
        expect(placedAt(version)).toEqual({ state: "fuzzy", ...rangeOf(edited, P) });
        expect(placedAt(imported)).toEqual({ state: "fuzzy", ...rangeOf(edited, P) });
      }
    });

    it("two copies with a sentence between them, one copy and the sentence deleted: either annotation is fuzzy on the copy left", () => {
      const before = `${A} ${P} ${C} ${P} ${B}`;
      const edited = `${A} ${P} ${B}`;
      for (const nth of [0, 1]) {
        const { version } = both(before, edited, selectorsOf(before, P, nth));
        expect(placedAt(version)).toEqual({ state: "fuzzy", ...rangeOf(edited, P) });
      }
    });

    it("two copies with a sentence between them, only a copy deleted: the diff knows which (exact or orphaned)", () => {
      const before = `${A} ${P} ${C} ${P} ${B}`;
      const edited = `${A} ${P} ${C} ${B}`;
      expect(placedAt(both(before, edited, selectorsOf(before, P, 0)).version)).toEqual({ state: "exact", ...rangeOf(edited, P) });
      expect(both(before, edited, selectorsOf(before, P, 1)).version.state).toBe("orphaned");
    });
  });
});

describe("reanchor: without the old text, in a text that repeats part of a paragraph", () => {
  // As in one of the seeds: a paragraph quoted once cut short ("…than…"), then in full.
  const T =
    "Notes from the meeting of the branch, as the secretary kept them for the members.\n\n" +
    "The committee defends the leadership, proving they care more about the opinion of the press than…\n\n" +
    "Engels on rebellion and revolution, with a short commentary by the editors.\n\n" +
    "The committee defends the leadership, proving they care more about the opinion of the press than the strike in the capital. " +
    "Nobody asked the members what they thought about it, and the minutes say nothing more.";

  it("a word replaced in the full paragraph's passage: fuzzy on it, not on the cut-short copy that comes first", () => {
    const quote = "more about the opinion of the press than the strike";
    const edited = T.replace("than the strike", "than a strike");
    const { version, imported } = both(T, edited, selectorsOf(T, quote));
    const want = rangeOf(edited, "more about the opinion of the press than a strike");
    expect(placedAt(version)).toEqual({ state: "fuzzy", ...want });
    expect(placedAt(imported)).toEqual({ state: "fuzzy", ...want });
  });

  it("the passage deleted: not placed on a stretch that runs from the cut-short copy up to where the passage was", () => {
    // its old prefix now runs straight into its old suffix: an edge there agrees only because the passage went
    const quote = "the opinion of the press than the strike in the capital. Nobody asked the members";
    const edited = T.replace(`${quote} `, "");
    const { version, imported } = both(T, edited, selectorsOf(T, quote));
    expect(version.state).toBe("orphaned");
    expect(imported.state).toBe("orphaned");
  });

  it("a one-word passage rewritten between its unchanged context: orphaned, not fuzzy on the same word elsewhere", () => {
    const text = "Since the party gives no room to factions, communication comes to a standstill. We can restart communication with a monthly journal, as before.";
    const edited = text.replace("restart communication", "restart during");
    const { version, imported } = both(text, edited, selectorsOf(text, "communication", 1));
    expect(version.state).toBe("orphaned");
    expect(imported.state).toBe("orphaned");
    // where the context closed up over it instead (deleted, or moved away: which cannot be told), the
    // same word elsewhere stays a guess (fuzzy)
    const moved = "We can restart with a monthly journal, as before. Since the party gives no room to factions, communication comes to a standstill.";
    expect(reanchor({ text: moved, annotations: [selectorsOf(text, "communication", 1)] })[0].state).toBe("fuzzy");
  });
});
