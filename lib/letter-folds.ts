// Letters Unicode does not decompose into a base letter and marks, as readers spell them without (and as
// PostgreSQL's unaccent dictionary folds them): "Straße" is "strasse", "Æther" "aether", "Søren" "soren",
// "Łódź" "lodz", and the ligatures of text taken from PDFs ("ﬁnal") their letters. Titles are ordered by
// them (lib/sort-key.ts, which unfolds ligatures by NFKD before this) and search matches by them: SQLite's
// index folds its text with foldSqlStages (its unicode61 tokenizer removes only marks), the query's words and the
// snippets' matching with foldLetters, so a search finds the same documents on both engines.

/**
 * Lower-case letter → its spelling without it. A change here changes sort keys (see lib/sort-key.ts) and
 * SQLite's search index: a migration must write its view and triggers again with foldSqlStages (as
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

/**
 * SQLite expressions folding `expr` as foldLetters does (case aside: the tokenizer lowers it after), in two
 * stages to apply one after the other (the second to the first's result, through a subquery): the sqlite3
 * command line parses at most ~25 nested calls, and a schema holding one deeper is "malformed" to it, so
 * that the database cannot be opened there at all. lib/store/migrate.test.ts checks every migration's nesting.
 */
export function foldSqlStages(): [(expr: string) => string, (expr: string) => string] {
  const pairs = letterFoldPairs();
  const half = Math.ceil(pairs.length / 2);
  const stage = (part: Array<[string, string]>) => (expr: string) => part.reduce((inner, [from, to]) => `replace(${inner}, '${from}', '${to}')`, expr);
  return [stage(pairs.slice(0, half)), stage(pairs.slice(half))];
}
