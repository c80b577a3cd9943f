"use client";
// Import a file (native or W3C JSON) through POST /api/import and show its report: what was created,
// matched or refused, how the annotations were placed, and everything that needs a person's look.
import Link from "next/link";
import { useId, useRef, useState } from "react";
import { apiFetch, ApiError } from "@/lib/client/api";
import { MAX_IMPORT_BYTES, MAX_IMPORT_MB } from "@/lib/import/limits";
import type { ImportReport } from "@/lib/import/service";

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** The problems a refusal lists in its details (`error.details.errors`), when it does. */
function refusalProblems(e: unknown): string[] {
  const errors = e instanceof ApiError ? (e.details as { errors?: unknown } | undefined)?.errors : undefined;
  return Array.isArray(errors) ? errors.filter((x): x is string => typeof x === "string") : [];
}

export function ImportForm() {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  // A refused file's problems (the message names the first three): every one, to read here.
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [report, setReport] = useState<{ file: string; report: ImportReport } | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    setError(null);
    setProblems([]);
    if (!file) {
      setError("Choose a file to import.");
      input.current?.focus();
      return;
    }
    if (file.size === 0) {
      setError(`“${file.name}” is empty.`);
      input.current?.focus();
      return;
    }
    if (file.size > MAX_IMPORT_BYTES) {
      setError(`“${file.name}” is ${(file.size / 1024 / 1024).toFixed(0)} MB; the limit is ${MAX_IMPORT_MB} MB. Split it, or use npm run import on the server.`);
      input.current?.focus();
      return;
    }
    let refused = false;
    setBusy(`Importing “${file.name}” (${(file.size / 1024 / 1024).toFixed(1)} MB)…`);
    setReport(null);
    try {
      const result = await apiFetch<ImportReport>("/api/import", { method: "POST", headers: { "content-type": "application/json" }, body: file });
      setReport({ file: file.name, report: result });
    } catch (e) {
      // The server's message may say so itself ("…; nothing was imported."): say it once.
      const text = e instanceof ApiError ? (/nothing was imported/i.test(e.message) ? e.message : `Nothing was imported. ${e.message}`) : "Nothing was imported: the import failed. Try again.";
      setError(text);
      setProblems(refusalProblems(e));
      refused = true;
    } finally {
      setBusy(null);
    }
    // The Import button was disabled while busy and lost focus: give it to the file input, which the error describes.
    if (refused) requestAnimationFrame(() => input.current?.focus());
  }

  return (
    <>
      <form className="import-form" onSubmit={onSubmit} noValidate aria-busy={busy !== null}>
        <div className="field">
          <label htmlFor={`${id}-file`}>File</label>
          <input
            ref={input}
            id={`${id}-file`}
            name="file"
            type="file"
            accept=".json,.jsonld,application/json,application/ld+json"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : `${id}-hint`}
            onChange={() => {
              setError(null);
              setProblems([]);
            }}
          />
          <span id={`${id}-hint`} className="small muted">
            A native export (apparatus.export, version 1 or 2), or W3C Web Annotations: the Export JSON menu’s, or another tool’s (Hypothesis, Recogito…) whose annotations each have a class (a body with purpose classifying: sourced, contested or opinion).
          </span>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy !== null}>
            Import
          </button>
          <p role="status" className="small muted import-busy">
            {busy}
          </p>
        </div>
        <p id={`${id}-error`} role="alert" className="error">
          {error}
        </p>
        {problems.length > 3 && (
          <details className="import-problems">
            <summary>Every problem found ({problems.length.toLocaleString("en")})</summary>
            <ul className="import-list problems">
              {problems.map((problem, i) => (
                <li key={i}>{problem}</li>
              ))}
            </ul>
          </details>
        )}
      </form>
      {report && <ImportReportView file={report.file} report={report.report} />}
    </>
  );
}

