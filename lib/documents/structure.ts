// The structure of a document: its headings, paragraphs, lists, quotes, emphasis, links, images
// and citation markers, kept as ranges over the stored plain text. The text itself never changes
// (annotations point into it); the structure only says what the stretches of it were in the
// source. Stored as JSON beside the text and exported in the native format (lib/export/FORMAT.md,
// "Document structure"), so the shape is versioned and every list and string in it is bounded.
//
// Positions are Unicode code point offsets like annotations: `start` inclusive, `end` exclusive.
// Pure and dependency-free apart from zod, for server code, scripts and the browser alike.
import { z } from "zod";
import { CodePointIndex } from "@/lib/anchoring/codepoints";

export const STRUCTURE_VERSION = 1;

/** Bounds that keep a hostile upload from producing an unbounded structure. */
export const STRUCTURE_LIMITS = {
  /** Ranges per document; past it, the least important kinds are left out (see RANGE_PRIORITY). */
  maxRanges: 100_000,
  /** Longer link targets are not kept (the link's text stays in the text, as always). */
  maxUrlLength: 2_000,
  /** Image alt texts are cut to this many code points. */
  maxAltLength: 500,
  /** Citation and note labels ("12", "a", "note 3"). */
  maxLabelLength: 32,
  /** The text of a note that is not itself in the stored text, cut to this many code points. */
  maxNoteTextLength: 1_000,
  /** Container blocks (lists, list items, quotes) nested deeper than this are not recorded. */
  maxNesting: 16,
  /** Code points of all strings together (URLs, alt texts, labels, note texts). */
  maxStringBudget: 1_000_000,
} as const;

export const HEADING_LEVELS = [1, 2, 3, 4, 5, 6] as const;
export type HeadingLevel = (typeof HEADING_LEVELS)[number];

interface Span {
  start: number;
  end: number;
}

/** A heading of the source (h1–h6, a Markdown "#" heading, a recognised plain-text heading). */
export interface HeadingRange extends Span {
  type: "heading";
  level: HeadingLevel;
}
/** A paragraph of running text (a table row is a paragraph too: "cell | cell"). */
export interface ParagraphRange extends Span {
  type: "paragraph";
}
/** Preformatted text (<pre>, a Markdown code block): whitespace is significant. */
export interface PreformattedRange extends Span {
  type: "preformatted";
}
/** A list: from its first item's marker to the end of its last item. */
export interface ListRange extends Span {
  type: "list";
  ordered: boolean;
}
/** A list item, starting at its marker ("• " or "3. ", which are part of the stored text). */
export interface ListItemRange extends Span {
  type: "listItem";
}
/** A block quotation. */
export interface QuoteRange extends Span {
  type: "quote";
}
/** <em>/<i>, Markdown *text*. */
export interface EmphasisRange extends Span {
  type: "emphasis";
}
/** <strong>/<b>, Markdown **text**. */
export interface StrongRange extends Span {
  type: "strong";
}
/** A link of the source; only http:, https: and mailto: targets are kept, as absolute URLs. */
export interface LinkRange extends Span {
  type: "link";
  url: string;
}
/**
 * An image. Its alt text is NOT part of the stored text (the text of an upload never had it, and
 * stored texts must not change), so the range is empty: `start === end`, at the image's place.
 */
export interface ImageRange extends Span {
  type: "image";
  alt: string;
}
/**
 * A citation marker in the text ("[12]", a superscript "3", "[^2]"). `note` is the id of the note
 * range it refers to when that note is part of the text; `noteText` carries the note's text when
 * the source had the note but the stored text does not (it was dropped as boilerplate).
 */
export interface CitationRange extends Span {
  type: "citation";
  label: string;
  note?: string;
  noteText?: string;
}
/** A footnote, endnote or reference-list entry that citation markers point at. */
export interface NoteRange extends Span {
  type: "note";
  /** Unique within the document: "n1", "n2", … */
  id: string;
  label: string;
}

export type StructureRange =
  | HeadingRange
  | ParagraphRange
  | PreformattedRange
  | ListRange
  | ListItemRange
  | QuoteRange
  | EmphasisRange
  | StrongRange
  | LinkRange
  | ImageRange
  | CitationRange
  | NoteRange;
export type StructureRangeType = StructureRange["type"];

export interface DocumentStructure {
  version: typeof STRUCTURE_VERSION;
  /** Ordered by start, then longer first, then by RANGE_ORDER: an enclosing range comes before what it encloses. */
  ranges: StructureRange[];
  /** True when limits left ranges out (too many ranges, too many characters of URLs and labels). */
  truncated: boolean;
}

/** Leaf blocks: every paragraph of the text is exactly one of these; they never overlap. */
export const LEAF_BLOCK_TYPES: ReadonlySet<StructureRangeType> = new Set(["heading", "paragraph", "preformatted"]);
/** Container blocks: they span whole leaf blocks and nest (a list in a list item in a quote). */
export const CONTAINER_TYPES: ReadonlySet<StructureRangeType> = new Set(["list", "listItem", "quote"]);

