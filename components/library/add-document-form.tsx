"use client";
// Add a document: upload a .txt/.md/.html file (picker or drag and drop) or paste text, fill in the
// metadata, see exactly the text that will be stored (the server extracts it), then add it.
// The metadata the file states about itself (title, author, publisher, date, kind, source URL) is
// filled in for the fields you have not touched. For HTML the preview lists the passages dropped as
// boilerplate (navigation, headers, footers, cookie banners, share bars); "Keep the full text" keeps them.
// The server re-validates everything; this form only saves round trips and explains refusals.
// What was pasted and the fields typed in are kept in this browser's localStorage (per user) until the
// document is added or "Start over" is pressed, so a reload or a closed tab loses no long paste. A chosen
// file cannot be kept; the fields typed for it are.
// The source and preview pieces are shared with "Add a new version" (upload-source.tsx).
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { documentMetadataSchema, SOURCE_FORMATS } from "@/lib/documents/schemas";
import { apiFetch, ApiError } from "@/lib/client/api";
import { readStoredJson, writeStoredJson } from "@/lib/client/storage";
import {
  EMPTY_METADATA,
  METADATA_FIELDS,
  MetadataFields,
  errorsFromIssues,
  type MetadataErrors,
  type MetadataField,
  type MetadataValues,
} from "./metadata-fields";
import { pasteSource, SourcePicker, UploadPreview, uploadRequest, useUploadPreview, type Mode, type Preview, type Source, type SourceFormat } from "./upload-source";
import "./library.css";

function titleFromFileName(name: string): string {
  const stem = name.replace(/\.[^.]*$/, "").replace(/[_-]+/g, " ").trim();
  return stem ? stem.charAt(0).toUpperCase() + stem.slice(1) : "";
}

/** What is kept of an unfinished add form: the mode, the pasted text and the fields typed in. */
interface AddDraft {
  v: 1;
  mode: Mode;
  pasted: string;
  pasteFormat: SourceFormat;
  meta: Partial<MetadataValues>;
}

function isAddDraft(value: unknown): value is AddDraft {
  const d = value as AddDraft | null;
  return (
    !!d &&
    d.v === 1 &&
    (d.mode === "file" || d.mode === "paste") &&
    typeof d.pasted === "string" &&
    (SOURCE_FORMATS as readonly string[]).includes(d.pasteFormat) &&
    !!d.meta &&
    typeof d.meta === "object" &&
    Object.entries(d.meta).every(([k, v]) => (METADATA_FIELDS as readonly string[]).includes(k) && typeof v === "string")
  );
}

const DRAFT_WRITE_DELAY_MS = 300;

