// Sentences of a paragraph, as UTF-16 ranges, for the claim suggestions. A sentence ends after
// ".", "!", "?" or "…" (with any closing quotes or brackets) when what follows starts a new
// sentence (a capital, a digit, an emoji, an opening quote or bracket, or the end of the paragraph), and not
// after a common abbreviation or an initial ("Mr. Smith", "J. Smith", "e.g. this"). Citation
// markers right after the end belong to the sentence before them: "…in modern history. [1] [2]".
// A line break inside a paragraph also ends a sentence (chat logs, addresses, verse).

const ENDERS = new Set([".", "!", "?", "…"]);
const CLOSERS = new Set(['"', "'", "\u201d", "\u2019", ")", "]", "\u00bb"]);
const OPENERS = /["'\u201c\u2018(\[\u00ab¿¡]/;
const STARTS_SENTENCE = /[\p{Lu}\p{Lt}\p{N}\p{Extended_Pictographic}]/u;
const SPACE = /[ \t\u00a0\u2000-\u200a\u202f\u3000]/;

/** Lower-cased words (without the final period) after which a period does not end a sentence. */
const ABBREVIATIONS = new Set(
  (
    "mr mrs ms dr prof st jr sr vs v e.g i.e cf al no nos vol vols pp p fig figs ed eds " +
    "inc ltd co corp gen col lt sgt capt cmdr rev hon gov sen rep pres " +
    "jan feb mar apr jun jul aug sep sept oct nov dec " +
    "u.s u.k u.n e.u d.c a.m p.m approx ca c ch chap sec art para op ibid viz"
  ).split(" "),
);

export interface SentenceRange {
  start: number;
  end: number;
}

function wordBefore(text: string, i: number): string {
  let j = i;
  while (j > 0 && /[\p{L}\p{N}.]/u.test(text[j - 1])) j--;
  return text.slice(j, i).toLowerCase();
}

/**
 * Sentences within [from, to) of `text` (UTF-16 indices), trimmed of surrounding whitespace.
 * `markerAt(i)` returns the end of a citation marker starting at i, or -1.
 */
export function sentencesIn(text: string, from: number, to: number, markerAt: (i: number) => number): SentenceRange[] {
  const out: SentenceRange[] = [];
  let start = from;
  const push = (end: number) => {
    let a = start;
    let b = end;
    while (a < b && /\s/.test(text[a])) a++;
    while (b > a && /\s/.test(text[b - 1])) b--;
    if (b > a) out.push({ start: a, end: b });
  };

  const candidates = /[.!?…\n]/g;
  let i = from;
  while (i < to) {
    // jump to the next possible end (the regular expression scans natively)
    candidates.lastIndex = i;
    const found = candidates.exec(text);
    if (found === null || found.index >= to) break;
    i = found.index;
    const c = text[i];
    if (c === "\n") {
      push(i);
      start = i + 1;
      i++;
      continue;
    }
    // the punctuation run and its closing quotes or brackets
    let j = i + 1;
    while (j < to && (ENDERS.has(text[j]) || CLOSERS.has(text[j]))) j++;
    if (c === "." && j === i + 1) {
      const word = wordBefore(text, i);
      if (ABBREVIATIONS.has(word) || (word.length === 1 && /^\p{Lu}$/u.test(text[i - 1]))) {
        i = j;
        continue;
      }
    }
    // citation markers after the end stay with this sentence
    let end = j;
    for (;;) {
      let k = end;
      while (k < to && SPACE.test(text[k])) k++;
      const markerEnd = k < to ? markerAt(k) : -1;
      if (markerEnd < 0 || markerEnd > to) break;
      end = markerEnd;
    }
    let next = end;
    while (next < to && SPACE.test(text[next])) next++;
    const following = next < to ? String.fromCodePoint(text.codePointAt(next)!) : "";
    if (next >= to || following === "\n" || STARTS_SENTENCE.test(following) || OPENERS.test(following)) {
      if (next === end && next < to && text[next] !== "\n" && end === j && !/\s/.test(text[j] ?? "")) {
        // "3.5", "example.org": no space after the period, so no sentence end
        i = j;
        continue;
      }
      push(end);
      start = end;
      i = end;
      continue;
    }
    i = j;
  }
  push(to);
  return out;
}
