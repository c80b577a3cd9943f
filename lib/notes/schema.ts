/**
 * Rich-text notes on annotations and replies, stored as Tiptap (ProseMirror) JSON.
 *
 * Notes written by one reviewer are rendered in other reviewers' browsers, so everything
 * that reaches storage goes through `parseNote`: an allow-list of node and mark types, a
 * strict URL check on links, and size limits. Anything not on the list is refused rather
 * than silently repaired, so a tampered request fails loudly; attributes the Tiptap editor
 * adds by default (link target/rel/class/title, ordered-list type) are accepted and dropped,
 * because the renderers decide those themselves.
 */
import { z } from "zod";

export const NOTE_MAX_CHARS = 20_000;
export const NOTE_MAX_DEPTH = 20;
export const NOTE_MAX_NODES = 5_000;
const HREF_MAX_LENGTH = 2_048;

export type NoteMark = { type: "bold" } | { type: "italic" } | { type: "link"; attrs: { href: string } };
export type NoteText = { type: "text"; text: string; marks?: NoteMark[] };
export type NoteHardBreak = { type: "hardBreak" };
export type NoteInline = NoteText | NoteHardBreak;
export type NoteParagraph = { type: "paragraph"; content?: NoteInline[] };
export type NoteListItem = { type: "listItem"; content: [NoteParagraph, ...NoteBlock[]] };
export type NoteBulletList = { type: "bulletList"; content: NoteListItem[] };
export type NoteOrderedList = { type: "orderedList"; attrs?: { start: number }; content: NoteListItem[] };
export type NoteBlockquote = { type: "blockquote"; content: NoteBlock[] };
export type NoteBlock = NoteParagraph | NoteBulletList | NoteOrderedList | NoteBlockquote;
export type NoteDoc = { type: "doc"; content: NoteBlock[] };

const ALLOWED_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
// Any whitespace, C0/C1 control or invisible formatting character. Browsers strip some of
// these while navigating ("java\tscript:"), so a URL containing one is never trusted.
const SUSPICIOUS_URL_CHARS = /[\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/u;

/**
 * The normalised href if `raw` is an absolute http(s) or mailto URL, otherwise null.
 * Shared by the schema, the HTML import/export and the renderers (defence in depth).
 */
export function safeHref(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > HREF_MAX_LENGTH) return null;
  if (SUSPICIOUS_URL_CHARS.test(raw)) return null;
  let url: URL;
  try {
    // No base URL: relative and protocol-relative ("//evil.example") URLs throw.
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol !== "mailto:" && url.hostname === "") return null;
  return url.href;
}

/**
 * What a person typed as a link address, with the scheme they left out: "example.org/archive" is
 * https://example.org/archive and "someone@example.org" a mailto: link. Anything with a scheme, or
 * that looks like neither, is returned as typed (safeHref then decides).
 */
