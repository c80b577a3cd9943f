"use client";
// Add a document: upload a .txt/.md/.html file (picker or drag and drop) or paste text, fill in the
// metadata, see exactly the text that will be stored (the server extracts it), then add it.
// The server re-validates everything; this form only saves round trips and explains refusals.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type DragEvent, type FormEvent } from "react";
import { MAX_TEXT_BYTES, SOURCE_FORMATS, documentMetadataSchema } from "@/lib/documents/schemas";
import { apiFetch, ApiError } from "@/lib/client/api";
import {
  EMPTY_METADATA,
  METADATA_FIELDS,
  MetadataFields,
  errorsFromIssues,
  type MetadataErrors,
  type MetadataField,
  type MetadataValues,
} from "./metadata-fields";
import "./library.css";

type SourceFormat = (typeof SOURCE_FORMATS)[number];
type Mode = "file" | "paste";

interface Preview {
  format: SourceFormat;
  title: string | null;
  text: string;
  truncated: boolean;
  length: number;
  words: number;
  duplicate: { id: string; title: string } | null;
}

type PreviewState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ok"; preview: Preview }
  | { status: "error"; message: string; existingId?: string };

const FORMAT_LABEL: Record<SourceFormat, string> = { text: "plain text", markdown: "Markdown", html: "HTML" };
const ACCEPT = ".txt,.text,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html";

function titleFromFileName(name: string): string {
  const stem = name.replace(/\.[^.]*$/, "").replace(/[_-]+/g, " ").trim();
  return stem ? stem.charAt(0).toUpperCase() + stem.slice(1) : "";
}

