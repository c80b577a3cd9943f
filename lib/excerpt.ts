// Excerpts of text cut at a word boundary, never inside a word (nor inside a surrogate pair: lengths are
// in code points, as everywhere in the app). Pure: pages and client components use them.

const SPACE = /\s/u;
/** A cut is moved back to a space only this far (a share of the length asked for): a text with no space
 * near its end (one very long word, a URL, a script written without spaces) is cut where it must be. */
const REACH = 0.5;

/**
 * The start of `text`, at most `max` code points, ending at the end of a word: with the whitespace that
 * follows that word when it fits (so what comes next stays apart from it). The whole text when it fits.
 */
export function headAtWord(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (SPACE.test(chars[max]) || SPACE.test(chars[max - 1] ?? "")) return chars.slice(0, max).join("");
  for (let i = max - 1; i >= Math.ceil(max * REACH); i--) {
    if (SPACE.test(chars[i])) return chars.slice(0, i + 1).join("");
  }
  return chars.slice(0, max).join("");
}

/** The end of `text`, at most `max` code points, starting at the start of a word (with the whitespace before it when it fits). */
export function tailAtWord(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const from = chars.length - max;
  if (SPACE.test(chars[from - 1]) || SPACE.test(chars[from])) return chars.slice(from).join("");
  for (let i = from; i <= chars.length - Math.ceil(max * REACH); i++) {
    if (SPACE.test(chars[i])) return chars.slice(i).join("");
  }
  return chars.slice(from).join("");
}

/** `text` as it is (line breaks kept) when it fits in `max` code points, else its start cut after a whole word, with an ellipsis. */
export function clipAtWord(text: string, max: number): string {
  if (Array.from(text).length <= max) return text;
  return `${headAtWord(text, max).trimEnd()}…`;
}

/**
 * One line of text for a label or an announcement: whitespace collapsed, and when longer than `max` code
 * points, cut after its last whole word that fits (and any trailing comma or dash) with an ellipsis.
 */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/gu, " ").trim();
  if (Array.from(flat).length <= max) return flat;
  return `${headAtWord(flat, max).replace(/[\s,;:–—-]+$/u, "")}…`;
}
