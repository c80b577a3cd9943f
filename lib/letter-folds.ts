// Letters Unicode does not decompose into a base letter and marks, as readers spell them without (and as
// PostgreSQL's unaccent dictionary folds them): "Straße" is "strasse", "Æther" "aether", "Søren" "soren",
// "Łódź" "lodz", and the ligatures of text taken from PDFs ("ﬁnal") their letters. Titles are ordered by
// them (lib/sort-key.ts, which unfolds ligatures by NFKD before this) and search matches by them: SQLite's
// index folds its text with foldSql (its unicode61 tokenizer removes only marks), the query's words and the
// snippets' matching with foldLetters, so a search finds the same documents on both engines.

/**
 * Lower-case letter → its spelling without it. A change here changes sort keys (see lib/sort-key.ts) and
 * SQLite's search index: a migration must write its view and triggers again with foldSql (as
 * search_letter_folds did) and rebuild it; lib/store/engine.test.ts searches every letter on both engines.
 */
export const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ħ: "h",
  ŧ: "t",
  ĳ: "ij",
  ſ: "s",
  ﬀ: "ff",
  ﬁ: "fi",
  ﬂ: "fl",
  ﬃ: "ffi",
  ﬄ: "ffl",
  ﬅ: "st",
  ﬆ: "st",
};

/** Every letter folded, in either case (a capital whose lower case is folded, and ẞ), with its spelling. */
export function letterFoldPairs(): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [letter, spelling] of Object.entries(LETTER_FOLDS)) {
    pairs.push([letter, spelling]);
    const upper = letter.toUpperCase();
    if (upper !== letter && Array.from(upper).length === 1 && upper.toLowerCase() === letter) pairs.push([upper, spelling]);
  }
  pairs.push(["ẞ", "ss"]);
  return pairs;
}

const PAIRS = new Map(letterFoldPairs());
const FOLDED = new RegExp(`[${[...PAIRS.keys()].join("")}]`, "gu");

/** `text` with the letters of LETTER_FOLDS (in either case) spelled out, in lower case; the rest as it is. */
export const foldLetters = (text: string): string => text.replace(FOLDED, (c) => PAIRS.get(c)!);

/** A SQLite expression folding `expr` as foldLetters does (case aside: the tokenizer lowers it after). */
export const foldSql = (expr: string): string => letterFoldPairs().reduce((inner, [from, to]) => `replace(${inner}, '${from}', '${to}')`, expr);
