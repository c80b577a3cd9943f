"use client";
// The editor where a reviewer classifies a selected passage (or edits an annotation): class, rich-text
// note, evidence. Ctrl/Cmd+Enter saves; Escape asks the owner to cancel (which asks first when the draft
// has content). Every change is reported (onChange), so the owner can keep the draft.
import { useLayoutEffect, useRef, useState } from "react";
import { NoteEditor } from "@/components/notes";
import type { NoteDoc } from "@/lib/notes/schema";
import { CLASSIFICATIONS, type Classification, type EvidenceDTO } from "@/lib/annotations/types";
import { CLASS_LABEL } from "./class-badge";
import { EvidenceEditor, emptyRow, fromRows, urlProblem, withKeys, type EvidenceRow } from "./evidence-editor";
import { clipAtWord } from "@/lib/excerpt";

/** What the editor holds, evidence rows included as typed (a draft keeps half-written ones). */
export interface EditorValues {
  classification: Classification;
  note: NoteDoc | null;
  evidence: Array<{ citation: string; url: string }>;
}

/** What is saved. */
export interface PanelValues {
  classification: Classification;
  note: NoteDoc | null;
  evidence: EvidenceDTO[];
}

interface Props {
  title: string;
  quote: string;
  initial: EditorValues;
  busy: boolean;
  error: string | null;
  /** What happened to the draft meanwhile, shown under its quote: moved to its passage in a new version, or
   * kept as a new annotation after the one being edited was deleted. */
  notice?: string | null;
  /** Why it cannot be saved now (e.g. its passage is gone), or null: Save is off while it is set. */
  blocked?: string | null;
  /** A warning to confirm before saving with this class (e.g. a duplicate of one's own annotation), or null. */
  warningFor?: (classification: Classification) => string | null;
  onChange: (values: EditorValues) => void;
  onSave: (values: PanelValues) => void;
  onCancel: () => void;
}

export function AnnotationPanel({ title, quote, initial, busy, error, notice, blocked, warningFor, onChange, onSave, onCancel }: Readonly<Props>) {
  const [classification, setClassification] = useState(initial.classification);
  const [note, setNote] = useState<NoteDoc | null>(initial.note);
  const [rows, setRows] = useState<EvidenceRow[]>(() => withKeys(initial.evidence));
  const [warned, setWarned] = useState<string | null>(null);
  // A row added by "Add one" (under a sourced claim without evidence) takes the focus.
  const [focusRow, setFocusRow] = useState<number | null>(null);
  // Save tried with an address that cannot be saved: every such address says why.
  const [triedToSave, setTriedToSave] = useState(false);
  const rootRef = useRef<HTMLElement>(null);

  const report = (next: Partial<{ classification: Classification; note: NoteDoc | null; rows: EvidenceRow[] }>) => {
    const values = { classification, note, rows, ...next };
    onChange({ classification: values.classification, note: values.note, evidence: values.rows.map(({ citation, url }) => ({ citation, url })) });
  };

  // Escape cancels wherever focus is (the editor may not have taken focus yet), unless it is meant for
  // something else: the note's link dialog, a confirmation, or another form (a reply). (The note editor
  // itself marks Escape as handled, so defaultPrevented says nothing here.) Attached in a layout
  // effect, before the panel is painted: an Escape pressed as soon as it shows is not missed.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || document.querySelector("dialog[open]")) return;
      const target = e.target as Element | null;
      if (target?.closest?.(".note-link-dialog")) return;
      if (target?.closest?.("form, [contenteditable=true], input, textarea, select") && !rootRef.current?.contains(target)) return;
      e.preventDefault();
      onCancel();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onCancel]);

  const evidence = fromRows(rows);
  const urlErrors = rows.some((r) => urlProblem(r.url));
  const needsEvidence = classification === "sourced" && evidence.length === 0;
  const shortQuote = clipAtWord(quote, 240);

  const submit = () => {
    if (urlErrors) {
      // Save is off, and Ctrl+Enter would do nothing at all: go to the address to fix, its problem said
      // (and tied to it, so it is read out).
      setTriedToSave(true);
      const bad = rows.find((r) => urlProblem(r.url));
      if (bad) rootRef.current?.querySelector<HTMLInputElement>(`#ev-url-${bad.key}`)?.focus();
      return;
    }
    if (busy || blocked) return;
    const warning = warningFor?.(classification) ?? null;
    if (warning && warned !== warning) {
      setWarned(warning); // shown below; the next Save goes ahead
      return;
    }
    onSave({ classification, note, evidence });
  };

  return (
    <section ref={rootRef} className="panel annotation-panel" aria-label={title}>
      <h2>{title}</h2>
      <blockquote className="quote">{shortQuote}</blockquote>
      {notice && (
        <p className="notice small warning draft-notice" role="alert" data-testid="draft-notice">
          {notice}
        </p>
      )}
      {blocked && (
        <p className="notice small warning draft-blocked" data-testid="draft-blocked">
          {blocked}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        onKeyDownCapture={(e) => {
          // Before the note editor sees it (there Mod-Enter would insert a line break).
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.stopPropagation();
            submit();
          }
        }}
      >
        <fieldset className="class-choice">
          <legend>Class</legend>
          {CLASSIFICATIONS.map((c) => (
            <label key={c} className={`class-option class-option-${c}`}>
              <input
                type="radio"
                name="classification"
                value={c}
                checked={classification === c}
                onChange={() => {
                  setClassification(c);
                  report({ classification: c });
                }}
              />
              {CLASS_LABEL[c]}
            </label>
          ))}
        </fieldset>
        <NoteEditor
          value={note}
          onChange={(doc) => {
            setNote(doc);
            report({ note: doc });
          }}
          label="Note"
          autoFocus
        />
        <EvidenceEditor
          rows={rows}
          focusKey={focusRow}
          showProblems={triedToSave}
          onChange={(next) => {
            setRows(next);
            report({ rows: next });
          }}
        />
        {needsEvidence && (
          <p className="notice small" role="status">
            A sourced claim should cite at least one piece of evidence.{" "}
            <button
              type="button"
              className="link"
              onClick={() => {
                const row = emptyRow();
                const next = [...rows, row];
                setFocusRow(row.key);
                setRows(next);
                report({ rows: next });
              }}
            >
              Add one
            </button>{" "}
            — or save without.
          </p>
        )}
        {warned && (
          <p className="notice small warning" role="alert">
            {warned} Press Save again to save it anyway.
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || urlErrors || !!blocked} aria-keyshortcuts="Control+Enter Meta+Enter">
            {busy ? "Saving…" : warned ? "Save anyway" : "Save"}
          </button>
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <span className="muted small hint">Ctrl+Enter saves</span>
        </div>
      </form>
    </section>
  );
}
