// Suggested claims: candidate sentences a reviewer may want to annotate, each with the class it
// most likely has and the reason it was suggested. Pure and deterministic; nothing here is stored
// (a suggestion becomes an annotation only when a reviewer accepts it: lib/suggestions/service.ts).
//
// Per sentence, in this order:
// 1. it carries a citation marker or a link                      → likely sourced   (sourced)
// 2. it uses first-person or evaluative language                 → likely opinion   (opinion)
// 3. it states figures or dates, or names a source ("according
//    to", "said", "reported"), without a citation or link         → check sourcing   (contested:
//    a factual claim asserted without support where support is needed, until a reviewer finds one)
// Sentences with none of these signals are not suggested. Headings, preformatted blocks and notes
// (footnotes, reference-list entries: the sources themselves, not claims) are not searched. Positions are code points (sentence boundaries), like annotations.
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { paragraphs } from "@/lib/anchoring/segments";
import type { DocumentStructure } from "@/lib/documents/structure";
import { sentencesIn } from "./sentences";
import { wordList } from "@/lib/word-list";

export type SuggestionKind = "likely-sourced" | "likely-opinion" | "check-sourcing";
export type SuggestedClass = "sourced" | "contested" | "opinion";

export type SignalType = "citation" | "link" | "first-person" | "evaluative" | "figure" | "date" | "attribution";

export interface Signal {
  type: SignalType;
  /** The words that triggered it ("[12]", "according to", "1,200", a link's host). */
  text: string;
  /** Code point offsets of those words. */
  start: number;
  end: number;
}

export interface Suggestion {
  /** Code point offsets of the sentence (start inclusive, end exclusive). */
  start: number;
  end: number;
  suggestedClass: SuggestedClass;
  kind: SuggestionKind;
  /** Why, for the reviewer: "Carries citation markers [8] and [9]." */
  reason: string;
  /** What was found in the sentence, at most 5 of each type. */
  signals: Signal[];
}

export const MAX_SUGGESTIONS = 5_000;
/** Opinion and check-sourcing suggestions need this many words; a cited sentence of any length counts. */
const MIN_WORDS = 4;
const MAX_SIGNALS_PER_TYPE = 5;

