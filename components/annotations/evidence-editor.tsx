"use client";
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

export function EvidenceEditor({ rows, onChange }: Readonly<{ rows: EvidenceRow[]; onChange: (rows: EvidenceRow[]) => void }>) {
  const update = (key: number, patch: Partial<EvidenceRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset className="evidence-editor">
      <legend>Evidence</legend>
      {rows.length === 0 && <p className="muted small">No evidence yet.</p>}
      <ol>
        {rows.map((row, i) => {
          const problem = urlProblem(row.url);
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
              />
              {problem && (
                <span id={`ev-url-${row.key}-err`} className="error small">
                  {problem}
                </span>
              )}
              <button type="button" className="link small" onClick={() => onChange(rows.filter((r) => r.key !== row.key))}>
                Remove evidence {i + 1}
              </button>
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => onChange([...rows, emptyRow()])}>
        Add evidence
      </button>
    </fieldset>
  );
}
