// How titles (and other names) are put in order: as a reader looks them up, not by code point. Pure, so
// the documents store (its stored Document.titleKey), the migration that filled in the keys of existing
// documents and the corpus page all order by the same key, on either engine. The keys are stored: a change
// to sortKey needs a migration whose data step writes them again (lib/store/data-steps.ts), or old and new
// documents would sort by different rules (so does a change to lib/letter-folds.ts that NFKD does not cover).
import { foldLetters } from "./letter-folds";

/**
 * The sort key of a title: accents and case ignored ("Äpfel" files with the A's, "élan" with the e's),
 * compatibility forms unfolded ("ﬁ" is "fi", a full-width "Ａ" an "a"), runs of white space as one
 * space, what comes before its first letter or digit (quotation marks, brackets, "¿") left out, and
 * numbers by their value ("Report 2" before "Report 10", "No. 9" before "No. 10"; leading zeros ignored).
 * Keys compare by code point (SQLite's BINARY, PostgreSQL's "C" collation, compareKeys here), so the
 * order is the same on both engines and in the browser, whatever the database's locale.
 */
export function sortKey(text: string): string {
  return foldLetters(text.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase())
    .replace(/\s+/gu, " ")
    .replace(/^[^\p{L}\p{N}]+/u, "")
    .trimEnd()
    .replace(/[0-9]+/g, byValue);
}

/** A run of digits as a fixed-width number, so that keys compared by code point order numbers by value. */
const NUMBER_WIDTH = 12;
function byValue(digits: string): string {
  const value = digits.replace(/^0+(?=[0-9])/, "");
  return value.length >= NUMBER_WIDTH ? value : value.padStart(NUMBER_WIDTH, "0");
}

/** Code point order (JavaScript's < compares UTF-16 code units, which puts U+10000 and above before U+E000). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Names in the order a reader expects: by their sort keys, then (names differing only in case or accents) as written. */
export function compareNames(a: string, b: string): number {
  return compareCodePoints(sortKey(a), sortKey(b)) || compareCodePoints(a, b);
}