const FIRST_PERSON = /\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself|[Ww]e|[Ww]e're|[Ww]e’re|[Ww]e've|[Ww]e’ve|[Uu]s|[Oo]ur|[Oo]urs|[Oo]urselves)\b|(?<![\p{L}.])i(?![\p{L}.'’])/gu;
const EVALUATIVE = new RegExp(
  "\\b(?:" +
    [
      "best", "worst", "greatest", "great", "terrible", "horrible", "horribles?", "awful", "wonderful", "excellent", "brilliant",
      "disgraceful", "shameful", "outrageous", "absurd", "ridiculous", "insane", "stupid", "evil", "heroic", "notorious",
      "infamous", "disastrous", "catastrophic", "magnificent", "pathetic", "shocking", "appalling", "fantastic", "amazing",
      "obviously", "clearly", "undoubtedly", "surely", "unfortunately", "fortunately", "sadly", "thankfully", "hopefully",
      "should", "must", "ought", "deserves?", "deserved", "so-called", "trash", "lies", "liar", "liars", "scam", "scamming",
      "betrayal", "betrayed", "hatred", "butchery", "vilified", "shameless", "cowardly", "courageous", "glorious", "tragic",
      "modest", "unacceptable", "inexcusable", "admirable", "despicable", "laughable", "nonsense", "propaganda",
    ].join("|") +
    ")\\b",
  "gi",
);
const ATTRIBUTION = new RegExp(
  "\\b(?:" +
    [
      "according to", "said", "says", "say", "reported", "reports", "reporting", "stated", "states", "told", "announced",
      "claimed", "claims", "wrote", "writes", "estimated", "estimates", "found that", "showed", "shows that", "cited",
      "confirmed", "denied", "disputes", "disputed", "admitted", "acknowledged", "testified", "published",
    ].join("|") +
    ")\\b",
  "gi",
);
const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";
const DATE = new RegExp(
  `\\b(?:(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,\\s*\\d{4})?|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS})(?:\\s+\\d{4})?|(?:${MONTHS})\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|(?:1[0-9]|20)\\d{2}s?)\\b`,
  "g",
);
const FIGURE = /(?:[$€£¥]\s?)?\b\d[\d,.]*(?:\s?(?:%|percent|per cent|million|billion|thousand|hundred))?|\b(?:hundreds|thousands|millions|billions|dozens)\b/gi;
const WORD = /\p{L}+/gu;
/** Ends with sentence punctuation, maybe followed by closing quotes, brackets and citation markers. */
const ENDS_LIKE_SENTENCE = /[.!?…:]["'\u201d\u2019)\]\s\d[]*$/;

/** Words (runs of letters) in [from, to), counting no further than `enough`. */
function countWords(text: string, from: number, to: number, enough: number): number {
  WORD.lastIndex = from;
  let n = 0;
  let m: RegExpExecArray | null;
  while (n < enough && (m = WORD.exec(text)) !== null && m.index < to) n++;
  return n;
}

interface Span {
  start: number;
  end: number;
}

function findAll(re: RegExp, text: string, from: number, to: number, exclude: readonly Span[]): Array<{ text: string; start: number; end: number }> {
  const out: Array<{ text: string; start: number; end: number }> = [];
  const slice = text.slice(from, to);
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(slice)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const start = from + m.index;
    const end = start + m[0].length;
    if (exclude.some((x) => start < x.end && end > x.start)) continue;
    out.push({ text: m[0], start, end });
    if (out.length >= MAX_SIGNALS_PER_TYPE) break;
  }
  return out;
}

const quoteList = (items: readonly string[]) => wordList(items.map((s) => `“${s}”`));

function host(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === "mailto:" ? u.pathname : u.hostname;
  } catch {
    return url;
  }
}

/**
 * Suggested claims of a document from its text and structure (the structure's citation markers,
 * links and blocks; without blocks, the text's paragraphs are used). At most `limit` suggestions,
 * in document order.
 */
export function suggestClaims(text: string, structure: DocumentStructure, options: { limit?: number } = {}): Suggestion[] {
  const limit = options.limit ?? MAX_SUGGESTIONS;
  const index = new CodePointIndex(text);
  const toUtf16 = (cp: number) => index.toUtf16(Math.min(Math.max(cp, 0), index.length));
  const toCp = (u: number) => index.toCodePoint(u);

  const citations: Array<Span & { label: string }> = [];
  const links: Array<Span & { url: string }> = [];
  let blocks: Span[] = [];
  const notes: Span[] = [];
  for (const r of structure.ranges) {
    if (r.type === "citation") citations.push({ start: toUtf16(r.start), end: toUtf16(r.end), label: r.label });
    else if (r.type === "link") links.push({ start: toUtf16(r.start), end: toUtf16(r.end), url: r.url });
    else if (r.type === "paragraph") blocks.push({ start: toUtf16(r.start), end: toUtf16(r.end) });
    else if (r.type === "note") notes.push({ start: toUtf16(r.start), end: toUtf16(r.end) });
  }
  if (!structure.ranges.some((r) => r.type === "paragraph" || r.type === "heading" || r.type === "preformatted")) {
    blocks = paragraphs(index).map((p) => ({ start: toUtf16(p.start), end: toUtf16(p.end) }));
  }
  citations.sort((a, b) => a.start - b.start);
  const citationAt = new Map(citations.map((c) => [c.start, c.end]));
  const markerAt = (i: number) => citationAt.get(i) ?? -1;

  // ranges of citations/links that fall in [from, to), by binary search on the sorted list
  const within = <T extends Span>(list: readonly T[], from: number, to: number): T[] => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid].end <= from) lo = mid + 1;
      else hi = mid;
    }
    const out: T[] = [];
    for (let k = lo; k < list.length && list[k].start < to; k++) if (list[k].end > from) out.push(list[k]);
    return out;
  };
  links.sort((a, b) => a.start - b.start);

  const out: Suggestion[] = [];
  const signal = (type: SignalType, t: string, start: number, end: number): Signal => ({ type, text: t, start: toCp(start), end: toCp(end) });

  for (const block of blocks) {
    for (const s of sentencesIn(text, block.start, block.end, markerAt)) {
      if (out.length >= limit) return out;
      // A sentence of a note (a list item's marker may stand before the note's range).
      if (notes.length > 0 && within(notes, s.start, s.end).length > 0) continue;
      const cites = within(citations, s.start, s.end);
      const linked = within(links, s.start, s.end);
      const base = { start: toCp(s.start), end: toCp(s.end) };

      if (cites.length > 0 || linked.length > 0) {
        const labels = [...new Set(cites.map((c) => `[${c.label}]`))];
        const hosts = [...new Set(linked.map((l) => host(l.url)))];
        const parts: string[] = [];
        if (labels.length > 0) parts.push(`${labels.length === 1 ? "a citation marker" : "citation markers"} ${wordList(labels.slice(0, 6))}`);
        if (hosts.length > 0) parts.push(`${hosts.length === 1 ? "a link" : "links"} to ${wordList(hosts.slice(0, 3))}`);
        out.push({
          ...base,
          suggestedClass: "sourced",
          kind: "likely-sourced",
          reason: `Likely sourced: it carries ${parts.join(" and ")}.`,
          signals: [
            ...cites.slice(0, MAX_SIGNALS_PER_TYPE).map((c) => signal("citation", text.slice(c.start, c.end), c.start, c.end)),
            ...linked.slice(0, MAX_SIGNALS_PER_TYPE).map((l) => signal("link", host(l.url), l.start, l.end)),
          ],
        });
        continue;
      }

      if (countWords(text, s.start, s.end, MIN_WORDS) < MIN_WORDS) continue;
      // A title or a dateline (short, no closing punctuation) is not a claim.
      if (!ENDS_LIKE_SENTENCE.test(text.slice(Math.max(s.start, s.end - 12), s.end)) && countWords(text, s.start, s.end, 8) < 8) continue;

      const firstPerson = findAll(FIRST_PERSON, text, s.start, s.end, []);
      const evaluative = findAll(EVALUATIVE, text, s.start, s.end, []);
      if (firstPerson.length > 0 || evaluative.length > 0) {
        const parts: string[] = [];
        if (firstPerson.length > 0) parts.push(`first-person language (${quoteList([...new Set(firstPerson.map((f) => f.text))].slice(0, 3))})`);
        if (evaluative.length > 0) parts.push(`evaluative words (${quoteList([...new Set(evaluative.map((f) => f.text.toLowerCase()))].slice(0, 3))})`);
        out.push({
          ...base,
          suggestedClass: "opinion",
          kind: "likely-opinion",
          reason: `Likely opinion: it uses ${parts.join(" and ")}.`,
          signals: [
            ...firstPerson.map((f) => signal("first-person", f.text, f.start, f.end)),
            ...evaluative.map((f) => signal("evaluative", f.text, f.start, f.end)),
          ],
        });
        continue;
      }

      const dates = findAll(DATE, text, s.start, s.end, []);
      const figures = findAll(FIGURE, text, s.start, s.end, dates);
      const attributions = findAll(ATTRIBUTION, text, s.start, s.end, []);
      if (dates.length > 0 || figures.length > 0 || attributions.length > 0) {
        const parts: string[] = [];
        if (figures.length > 0) parts.push(`figures (${quoteList([...new Set(figures.map((f) => f.text.trim()))].slice(0, 3))})`);
        if (dates.length > 0) parts.push(`dates (${quoteList([...new Set(dates.map((f) => f.text))].slice(0, 3))})`);
        if (attributions.length > 0) parts.push(`a named source (${quoteList([...new Set(attributions.map((f) => f.text.toLowerCase()))].slice(0, 3))})`);
        out.push({
          ...base,
          suggestedClass: "contested",
          kind: "check-sourcing",
          reason: `Check whether it is sourced: it states ${wordList(parts)} but carries no citation or link. Unsupported, it counts as contested.`,
          signals: [
            ...figures.map((f) => signal("figure", f.text, f.start, f.end)),
            ...dates.map((f) => signal("date", f.text, f.start, f.end)),
            ...attributions.map((f) => signal("attribution", f.text, f.start, f.end)),
          ],
        });
      }
    }
  }
  return out;
}