/** Sort order among ranges with the same start and end: containers outside, marks inside. */
const RANGE_ORDER: Record<StructureRangeType, number> = {
  quote: 0,
  list: 1,
  listItem: 2,
  note: 3,
  heading: 4,
  paragraph: 5,
  preformatted: 6,
  link: 7,
  citation: 8,
  strong: 9,
  emphasis: 10,
  image: 11,
};

/** What survives first when a document has more ranges than maxRanges (lower first). */
const RANGE_PRIORITY: Record<StructureRangeType, number> = {
  heading: 0,
  paragraph: 0,
  preformatted: 0,
  citation: 1,
  note: 1,
  quote: 2,
  list: 2,
  listItem: 2,
  link: 3,
  image: 4,
  strong: 5,
  emphasis: 5,
};

export function emptyStructure(): DocumentStructure {
  return { version: STRUCTURE_VERSION, ranges: [], truncated: false };
}

export function compareRanges(a: StructureRange, b: StructureRange): number {
  return a.start - b.start || b.end - a.end || RANGE_ORDER[a.type] - RANGE_ORDER[b.type];
}

// ---------------------------------------------------------------------------------------------
// Strings in ranges

const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/**
 * The absolute URL to keep for a link, or null: only http(s) and mailto targets, at most
 * maxUrlLength characters, resolved against `base` (itself http(s)) when relative. WHATWG URL
 * parsing strips tabs and newlines first, so "java\tscript:" is recognised as javascript: and refused.
 */
export function safeLinkUrl(href: string, base?: string): string | null {
  const raw = href.trim();
  if (raw === "" || raw.startsWith("#")) return null;
  let url: URL;
  try {
    url = base ? new URL(raw, base) : new URL(raw);
  } catch {
    return null;
  }
  if (!SAFE_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol !== "mailto:" && url.hostname === "") return null;
  const out = url.href;
  return out.length <= STRUCTURE_LIMITS.maxUrlLength ? out : null;
}

/** A base URL for relative links: an absolute http(s) URL, else undefined. */
export function httpBase(href: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Whitespace collapsed, control characters removed, cut to `max` code points. */
export function cleanLabel(value: string, max: number): string {
  const flat = value.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
  const cps = Array.from(flat);
  return cps.length <= max ? flat : cps.slice(0, max).join("").trimEnd() + "…";
}

// ---------------------------------------------------------------------------------------------
// Finishing: UTF-16 ranges → bounded, ordered code point ranges

/** A range as the extractors build it: offsets are UTF-16 indices into the text. */
export type Utf16Range = StructureRange;

/**
 * Turns ranges over `text` in UTF-16 indices into the stored form: code point offsets, clamped to
 * the text, empty ranges dropped (images excepted), duplicates removed, sorted, and cut to the limits.
 */
export function finishStructure(text: string, utf16Ranges: readonly Utf16Range[]): DocumentStructure {
  const index = new CodePointIndex(text);
  const length = text.length;
  let truncated = false;
  const seen = new Set<string>();
  const ranges: StructureRange[] = [];
  for (const r of utf16Ranges) {
    const s = Math.max(0, Math.min(r.start, length));
    const e = Math.max(0, Math.min(r.end, length));
    if (r.type === "image" ? e !== s : e <= s) continue;
    const start = index.toCodePoint(s);
    const end = index.toCodePoint(e);
    if (r.type === "image" ? end !== start : end <= start) continue;
    const out = { ...r, start, end } as StructureRange;
    const key = JSON.stringify(out);
    if (seen.has(key)) continue;
    seen.add(key);
    ranges.push(out);
  }

  // Budget for strings, spent in document order within priority order.
  let budget: number = STRUCTURE_LIMITS.maxStringBudget;
  let kept = ranges;
  if (kept.length > STRUCTURE_LIMITS.maxRanges) {
    truncated = true;
    kept = [...kept]
      .sort((a, b) => RANGE_PRIORITY[a.type] - RANGE_PRIORITY[b.type] || a.start - b.start)
      .slice(0, STRUCTURE_LIMITS.maxRanges);
  }
  const withinBudget: StructureRange[] = [];
  for (const r of [...kept].sort((a, b) => RANGE_PRIORITY[a.type] - RANGE_PRIORITY[b.type] || a.start - b.start)) {
    const cost = stringCost(r);
    if (cost > budget) {
      truncated = true;
      continue;
    }
    budget -= cost;
    withinBudget.push(r);
  }
  withinBudget.sort(compareRanges);

  // A citation may only point at a note that is still there.
  const noteIds = new Set(withinBudget.filter((r): r is NoteRange => r.type === "note").map((r) => r.id));
  for (const r of withinBudget) {
    if (r.type === "citation" && r.note !== undefined && !noteIds.has(r.note)) delete r.note;
  }
  return { version: STRUCTURE_VERSION, ranges: withinBudget, truncated };
}

function stringCost(r: StructureRange): number {
  switch (r.type) {
    case "link":
      return r.url.length;
    case "image":
      return r.alt.length;
    case "citation":
      return r.label.length + (r.note?.length ?? 0) + (r.noteText?.length ?? 0);
    case "note":
      return r.label.length + r.id.length;
    default:
      return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Validation: every structure read back from the database or imported is checked (lib/documents/service.ts, lib/import/service.ts)

const span = { start: z.number().int().min(0), end: z.number().int().min(0) };
const label = z.string().min(1).max(STRUCTURE_LIMITS.maxLabelLength * 2);

export const structureRangeSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("heading"), ...span, level: z.union(HEADING_LEVELS.map((l) => z.literal(l))) }),
  z.strictObject({ type: z.literal("paragraph"), ...span }),
  z.strictObject({ type: z.literal("preformatted"), ...span }),
  z.strictObject({ type: z.literal("list"), ...span, ordered: z.boolean() }),
  z.strictObject({ type: z.literal("listItem"), ...span }),
  z.strictObject({ type: z.literal("quote"), ...span }),
  z.strictObject({ type: z.literal("emphasis"), ...span }),
  z.strictObject({ type: z.literal("strong"), ...span }),
  z.strictObject({
    type: z.literal("link"),
    ...span,
    url: z
      .string()
      .max(STRUCTURE_LIMITS.maxUrlLength)
      .refine((u) => safeLinkUrl(u) === u, "Only absolute http:, https: and mailto: URLs are allowed."),
  }),
  z.strictObject({ type: z.literal("image"), ...span, alt: z.string().max(STRUCTURE_LIMITS.maxAltLength * 2) }),
  z.strictObject({
    type: z.literal("citation"),
    ...span,
    label,
    note: z.string().regex(/^n\d{1,6}$/).optional(),
    noteText: z.string().max(STRUCTURE_LIMITS.maxNoteTextLength * 2).optional(),
  }),
  z.strictObject({ type: z.literal("note"), ...span, id: z.string().regex(/^n\d{1,6}$/), label }),
]);

