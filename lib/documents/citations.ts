// Citation markers and notes recognised in plain text, for every format (plain text, and the text of
// HTML and Markdown uploads where the markup did not say it already):
// - markers: "[12]", a Markdown footnote reference "[^1]", and a superscript number right after
//   punctuation ("claim.³"; not "m²");
// - notes: a Markdown footnote definition "[^1]: …", or a line that starts with a label cited
//   earlier in the text: "[12] Smith 2001", "12. ^ Smith" (a Wikipedia reference list copied as text).
// Only these shapes are taken, so that ordinary brackets ("[sic]", "[the author]") never count.
import type { CitationRange, NoteRange, Utf16Range } from "./structure";

const MARKER = /\[(\d{1,4})\]|\[\^([^\]\s]{1,20})\]|([\u2070\u00b9\u00b2\u00b3\u2074-\u2079]{1,4})/gu;
const SUPERSCRIPT_DIGITS: Readonly<Record<string, string>> = {
  "\u2070": "0",
  "\u00b9": "1",
  "\u00b2": "2",
  "\u00b3": "3",
  "\u2074": "4",
  "\u2075": "5",
  "\u2076": "6",
  "\u2077": "7",
  "\u2078": "8",
  "\u2079": "9",
};
/** What may stand right before a superscript marker: sentence punctuation, a closing quote or bracket. */
const BEFORE_SUPERSCRIPT = /[.,;:!?"'\u201d\u2019)\]]/;
/** "12. ^ Smith 2001" at the start of a line. */
const CARET_NOTE = /(?:^|\n)(\d{1,4})\.[ \t]+\^/g;

interface Found {
  start: number;
  end: number;
  label: string;
  /** A note definition ("[12] Smith …" at the start of a line) rather than a marker. */
  definition: boolean;
}

function atLineStart(text: string, i: number): boolean {
  return i === 0 || text.charCodeAt(i - 1) === 0x0a;
}

function lineEnd(text: string, i: number): number {
  const n = text.indexOf("\n", i);
  return n < 0 ? text.length : n;
}

/**
 * Citation and note ranges (UTF-16 indices) found in `text`, leaving out markers and note lines
 * that overlap `occupied` (citations and notes the markup already gave). Note ids continue from
 * `firstNoteNumber`; a marker is linked to the note with its label.
 */
export function textCitations(
  text: string,
  occupied: ReadonlyArray<{ start: number; end: number }> = [],
  firstNoteNumber = 1,
): Utf16Range[] {
  const busy = [...occupied].sort((a, b) => a.start - b.start);
  const overlaps = (start: number, end: number) => {
    // busy is sorted by start; markup citations never overlap each other, and a note holds few of them
    let lo = 0;
    let hi = busy.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (busy[mid].start < end) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo - 1; k >= 0 && k >= lo - 64; k--) if (busy[k].end > start) return true;
    return false;
  };

  const found: Found[] = [];
  MARKER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MARKER.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[3] !== undefined) {
      if (start === 0 || !BEFORE_SUPERSCRIPT.test(text[start - 1])) continue;
      found.push({ start, end, label: Array.from(m[3], (c) => SUPERSCRIPT_DIGITS[c]).join(""), definition: false });
      continue;
    }
    const label = m[1] ?? m[2];
    const lineStart = atLineStart(text, start);
    // "[12] Smith" or "[^1]: …" opening a line, with text after it.
    const definition =
      lineStart && (m[2] !== undefined ? text[end] === ":" : /^[ \t]+\S/.test(text.slice(end, end + 3)));
    found.push({ start, end, label, definition });
  }
  CARET_NOTE.lastIndex = 0;
  while ((m = CARET_NOTE.exec(text)) !== null) {
    const start = m.index + (m[0].startsWith("\n") ? 1 : 0);
    found.push({ start, end: start + m[1].length + 1, label: m[1], definition: true });
  }
  found.sort((a, b) => a.start - b.start);

  // A definition is a note only when its label was cited before it; otherwise it is a marker.
  const cited = new Set<string>();
  const notes: NoteRange[] = [];
  const noteByLabel = new Map<string, string>();
  const markers: Found[] = [];
  let nextNote = firstNoteNumber;
  for (const f of found) {
    if (f.definition && overlaps(f.start, lineEnd(text, f.start))) continue;
    // "[^a]: …" is a definition wherever it stands; "[12] …" and "12. ^ …" only after "[12]" was cited.
    const unambiguous = f.definition && text[f.start + 1] === "^";
    if (f.definition && (unambiguous || cited.has(f.label)) && !noteByLabel.has(f.label)) {
      const id = `n${nextNote++}`;
      notes.push({ type: "note", start: f.start, end: lineEnd(text, f.start), id, label: f.label });
      noteByLabel.set(f.label, id);
    } else if (!f.definition || text[f.start] === "[") {
      // (a "[12] …" line whose label was not cited before is an ordinary marker; a "12. ^" line is nothing)
      cited.add(f.label);
      markers.push(f);
    }
  }

  const out: Utf16Range[] = [...notes];
  for (const f of markers) {
    if (overlaps(f.start, f.end)) continue;
    const c: CitationRange = { type: "citation", start: f.start, end: f.end, label: f.label };
    const note = noteByLabel.get(f.label);
    if (note) c.note = note;
    out.push(c);
  }
  return out;
}

/** Links markup citations without a note to a text note with the same label. */
export function linkByLabel(ranges: Utf16Range[]): void {
  const byLabel = new Map<string, string>();
  for (const r of ranges) if (r.type === "note" && !byLabel.has(r.label)) byLabel.set(r.label, r.id);
  if (byLabel.size === 0) return;
  for (const r of ranges) {
    if (r.type === "citation" && r.note === undefined && r.noteText === undefined) {
      const id = byLabel.get(r.label);
      if (id) r.note = id;
    }
  }
}
