// A search result's snippet: the passage of a document's text where the search's words occur, with them
// marked. Built here, on both engines, rather than by FTS5's snippet() or PostgreSQL's ts_headline: both
// tokenize the whole text of every result, and FTS5 scores every occurrence against the others, so a
// text of 300,000 characters in which the word occurs 3,000 times took 65 ms (ts_headline 60–75 ms), and
// a page of 20 such books 1.3 s. Here one regular expression finds the occurrences (a fraction of a
// millisecond for the same text) and only the passage around the best one is split into words.
//
// Matching follows the engines' tokenizers (FTS5 unicode61 with remove_diacritics, PostgreSQL's simple
// configuration with unaccent): a word is a run of letters, digits and private-use characters, compared
// without case and without diacritics; a phrase is its words one after another with anything but
// letters and digits between them; a prefix (word*) matches the start of a word. The output is the
// marked-up string lib/documents/fts-query.ts parseSnippet reads (SNIPPET_START / SNIPPET_END around each
// occurrence, SNIPPET_ELLIPSIS where the passage is cut), plus where the passage starts in the text.
import { cpLength } from "@/lib/anchoring/codepoints";
import { foldLetters, letterFoldPairs } from "@/lib/letter-folds";
import { SNIPPET_ELLIPSIS, SNIPPET_END, SNIPPET_START, type SearchPhrase } from "./fts-query";

/** Words in a snippet. */
export const SNIPPET_WORDS = 24;
/** Words before the first occurrence, when there are that many. */
const WORDS_BEFORE = 6;
/** Occurrences looked at for the best passage when no passage has every phrase: bounded for a text that repeats them. */
const MAX_OCCURRENCES = 2000;
/** How far (characters) a passage of SNIPPET_WORDS words reaches, for counting the phrases near an occurrence. */
const REACH = 200;
/** Letters a prefix's match may add to the word (a longer word is marked up to there). */
const PREFIX_TAIL = 64;

const WORD = String.raw`\p{L}\p{N}\p{Co}\p{Mn}`;
const WORDS = new RegExp(`[${WORD}]+`, "gu");
const A_WORD_CHAR = new RegExp(`[${WORD}]`, "u");

/** Lower case without diacritics, letters Unicode does not decompose spelled out ("Straße": "strasse"). */
export const fold = (s: string) => foldLetters(s.normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase());

/** Spellings of more than one letter that one letter stands for ("ss": ß, ẞ), longest first, with those letters. */
const SPELLED: ReadonlyArray<{ spelling: string; letters: string }> = (() => {
  const letters = new Map<string, string>();
  for (const [letter, spelling] of letterFoldPairs()) if (spelling.length > 1) letters.set(spelling, (letters.get(spelling) ?? "") + letter);
  return [...letters].map(([spelling, of]) => ({ spelling, letters: of })).sort((a, b) => b.spelling.length - a.spelling.length);
})();

let classes: Map<string, string> | null = null;

/** For each folded letter, a character class of every letter (Latin, Greek, Cyrillic…, below U+2000) that folds to it. */
function foldClasses(): Map<string, string> {
  if (classes) return classes;
  const groups = new Map<string, string[]>();
  for (let cp = 0; cp < 0x2000; cp++) {
    const c = String.fromCodePoint(cp);
    if (!/[\p{L}\p{N}]/u.test(c)) continue;
    const f = fold(c);
    if (Array.from(f).length !== 1) continue;
    const group = groups.get(f) ?? [];
    group.push(c);
    groups.set(f, group);
  }
  classes = new Map([...groups].map(([f, cs]) => [f, `[${cs.map(escapeInClass).join("")}]`]));
  return classes;
}

const escapeInClass = (c: string) => c.replace(/[\\\]\[^-]/g, "\\$&");
const escapeChar = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

function phrasePattern(phrase: SearchPhrase): string {
  const table = foldClasses();
  const letter = (c: string) => `${table.get(c) ?? escapeChar(c)}\\p{Mn}*`;
  // A spelling one letter stands for matches either ("strasse": "Strasse" or "Straße"), taken longest first.
  const word = (token: string) => {
    const folded = fold(token);
    let out = "";
    for (let i = 0; i < folded.length; ) {
      const spelled = SPELLED.find((s) => folded.startsWith(s.spelling, i));
      if (spelled) {
        out += `(?:${Array.from(spelled.spelling).map(letter).join("")}|[${spelled.letters}]\\p{Mn}*)`;
        i += spelled.spelling.length;
      } else {
        const c = String.fromCodePoint(folded.codePointAt(i)!);
        out += letter(c);
        i += c.length;
      }
    }
    return out;
  };
  const body = phrase.tokens.map(word).join(`[^${WORD}]+`);
  return phrase.prefix ? `${body}[${WORD}]{0,${PREFIX_TAIL}}` : `${body}(?![${WORD}])`;
}

interface Occurrence {
  start: number;
  end: number;
  phrase: number;
}

/**
 * Where the phrases occur in `text` (UTF-16 offsets), in order: at most MAX_OCCURRENCES, and no further
 * than the first passage that has every phrase (and what else falls within its reach, to be marked).
 */
