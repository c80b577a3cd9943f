"use client";
// Add a document: upload a .txt/.md/.html file (picker or drag and drop) or paste text, fill in the
// metadata, see exactly the text that will be stored (the server extracts it), then add it.
// The metadata the file states about itself (title, author, publisher, date, kind, source URL) is
// filled in for the fields you have not touched. For HTML the preview lists the passages dropped as
// boilerplate (navigation, headers, footers, cookie banners, share bars); "Keep the full text" keeps them.
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

type RangeType = "heading" | "paragraph" | "preformatted" | "list" | "listItem" | "quote" | "emphasis" | "strong" | "link" | "image" | "citation" | "note";

interface Preview {
  format: SourceFormat;
  title: string | null;
  text: string;
  truncated: boolean;
  length: number;
  words: number;
  duplicate: { id: string; title: string } | null;
  metadata: Partial<MetadataValues>;
  structure: { counts: Partial<Record<RangeType, number>>; truncated: boolean };
  boilerplate: {
    applied: boolean;
    passages: Array<{ text: string; length: number }>;
    passageCount: number;
    droppedLength: number;
    fullLength: number;
    skipped?: "nothing-to-drop" | "too-deep" | "too-many-elements" | "no-article" | "unsure";
  } | null;
}

type PreviewState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ok"; preview: Preview }
  | { status: "error"; message: string; existingId?: string };

