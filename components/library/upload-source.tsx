"use client";
// The upload pieces shared by "Add document" and "Add a new version": the text's source (a .txt/.md/
// .html file by picker or drag and drop, or pasted text with its format), and the preview of exactly the
// text the server would store (it extracts; the browser never guesses), with the structure found and,
// for HTML, the passages dropped as boilerplate and the "Keep the full text" choice.
import Link from "next/link";
import { useEffect, useRef, useState, type DragEvent, type ReactNode } from "react";
import { MAX_TEXT_BYTES, SOURCE_FORMATS } from "@/lib/documents/schemas";
import { apiFetch, ApiError } from "@/lib/client/api";
import type { MetadataValues } from "./metadata-fields";

export type SourceFormat = (typeof SOURCE_FORMATS)[number];
export type Mode = "file" | "paste";
export type Source = { file: File } | { text: string; format: SourceFormat } | null;

type RangeType = "heading" | "paragraph" | "preformatted" | "list" | "listItem" | "quote" | "emphasis" | "strong" | "link" | "image" | "citation" | "note";

export interface Preview {
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

export type PreviewState =
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

export const pasteSource = (text: string, format: SourceFormat): Source => (text ? { text, format } : null);

/** The request for a source: multipart with the file, or JSON with the pasted text; `fields` go with it. */
export function uploadRequest(source: NonNullable<Source>, keepFullText: boolean, fields: Record<string, string> = {}): RequestInit & { json?: unknown } {
  if ("file" in source) {
    const form = new FormData();
    form.set("file", source.file);
    form.set("keepFullText", String(keepFullText));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return { method: "POST", body: form };
  }
  return { method: "POST", json: { ...source, keepFullText, ...fields } };
}

/**
 * The server's preview of a source (POST /api/documents/preview): the newest request wins; typing is
 * debounced by `schedule`'s delay. `onPreview` sees each successful answer (to pre-fill fields, say).
 */
export function useUploadPreview(onPreview?: (preview: Preview | null, source: Source) => void) {
  const [preview, setPreview] = useState<PreviewState>({ status: "idle" });
  const latest = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const callback = useRef(onPreview);
  useEffect(() => {
    callback.current = onPreview;
  }, [onPreview]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  async function run(source: Source, keep: boolean) {
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
      const result = await apiFetch<Preview>("/api/documents/preview", uploadRequest(source, keep));
      if (ticket !== latest.current) return;
      setPreview({ status: "ok", preview: result });
      callback.current?.(result, source);
    } catch (e) {
      if (ticket !== latest.current) return;
      const err = e instanceof ApiError ? e : null;
      const existingId = (err?.details as { existingId?: string } | undefined)?.existingId;
      setPreview({ status: "error", message: err?.message ?? "The preview failed.", existingId });
    }
  }

  /** Typing is debounced; a chosen file is previewed at once. */
  function schedule(source: Source, delay: number, keep: boolean) {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void run(source, keep), delay);
  }

  return { preview, schedule };
}

interface SourcePickerProps {
  idPrefix: string;
  mode: Mode;
  file: File | null;
  pasted: string;
  pasteFormat: SourceFormat;
  onMode: (mode: Mode) => void;
  onFile: (file: File | null | undefined) => void;
  onPasted: (text: string) => void;
  onPasteFormat: (format: SourceFormat) => void;
  /** Label of the paste box. */
  pasteLabel?: string;
  /** Under the inputs: the preview's refusal, for example. */
  children?: ReactNode;
}