export function occurrences(text: string, phrases: SearchPhrase[]): Occurrence[] & { settled?: boolean } {
  if (phrases.length === 0) return [];
  const pattern = new RegExp(`(?<![${WORD}])(?:${phrases.map((p) => `(${phrasePattern(p)})`).join("|")})`, "gu");
  const found: Occurrence[] & { settled?: boolean } = [];
  let complete = -1; // where the first passage with every phrase starts
  for (let m = pattern.exec(text); m && found.length < MAX_OCCURRENCES; m = pattern.exec(text)) {
    if (complete >= 0 && m.index > complete + 2 * REACH) {
      found.settled = true; // what follows cannot change the passage
      break;
    }
    let phrase = 0;
    while (m[phrase + 1] === undefined) phrase++;
    found.push({ start: m.index, end: m.index + m[0].length, phrase });
    if (complete < 0) {
      const seen = new Set<number>();
      let i = found.length - 1;
      for (; i >= 0 && found[found.length - 1].end - found[i].start <= REACH; i--) seen.add(found[i].phrase);
      if (seen.size === phrases.length) complete = found[i + 1].start;
    }
  }
  if (complete >= 0 && pattern.lastIndex === 0 && text.length > complete + 2 * REACH + PREFIX_TAIL) found.settled = true; // the text ended well past it
  return found;
}

/** The occurrence with the most different phrases within REACH after it (the first of those). */
function best(found: Occurrence[]): number {
  let bestAt = 0;
  let bestCount = 0;
  for (let i = 0; i < found.length; i++) {
    const seen = new Set<number>();
    for (let j = i; j < found.length && found[j].end - found[i].start <= REACH; j++) seen.add(found[j].phrase);
    if (seen.size > bestCount) {
      bestCount = seen.size;
      bestAt = i;
    }
  }
  return bestAt;
}

export interface Snippet {
  /** The passage with SNIPPET_START / SNIPPET_END around each occurrence and SNIPPET_ELLIPSIS where it is cut. */
  raw: string;
  /** Where the passage (without ellipses) starts in the text, in code points. */
  start: number;
}

/**
 * The snippet of `text` for a search, or null when none of its phrases occurs in the text (a match by
 * title). With `cut` the text is the start of a longer one: null too when what follows could change the
 * snippet (no passage with every phrase in it, or one too near its end), and the whole text must be read.
 */
export function snippetOf(text: string, phrases: SearchPhrase[], options: { cut?: boolean; words?: number } = {}): Snippet | null {
  const { cut = false, words = SNIPPET_WORDS } = options;
  const found = occurrences(text, phrases);
  if (found.length === 0 || (cut && !found.settled)) return null;
  const at = best(found);
  const anchor = found[at];
  // The passage shows every occurrence within reach of the best one.
  let reachEnd = anchor.end;
  for (let j = at; j < found.length && found[j].end - anchor.start <= REACH; j++) reachEnd = Math.max(reachEnd, found[j].end);
  // The words around them, from a stretch of the text only (never the whole of a long text).
  const from = Math.max(0, anchor.start - 40 * WORDS_BEFORE);
  const to = Math.min(text.length, reachEnd + 20 * words);
  if (cut && to === text.length) return null;
  const near = [...text.slice(from, to).matchAll(WORDS)].map((m) => ({ start: from + m.index!, end: from + m.index! + m[0].length }));
  // A word cut by the stretch's edges is not a word of the passage.
  if (from > 0 && near.length && near[0].start === from) near.shift();
  if (to < text.length && near.length && near[near.length - 1].end === to) near.pop();
  const first = near.findIndex((w) => w.end > anchor.start);
  const last = Math.max(first, near.findIndex((w) => w.end >= reachEnd));
  // WORDS_BEFORE words before the occurrence and `words` in all, fewer before when the occurrences need
  // the room, more before when the text ends first.
  let startWord = Math.max(0, first - WORDS_BEFORE);
  const endWord = Math.min(near.length - 1, Math.max(last, startWord + words - 1));
  while (startWord < first && endWord - startWord + 1 > words) startWord++;
  startWord = Math.min(startWord, Math.max(0, endWord - words + 1));
  const atStart = startWord === 0 && !A_WORD_CHAR.test(text.slice(0, near[0]?.start ?? anchor.start));
  const atEnd = !cut && endWord === near.length - 1 && !A_WORD_CHAR.test(text.slice(near[endWord]?.end ?? anchor.end));
  const passageStart = atStart ? 0 : Math.min(near[startWord]?.start ?? anchor.start, anchor.start);
  const passageEnd = atEnd ? text.length : Math.max(near[endWord]?.end ?? anchor.end, anchor.end);

  let raw = atStart ? "" : SNIPPET_ELLIPSIS;
  let done = passageStart;
  for (const o of found) {
    if (o.start < passageStart || o.end > passageEnd) continue;
    raw += text.slice(done, o.start) + SNIPPET_START + text.slice(o.start, o.end) + SNIPPET_END;
    done = o.end;
  }
  raw += text.slice(done, passageEnd) + (atEnd ? "" : SNIPPET_ELLIPSIS);
  return { raw, start: cpLength(text.slice(0, passageStart)) };
}
