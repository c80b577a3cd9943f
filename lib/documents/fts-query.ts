// What a person types in the search box → a safe SQLite FTS5 or PostgreSQL tsquery, and snippets → marked-up parts.
// Pure functions (no database), so they are unit-tested directly.
//
// The search language is deliberately small: every word must occur (in any order); "quoted words"
// must occur as a phrase; a word ending in * (at least 3 letters before it) matches as a prefix.
// Everything else (FTS5 operators such as AND, OR, NOT, NEAR, column filters, parentheses, ^, +, -)
// is taken literally, which for punctuation means ignored: the tokenizer never indexes it.

import { foldLetters } from "@/lib/letter-folds";

/** The characters the FTS5 unicode61 tokenizer (default categories "L* N* Co") treats as part of a word. */
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;
const MAX_PHRASES = 16;
const MIN_PREFIX_CHARS = 3;

export interface SearchPhrase {
  tokens: string[];
  prefix: boolean;
}

function tokensOf(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Split the input into phrases: quoted runs (an unclosed quote runs to the end) and bare words. */
export function parseSearch(input: string): SearchPhrase[] {
  const phrases: SearchPhrase[] = [];
  const seen = new Set<string>();
  const add = (tokens: string[], prefix: boolean) => {
    if (tokens.length === 0 || phrases.length >= MAX_PHRASES) return;
    const last = tokens[tokens.length - 1];
    const isPrefix = prefix && Array.from(last).length >= MIN_PREFIX_CHARS;
    const key = `${tokens.join(" ").toLowerCase()}${isPrefix ? "*" : ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    phrases.push({ tokens, prefix: isPrefix });
  };
  // Curly and typographic double quotes work like straight ones (people paste them from the texts).
  const text = input.normalize("NFC").replace(/[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033]/g, '"');
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      const end = close === -1 ? text.length : close;
      add(tokensOf(text.slice(i + 1, end)), false);
      i = end + 1;
      continue;
    }
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && !/\s/.test(text[end]) && text[end] !== '"') end++;
    const word = text.slice(i, end);
    // "don't" or "anti-Stalinist" are one word to the reader but two tokens to FTS5: search them as a phrase.
    add(tokensOf(word), /[\p{L}\p{N}\p{Co}]\*+$/u.test(word));
    i = end;
  }
  return phrases;
}

/**
 * What to tell a person whose search may not do what they meant: nothing in it to search for (only
 * punctuation, symbols or emoji), or a prefix too short to be one ("Bo*" is searched as the word "Bo").
 * Null when the search is as typed.
 */
export function searchHint(input: string): string | null {
  if (parseSearch(input).length === 0) return "There is no word in this search: searches look for letters and digits, and ignore punctuation and symbols.";
  const short = input
    .split(/\s+/)
    .filter((w) => !w.includes('"') && /[\p{L}\p{N}\p{Co}]\*+$/u.test(w))
    .map((w) => tokensOf(w).at(-1)!)
    .find((last) => Array.from(last).length < MIN_PREFIX_CHARS);
  if (short) return `A search for words beginning with some letters needs at least ${MIN_PREFIX_CHARS} letters before the *; “${short}*” was searched as the whole word “${short}”.`;
  // Outside quotes: OR, AND, NOT and a leading minus look like operators of other search boxes.
  const unquoted = input.replace(/["“”][^"“”]*(["“”]|$)/g, " ");
  const operator = unquoted.split(/\s+/).find((w) => /^(OR|AND|NOT)$/.test(w) || /^[-−][\p{L}\p{N}]/u.test(w));
  if (operator) {
    const asWord = /^[-−]/.test(operator) ? operator.slice(1) : operator;
    return `Every word of a search must occur; there is no OR, AND, NOT or leaving words out with a minus, so “${operator}” was searched as the word “${asWord}”.`;
  }
  return null;
}

/**
 * The SQLite FTS5 MATCH expression for parsed phrases. Every phrase is a double-quoted FTS5 string made
 * only of token characters, so no input can produce an operator, a column filter or a syntax error. Its
 * words are spelled as the index holds them (lib/letter-folds.ts: "Straße" as "Strasse"), here and in toTsQuery.
 */
export function toFts5Query(phrases: SearchPhrase[]): string {
  return phrases.map((p) => `"${p.tokens.map(foldLetters).join(" ")}"${p.prefix ? "*" : ""}`).join(" ");
}

/**
 * The same search as PostgreSQL tsquery text: each token a quoted lexeme (token characters only, so no
 * operator can get in), a phrase's tokens joined by <-> (followed by), a prefix marked :*, phrases ANDed.
 */
export function toTsQuery(phrases: SearchPhrase[], join: "&" | "|" = "&"): string {
  return phrases
    .map((p) => {
      const lexemes = p.tokens.map((t) => `'${foldLetters(t)}'`);
      if (p.prefix) lexemes[lexemes.length - 1] += ":*";
      return lexemes.length > 1 ? `(${lexemes.join(" <-> ")})` : lexemes[0];
    })
    .join(` ${join} `);
}

/** The FTS5 expression for what a person typed, or null when it has no searchable word (e.g. `"`, `*`, `(`). */
export function toFtsQuery(input: string): string | null {
  const phrases = parseSearch(input);
  return phrases.length ? toFts5Query(phrases) : null;
}

// ---------------------------------------------------------------------------------------------
// Snippets

/** The snippet's markers (lib/documents/snippet.ts): control characters that never reach the page. */
export const SNIPPET_START = "\u0001";
export const SNIPPET_END = "\u0002";
export const SNIPPET_ELLIPSIS = "\u0003";

export interface SnippetPart {
  text: string;
  /** True for the words that matched the search. */
  match?: true;
}

export interface ParsedSnippet {
  parts: SnippetPart[];
  /** The fragment exactly as it occurs in the document text (no markers, no ellipses). */
  fragment: string;
  /** Code point offsets, within `fragment`, of the first highlighted run; null without a highlight. */
  firstMatch: { start: number; end: number } | null;
}

const codePoints = (s: string) => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
};

/** Turn a snippet (with the markers above) into parts for rendering, the passage's text and where its first match is. */
export function parseSnippet(raw: string): ParsedSnippet {
  let body = raw;
  const leading = body.startsWith(SNIPPET_ELLIPSIS);
  const trailing = body.length > 1 && body.endsWith(SNIPPET_ELLIPSIS);
  if (leading) body = body.slice(SNIPPET_ELLIPSIS.length);
  if (trailing) body = body.slice(0, -SNIPPET_ELLIPSIS.length);

  const parts: SnippetPart[] = [];
  const push = (text: string, match: boolean) => {
    if (!text) return;
    const last = parts.at(-1);
    if (last && !!last.match === match) last.text += text;
    else parts.push(match ? { text, match: true } : { text });
  };
  let fragment = "";
  let firstMatch: ParsedSnippet["firstMatch"] = null;
  let inMatch = false;
  let matchStart = 0;
  let run = "";
  const flush = () => {
    push(run, inMatch);
    fragment += run;
    run = "";
  };
  for (const ch of body) {
    if (ch === SNIPPET_START && !inMatch) {
      flush();
      inMatch = true;
      matchStart = codePoints(fragment);
    } else if (ch === SNIPPET_END && inMatch) {
      flush();
      inMatch = false;
      if (!firstMatch) firstMatch = { start: matchStart, end: codePoints(fragment) };
    } else {
      run += ch;
    }
  }
  flush();
  if (inMatch && !firstMatch) firstMatch = { start: matchStart, end: codePoints(fragment) };

  // Collapse the fragment's line breaks for display; the fragment itself stays exact, as in the text.
  const display = parts.map((p) => ({ ...p, text: p.text.replace(/\s*\n\s*/g, " ") }));
  if (leading) display.unshift({ text: "…" });
  if (trailing) display.push({ text: "…" });
  const merged: SnippetPart[] = [];
  for (const p of display) {
    const last = merged.at(-1);
    if (last && !!last.match === !!p.match) last.text += p.text;
    else merged.push({ ...p });
  }
  return { parts: merged, fragment, firstMatch };
}
