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
  /** Accepted from a suggested claim (GET …/suggestions): the annotation records which one and why. */
  fromSuggestion: z.boolean({ message: "fromSuggestion must be true or false." }).optional(),
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

export const MAX_RATIONALE_CHARS = 20_000;

/** PUT /api/annotations/[id]/ruling: the final class and why (rich text, or plain text). */
export const rulingSchema = z.strictObject({
  classification: classificationSchema,
  rationale: z.union(
    [z.string().max(MAX_RATIONALE_CHARS, "A rationale can have at most 20,000 characters."), z.record(z.string(), z.unknown())],
    { message: "rationale is required: the reasons for the ruling, as text or rich text." },
  ),
});
export type RulingInput = z.output<typeof rulingSchema>;

/** GET /api/disputes: one page of the open disputes queue. */
export const openDisputesQuerySchema = z.strictObject({
  page: z.coerce.number({ message: "page must be a whole number from 1." }).int("page must be a whole number from 1.").min(1, "page must be a whole number from 1.").max(100_000).default(1),
});
