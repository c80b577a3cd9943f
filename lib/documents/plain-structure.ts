// The structure of a plain-text document: its paragraphs (exactly the reader's paragraphs, see
// lib/anchoring/segments.ts), the headings that can be recognised without guessing, and citation
// markers and notes (citations.ts). A plain text has no emphasis, links or lists to speak of.
//
// Headings, only in these unambiguous shapes, each a paragraph of its own:
// - "# Title" … "###### Title" (a Markdown-style heading in a text file);
// - a Wikipedia section title copied with its edit link: "[edit] Politics" or "Politics[edit]";
// - a title underlined with "===" (level 1) or "---" (level 2) on the next line.
// A short line without a full stop is NOT taken for a heading: in the seeds that rule would turn
// mastheads, datelines and chat timestamps into headings.
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { paragraphs } from "@/lib/anchoring/segments";
import { textCitations } from "./citations";
import { finishStructure, type DocumentStructure, type HeadingLevel, type Utf16Range } from "./structure";

const MAX_HEADING_CHARS = 200;
const ATX = /^(#{1,6})[ \t]+\S/;
const WIKI_EDIT = /^\[edit\][ \t]+\S|\S[ \t]*\[edit\]$/;
const UNDERLINE = /^[ \t]*(=+|-+)[ \t]*$/;

function headingLevel(paragraph: string): HeadingLevel | null {
  if (paragraph.length > 3 * MAX_HEADING_CHARS) return null;
  const lines = paragraph.split("\n");
  const first = lines[0].trim();
  if (first.length === 0 || first.length > MAX_HEADING_CHARS) return null;
  if (lines.length === 1) {
    const atx = ATX.exec(first);
    if (atx) return atx[1].length as HeadingLevel;
    if (WIKI_EDIT.test(first)) return 2;
    return null;
  }
  if (lines.length === 2) {
    const under = UNDERLINE.exec(lines[1]);
    if (under && under[1].length >= 3) return under[1][0] === "=" ? 1 : 2;
  }
  return null;
}

/** Structure ranges (UTF-16 indices) of a plain text. */
export function plainTextRanges(text: string): Utf16Range[] {
  const index = new CodePointIndex(text);
  const ranges: Utf16Range[] = [];
  for (const p of paragraphs(index)) {
    const start = index.toUtf16(p.start);
    const end = index.toUtf16(p.end);
    const level = headingLevel(text.slice(start, end));
    ranges.push(level === null ? { type: "paragraph", start, end } : { type: "heading", start, end, level });
  }
  ranges.push(...textCitations(text));
  return ranges;
}

/**
 * The structure of a stored plain text, over exactly that text (no normalising): what
 * `extractText({ text, format: "text" })` yields for a text that is already normalised, which every
 * stored text is. Used for documents stored before structures were, and whenever a stored structure
 * is missing or fails its check.
 */
export function plainTextStructure(text: string): DocumentStructure {
  return finishStructure(text, plainTextRanges(text));
}
