// Document metadata rules, shared by the add-document form, the API and the importers.
import { z } from "zod";

/** Documents can hold at most 5 MB of text (UTF-8). */
export const MAX_TEXT_BYTES = 5 * 1024 * 1024;

export const DOCUMENT_KINDS = ["encyclopedia", "newspaper", "blog", "transcript", "book", "report", "other"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .transform((v) => (v === "" ? null : v))
    .nullish();

const dateExists = (v: string) =>
  !Number.isNaN(Date.parse(v.length === 4 ? `${v}-01-01` : v.length === 7 ? `${v}-01` : v)) &&
  (v.length < 10 || new Date(`${v}T00:00:00Z`).toISOString().startsWith(v));

// Strict: an unknown field (a typo, or an attempt to set id, textHash or createdById) is refused, not dropped.
export const documentMetadataSchema = z.strictObject({
  title: z.string({ message: "A title is required." }).trim().min(1, "A title is required.").max(300, "The title can have at most 300 characters."),
  kind: z.enum(DOCUMENT_KINDS, { message: `Kind must be one of: ${DOCUMENT_KINDS.join(", ")}.` }),
  publisher: optionalText(300),
  author: optionalText(300),
  publishedAt: z
    .string()
    .trim()
    .regex(/^$|^\d{4}(-\d{2}(-\d{2})?)?$/, "Publication date must look like 2017, 2017-11 or 2017-11-27.")
    .refine((v) => v === "" || dateExists(v), "That publication date does not exist.")
    .transform((v) => (v === "" ? null : v))
    .nullish(),
  sourceUrl: z
    .string()
    .trim()
    .max(2000)
    .refine((v) => v === "" || (/^https?:\/\//i.test(v) && URL.canParse(v)), "The source URL must be an http(s) address.")
    .transform((v) => (v === "" ? null : v))
    .nullish(),
});
export type DocumentMetadata = z.output<typeof documentMetadataSchema>;

/** PATCH: any subset of the metadata; the text is immutable and named in the refusal. */
export const documentMetadataPatchSchema = documentMetadataSchema
  .partial()
  .extend({
    text: z
      .unknown()
      .refine((v) => v === undefined, "The text of a stored document cannot be changed; add a new document instead.")
      .optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Send at least one metadata field to change.");
export type DocumentMetadataPatch = z.output<typeof documentMetadataPatchSchema>;

export const SOURCE_FORMATS = ["text", "markdown", "html"] as const;
