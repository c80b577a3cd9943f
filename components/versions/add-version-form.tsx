"use client";
// Add a new version of a document: upload or paste its revised text (the same extraction and preview as
// "Add document"), with an optional change note. The server re-anchors every annotation on the new
// text; the answer says how many stayed exact, moved, or need a check (fuzzy, orphaned), and takes the
// focus (the page's Needs check list, above the form, shows those).
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { apiFetch, ApiError } from "@/lib/client/api";
import { MAX_VERSION_NOTE } from "@/lib/documents/schemas";
import { pasteSource, SourcePicker, UploadPreview, uploadRequest, useUploadPreview, type Mode, type Source, type SourceFormat } from "@/components/library/upload-source";
import { plural } from "@/lib/plural";
import "@/components/library/library.css";

interface Added {
  version: { number: number };
  anchoring: { exact: number; moved: number; fuzzy: number; orphaned: number };
}

export function AddVersionForm({ documentId, currentVersion }: Readonly<{ documentId: string; currentVersion: number }>) {
  const router = useRouter();
  const id = useId();
  const [mode, setMode] = useState<Mode>("file");
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState("");
  const [pasteFormat, setPasteFormat] = useState<SourceFormat>("text");
  const [note, setNote] = useState("");
  const [keepFullText, setKeepFullText] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ message: string; existingId?: string } | null>(null);
  const [added, setAdded] = useState<Added | null>(null);
  const [round, setRound] = useState(0); // a new file input after each version added
  const { preview, schedule } = useUploadPreview();
  // The button is disabled while the version goes in, which drops the focus to the page: it goes to
  // what came of it instead, whose link leads to the Needs check list (above the form).
  const result = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (added) result.current?.focus();
  }, [added]);

  const source = (): Source => (mode === "file" ? (file ? { file } : null) : pasteSource(pasted, pasteFormat));
  const changed = () => {
    setError(null);
    setAdded(null);
  };

  function switchMode(next: Mode) {
    setMode(next);
    changed();
    schedule(next === "file" ? (file ? { file } : null) : pasteSource(pasted, pasteFormat), 0, keepFullText);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const chosen = source();
    if (!chosen) {
      setError({ message: mode === "file" ? "Choose a file with the new text, or paste it." : "Paste the new text of the document." });
      return;
    }
    setSubmitting(true);
    try {
      const result = await apiFetch<Added>(`/api/documents/${documentId}/versions`, uploadRequest(chosen, keepFullText, { note }));
      setAdded(result);
      setFile(null);
      setPasted("");
      setNote("");
      setRound((r) => r + 1);
      schedule(null, 0, keepFullText);
      router.refresh();
    } catch (e) {
      const err = e instanceof ApiError ? e : null;
      setError({ message: err?.message ?? "The version could not be added.", existingId: (err?.details as { existingId?: string } | undefined)?.existingId });
    } finally {
      setSubmitting(false);
    }
  }

  const a = added?.anchoring;
  const toCheck = a ? a.fuzzy + a.orphaned : 0;

  return (
    <form className="add-document add-version" onSubmit={onSubmit} noValidate>
      <div className="add-document-grid">
        <div className="add-document-fields">
          <SourcePicker
            key={round}
            idPrefix={id}
            mode={mode}
            file={file}
            pasted={pasted}
            pasteFormat={pasteFormat}
            pasteLabel="New text"
            onMode={switchMode}
            onFile={(f) => {
              changed();
              setFile(f ?? null);
              schedule(f ? { file: f } : null, 0, keepFullText);
            }}
            onPasted={(text) => {
              changed();
              setPasted(text);
              schedule(pasteSource(text, pasteFormat), 400, keepFullText);
            }}
            onPasteFormat={(format) => {
              setPasteFormat(format);
              schedule(pasteSource(pasted, format), 0, keepFullText);
            }}
          >
            {preview.status === "error" && (
              <div className="error" role="alert">
                {preview.message}
              </div>
            )}
          </SourcePicker>
          <div className="field">
            <label htmlFor={`${id}-note`}>Change note (optional)</label>
            <textarea
              id={`${id}-note`}
              rows={3}
              maxLength={MAX_VERSION_NOTE}
              value={note}
              aria-describedby={`${id}-note-help`}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <p id={`${id}-note-help`} className="muted small">
              What changed and why, for example “Correction of 3 May: the date of the strike”. Shown in the list of versions.
            </p>
          </div>
        </div>
        {/* Before the button in the page and for the keyboard: the text is checked, then added. */}
        <UploadPreview
          idPrefix={id}
          preview={preview}
          mode={mode}
          keepFullText={keepFullText}
          onKeepFullText={(keep) => {
            setKeepFullText(keep);
            schedule(source(), 0, keep);
          }}
          duplicateNotice={(duplicate) =>
            duplicate.id === documentId ? (
              <p className="notice" role="status">
                This is the current text of this document: there is nothing new to add.
              </p>
            ) : (
              <p className="notice" role="status">
                This text is already in the library as “{duplicate.title}”; a new version cannot repeat another document&apos;s text.{" "}
                <Link href={`/documents/${duplicate.id}`}>Open it</Link>
              </p>
            )
          }
        />
        <div className="add-document-submit">
          {error && (
            <div className="error submit-error" role="alert">
              {error.message}
              {error.existingId && (
                <>
                  {" "}
                  <Link href={`/documents/${error.existingId}`}>Open that document</Link>
                </>
              )}
            </div>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={submitting}>
              {submitting ? "Adding…" : `Add version ${currentVersion + 1}`}
            </button>
          </div>
          <p className="version-added" role="status" tabIndex={-1} ref={result}>
            {added && a && (
              <>
                Version {added.version.number} added. Its annotations: {a.exact} exact, {a.moved} moved, {a.fuzzy} fuzzy, {a.orphaned} orphaned.{" "}
                {toCheck > 0 ? (
                  <>
                    {plural(toCheck, "annotation needs", "annotations need")} a check: see{" "}
                    <a href="#needs-check-heading" onClick={() => document.getElementById("needs-check-heading")?.focus({ preventScroll: true })}>
                      Needs check
                    </a>
                    , above.
                  </>
                ) : (
                  "None needs a check."
                )}
              </>
            )}
          </p>
        </div>
      </div>
    </form>
  );
}