const FORMAT_LABEL: Record<SourceFormat, string> = { text: "plain text", markdown: "Markdown", html: "HTML" };
const SKIPPED_LABEL: Record<string, string> = {
  "too-deep": "The page is nested too deeply to look for boilerplate; the full text is kept.",
  "too-many-elements": "The page is too large to look for boilerplate; the full text is kept.",
  "no-article": "No main article could be told apart from the rest of the page; the full text is kept.",
  unsure: "The main article could not be matched reliably to the page's text; the full text is kept.",
};
/** What the structure line of the preview counts, in this order. */
const STRUCTURE_LABELS: Array<[RangeType, string, string]> = [
  ["heading", "heading", "headings"],
  ["list", "list", "lists"],
  ["quote", "quotation", "quotations"],
  ["link", "link", "links"],
  ["citation", "citation marker", "citation markers"],
  ["note", "note", "notes"],
  ["image", "image", "images"],
];
const LISTED_PASSAGES = 20;
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
  // Fields the person typed in (never overwritten) and fields filled in from the file (marked as such).
  // Refs, so that a preview answering late sees the fields typed in meanwhile.
  const edited = useRef<Set<MetadataField>>(new Set());
  const prefilledRef = useRef<Set<MetadataField>>(new Set());
  const [prefilled, setPrefilled] = useState<ReadonlySet<MetadataField>>(new Set());
  const [keepFullText, setKeepFullText] = useState(false);
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

  /** Fills the fields the person has not typed in from what the file says (and empties the rest of the earlier file's). */
  function prefill(result: Preview | null, fileName?: string) {
    const fromFile: Partial<MetadataValues> = { ...(result?.metadata ?? {}) };
    const title = result?.metadata.title ?? result?.title ?? (fileName ? titleFromFileName(fileName) : "");
    if (title) fromFile.title = title.slice(0, 300);
    const before = prefilledRef.current;
    const now = new Set(METADATA_FIELDS.filter((f) => !edited.current.has(f) && fromFile[f]));
    prefilledRef.current = now;
    setPrefilled(now);
    setMeta((m) => {
      const next = { ...m };
      for (const f of METADATA_FIELDS) if (!edited.current.has(f) && (before.has(f) || now.has(f))) next[f] = fromFile[f] ?? "";
      return next;
    });
  }

  // Ask the server what it would store (it extracts; the browser never guesses); the newest request wins.
  async function runPreview(source: Source, keep = keepFullText) {
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
        form.set("keepFullText", String(keep));
        init = { method: "POST", body: form };
      } else {
        init = { method: "POST", json: { ...source, keepFullText: keep } };
      }
      const result = await apiFetch<Preview>("/api/documents/preview", init);
      if (ticket !== latest.current) return;
      setPreview({ status: "ok", preview: result });
      prefill(result, "file" in source ? source.file.name : undefined);
    } catch (e) {
      if (ticket !== latest.current) return;
      const err = e instanceof ApiError ? e : null;
      const existingId = (err?.details as { existingId?: string } | undefined)?.existingId;
      setPreview({ status: "error", message: err?.message ?? "The preview failed.", existingId });
    }
  }

  /** Typing is debounced; a chosen file is previewed at once. */
  function schedulePreview(source: Source, delay = 0, keep = keepFullText) {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void runPreview(source, keep), delay);
  }

  const currentSource = (): Source => (mode === "file" ? (file ? { file } : null) : pasteSource(pasted, pasteFormat));

  function changeKeepFullText(keep: boolean) {
    setKeepFullText(keep);
    schedulePreview(currentSource(), 0, keep);
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
    if (!f) prefill(null);
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
    edited.current.add(field);
    if (prefilledRef.current.delete(field)) setPrefilled(new Set(prefilledRef.current));
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
        form.set("keepFullText", String(keepFullText));
        for (const f of METADATA_FIELDS) form.set(f, meta[f]);
        created = await apiFetch<{ id: string }>("/api/documents", { method: "POST", body: form });
      } else {
        created = await apiFetch<{ id: string }>("/api/documents", { method: "POST", json: { text: pasted, format: pasteFormat, keepFullText, ...meta } });
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

  const hints = Object.fromEntries([...prefilled].filter((f) => !fieldErrors[f]).map((f) => [f, "From the file; check it."]));

  const duplicate = preview.status === "ok" ? preview.preview.duplicate : null;
  const shown = preview.status === "ok" ? preview.preview : null;
  const structureLine = shown
    ? STRUCTURE_LABELS.flatMap(([type, one, many]) => {
        const n = shown.structure.counts[type] ?? 0;
        return n > 0 ? [`${n.toLocaleString("en")} ${n === 1 ? one : many}`] : [];
      })
    : [];
  const boilerplate = shown?.boilerplate ?? null;
  const offerKeep = !!boilerplate && (boilerplate.passageCount > 0 || keepFullText);

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

          <MetadataFields idPrefix={id} values={meta} errors={fieldErrors} hints={hints} onChange={set} />

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
              {structureLine.length > 0 && <p className="muted small preview-structure">Structure kept: {structureLine.join(" · ")}</p>}
              {duplicate && (
                <p className="notice" role="status">
                  This text is already in the library as “{duplicate.title}”.{" "}
                  <Link href={`/documents/${duplicate.id}`}>Open it</Link> instead of adding it again.
                </p>
              )}
              {boilerplate && boilerplate.passageCount > 0 && (
                <section className="boilerplate" aria-labelledby={`${id}-boilerplate-heading`}>
                  <h3 id={`${id}-boilerplate-heading`}>{boilerplate.applied ? "Dropped as boilerplate" : "Kept, though it looks like boilerplate"}</h3>
                  <p className="small">
                    {boilerplate.passageCount.toLocaleString("en")} {boilerplate.passageCount === 1 ? "passage" : "passages"} (
                    {boilerplate.droppedLength.toLocaleString("en")} of {boilerplate.fullLength.toLocaleString("en")} characters) look like
                    navigation, headers, footers, banners or share bars
                    {boilerplate.applied ? " and are left out of the text." : "; you chose to keep the full text."}
                  </p>
                  <ul className="boilerplate-passages">
                    {boilerplate.passages.slice(0, LISTED_PASSAGES).map((p, i) => (
                      <li key={i}>{p.text}</li>
                    ))}
                  </ul>
                  {boilerplate.passageCount > LISTED_PASSAGES && (
                    <p className="muted small">and {(boilerplate.passageCount - LISTED_PASSAGES).toLocaleString("en")} more</p>
                  )}
                </section>
              )}
              {boilerplate?.skipped && boilerplate.skipped !== "nothing-to-drop" && <p className="muted small">{SKIPPED_LABEL[boilerplate.skipped]}</p>}
              {offerKeep && (
                <label className="check keep-full-text">
                  <input type="checkbox" checked={keepFullText} onChange={(e) => changeKeepFullText(e.currentTarget.checked)} /> Keep the full text
                  (nothing dropped)
                </label>
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
