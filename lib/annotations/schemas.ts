// Input rules for annotations, shared by the annotation panel and the API.
import { z } from "zod";
import { ANCHOR_STATES, CLASSIFICATIONS, type EvidenceDTO } from "./types";

export const MAX_EVIDENCE = 50;

const httpUrl = z
  .string()
  .trim()
  .max(2000, "A URL can have at most 2000 characters.")
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), "Evidence URLs must start with http:// or https://.");

export const evidenceSchema = z
  .strictObject({
    citation: z.string().trim().max(2000, "A citation can have at most 2000 characters.").optional(),
    url: httpUrl.optional(),
  })
  .transform((e): EvidenceDTO => ({ ...(e.citation ? { citation: e.citation } : {}), ...(e.url ? { url: e.url } : {}) }))
  .refine((e) => e.citation || e.url, "Each evidence entry needs a citation or a URL.");

export const classificationSchema = z.enum(CLASSIFICATIONS, {
  message: `classification must be one of ${CLASSIFICATIONS.join(", ")}.`,
});

export const createAnnotationSchema = z.strictObject({
  start: z.number().int().min(0, "start must be 0 or more."),
  end: z.number().int().min(0, "end must be 0 or more."),
  quote: z.string().max(5_000_000),
  classification: classificationSchema,
  note: z.unknown().optional(),
  evidence: z.array(evidenceSchema).max(MAX_EVIDENCE, `At most ${MAX_EVIDENCE} evidence entries.`).default([]),
  /** Accepted from a suggested claim (GET …/suggestions): the annotation records which one and why. */
  fromSuggestion: z.boolean({ message: "fromSuggestion must be true or false." }).optional(),
});
export type CreateAnnotationInput = z.output<typeof createAnnotationSchema>;

export const updateAnnotationSchema = z
  .strictObject({
    classification: classificationSchema.optional(),
    note: z.unknown().optional(),
    evidence: z.array(evidenceSchema).max(MAX_EVIDENCE).optional(),
    /** The version the change was made on: 409 when the annotation has changed since (no lost update). */
    version: z.number({ message: "version must be the annotation's version number." }).int().positive().optional(),
  })
  .refine((v) => v.classification !== undefined || v.note !== undefined || v.evidence !== undefined, "Nothing to change.");
export type UpdateAnnotationInput = z.output<typeof updateAnnotationSchema>;

export const replySchema = z.strictObject({
  // Rich text (Tiptap JSON) or plain text.
  body: z.union([z.string().max(20_000, "A reply can have at most 20,000 characters."), z.record(z.string(), z.unknown())], {
    message: "body is required: the reply, as text or rich text (Tiptap JSON).",
  }),
});

/** PATCH /api/replies/[id]: the new body, and optionally the reply as its author saw it. */
export const replyUpdateSchema = replySchema.extend({
  /**
   * The reply's `updatedAt` as the author saw it when they began the edit. Given, a reply saved meanwhile
   * (from another tab or window) is a 409 instead of being overwritten unseen.
   */
  replaces: z.string().datetime({ message: "replaces must be the reply's updatedAt as you last saw it." }).optional(),
});

export const verdictSchema = z
  .strictObject({
    verdict: z.enum(["agree", "dispute"], { message: "verdict must be agree or dispute." }),
    proposedClass: classificationSchema.nullish(),
  })
  .refine((v) => v.verdict === "agree" || v.proposedClass, { message: "A dispute names the class you would give.", path: ["proposedClass"] });

export const MAX_RATIONALE_CHARS = 20_000;

/** PUT /api/annotations/[id]/ruling: the final class and why (rich text, or plain text). */
export const rulingSchema = z.strictObject({
  classification: classificationSchema,
  rationale: z.union(
    [z.string().max(MAX_RATIONALE_CHARS, "A rationale can have at most 20,000 characters."), z.record(z.string(), z.unknown())],
    { message: "rationale is required: the reasons for the ruling, as text or rich text." },
  ),
  /**
   * The ruling this one replaces, as the editor saw it: its `at`, or null when they saw none. Given,
   * a ruling changed meanwhile by someone else is a 409 instead of being overwritten unseen.
   */
  replaces: z
    .string()
    .datetime({ message: "replaces must be the `at` of the ruling being replaced (or null when there was none)." })
    .nullable()
    .optional(),
});
export type RulingInput = z.output<typeof rulingSchema>;