export function AddDocumentForm({ userId }: Readonly<{ userId: string }>) {
  const router = useRouter();
  const draftKey = `apparatus:add-document:${userId}`;
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
  const [fieldErrors, setFieldErrors] = useState<MetadataErrors>({});
  const [submitError, setSubmitError] = useState<{ message: string; existingId?: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [restored, setRestored] = useState(false);
  // The draft to write (undefined: nothing pending; null: remove it), written after a pause in typing,
  // when the page is hidden or left, and never once the document is added.
  const pendingDraft = useRef<AddDraft | null | undefined>(undefined);
  const draftLoaded = useRef(false);
  // The document was added: no draft is written any more.
  const added = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);

  const hasSource = mode === "file" ? !!file : pasted.length > 0;

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
      // The same fields as before stay the same state (no draft written, no render) for a preview that changed none.
      return METADATA_FIELDS.some((f) => next[f] !== m[f]) ? next : m;
    });
  }

  // Ask the server what it would store; the newest request wins.
  const { preview, schedule } = useUploadPreview((result, source) => prefill(result, source && "file" in source ? source.file.name : undefined));
  const schedulePreview = (source: Source, delay = 0, keep = keepFullText) => schedule(source, delay, keep);

  const currentSource = (): Source => (mode === "file" ? (file ? { file } : null) : pasteSource(pasted, pasteFormat));

  function changeKeepFullText(keep: boolean) {
    setKeepFullText(keep);
    schedulePreview(currentSource(), 0, keep);
  }

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

  function set(field: MetadataField, value: string) {
    setMeta((m) => ({ ...m, [field]: value }));
    edited.current.add(field);
    if (prefilledRef.current.delete(field)) setPrefilled(new Set(prefilledRef.current));
    if (fieldErrors[field]) setFieldErrors((e) => ({ ...e, [field]: undefined }));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    // The first field marked invalid takes the focus (on a phone it is screens above the button).
    const focusInvalid = () => requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
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
      focusInvalid();
      return;
    }
    setSubmitting(true);
    try {
      const source = mode === "file" && file ? { file } : { text: pasted, format: pasteFormat };
      const created = await apiFetch<{ id: string }>("/api/documents", uploadRequest(source, keepFullText, meta));
      // Added: the draft is gone for good, also if the preview's suggested details arrive after this and
      // change the fields once more before the page is left (they wrote the draft back: CI run 91).
      added.current = true;
      pendingDraft.current = undefined;
      writeStoredJson(draftKey, null);
      router.push(`/documents/${created.id}`);
    } catch (e) {
      const err = e instanceof ApiError ? e : null;
      setFieldErrors(errorsFromIssues(err?.details));
      setSubmitError({
        message: err?.message ?? "The document could not be added.",
        existingId: (err?.details as { existingId?: string } | undefined)?.existingId,
      });
      setSubmitting(false);
      focusInvalid();
    }
  }

  function flushDraft() {
    if (pendingDraft.current === undefined || added.current) return;
    writeStoredJson(draftKey, pendingDraft.current);
    pendingDraft.current = undefined;
  }

  // After hydration: what was pasted or typed here before a reload.
  useEffect(() => {
    const draft = readStoredJson(draftKey, isAddDraft);
    draftLoaded.current = true;
    if (!draft) return;
    const typed = METADATA_FIELDS.filter((f) => draft.meta[f]);
    typed.forEach((f) => edited.current.add(f));
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the browser's storage exists only after hydration
    setMeta((m) => ({ ...m, ...Object.fromEntries(typed.map((f) => [f, draft.meta[f]])) }));
    setPasted(draft.pasted);
    setPasteFormat(draft.pasteFormat);
    setMode(draft.mode);
    if (draft.mode === "paste") schedule(pasteSource(draft.pasted, draft.pasteFormat), 0, false);
    setRestored(true);
    // Only once, on arrival.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draftKey]);

  useEffect(() => {
    if (!draftLoaded.current) return;
    const typed = Object.fromEntries(METADATA_FIELDS.filter((f) => edited.current.has(f) && meta[f]).map((f) => [f, meta[f]]));
    const empty = pasted === "" && Object.keys(typed).length === 0;
    pendingDraft.current = empty ? null : { v: 1, mode, pasted, pasteFormat, meta: typed };
    const timer = setTimeout(flushDraft, DRAFT_WRITE_DELAY_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, pasted, pasteFormat, meta]);

  useEffect(() => {
    window.addEventListener("pagehide", flushDraft);
    return () => {
      window.removeEventListener("pagehide", flushDraft);
      flushDraft();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draftKey]);

  function startOver() {
    pendingDraft.current = undefined;
    writeStoredJson(draftKey, null);
    edited.current.clear();
    prefilledRef.current = new Set();
    setPrefilled(new Set());
    setMeta(EMPTY_METADATA);
    setPasted("");
    setPasteFormat("text");
    setFile(null);
    setMode("file");
    setFieldErrors({});
    setSubmitError(null);
    setRestored(false);
    schedulePreview(null);
    // The button goes with the notice: the focus goes to the form's first control, not to the page.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>("input, select, textarea")?.focus());
  }

  const hints = Object.fromEntries([...prefilled].filter((f) => !fieldErrors[f]).map((f) => [f, "From the file; check it."]));

  return (
    <form ref={formRef} className="add-document" onSubmit={onSubmit} noValidate>
      {restored && (
        <p className="notice draft-restored" role="status">
          What you pasted and typed here before was kept in this browser.{" "}
          <button type="button" className="link" onClick={startOver}>
            Start over
          </button>
        </p>
      )}
      <div className="add-document-grid">
        <div className="add-document-fields">
          <SourcePicker
            idPrefix={id}
            mode={mode}
            file={file}
            pasted={pasted}
            pasteFormat={pasteFormat}
            onMode={switchMode}
            onFile={chooseFile}
            onPasted={changePasted}
            onPasteFormat={changePasteFormat}
          >
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
          </SourcePicker>

          <MetadataFields idPrefix={id} values={meta} errors={fieldErrors} hints={hints} onChange={set} />
        </div>

        {/* Before the button in the page and for the keyboard: the text is checked, then added. */}
        <UploadPreview idPrefix={id} preview={preview} mode={mode} keepFullText={keepFullText} onKeepFullText={changeKeepFullText} />

        <div className="add-document-submit">
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
      </div>
    </form>
  );
}