export function AddDocumentForm() {
  const router = useRouter();
  const id = useId();
  const [mode, setMode] = useState<Mode>("file");
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState("");
  const [pasteFormat, setPasteFormat] = useState<SourceFormat>("text");
  const [meta, setMeta] = useState<MetadataValues>(EMPTY_METADATA);
  const [titleEdited, setTitleEdited] = useState(false);
  const [preview, setPreview] = useState<PreviewState>({ status: "idle" });
  const [fieldErrors, setFieldErrors] = useState<MetadataErrors>({});
  const [submitError, setSubmitError] = useState<{ message: string; existingId?: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [dragging, setDragging] = useState(false);
  const latest = useRef(0);

  const hasSource = mode === "file" ? !!file : pasted.length > 0;

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  type Source = { file: File } | { text: string; format: SourceFormat } | null;

  // Ask the server what it would store (it extracts; the browser never guesses); the newest request wins.
  async function runPreview(source: Source) {
    const ticket = ++latest.current;
    if (!source) {
      setPreview({ status: "idle" });
      return;
    }
    // Refuse an oversized file here: the server answers 413 before reading it all, which a browser
    // still uploading may only see as a dropped connection.
    if ("file" in source && source.file.size > MAX_TEXT_BYTES) {
      setPreview({
        status: "error",
        message: `This file is ${(source.file.size / 1024 / 1024).toFixed(1)} MB; documents can have at most 5 MB of text. Split it or upload a shorter excerpt.`,
      });
      return;
    }
    setPreview({ status: "loading" });
    try {
      let init: RequestInit & { json?: unknown };
      if ("file" in source) {
        const form = new FormData();
        form.set("file", source.file);
        init = { method: "POST", body: form };
      } else {
        init = { method: "POST", json: source };
      }
      const result = await apiFetch<Preview>("/api/documents/preview", init);
      if (ticket !== latest.current) return;
      setPreview({ status: "ok", preview: result });
      const suggestion = result.title ?? ("file" in source ? titleFromFileName(source.file.name) : "");
      if (suggestion && !titleEdited) setMeta((m) => ({ ...m, title: suggestion.slice(0, 300) }));
    } catch (e) {
      if (ticket !== latest.current) return;
      const err = e instanceof ApiError ? e : null;
      const existingId = (err?.details as { existingId?: string } | undefined)?.existingId;
      setPreview({ status: "error", message: err?.message ?? "The preview failed.", existingId });
    }
  }

  /** Typing is debounced; a chosen file is previewed at once. */
  function schedulePreview(source: Source, delay = 0) {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void runPreview(source), delay);
  }

  const pasteSource = (text: string, format: SourceFormat): Source => (text ? { text, format } : null);

  function switchMode(next: Mode) {
    setMode(next);
    setSubmitError(null);
    schedulePreview(next === "file" ? (file ? { file } : null) : pasteSource(pasted, pasteFormat));
  }

  function chooseFile(f: File | null | undefined) {
    setSubmitError(null);
    setFile(f ?? null);
    if (!titleEdited) setMeta((m) => ({ ...m, title: "" }));
    schedulePreview(f ? { file: f } : null);
  }

  function changePasted(text: string) {
    setSubmitError(null);
    setPasted(text);
    schedulePreview(pasteSource(text, pasteFormat), 400);
  }

  function changePasteFormat(format: SourceFormat) {
    setPasteFormat(format);
    schedulePreview(pasteSource(pasted, format));
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files?.[0];
    if (dropped) {
      setMode("file");
      chooseFile(dropped);
    }
  }

  function set(field: MetadataField, value: string) {
    setMeta((m) => ({ ...m, [field]: value }));
    if (field === "title") setTitleEdited(true);
    if (fieldErrors[field]) setFieldErrors((e) => ({ ...e, [field]: undefined }));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitError(null);
    const errors: MetadataErrors = {};
    const parsed = documentMetadataSchema.safeParse(meta);
    if (!parsed.success) Object.assign(errors, errorsFromIssues(parsed.error.issues));
    if (!meta.kind) errors.kind = "Choose a kind.";
    setFieldErrors(errors);
    if (!hasSource) {
      setSubmitError({ message: mode === "file" ? "Choose a file to upload, or paste the text." : "Paste the text of the document." });
      return;
    }
    if (Object.keys(errors).length > 0) {
      setSubmitError({ message: "Check the highlighted fields." });
      return;
    }
    setSubmitting(true);
    try {
      let created: { id: string };
      if (mode === "file" && file) {
        const form = new FormData();
        form.set("file", file);
        for (const f of METADATA_FIELDS) form.set(f, meta[f]);
        created = await apiFetch<{ id: string }>("/api/documents", { method: "POST", body: form });
      } else {
        created = await apiFetch<{ id: string }>("/api/documents", { method: "POST", json: { text: pasted, format: pasteFormat, ...meta } });
      }
      router.push(`/documents/${created.id}`);
    } catch (e) {
      const err = e instanceof ApiError ? e : null;
      setFieldErrors(errorsFromIssues(err?.details));
      setSubmitError({
        message: err?.message ?? "The document could not be added.",
        existingId: (err?.details as { existingId?: string } | undefined)?.existingId,
      });
      setSubmitting(false);
    }
  }

  const duplicate = preview.status === "ok" ? preview.preview.duplicate : null;

  return (
    <form className="add-document" onSubmit={onSubmit} noValidate>
      <div className="add-document-grid">
        <div>
          <fieldset className="source">
            <legend>Text</legend>
            <div className="mode-switch">
              <label className="check">
                <input type="radio" name="mode" value="file" checked={mode === "file"} onChange={() => switchMode("file")} /> Upload a file
              </label>
              <label className="check">
                <input type="radio" name="mode" value="paste" checked={mode === "paste"} onChange={() => switchMode("paste")} /> Paste text
              </label>
            </div>

            {mode === "file" ? (
              <div
                className={`dropzone${dragging ? " dragging" : ""}`}
                onDragOver={(e) => {
                  e.preventDefault();
                  setDragging(true);
                }}
                onDragLeave={() => setDragging(false)}
                onDrop={onDrop}
                data-testid="dropzone"
              >
                <label htmlFor={`${id}-file`}>File</label>
                <input
                  id={`${id}-file`}
                  type="file"
                  accept={ACCEPT}
                  aria-describedby={`${id}-file-help`}
                  onChange={(e) => chooseFile(e.currentTarget.files?.[0])}
                />
                <p id={`${id}-file-help`} className="muted small">
                  A .txt, .md or .html file in UTF-8, up to 5 MB — choose it or drop it here.
                  {file && (
                    <>
                      {" "}
                      Chosen: <strong>{file.name}</strong> ({Math.max(1, Math.round(file.size / 1024)).toLocaleString("en")} KB)
                    </>
                  )}
                </p>
              </div>
            ) : (
              <>
                <div className="field">
                  <label htmlFor={`${id}-text`}>Text to add</label>
                  <textarea
                    id={`${id}-text`}
                    rows={10}
                    value={pasted}
                    onChange={(e) => changePasted(e.currentTarget.value)}
                  />
                </div>
                <div className="field inline">
                  <label htmlFor={`${id}-format`}>The pasted text is</label>
                  <select id={`${id}-format`} value={pasteFormat} onChange={(e) => changePasteFormat(e.currentTarget.value as SourceFormat)}>
                    <option value="text">Plain text (stored as it is)</option>
                    <option value="markdown">Markdown (reduced to its text)</option>
                    <option value="html">HTML (reduced to its text)</option>
                  </select>
                </div>
              </>
            )}
            {preview.status === "error" && (
              <div className="error" role="alert">
                {preview.message}
                {preview.existingId && (
                  <>
                    {" "}
                    <Link href={`/documents/${preview.existingId}`}>Open the existing document</Link>
                  </>
                )}
              </div>
            )}
          </fieldset>

          <MetadataFields idPrefix={id} values={meta} errors={fieldErrors} onChange={set} />

          {submitError && (
            <div className="error submit-error" role="alert">
              {submitError.message}
              {submitError.existingId && (
                <>
                  {" "}
                  <Link href={`/documents/${submitError.existingId}`}>Open the existing document</Link>
                </>
              )}
            </div>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={submitting}>
              {submitting ? "Adding…" : "Add document"}
            </button>
            <Link href="/">Cancel</Link>
          </div>
        </div>

        <section className="preview panel" aria-labelledby={`${id}-preview-heading`} aria-busy={preview.status === "loading"}>
          <h2 id={`${id}-preview-heading`}>Preview</h2>
          {preview.status === "idle" && <p className="muted">The text that will be stored appears here once you choose a file or paste text.</p>}
          {preview.status === "loading" && <p className="muted">Reading the text…</p>}
          {preview.status === "error" && <p className="muted">Nothing can be stored from this {mode === "file" ? "file" : "text"}.</p>}
          {preview.status === "ok" && (
            <>
              <p className="muted small preview-stats">
                Read as {FORMAT_LABEL[preview.preview.format]} · {preview.preview.words.toLocaleString("en")} words ·{" "}
                {preview.preview.length.toLocaleString("en")} characters
                {preview.preview.truncated && " · only the beginning is shown"}
              </p>
              {duplicate && (
                <p className="notice" role="status">
                  This text is already in the library as “{duplicate.title}”.{" "}
                  <Link href={`/documents/${duplicate.id}`}>Open it</Link> instead of adding it again.
                </p>
              )}
              <div className="preview-text" tabIndex={0} aria-label="Text that will be stored">
                {preview.preview.text}
                {preview.preview.truncated && "…"}
              </div>
            </>
          )}
        </section>
      </div>
    </form>
  );
}