/** DELETE /api/annotations/[id]/ruling?replaces=: the ruling being withdrawn, as the editor saw it. */
export const withdrawRulingQuerySchema = z.strictObject({
  /** Its `at`. Given, a ruling changed (or withdrawn) meanwhile by someone else is a 409, not withdrawn unseen. */
  replaces: z.string().datetime({ message: "replaces must be the `at` of the ruling being withdrawn." }).optional(),
});

/** GET /api/disputes: one page of the open disputes queue. */
export const openDisputesQuerySchema = z.strictObject({
  page: z.coerce.number({ message: "page must be a whole number from 1." }).int("page must be a whole number from 1.").min(1, "page must be a whole number from 1.").max(100_000).default(1),
});

// GET /api/documents/[id]/annotations?version=&anchor=: the annotations as they were on an earlier
// version, and only those needing a check (fuzzy, or orphaned and not left so by a person) or in one state.
export const ANCHOR_FILTERS = ["needs-check", ...ANCHOR_STATES] as const;
export type AnchorFilter = (typeof ANCHOR_FILTERS)[number];

// POST /api/annotations/[id]/anchor: place by hand on the current text, accept a fuzzy placement, or
// leave the annotation orphaned with a note.
export const MAX_ANCHOR_NOTE = 2000;
const placeByHandSchema = z.strictObject({
  start: z.number({ message: "start must be a number." }).int("start must be a whole number.").min(0, "start must be 0 or more."),
  end: z.number({ message: "end must be a number." }).int("end must be a whole number.").min(0, "end must be 0 or more."),
  quote: z.string({ message: "quote must be the selected text." }).max(5_000_000),
});
const confirmSchema = z.strictObject({ confirm: z.literal(true, { message: "confirm must be true." }) });
const orphanSchema = z.strictObject({
  orphan: z.literal(true, { message: "orphan must be true." }),
  note: z.string({ message: "The note must be text." }).trim().max(MAX_ANCHOR_NOTE, `The note can have at most ${MAX_ANCHOR_NOTE.toLocaleString("en")} characters.`).optional(),
});
const ANCHOR_SHAPES = "Send { start, end, quote } to place the annotation, { confirm: true } to accept its fuzzy placement, or { orphan: true, note? } to leave it orphaned.";

/** One of the three shapes, chosen by its keys (so that the errors are about the shape meant). */
export const anchorInputSchema = z.unknown().transform((value, ctx) => {
  const keys = value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : null;
  // Nothing, or the keys of more than one shape: which was meant cannot be told, so say what each is.
  const shapes = keys && [keys.includes("confirm"), keys.includes("orphan"), ["start", "end", "quote"].some((k) => keys.includes(k))].filter(Boolean).length;
  if (!keys || shapes !== 1) {
    ctx.addIssue({ code: "custom", message: shapes ? `Only one at a time. ${ANCHOR_SHAPES}` : ANCHOR_SHAPES });
    return z.NEVER;
  }
  const schema = keys.includes("confirm") ? confirmSchema : keys.includes("orphan") ? orphanSchema : placeByHandSchema;
  const parsed = (schema as z.ZodType).safeParse(value);
  if (parsed.success) return parsed.data as z.output<typeof placeByHandSchema> | z.output<typeof confirmSchema> | z.output<typeof orphanSchema>;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  return z.NEVER;
});
export type AnchorInput = z.output<typeof anchorInputSchema>;