export const documentStructureSchema = z.strictObject({
  version: z.literal(STRUCTURE_VERSION),
  ranges: z.array(structureRangeSchema).max(STRUCTURE_LIMITS.maxRanges),
  truncated: z.boolean(),
});

/**
 * Checks a structure against the text it describes: the shape (documentStructureSchema), every
 * range inside the text with end > start (end === start for images), ranges in order, leaf blocks
 * not overlapping, note ids unique and citations pointing at existing notes. Returns the problems
 * (empty when valid), each with its place, e.g. "ranges[3]: end 90 is beyond the text (length 80)".
 */
export function structureProblems(value: unknown, textLength: number): string[] {
  // Before the schema looks at every range of a hostile file's list.
  const given = (value as { ranges?: unknown } | null | undefined)?.ranges;
  if (Array.isArray(given) && given.length > STRUCTURE_LIMITS.maxRanges) {
    return [`ranges: at most ${STRUCTURE_LIMITS.maxRanges} ranges are allowed (this structure has ${given.length})`];
  }
  const parsed = documentStructureSchema.safeParse(value);
  if (!parsed.success) return parsed.error.issues.slice(0, 20).map((i) => `${i.path.join(".") || "structure"}: ${i.message}`);
  const problems: string[] = [];
  const { ranges } = parsed.data;
  const notes = new Set<string>();
  let lastLeafEnd = 0;
  let stringChars = 0;
  ranges.forEach((r, i) => {
    const at = `ranges[${i}]`;
    if (r.end > textLength) problems.push(`${at}: end ${r.end} is beyond the text (length ${textLength})`);
    if (r.type === "image" ? r.end !== r.start : r.end <= r.start) {
      problems.push(`${at}: ${r.type === "image" ? "an image range must be empty (end = start)" : `end (${r.end}) must be greater than start (${r.start})`}`);
    }
    if (i > 0 && compareRanges(ranges[i - 1], r) > 0) problems.push(`${at}: out of order`);
    if (LEAF_BLOCK_TYPES.has(r.type)) {
      if (r.start < lastLeafEnd) problems.push(`${at}: overlaps the previous ${"heading, paragraph or preformatted block"}`);
      lastLeafEnd = Math.max(lastLeafEnd, r.end);
    }
    if (r.type === "note") {
      if (notes.has(r.id)) problems.push(`${at}: note id ${r.id} is used twice`);
      notes.add(r.id);
    }
    stringChars += stringCost(r);
  });
  ranges.forEach((r, i) => {
    if (r.type === "citation" && r.note !== undefined && !notes.has(r.note)) problems.push(`ranges[${i}]: note ${r.note} does not exist`);
  });
  if (stringChars > STRUCTURE_LIMITS.maxStringBudget * 2) problems.push("structure: too many characters of URLs, labels and alt texts");
  return problems.slice(0, 20);
}