export function withLinkScheme(typed: string): string {
  const t = typed.trim();
  if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(t)) return t; // a scheme ("example.org:8080" is a port)
  if (/^[^\s/@:]+@[^\s/@:]+\.[^\s/@:]+$/.test(t)) return `mailto:${t}`;
  if (/^[^\s/@:.]+(\.[^\s/@:.]+)+(:\d+)?([/?#]\S*)?$/.test(t)) return `https://${t}`;
  return t;
}

/** A discriminated union whose "unknown type" message names the offending type and the context. */
function oneOf<const T extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(
  what: string,
  allowed: string,
  options: T,
) {
  return z.discriminatedUnion("type", options, {
    error: (issue) => {
      if (issue.code !== "invalid_union") return undefined;
      const input: unknown = issue.input;
      const type = input && typeof input === "object" ? (input as { type?: unknown }).type : undefined;
      return `unknown ${what} type ${JSON.stringify(type) ?? "(missing)"}; allowed here: ${allowed}`;
    },
  });
}

// Cosmetic attributes the Tiptap editor writes into JSON; tolerated, then dropped.
const cosmetic = z.union([z.string(), z.null()]).optional();
const noAttrs = z.strictObject({}).optional();

const hrefSchema = z.string().transform((value, ctx) => {
  const href = safeHref(value);
  if (href === null) {
    ctx.addIssue({ code: "custom", message: "link href must be an absolute http:, https: or mailto: URL" });
    return z.NEVER;
  }
  return href;
});

const markSchema = oneOf("mark", "bold, italic, link", [
  z.strictObject({ type: z.literal("bold"), attrs: noAttrs }).transform((): NoteMark => ({ type: "bold" })),
  z.strictObject({ type: z.literal("italic"), attrs: noAttrs }).transform((): NoteMark => ({ type: "italic" })),
  z
    .strictObject({
      type: z.literal("link"),
      attrs: z.strictObject({ href: hrefSchema, target: cosmetic, rel: cosmetic, class: cosmetic, title: cosmetic }),
    })
    .transform((m): NoteMark => ({ type: "link", attrs: { href: m.attrs.href } })),
]);

const marksSchema = z.array(markSchema).superRefine((marks, ctx) => {
  const seen = new Set<string>();
  for (const mark of marks) {
    if (seen.has(mark.type)) ctx.addIssue({ code: "custom", message: `mark "${mark.type}" appears twice` });
    seen.add(mark.type);
  }
});

const inlineSchema = oneOf("inline node", "text, hardBreak", [
  z
    .strictObject({ type: z.literal("text"), text: z.string().min(1, "text must not be empty"), marks: marksSchema.optional() })
    .transform((n): NoteInline => (n.marks?.length ? { type: "text", text: n.text, marks: n.marks } : { type: "text", text: n.text })),
  // Marks on a hard break have no visible effect; validate them anyway, then drop them.
  z
    .strictObject({ type: z.literal("hardBreak"), attrs: noAttrs, marks: marksSchema.optional() })
    .transform((): NoteInline => ({ type: "hardBreak" })),
]);

const paragraphSchema = z
  .strictObject({ type: z.literal("paragraph"), attrs: noAttrs, content: z.array(inlineSchema).optional() })
  .transform((n): NoteParagraph => (n.content?.length ? { type: "paragraph", content: n.content } : { type: "paragraph" }));

// Mirrors Tiptap's listItem content expression "paragraph block*", so anything the editor
// can produce is accepted.
const listItemSchema: z.ZodType<NoteListItem> = z
  .strictObject({
    type: z.literal("listItem"),
    attrs: noAttrs,
    content: z.tuple([paragraphSchema], z.lazy(() => blockSchema)),
  })
  .transform((n): NoteListItem => ({ type: "listItem", content: n.content }));

const listItemsSchema = z.array(listItemSchema).min(1, "a list needs at least one listItem");

const blockSchema: z.ZodType<NoteBlock> = oneOf("block node", "paragraph, bulletList, orderedList, blockquote", [
  paragraphSchema,
  z
    .strictObject({ type: z.literal("bulletList"), attrs: noAttrs, content: listItemsSchema })
    .transform((n): NoteBlock => ({ type: "bulletList", content: n.content })),
  z
    .strictObject({
      type: z.literal("orderedList"),
      attrs: z
        .strictObject({ start: z.number().int().positive().max(1_000_000).optional(), type: cosmetic })
        .optional(),
      content: listItemsSchema,
    })
    .transform((n): NoteBlock => {
      const start = n.attrs?.start ?? 1;
      // start: 1 is the default; leaving it out keeps the stored form canonical.
      return start === 1 ? { type: "orderedList", content: n.content } : { type: "orderedList", attrs: { start }, content: n.content };
    }),
  z
    .strictObject({ type: z.literal("blockquote"), attrs: noAttrs, content: z.array(z.lazy(() => blockSchema)).min(1, "a blockquote needs content") })
    .transform((n): NoteBlock => ({ type: "blockquote", content: n.content })),
]);

const docShape = z.strictObject({
  type: z.literal("doc"),
  attrs: noAttrs,
  content: z.array(blockSchema).min(1, "a note needs at least one block"),
}).transform((n): NoteDoc => ({ type: "doc", content: n.content }));

// Bounds on the raw input, checked before the schema: every array, every object's keys, every string.
// No node of the schema has more than a handful of keys or more than three marks (one of each type).
const MAX_KEYS = 8;
const MAX_MARKS = 3;
/** Every value in the input (objects, arrays, strings, numbers...) counted together. */
const MAX_VALUES = NOTE_MAX_NODES * 8;

/**
 * Checks size limits on the raw input before the recursive schema sees it, so a hostile payload
 * (very deep, very large, or with a huge array or string anywhere, marks and attrs included) is
 * refused cheaply in one iterative pass and cannot exhaust the stack or the CPU.
 */
function limitProblem(input: unknown): { message: string; path: PropertyKey[] } | null {
  let nodes = 0;
  let values = 0;
  let chars = 0;
  // node: the value is a node (the root, or an entry of a `content` array); depth: nodes above it + 1.
  type Item = { value: unknown; path: PropertyKey[]; key: PropertyKey | null; node: boolean; depth: number; level: number };
  const stack: Item[] = [{ value: input, path: [], key: null, node: true, depth: 1, level: 1 }];
  while (stack.length > 0) {
    const { value, path, key, node, depth, level } = stack.pop()!;
    if (++values > MAX_VALUES) return { message: `note has more than ${MAX_VALUES} values`, path: [] };
    if (typeof value === "string") {
      // a text over the limit breaks the note's limit (told as such); another string, where it is
      if (value.length > NOTE_MAX_CHARS) return { message: `note is longer than ${NOTE_MAX_CHARS} characters`, path: key === "text" ? [] : path };
      if (key === "text") chars += value.length;
      if (chars > NOTE_MAX_CHARS) return { message: `note is longer than ${NOTE_MAX_CHARS} characters`, path: [] };
      continue;
    }
    if (!value || typeof value !== "object") continue;
    if (node && depth > NOTE_MAX_DEPTH) return { message: `note is nested deeper than ${NOTE_MAX_DEPTH} levels`, path };
    // Nesting through anything but `content` (attrs, marks) is shallow in a valid note.
    if (level > 2 * NOTE_MAX_DEPTH + 8) return { message: `note is nested deeper than ${NOTE_MAX_DEPTH} levels`, path };
    if (Array.isArray(value)) {
      const max = key === "marks" ? MAX_MARKS : NOTE_MAX_NODES;
      if (value.length > max) {
        const what = key === "marks" ? `more than ${MAX_MARKS} marks` : key === "content" ? `more than ${NOTE_MAX_NODES} nodes` : `an array of more than ${max} entries`;
        return { message: `note has ${what}`, path };
      }
      value.forEach((child, i) =>
        stack.push({ value: child, path: [...path, i], key: null, node: key === "content", depth: depth + 1, level: level + 1 }),
      );
      continue;
    }
    if (node && ++nodes > NOTE_MAX_NODES) return { message: `note has more than ${NOTE_MAX_NODES} nodes`, path };
    const entries = Object.entries(value);
    if (entries.length > MAX_KEYS) return { message: `an object in the note has more than ${MAX_KEYS} keys`, path };
    // Entries of a `content` array are one node deeper (see the array case above).
    for (const [k, child] of entries) {
      stack.push({ value: child, path: [...path, k], key: k, node: false, depth, level: level + 1 });
    }
  }
  return null;
}

export const noteDocSchema: z.ZodType<NoteDoc, unknown> = z
  .unknown()
  .superRefine((input, ctx) => {
    const problem = limitProblem(input);
    if (problem) ctx.addIssue({ code: "custom", message: problem.message, path: problem.path });
  })
  .pipe(docShape);

export type ParseNoteResult = { ok: true; doc: NoteDoc } | { ok: false; message: string };

/** Validates and normalises a note; the message names the first problem and where it is. */
export function parseNote(input: unknown): ParseNoteResult {
  const result = noteDocSchema.safeParse(input);
  if (result.success) return { ok: true, doc: result.data };
  const issue = result.error.issues[0];
  const where = issue.path.length ? issue.path.map(String).join(".") : "note";
  return { ok: false, message: `${where}: ${issue.message}` };
}

/** A note's outer shape, for a note read back from this browser's storage (the editor normalises the rest). */
export function looksLikeNote(value: unknown): value is NoteDoc {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "doc" && Array.isArray((value as { content?: unknown }).content);
}

export function emptyNote(): NoteDoc {
  return { type: "doc", content: [{ type: "paragraph" }] };
}

/** True when the note has no visible text (only empty paragraphs, breaks or whitespace). */
export function isEmptyNote(doc: NoteDoc): boolean {
  const stack: unknown[] = [...doc.content];
  while (stack.length > 0) {
    const node = stack.pop() as { text?: string; content?: unknown[] };
    if (node.text !== undefined && node.text.trim() !== "") return false;
    if (node.content) stack.push(...node.content);
  }
  return true;
}
