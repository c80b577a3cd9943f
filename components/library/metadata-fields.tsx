"use client";
// The "About the document" fields, shared by the add-document form and the admins' edit page, with
// the same rules as the API (lib/documents/schemas.ts) and its errors shown next to each field.
import { DOCUMENT_KINDS } from "@/lib/documents/schemas";

export const METADATA_FIELDS = ["title", "kind", "publisher", "author", "publishedAt", "sourceUrl"] as const;
export type MetadataField = (typeof METADATA_FIELDS)[number];
export type MetadataValues = Record<MetadataField, string>;
export type MetadataErrors = Partial<Record<MetadataField, string>>;

export const EMPTY_METADATA: MetadataValues = { title: "", kind: "", publisher: "", author: "", publishedAt: "", sourceUrl: "" };

/** The first message per field from zod issues (the client's own parse, or an API error's details). */
export function errorsFromIssues(details: unknown): MetadataErrors {
  const out: MetadataErrors = {};
  if (!Array.isArray(details)) return out;
  for (const issue of details as Array<{ path?: unknown[]; message?: string }>) {
    const field = issue.path?.[0];
    if (typeof field === "string" && (METADATA_FIELDS as readonly string[]).includes(field) && issue.message && !out[field as MetadataField]) {
      out[field as MetadataField] = issue.message;
    }
  }
  return out;
}

interface Props {
  idPrefix: string;
  values: MetadataValues;
  errors: MetadataErrors;
  /** A note under a field when it has no error (e.g. "From the file; check it."). */
  hints?: Partial<Record<MetadataField, string>>;
  onChange: (field: MetadataField, value: string) => void;
}

export function MetadataFields({ idPrefix, values, errors, hints = {}, onChange }: Readonly<Props>) {
  const props = (field: MetadataField, format?: string) => ({
    id: `${idPrefix}-${field}`,
    name: field,
    value: values[field],
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby":
      [format, errors[field] ? `${idPrefix}-${field}-error` : hints[field] ? `${idPrefix}-${field}-hint` : undefined].filter(Boolean).join(" ") || undefined,
    onChange: (e: { currentTarget: { value: string } }) => onChange(field, e.currentTarget.value),
  });
  const error = (field: MetadataField) =>
    errors[field] ? (
      <p id={`${idPrefix}-${field}-error`} className="error small">
        {errors[field]}
      </p>
    ) : hints[field] ? (
      <p id={`${idPrefix}-${field}-hint`} className="muted small from-file">
        {hints[field]}
      </p>
    ) : null;

  return (
    <fieldset className="metadata">
      <legend>About the document</legend>
      <div className="field">
        <label htmlFor={`${idPrefix}-title`}>Title</label>
        <input {...props("title")} maxLength={400} required />
        {error("title")}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-kind`}>Kind</label>
        <select {...props("kind")} required>
          <option value="">Choose…</option>
          {DOCUMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        {error("kind")}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-publisher`}>Publisher</label>
        <input {...props("publisher")} />
        {error("publisher")}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-author`}>Author</label>
        <input {...props("author")} />
        {error("author")}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-publishedAt`}>Publication date</label>
        {/* The format as a line that stays (a placeholder went when typing began, and at 320 px it was cut off). */}
        <input {...props("publishedAt", `${idPrefix}-publishedAt-format`)} inputMode="numeric" />
        <p id={`${idPrefix}-publishedAt-format`} className="muted small field-format">
          As precise as known: 2017, 2017-11 or 2017-11-27
        </p>
        {error("publishedAt")}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-sourceUrl`}>Source URL</label>
        <input {...props("sourceUrl")} type="url" placeholder="https://…" />
        {error("sourceUrl")}
      </div>
    </fieldset>
  );
}
