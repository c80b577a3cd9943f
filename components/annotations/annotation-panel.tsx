"use client";
// The panel where a reviewer classifies a selected passage (or edits an annotation): class, rich-text
// note, evidence. Escape cancels.
import { useEffect, useRef, useState } from "react";
import { NoteEditor } from "@/components/notes";
import type { NoteDoc } from "@/lib/notes/schema";
import { CLASSIFICATIONS, type Classification, type EvidenceDTO } from "@/lib/annotations/types";
import { CLASS_LABEL } from "./class-badge";
import { EvidenceEditor, emptyRow, fromRows, toRows, urlProblem, type EvidenceRow } from "./evidence-editor";

export interface PanelValues {
  classification: Classification;
  note: NoteDoc | null;
  evidence: EvidenceDTO[];
}

interface Props {
  title: string;
  quote: string;
  initial: PanelValues;
  busy: boolean;
  error: string | null;
  onSave: (values: PanelValues) => void;
  onCancel: () => void;
}

export function AnnotationPanel({ title, quote, initial, busy, error, onSave, onCancel }: Readonly<Props>) {
  const [classification, setClassification] = useState(initial.classification);
  const [note, setNote] = useState<NoteDoc | null>(initial.note);
  const [rows, setRows] = useState<EvidenceRow[]>(() => toRows(initial.evidence));
  const rootRef = useRef<HTMLElement>(null);

  // Escape cancels wherever focus is (the editor may not have taken focus yet).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        onCancel();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onCancel]);

  const evidence = fromRows(rows);
  const urlErrors = rows.some((r) => urlProblem(r.url));
  const needsEvidence = classification === "sourced" && evidence.length === 0;
  const shortQuote = quote.length > 240 ? `${quote.slice(0, 240)}…` : quote;

  return (
    <section
      ref={rootRef}
      className="panel annotation-panel"
      aria-label={title}
    >
      <h2>{title}</h2>
      <blockquote className="quote">{shortQuote}</blockquote>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!urlErrors) onSave({ classification, note, evidence });
        }}
      >
        <fieldset className="class-choice">
          <legend>Class</legend>
          {CLASSIFICATIONS.map((c) => (
            <label key={c} className={`class-option class-option-${c}`}>
              <input type="radio" name="classification" value={c} checked={classification === c} onChange={() => setClassification(c)} />
              {CLASS_LABEL[c]}
            </label>
          ))}
        </fieldset>
        <NoteEditor value={note} onChange={setNote} label="Note" autoFocus />
        <EvidenceEditor rows={rows} onChange={setRows} />
        {needsEvidence && (
          <p className="notice small" role="status">
            A sourced claim should cite at least one piece of evidence.{" "}
            <button type="button" className="link" onClick={() => setRows([...rows, emptyRow()])}>
              Add one
            </button>{" "}
            — or save without.
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || urlErrors}>
            {busy ? "Saving…" : "Save"}
          </button>
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
