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

const DATE_FORM = /^\d{4}(-\d{2}(-\d{2})?)?$/;

// Zod runs a refinement even after the pattern failed, so this checks the form itself: a value of another
// form ("2017/01/01", a full timestamp) made `toISOString` throw on an invalid date (a 500).
const dateExists = (v: string) => {
  if (!DATE_FORM.test(v)) return false;
  const t = Date.parse(v.length === 4 ? `${v}-01-01` : v.length === 7 ? `${v}-01` : `${v}T00:00:00Z`);
  return !Number.isNaN(t) && (v.length < 10 || new Date(t).toISOString().startsWith(v));
};

/**
 * Whether a date of the form 2017, 2017-11 or 2017-11-27 lies after today wherever on Earth it is
 * today (UTC+14): a month or year counts from its first day.
 */
export function isFutureDate(value: string, now = Date.now()): boolean {
  const latest = new Date(now + 14 * 3_600_000).toISOString().slice(0, value.length);
  return value > latest;
}

const publicationDate = (notInFuture: boolean) =>
  z
    .string()
    .trim()
    .refine((v) => v === "" || DATE_FORM.test(v), { message: "Publication date must look like 2017, 2017-11 or 2017-11-27.", abort: true })
    .refine((v) => v === "" || dateExists(v), { message: "That publication date does not exist.", abort: true })
    .refine((v) => !notInFuture || v === "" || !isFutureDate(v), "That publication date is in the future.")
    .transform((v) => (v === "" ? null : v))
    .nullish();

// Strict: an unknown field (a typo, or an attempt to set id, textHash or createdById) is refused, not dropped.
export const documentMetadataSchema = z.strictObject({
  title: z.string({ message: "A title is required." }).trim().min(1, "A title is required.").max(300, "The title can have at most 300 characters."),
  kind: z.enum(DOCUMENT_KINDS, { message: `Kind must be one of: ${DOCUMENT_KINDS.join(", ")}.` }),
  publisher: optionalText(300),
  author: optionalText(300),
  publishedAt: publicationDate(true),
  sourceUrl: z
    .string()
    .trim()
    .max(2000)
    .refine((v) => v === "" || (/^https?:\/\//i.test(v) && URL.canParse(v)), "The source URL must be an http(s) address.")
    .transform((v) => (v === "" ? null : v))
    .nullish(),
});
export type DocumentMetadata = z.output<typeof documentMetadataSchema>;

/**
 * Metadata as an import file carries it: the same rules, but a publication date after today is kept.
 * The file may be an export of an installation that stored one before dates were checked for that, and
 * what was stored must import again.
 */
export const importedMetadataSchema = documentMetadataSchema.extend({ publishedAt: publicationDate(false) });

/** A field's value as stored (null: none), as an editor saw it. */
const storedValue = z.string().max(2000).nullable().optional();

/**
 * PATCH: any subset of the metadata; the text is immutable and named in the refusal. `previous`: the
 * values the editor saw of the fields it changes (as stored, null for none): a field changed meanwhile
 * by someone else makes the request a 409 instead of an unseen overwrite (the edit form sends it).
 */
export const documentMetadataPatchSchema = documentMetadataSchema
  .partial()
  .extend({
    text: z
      .unknown()
      .refine((v) => v === undefined, "The text of a stored document cannot be changed here; add a new version of it instead (POST /api/documents/{id}/versions).")
      .optional(),
    previous: z
      .strictObject({ title: storedValue, kind: storedValue, publisher: storedValue, author: storedValue, publishedAt: storedValue, sourceUrl: storedValue }, { message: "previous holds the values seen of title, kind, publisher, author, publishedAt or sourceUrl." })
      .optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).some((k) => k !== "previous"), "Send at least one metadata field to change.");
export type DocumentMetadataPatch = z.output<typeof documentMetadataPatchSchema>;

export const SOURCE_FORMATS = ["text", "markdown", "html"] as const;

/** A new version's change note (the other fields of POST /api/documents/[id]/versions besides the text or file). */
export const MAX_VERSION_NOTE = 2000;
export const versionFieldsSchema = z.strictObject({
  note: z
    .string({ message: "The change note must be text." })
    .trim()
    .max(MAX_VERSION_NOTE, `The change note can have at most ${MAX_VERSION_NOTE.toLocaleString("en")} characters.`)
    .transform((v) => (v === "" ? null : v))
    .nullish()
    .transform((v) => v ?? null),
});

/** A version number in a query (?version=, ?from=, ?to=). */
export const versionNumberSchema = (name: string) =>
  z.coerce
    .number({ message: `${name} must be a version number.` })
    .int(`${name} must be a whole version number.`)
    .min(1, `${name} must be 1 or more.`)
    .max(1_000_000, `${name} is too large.`);

// GET /api/documents/[id]: other parameters are ignored, as they always were.
export const documentQuerySchema = z.object({
  deleted: z.string().optional(),
  version: versionNumberSchema("version").optional(),
});

// GET /api/documents/[id]/summary: the summary is of the current text only; ?version=N is taken to refuse any
// other version rather than answer it with the current one's figures. Other parameters are ignored.
export const summaryQuerySchema = z.object({
  version: versionNumberSchema("version").optional(),
});

// GET /api/documents/[id]/structure: the current version's, or version N's; other parameters are ignored,
// as they are by GET /api/documents/[id].
export const structureQuerySchema = z.object({
  version: versionNumberSchema("version").optional(),
});

export const versionDiffQuerySchema = z.strictObject({
  from: versionNumberSchema("from"),
  to: versionNumberSchema("to"),
  // Changes of whitespace only (re-wrapped lines, trailing spaces) are left out unless asked for.
  whitespace: z.enum(["ignore", "show"], { message: "whitespace must be ignore or show." }).default("ignore"),
});
