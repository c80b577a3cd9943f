"use client";
// The admins' metadata form: checks with the API's own rules first, sends only what changed, and shows
// the server's refusal next to the field it concerns. Bad input never reaches the database.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { documentMetadataSchema } from "@/lib/documents/schemas";
import { apiFetch, ApiError } from "@/lib/client/api";
import { METADATA_FIELDS, MetadataFields, errorsFromIssues, type MetadataErrors, type MetadataField, type MetadataValues } from "./metadata-fields";
import "./library.css";

type Stored = Record<MetadataField, string | null> & { id: string };

const toValues = (doc: Stored): MetadataValues => ({
  title: doc.title ?? "",
  kind: doc.kind ?? "",
  publisher: doc.publisher ?? "",
  author: doc.author ?? "",
  publishedAt: doc.publishedAt ?? "",
  sourceUrl: doc.sourceUrl ?? "",
});

/** A 409 of fields changed by someone else since this form showed them (the API's DETAILS_CHANGED). */
function changedMeanwhile(err: ApiError | null): { fields: MetadataField[]; current: Stored } | null {
  const details = err?.status === 409 ? (err.details as { reason?: string; fields?: MetadataField[]; current?: Stored } | undefined) : undefined;
  return details?.reason === "DETAILS_CHANGED" && details.fields && details.current ? { fields: details.fields, current: details.current } : null;
}

export function EditDocumentForm({ document }: Readonly<{ document: Stored }>) {
  const id = useId();
  const router = useRouter();
  const [values, setValues] = useState(() => toValues(document));
  const [saved, setSaved] = useState(() => toValues(document));
  const [errors, setErrors] = useState<MetadataErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function change(field: MetadataField, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    setDone(null);
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    setDone(null);
    const parsed = documentMetadataSchema.safeParse(values);
    if (!parsed.success) {
      const found = errorsFromIssues(parsed.error.issues);
      setErrors(found);
      setFailure("Nothing was saved. Check the highlighted fields.");
      // The first field to fix gets the focus (and so comes into view).
      const first = METADATA_FIELDS.find((f) => found[f]);
      if (first) event.currentTarget.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setErrors({});
    const edited = METADATA_FIELDS.filter((f) => values[f] !== saved[f]);
    const changes = Object.fromEntries(edited.map((f) => [f, parsed.data[f] ?? null]));
    if (edited.length === 0) {
      setDone("Nothing to save: no field was changed.");
      return;
    }
    // What this form showed before the edit: a field someone else changed since is refused, not overwritten.
    const previous = Object.fromEntries(edited.map((f) => [f, saved[f] === "" ? null : saved[f]]));
    setBusy(true);
    try {
      const updated = await apiFetch<Stored>(`/api/documents/${document.id}`, { method: "PATCH", json: { ...changes, previous } });
      const next = toValues(updated);
      setValues(next);
      setSaved(next);
      setDone(`Saved the details of “${updated.title}”.`);
      router.refresh();
    } catch (e) {
      const err = e instanceof ApiError ? e : null;
      const conflict = changedMeanwhile(err);
      if (conflict) {
        // Their values are now what this form compares with: the fields keep what was typed, each says what
        // it was changed to, and saving again replaces theirs knowingly. Fields not edited here show theirs.
        const current = toValues(conflict.current);
        setSaved(current);
        setValues((v) => Object.fromEntries(METADATA_FIELDS.map((f) => [f, v[f] === saved[f] ? current[f] : v[f]])) as MetadataValues);
        setErrors(Object.fromEntries(conflict.fields.map((f) => [f, `Changed meanwhile to “${current[f] || "(empty)"}”. Save again to replace it with yours.`])));
        setFailure(err!.message);
        router.refresh(); // the page's own mentions of the title
      } else {
        setErrors(errorsFromIssues(err?.details));
        setFailure(`Nothing was saved. ${err?.message ?? "The server could not be reached; try again."}`);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="add-document edit-document" onSubmit={onSubmit} noValidate aria-label="Document details">
      <MetadataFields idPrefix={id} values={values} errors={errors} onChange={change} />
      {failure && (
        <div className="error submit-error" role="alert">
          {failure}
        </div>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : "Save details"}
        </button>
        <Link href={`/documents/${document.id}`}>Open the document</Link>
      </div>
      <p role="status" className="form-status">
        {done}
      </p>
    </form>
  );
}