function ImportReportView({ file, report: r }: Readonly<{ file: string; report: ImportReport }>) {
  const a = r.annotations;
  const n = (count: number) => count.toLocaleString("en");
  const changes = (c: { created: number; updated: number; unchanged: number }) => `${n(c.created)} new, ${n(c.updated)} updated, ${n(c.unchanged)} unchanged`;
  const counts: Array<[string, React.ReactNode]> = [
    ...(r.items
      ? [["Items in the file", `${n(r.items.total)}${r.items.skipped ? `, ${n(r.items.skipped)} skipped: they could not be read (see Warnings)` : ""}`] as [string, string]]
      : []),
    ["Documents", `${n(r.documents.created)} new, ${n(r.documents.matched)} already here${r.documents.refused ? `, ${n(r.documents.refused)} refused` : ""}`],
    ["Annotations", `${changes(a)}${a.unplaced.length ? `, ${n(a.unplaced.length)} not placed` : ""}`],
    // How each annotation of the file was found in the text here. Those the file had placed but that are not
    // found are not imported (they are listed under "Annotations not placed"), so this row does not say "orphaned".
    ["Found in the text", `${n(a.anchoring.exact)} exactly, ${n(a.anchoring.moved)} moved, ${n(a.anchoring.fuzzy)} approximately, ${n(a.anchoring.orphaned)} not found`],
    ["Replies", changes(r.replies)],
    ["Verdicts", changes(r.verdicts)],
    ["Rulings", changes(r.rulings)],
    [
      "People",
      <>
        {n(r.people.matched)} matched, {n(r.people.created)} added as inactive accounts
        {r.people.created > 0 && (
          <>
            {" "}
            ({r.people.created > r.people.withoutAddress && (
              <>
                {r.people.withoutAddress > 0 && `${n(r.people.created - r.people.withoutAddress)} with an address: `}a file holds no passwords,{" "}
                <Link href="/admin/users">set one on Users</Link> to let someone sign in
              </>
            )}
            {r.people.withoutAddress > 0 && (
              <>
                {r.people.created > r.people.withoutAddress && "; "}
                {n(r.people.withoutAddress)} without an address, kept as authors of their work: <Link href="/admin/users">give one on Users</Link> to
                let them sign in
              </>
            )}
            )
          </>
        )}
      </>,
    ],
  ];
  const needsLook = r.documents.refused + a.unplaced.length + a.fuzzy.length + r.replies.skipped.length + r.verdicts.skipped.length + r.rulings.skipped.length + r.warnings.length;
  return (
    <section className="import-report" aria-labelledby="import-report-heading" tabIndex={-1} ref={(el) => el?.focus()}>
      <h3 id="import-report-heading">
        Imported “{file}” ({r.format === "native" ? "native" : "W3C"})
      </h3>
      <p className={needsLook ? "import-summary warn" : "import-summary ok"}>
        {needsLook ? `Done, with ${plural(needsLook, "thing")} to look at below.` : "Done: everything in the file was imported."}
      </p>
      <dl className="import-counts">
        {counts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {r.documents.list.length > 0 && (
        <>
          <h4>Documents</h4>
          <ul className="import-list">
            {r.documents.list.map((d) => (
              <li key={`${d.fileId}-${d.status}`}>
                {d.id ? <Link href={`/documents/${d.id}`}>{d.title}</Link> : <span>{d.title}</span>} ·{" "}
                <span className={d.status === "refused" ? "error" : undefined}>
                  {d.status === "created" ? "new" : d.status === "matched" ? `already here (matched by ${d.matchedBy ?? "text"})` : "refused"}
                </span>
                {d.reanchored && " · annotations placed by their quotes"}
                {d.reason && <> · {d.reason}</>}
              </li>
            ))}
          </ul>
        </>
      )}
      {a.fuzzy.length > 0 && (
        <>
          <h4>Placed approximately: check these</h4>
          <ul className="import-list">
            {a.fuzzy.map((f) => (
              <li key={f.id}>
                <Link href={`/documents/${f.documentId}?a=${encodeURIComponent(f.id)}`}>
                  <q>{f.quote}</q>
                </Link>{" "}
                <span className="muted">(the file had</span> <q>{f.previousQuote}</q>
                <span className="muted">; score {f.score.toFixed(2)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <Problems title="Annotations not placed" items={a.unplaced.map((u) => ({ key: u.id, text: <><q>{u.quote}</q> · {u.reason}</> }))} />
      <Problems title="Replies left out" items={r.replies.skipped.map((s) => ({ key: s.id, text: s.reason }))} />
      <Problems title="Verdicts left out" items={r.verdicts.skipped.map((s, i) => ({ key: `${s.annotationId}-${i}`, text: `${s.reviewerName || s.reviewer}’s verdict on annotation ${s.annotationId}: ${s.reason}` }))} />
      <Problems title="Rulings left out" items={r.rulings.skipped.map((s) => ({ key: s.annotationId, text: `${s.editorName || s.editor}’s ruling on annotation ${s.annotationId}: ${s.reason}` }))} />
      <Problems title="Warnings" items={r.warnings.map((w, i) => ({ key: String(i), text: w }))} />
    </section>
  );
}

function Problems({ title, items }: Readonly<{ title: string; items: Array<{ key: string; text: React.ReactNode }> }>) {
  if (items.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <ul className="import-list problems">
        {items.map((item) => (
          <li key={item.key}>{item.text}</li>
        ))}
      </ul>
    </>
  );
}
