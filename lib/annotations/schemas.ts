// Input rules for annotations, shared by the annotation panel and the API.
import { z } from "zod";
import { CLASSIFICATIONS, type EvidenceDTO } from "./types";

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
});
export type CreateAnnotationInput = z.output<typeof createAnnotationSchema>;

export const updateAnnotationSchema = z
  .strictObject({
    classification: classificationSchema.optional(),
    note: z.unknown().optional(),
    evidence: z.array(evidenceSchema).max(MAX_EVIDENCE).optional(),
  })
  .refine((v) => v.classification !== undefined || v.note !== undefined || v.evidence !== undefined, "Nothing to change.");
export type UpdateAnnotationInput = z.output<typeof updateAnnotationSchema>;

export const replySchema = z.strictObject({
  // Rich text (Tiptap JSON) or plain text.
  body: z.union([z.string().max(20_000, "A reply can have at most 20,000 characters."), z.record(z.string(), z.unknown())]),
});

export const verdictSchema = z
  .strictObject({
    verdict: z.enum(["agree", "dispute"], { message: "verdict must be agree or dispute." }),
    proposedClass: classificationSchema.nullish(),
  })
  .refine((v) => v.verdict === "agree" || v.proposedClass, { message: "A dispute names the class you would give.", path: ["proposedClass"] });

// GET /api/documents/[id]/annotations: everything (no parameters), a page in document order
// (limit, cursor = the last id of the previous page), or chosen annotations (ids, comma-separated).
export const MAX_PAGE = 500;
export const MAX_IDS = 200;
const annotationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "ids are letters, digits, - and _.");
export const annotationListQuerySchema = z
  .object({
    limit: z.coerce.number().int("limit must be a whole number.").min(1, "limit must be at least 1.").max(MAX_PAGE, `limit can be at most ${MAX_PAGE}.`).optional(),
    cursor: annotationId.optional(),
    ids: z
      .string()
      .max(MAX_IDS * 65)
      .transform((v) => [...new Set(v.split(",").filter(Boolean))])
      .pipe(z.array(annotationId).min(1, "ids needs at least one id.").max(MAX_IDS, `At most ${MAX_IDS} ids.`))
      .optional(),
  })
  .refine((q) => !(q.ids && (q.limit !== undefined || q.cursor !== undefined)), "Ask for ids, or for a page (limit, cursor), not both.")
  .refine((q) => q.cursor === undefined || q.limit !== undefined, { message: "A cursor needs a limit.", path: ["limit"] });
export type AnnotationListQuery = z.output<typeof annotationListQuerySchema>;