// GET /api/documents/[id]/annotations: everything (no parameters; orphaned ones last), a page of the placed
// ones in document order (limit, cursor = the last id of the previous page), a page of the orphaned ones
// (anchor=orphaned, limit, cursor), chosen annotations (ids, comma-separated), or (version, anchor) as they
// were on an earlier version / only those needing a check.
export const MAX_PAGE = 500;
export const MAX_IDS = 200;
/**
 * How many orphaned annotations a reader can say it lists apart (fetched alone or changed live) in one
 * request. They go in the URL: at 100 ids of up to 64 characters it stays under 7 KB, well within Node's 16 KB
 * for a request's line and headers (500 of them made up to 33 KB, which the server refuses with 431 before
 * the app sees it). A reader listing more asks in parts (lib/annotations/orphan-rest.ts).
 */
export const MAX_LISTED = 100;
const annotationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "ids are letters, digits, - and _.");
export const annotationListQuerySchema = z
  .strictObject({
    version: z.coerce
      .number({ message: "version must be a version number." })
      .int("version must be a whole version number.")
      .min(1, "version must be 1 or more.")
      .max(1_000_000, "version is too large.")
      .optional(),
    anchor: z.enum(ANCHOR_FILTERS, { message: `anchor must be one of: ${ANCHOR_FILTERS.join(", ")}.` }).optional(),
    limit: z.coerce.number().int("limit must be a whole number.").min(1, "limit must be at least 1.").max(MAX_PAGE, `limit can be at most ${MAX_PAGE}.`).optional(),
    cursor: annotationId.optional(),
    ids: z
      .string()
      .max(MAX_IDS * 65)
      .transform((v) => [...new Set(v.split(",").filter(Boolean))])
      .pipe(z.array(annotationId).min(1, "ids needs at least one id.").max(MAX_IDS, `At most ${MAX_IDS} ids.`))
      .optional(),
    // The orphaned annotations' pages only: the reader's filters (the claim's class, a ruling's when there is
    // one; its author), the orphaned annotations it lists apart already (left out of `rest`), and `only=rest`
    // for the counts after the cursor alone (no page).
    class: z.enum(CLASSIFICATIONS, { message: `class must be one of: ${CLASSIFICATIONS.join(", ")}.` }).optional(),
    author: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "author must be a user's id.").optional(),
    listed: z
      .string()
      .max(MAX_LISTED * 65)
      .transform((v) => [...new Set(v.split(",").filter(Boolean))])
      .pipe(z.array(annotationId).max(MAX_LISTED, `listed can have at most ${MAX_LISTED} ids.`))
      .optional(),
    only: z.literal("rest", { message: "only must be rest." }).optional(),
  })
  .refine(
    (q) => !((q.class !== undefined || q.author !== undefined || q.listed !== undefined || q.only !== undefined) && !(q.anchor === "orphaned" && q.limit !== undefined && !q.ids)),
    "class, author, listed and only are for the pages of the orphaned annotations (anchor=orphaned&limit=).",
  )
  .refine((q) => !(q.ids && (q.limit !== undefined || q.cursor !== undefined)), "Ask for ids, or for a page (limit, cursor), not both.")
  .refine((q) => q.cursor === undefined || q.limit !== undefined, { message: "A cursor needs a limit.", path: ["limit"] })
  .refine(
    (q) => !((q.ids || q.limit !== undefined) && (q.version !== undefined || (q.anchor !== undefined && !(q.anchor === "orphaned" && !q.ids)))),
    "Pages and ids are of the current version; ask for version or anchor without limit, cursor or ids (only anchor=orphaned has pages).",
  );
export type AnnotationListQuery = z.output<typeof annotationListQuerySchema>;

const RESPONSE_CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|[^|\s]{1,200}$/;

export const responsesQuerySchema = z.strictObject({
  before: z.string().regex(RESPONSE_CURSOR, "before must be the nextBefore of an earlier page.").optional(),
  limit: z.coerce.number({ message: "limit must be a whole number from 1 to 100." }).int("limit must be a whole number from 1 to 100.").min(1, "limit must be a whole number from 1 to 100.").max(100, "limit must be a whole number from 1 to 100.").default(30),
});

export const responsesSeenSchema = z.strictObject({
  upTo: z.iso.datetime({ message: "upTo must be a time such as 2026-12-06T17:00:00.000Z (the newest response shown)." }),
});
