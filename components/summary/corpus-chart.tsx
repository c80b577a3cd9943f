// The corpus view: every document side by side as a chart that is also a table (so a screen reader
// reads it as one): a reliability bar, a coverage bar and a stacked shares bar per document, each with
// its number printed and class patterns, sortable by reliability, coverage, annotations or title.
import Link from "next/link";
import type { DocumentSummary } from "@/lib/summary";
import { CLASS_ORDER, formatAgreement, formatPercent, plural, reliabilityIndex } from "./format";
import { ClassKey, None, SharesStack } from "./shares-stack";
import { SummaryDefinitions } from "./summary-definitions";

export const CORPUS_SORTS = ["reliability", "coverage", "annotations", "title"] as const;
export type CorpusSort = (typeof CORPUS_SORTS)[number];
export type SortDirection = "asc" | "desc";
export const DEFAULT_CORPUS_DIRECTION: Record<CorpusSort, SortDirection> = {
  reliability: "desc",
  coverage: "desc",
  annotations: "desc",
  title: "asc",
};

export type CorpusRow = Pick<
  DocumentSummary,
  "documentId" | "counts" | "reviewers" | "coverage" | "shares" | "reliability" | "agreement" | "agreementReviewers"
> & { title: string; kind: string };

const total = (r: CorpusRow) => r.counts.sourced + r.counts.contested + r.counts.opinion;
const byTitle = (a: CorpusRow, b: CorpusRow) => a.title.localeCompare(b.title, "en", { sensitivity: "base" }) || a.documentId.localeCompare(b.documentId);

/** Rows in the chosen order; documents without a reliability index come last either way. */
export function sortCorpus(rows: ReadonlyArray<CorpusRow>, sort: CorpusSort, dir: SortDirection): CorpusRow[] {
  const sign = dir === "asc" ? 1 : -1;
  const key: Record<Exclude<CorpusSort, "title">, (r: CorpusRow) => number | null> = {
    reliability: (r) => r.reliability,
    coverage: (r) => r.coverage,
    annotations: total,
  };
  return [...rows].sort((a, b) => {
    if (sort === "title") return sign * byTitle(a, b);
    const x = key[sort](a);
    const y = key[sort](b);
    if (x === null || y === null) return x === y ? byTitle(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || byTitle(a, b);
  });
}

const SORT_NAME: Record<CorpusSort, string> = {
  reliability: "reliability index",
  coverage: "coverage",
  annotations: "number of annotations",
  title: "title",
};

const corpusHref = (sort: CorpusSort, dir: SortDirection) => `/corpus?sort=${sort}&dir=${dir}`;

function SortHeader({ column, label, sort, dir, className }: Readonly<{ column: CorpusSort; label: string; sort: CorpusSort; dir: SortDirection; className?: string }>) {
  const active = sort === column;
  const next = active ? (dir === "asc" ? "desc" : "asc") : DEFAULT_CORPUS_DIRECTION[column];
  return (
    <th scope="col" className={className} aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={corpusHref(column, next)} className="sort-link">
        {label}
        <span aria-hidden="true">{active ? (dir === "asc" ? " ▲" : " ▼") : ""}</span>
        <span className="visually-hidden">, sort {next === "asc" ? "ascending" : "descending"}</span>
      </Link>
    </th>
  );
}

/** A horizontal bar with its number printed beside it (the bar itself is decoration). */
function ValueBar({ fraction, text, kind, testId }: Readonly<{ fraction: number | null; text: React.ReactNode; kind: string; testId: string }>) {
  return (
    <span className="value-bar">
      <span className="hbar" aria-hidden="true">
        {fraction !== null && <span className={`hbar-fill hbar-${kind}`} style={{ width: `${Math.max(0, Math.min(1, fraction)) * 100}%` }} />}
      </span>
      <span className="value-bar-number" data-testid={testId}>
        {text}
      </span>
    </span>
  );
}

export function CorpusChart({ rows, sort, dir }: Readonly<{ rows: ReadonlyArray<CorpusRow>; sort: CorpusSort; dir: SortDirection }>) {
  const sorted = sortCorpus(rows, sort, dir);
  const order = sort === "title" ? (dir === "asc" ? "A to Z" : "Z to A") : dir === "desc" ? "highest first" : "lowest first";
  return (
    <table className="corpus-chart">
      <caption>
        {plural(rows.length, "document")}, sorted by {SORT_NAME[sort]} ({order}).
      </caption>
      <thead>
        <tr>
          <SortHeader column="title" label="Document" sort={sort} dir={dir} />
          <SortHeader column="reliability" label="Reliability (0–100)" sort={sort} dir={dir} />
          <SortHeader column="coverage" label="Coverage" sort={sort} dir={dir} />
          <th scope="col">Class shares</th>
          <SortHeader column="annotations" label="Annotations" sort={sort} dir={dir} className="num" />
          <th scope="col" className="num">
            Reviewers
          </th>
          <th scope="col" className="num">
            Agreement
          </th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => {
          const index = reliabilityIndex(r.reliability);
          return (
            <tr key={r.documentId} data-document-id={r.documentId}>
              <th scope="row" className="corpus-title">
                <Link href={`/documents/${r.documentId}`}>{r.title}</Link>
                <span className="corpus-kind">{r.kind}</span>
              </th>
              <td>
                <ValueBar fraction={r.reliability} kind="reliability" testId="corpus-reliability" text={index ?? <None />} />
              </td>
              <td>
                <ValueBar fraction={r.coverage} kind="coverage" testId="corpus-coverage" text={formatPercent(r.coverage)} />
              </td>
              <td className="corpus-shares">
                <SharesStack shares={r.shares} labels />
              </td>
              <td className="num" data-testid="corpus-annotations">
                {total(r).toLocaleString("en")}
              </td>
              <td className="num">{r.reviewers.toLocaleString("en")}</td>
              <td className="num" title={r.agreement === null ? undefined : `based on ${plural(r.agreementReviewers, "reviewer")}`}>
                {r.agreement === null ? <None /> : formatAgreement(r.agreement)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The /corpus page body. */
export function CorpusView({ rows, sort, dir }: Readonly<{ rows: ReadonlyArray<CorpusRow>; sort: CorpusSort; dir: SortDirection }>) {
  return (
    <div className="corpus-view">
      <h1>Corpus</h1>
      <p className="muted">
        How reliable each document looks from its annotations: the reliability index (of the checkable claims marked, the share
        backed by a source), how much of the text is annotated, and how the annotated text divides between the classes.
      </p>
      {rows.length === 0 ? (
        <p>No documents yet.</p>
      ) : (
        <>
          <p className="corpus-legend" aria-hidden="true">
            <span className="legend-title">Class shares:</span>
            {CLASS_ORDER.map((c) => (
              <ClassKey key={c} classification={c} />
            ))}
            <span className="legend-sep" />
            <span className="class-key">
              <span className="swatch hbar-reliability" /> Reliability index
            </span>
            <span className="class-key">
              <span className="swatch hbar-coverage" /> Coverage
            </span>
          </p>
          <div className="corpus-scroll">
            <CorpusChart rows={rows} sort={sort} dir={dir} />
          </div>
        </>
      )}
      <SummaryDefinitions collapsible={false} />
    </div>
  );
}
