"use client";
import { useEffect, useRef, useState } from "react";
import type { EvidenceDTO } from "@/lib/annotations/types";

export interface EvidenceRow {
  key: number;
  citation: string;
  url: string;
}

let nextKey = 1;
/** Rows as typed (a draft may hold half-written ones), each given a key of its own. */
export const withKeys = (rows: ReadonlyArray<{ citation: string; url: string }>): EvidenceRow[] => rows.map((r) => ({ key: nextKey++, citation: r.citation, url: r.url }));
export const toRows = (evidence: EvidenceDTO[]): Array<{ citation: string; url: string }> => evidence.map((e) => ({ citation: e.citation ?? "", url: e.url ?? "" }));
export const emptyRow = (): EvidenceRow => ({ key: nextKey++, citation: "", url: "" });
export const fromRows = (rows: EvidenceRow[]): EvidenceDTO[] =>
  rows
    .map((r) => ({ citation: r.citation.trim() || undefined, url: r.url.trim() || undefined }))
    .filter((e) => e.citation || e.url);

export function urlProblem(url: string): string | null {
  const v = url.trim();
  if (!v) return null;
  return /^https?:\/\//i.test(v) && URL.canParse(v) ? null : "Use an address starting with http:// or https://.";
}

/**
 * The evidence rows. Focus follows what the keyboard did: a row added (here, or by `focusKey` from
 * outside) puts the caret in its citation; a row removed gives the focus to the row that took its
 * place, else the one before, else Add evidence (never dropped to the page).
 */
export function EvidenceEditor({
  rows,
  onChange,
  focusKey,
  showProblems = false,
}: Readonly<{ rows: EvidenceRow[]; onChange: (rows: EvidenceRow[]) => void; focusKey?: number | null; showProblems?: boolean }>) {
  // An address's problem is said once the reviewer has left its field (or tried to save: `showProblems`),
  // not from the first letter typed; it goes as soon as the address is right.
  const [left, setLeft] = useState<ReadonlySet<number>>(() => new Set());
  const update = (key: number, patch: Partial<EvidenceRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const root = useRef<HTMLFieldSetElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  // What to focus once the rows are rendered: a row's citation, or Add evidence.
  const pending = useRef<number | "add" | null>(null);
  useEffect(() => {
    if (focusKey != null) pending.current = focusKey;
  }, [focusKey]);
  useEffect(() => {
    const target = pending.current;
    if (target === null) return;
    pending.current = null;
    if (target === "add") addButton.current?.focus();
    else root.current?.querySelector<HTMLInputElement>(`#ev-cit-${target}`)?.focus();
  });
  const add = () => {
    const row = emptyRow();
    pending.current = row.key;
    onChange([...rows, row]);
  };
  const remove = (i: number) => {
    const next = rows.filter((_, j) => j !== i);
    pending.current = (next[i] ?? next[i - 1])?.key ?? "add";
    onChange(next);
  };
  return (
    <fieldset ref={root} className="evidence-editor">
      <legend>Evidence</legend>
      {rows.length === 0 && <p className="muted small">No evidence yet.</p>}
      <ol>
        {rows.map((row, i) => {
          const problem = left.has(row.key) || showProblems ? urlProblem(row.url) : null;
          return (
            <li key={row.key}>
              <label htmlFor={`ev-cit-${row.key}`}>Citation {i + 1}</label>
              <input
                id={`ev-cit-${row.key}`}
                value={row.citation}
                placeholder="e.g. Deutscher, The Prophet Armed, p. 12"
                maxLength={2000}
                onChange={(e) => update(row.key, { citation: e.target.value })}
              />
              <label htmlFor={`ev-url-${row.key}`}>URL {i + 1}</label>
              <input
                id={`ev-url-${row.key}`}
                type="url"
                value={row.url}
                placeholder="https://…"
                maxLength={2000}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `ev-url-${row.key}-err` : undefined}
                onChange={(e) => update(row.key, { url: e.target.value })}
                onBlur={() => setLeft((keys) => (keys.has(row.key) ? keys : new Set(keys).add(row.key)))}
              />
              {problem && (
                <span id={`ev-url-${row.key}-err`} className="error small">
                  {problem}
                </span>
              )}
              <button type="button" className="link small" onClick={() => remove(i)}>
                Remove evidence {i + 1}
              </button>
            </li>
          );
        })}
      </ol>
      <button ref={addButton} type="button" onClick={add}>
        Add evidence
      </button>
    </fieldset>
  );
}