/** The "Text" fieldset: upload a file (picker or drop) or paste text. */
export function SourcePicker({ idPrefix: id, mode, file, pasted, pasteFormat, onMode, onFile, onPasted, onPasteFormat, pasteLabel = "Text to add", children }: Readonly<SourcePickerProps>) {
  const [dragging, setDragging] = useState(false);
  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files?.[0];
    if (dropped) {
      onMode("file");
      onFile(dropped);
    }
  }
  return (
    <fieldset className="source">
      <legend>Text</legend>
      <div className="mode-switch">
        <label className="check">
          <input type="radio" name={`${id}-mode`} value="file" checked={mode === "file"} onChange={() => onMode("file")} /> Upload a file
        </label>
        <label className="check">
          <input type="radio" name={`${id}-mode`} value="paste" checked={mode === "paste"} onChange={() => onMode("paste")} /> Paste text
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
          <input id={`${id}-file`} type="file" accept={ACCEPT} aria-describedby={`${id}-file-help`} onChange={(e) => onFile(e.currentTarget.files?.[0])} />
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
            <label htmlFor={`${id}-text`}>{pasteLabel}</label>
            <textarea id={`${id}-text`} rows={10} value={pasted} onChange={(e) => onPasted(e.currentTarget.value)} />
          </div>
          <div className="field inline">
            <label htmlFor={`${id}-format`}>The pasted text is</label>
            <select id={`${id}-format`} value={pasteFormat} onChange={(e) => onPasteFormat(e.currentTarget.value as SourceFormat)}>
              <option value="text">Plain text (stored as it is)</option>
              <option value="markdown">Markdown (reduced to its text)</option>
              <option value="html">HTML (reduced to its text)</option>
            </select>
          </div>
        </>
      )}
      {children}
    </fieldset>
  );
}

interface UploadPreviewProps {
  idPrefix: string;
  preview: PreviewState;
  mode: Mode;
  keepFullText: boolean;
  onKeepFullText: (keep: boolean) => void;
  /** What to say when the text is already in the library (default: link to the existing document). */
  duplicateNotice?: (duplicate: { id: string; title: string }) => ReactNode;
}

/** The "Preview" panel: the text that will be stored, its counts and structure, boilerplate dropped. */
export function UploadPreview({ idPrefix: id, preview, mode, keepFullText, onKeepFullText, duplicateNotice }: Readonly<UploadPreviewProps>) {
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
    <section className="preview panel" aria-labelledby={`${id}-preview-heading`} aria-busy={preview.status === "loading"}>
      <h2 id={`${id}-preview-heading`}>Preview</h2>
      {preview.status === "idle" && <p className="muted">The text that will be stored appears here once you choose a file or paste text.</p>}
      {preview.status === "loading" && <p className="muted">Reading the text…</p>}
      {preview.status === "error" && <p className="muted">Nothing can be stored from this {mode === "file" ? "file" : "text"}.</p>}
      {shown && (
        <>
          <p className="muted small preview-stats">
            Read as {FORMAT_LABEL[shown.format]} · {shown.words.toLocaleString("en")} words · {shown.length.toLocaleString("en")} characters
            {shown.truncated && " · only the beginning is shown"}
          </p>
          {structureLine.length > 0 && <p className="muted small preview-structure">Structure kept: {structureLine.join(" · ")}</p>}
          {shown.duplicate &&
            (duplicateNotice ? (
              duplicateNotice(shown.duplicate)
            ) : (
              <p className="notice" role="status">
                This text is already in the library as “{shown.duplicate.title}”. <Link href={`/documents/${shown.duplicate.id}`}>Open it</Link> instead of
                adding it again.
              </p>
            ))}
          {boilerplate && boilerplate.passageCount > 0 && (
            <section className="boilerplate" aria-labelledby={`${id}-boilerplate-heading`}>
              <h3 id={`${id}-boilerplate-heading`}>{boilerplate.applied ? "Dropped as boilerplate" : "Kept, though it looks like boilerplate"}</h3>
              <p className="small">
                {boilerplate.passageCount.toLocaleString("en")} {boilerplate.passageCount === 1 ? "passage" : "passages"} (
                {boilerplate.droppedLength.toLocaleString("en")} of {boilerplate.fullLength.toLocaleString("en")} characters) look like navigation,
                headers, footers, banners or share bars
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
              <input type="checkbox" checked={keepFullText} onChange={(e) => onKeepFullText(e.currentTarget.checked)} /> Keep the full text (nothing
              dropped)
            </label>
          )}
          <div className="preview-text" tabIndex={0} aria-label="Text that will be stored">
            {shown.text}
            {shown.truncated && "…"}
          </div>
        </>
      )}
    </section>
  );
}
