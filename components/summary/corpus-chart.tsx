// The corpus view: a dot plot of every document's reliability index with its 95% interval, sorted
// conservatively (see lib/summary/ranking.ts), coverage and the share of annotated text beside it,
// then the same plot for the claims pooled per publisher and per kind.
//
// Each chart is a table whose plot column holds one SVG mark per row (IntervalMark), so the chart is
// also its own accessible table: every mark has its numbers and words in the neighbouring cells, and
// a screen reader reads the rows. It is drawn on the server with no chart library: the scale is the
// fixed 0–100 of the index, so a library's scales and axes would add client code (and, for the
// React ones, a measured, client-only layout) without adding anything the page needs; marks in
// percent units stay crisp from a 390 px phone to a wide screen with no script at all.
import Link from "next/link";
import { MINIMUM_CLAIMS, type ClaimPool } from "@/lib/summary";
import { DEFAULT_CORPUS_DIRECTION, sortCorpus, type CorpusSort, type SortDirection } from "@/lib/summary/corpus-order";
import type { CorpusDocumentSummary, CorpusReport } from "@/lib/summary/service";
import {
  CLASS_ORDER,
  claimsSentence,
  classTotal,
  formatAgreement,
  formatInterval,
  formatPercent,
  plural,
  reliabilityIndex,
  reliabilityState,
  TOO_FEW_CLAIMS,
  type ReliabilityView,
} from "./format";
import { IntervalAxis, IntervalMark } from "./interval-mark";
import { ClassKey, None, SharesStack, ShareValues } from "./shares-stack";
import { SummaryDefinitions } from "./summary-definitions";

export type CorpusRow = CorpusDocumentSummary;

const checkable = (r: { claims: CorpusRow["claims"] }) => r.claims.sourced + r.claims.contested;

const SORT_NAME: Record<CorpusSort, string> = {
  reliability: "reliability, conservatively",
  coverage: "coverage",
  claims: "number of checkable claims",
  title: "title",
};

const corpusHref = (sort: CorpusSort, dir: SortDirection) => `/corpus?sort=${sort}&dir=${dir}`;

function SortHeader({
  column,
  label,
  sort,
  dir,
  className,
  children,
}: Readonly<{ column: CorpusSort; label: string; sort: CorpusSort; dir: SortDirection; className?: string; children?: React.ReactNode }>) {
  const active = sort === column;
  const next = active ? (dir === "asc" ? "desc" : "asc") : DEFAULT_CORPUS_DIRECTION[column];
  return (
    <th scope="col" className={className} aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={corpusHref(column, next)} className="sort-link">
        {label}
        <span aria-hidden="true">{active ? (dir === "asc" ? " ▲" : " ▼") : ""}</span>
        <span className="visually-hidden">, sort {next === "asc" ? "ascending" : "descending"}</span>
      </Link>
      {children}
    </th>
  );
}

/** The index in words and numbers: "67" and its interval, or "too few claims to judge" and the interval. */
function IndexValue({ figures }: Readonly<{ figures: ReliabilityView }>) {
  const state = reliabilityState(figures);
  const interval = formatInterval(figures.reliabilityLow, figures.reliabilityHigh);
  if (state === "none")
    return (
      <span className="index-value is-none" data-testid="corpus-reliability">
        <None />
      </span>
    );
  return (
    <span className={`index-value is-${state}`} data-testid="corpus-reliability">
      {state === "judged" ? <strong className="index-number">{reliabilityIndex(figures.reliability)}</strong> : <span className="index-too-few">{TOO_FEW_CLAIMS}</span>}
      <span className="index-note" data-testid="corpus-interval">
        <span className="visually-hidden">95% interval </span>
        {interval}
      </span>
    </span>
  );
}

/** "2 of 3 checkable claims are sourced", and the opinion claims left out. */
function ClaimsCell({ claims }: Readonly<{ claims: ReliabilityView["claims"] }>) {
  return (
    <span className="claims-cell">
      <span data-testid="corpus-claims">{checkable({ claims }) === 0 ? "No checkable claims" : claimsSentence(claims)}</span>
      {claims.opinion > 0 && <span className="index-note"> + {plural(claims.opinion, "opinion claim")}</span>}
    </span>
  );
}

/** The annotations counted and, where it differs, the number of claims they make: "7" over "5 claims". */
function AnnotationsValue({ counts, claims }: Readonly<{ counts: CorpusRow["counts"]; claims: CorpusRow["claims"] }>) {
  const annotations = classTotal(counts);
  const claimCount = classTotal(claims);
  return (
    <>
      {annotations.toLocaleString("en")}
      {claimCount !== annotations && (
        <span className="count-note" data-testid="corpus-annotation-claims">
          <span className="visually-hidden">, </span>
          {plural(claimCount, "claim")}
        </span>
      )}
    </>
  );
}

/** Coverage as a bar with its number printed beside it (the bar itself is decoration). */
function CoverageBar({ coverage }: Readonly<{ coverage: number }>) {
  return (
    <span className="value-bar">
      <span className="hbar" aria-hidden="true">
        <span className="hbar-fill hbar-coverage" style={{ width: `${Math.max(0, Math.min(1, coverage)) * 100}%` }} />
      </span>
      <span className="value-bar-number" data-testid="corpus-coverage">
        {formatPercent(coverage)}
      </span>
    </span>
  );
}

const referenceOf = (overall: ClaimPool | undefined) => (overall && reliabilityState(overall) !== "none" ? overall.reliability : null);

export function CorpusChart({
  rows,
  sort,
  dir,
  overall,
}: Readonly<{ rows: ReadonlyArray<CorpusRow>; sort: CorpusSort; dir: SortDirection; overall?: ClaimPool }>) {
  const sorted = sortCorpus(rows, sort, dir);
  const order = sort === "title" ? (dir === "asc" ? "A to Z" : "Z to A") : dir === "desc" ? "highest first" : "lowest first";
  const reference = referenceOf(overall);
  return (
    <table className="dot-table corpus-chart">
      <caption>
        Reliability index of {plural(rows.length, "document")} with its 95% interval, sorted by {SORT_NAME[sort]} ({order}).
      </caption>
      <thead>
        <tr>
          <SortHeader column="title" label="Document" sort={sort} dir={dir} className="col-name" />
          <SortHeader column="reliability" label="Reliability index" sort={sort} dir={dir} className="col-plot">
            <IntervalAxis />
          </SortHeader>
          <th scope="col" className="col-index">
            Index <span className="index-note">(95% interval)</span>
          </th>
          <SortHeader column="claims" label="Claims" sort={sort} dir={dir} className="col-claims" />
          <SortHeader column="coverage" label="Coverage" sort={sort} dir={dir} className="col-coverage" />
          <th scope="col" className="col-shares">
            Share of annotated text
          </th>
          <th scope="col" className="col-num num">
            Annotations
          </th>
          <th scope="col" className="col-num num">
            Reviewers
          </th>
          <th scope="col" className="col-num num">
            Agreement
          </th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={r.documentId} data-document-id={r.documentId}>
            <th scope="row" className="col-name">
              <Link href={`/documents/${r.documentId}`}>{r.title}</Link>
              <span className="row-meta">{[r.kind, r.publisher].filter(Boolean).join(" · ")}</span>
            </th>
            <td className="col-plot">
              <IntervalMark figures={r} size="row" reference={reference} />
            </td>
            <td className="col-index">
              <IndexValue figures={r} />
            </td>
            <td className="col-claims">
              <ClaimsCell claims={r.claims} />
            </td>
            <td className="col-coverage">
              <span className="cell-label" aria-hidden="true">
                Coverage
              </span>
              <CoverageBar coverage={r.coverage} />
            </td>
            <td className="col-shares">
              <SharesStack shares={r.shares} />
              <ShareValues shares={r.shares} />
            </td>
            <td className="col-num num" data-testid="corpus-annotations">
              <span className="cell-label" aria-hidden="true">
                Annotations{" "}
              </span>
              <AnnotationsValue counts={r.counts} claims={r.claims} />
            </td>
            <td className="col-num num">
              <span className="cell-label" aria-hidden="true">
                Reviewers{" "}
              </span>
              {r.reviewers.toLocaleString("en")}
            </td>
            <td className="col-num num" title={r.agreement === null ? undefined : `based on ${plural(r.agreementReviewers, "reviewer")}`}>
              <span className="cell-label" aria-hidden="true">
                Agreement{" "}
              </span>
              {r.agreement === null ? <None /> : formatAgreement(r.agreement)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The claims of several documents counted together, one row per publisher or kind, and all documents at the foot. */
export function GroupChart({
  title,
  nameHeader,
  groups,
  overall,
  noName,
  testId,
}: Readonly<{ title: string; nameHeader: string; groups: ReadonlyArray<ClaimPool>; overall: ClaimPool; noName: string; testId: string }>) {
  const reference = referenceOf(overall);
  const row = (g: ClaimPool, name: string, isTotal = false) => (
    <tr key={isTotal ? "\u0000total" : (g.key ?? "\u0000none")} className={isTotal ? "is-total" : undefined} data-group={isTotal ? "" : (g.key ?? "")}>
      <th scope="row" className="col-name">
        {name}
        <span className="row-meta">{plural(g.documents, "document")}</span>
      </th>
      <td className="col-plot">
        <IntervalMark figures={g} size="row" reference={reference} />
      </td>
      <td className="col-index">
        <IndexValue figures={g} />
      </td>
      <td className="col-claims">
        <ClaimsCell claims={g.claims} />
      </td>
      <td className="col-coverage">
        <span className="cell-label" aria-hidden="true">
          Coverage
        </span>
        <CoverageBar coverage={g.coverage} />
      </td>
    </tr>
  );
  return (
    <table className="dot-table group-chart" data-testid={testId}>
      <caption>{title}: the claims of their documents counted together, with the 95% interval, most reliable first (conservatively).</caption>
      <thead>
        <tr>
          <th scope="col" className="col-name">
            {nameHeader}
          </th>
          <th scope="col" className="col-plot">
            Reliability index
            <IntervalAxis />
          </th>
          <th scope="col" className="col-index">
            Index <span className="index-note">(95% interval)</span>
          </th>
          <th scope="col" className="col-claims">
            Claims
          </th>
          <th scope="col" className="col-coverage">
            Coverage
          </th>
        </tr>
      </thead>
      <tbody>{groups.map((g) => row(g, g.key ?? noName))}</tbody>
      <tfoot>{row(overall, "All documents", true)}</tfoot>
    </table>
  );
}

/** The /corpus page body. */
export function CorpusView({ report, sort, dir }: Readonly<{ report: CorpusReport; sort: CorpusSort; dir: SortDirection }>) {
  const { documents, overall } = report;
  const overallState = reliabilityState(overall);
  return (
    <div className="corpus-view">
      <h1>Corpus</h1>
      <p className="muted">
        How reliable each document looks from its claims: the reliability index (of the checkable claims, the share that is sourced) with
        its 95% interval, how much of the text is annotated, and how the annotated text divides between the classes.
      </p>
      {documents.length === 0 ? (
        <p>No documents yet.</p>
      ) : (
        <>
          <p className="corpus-overall" data-testid="corpus-overall">
            All documents together: {claimsSentence(overall.claims)}
            {overallState === "judged" && (
              <>
                {" "}
                — index <strong>{reliabilityIndex(overall.reliability)}</strong>, 95% interval {formatInterval(overall.reliabilityLow, overall.reliabilityHigh)}
              </>
            )}
            {overallState === "too-few" && (
              <>
                {" "}
                — {TOO_FEW_CLAIMS}, 95% interval {formatInterval(overall.reliabilityLow, overall.reliabilityHigh)}
              </>
            )}
            .
          </p>
          <ChartLegend reference={referenceOf(overall) !== null} />
          <h2>Documents</h2>
          <p className="corpus-counting" data-testid="corpus-counting">
            A claim counts once, however many annotations mark it: annotations whose passages overlap by half or more are one claim.
            The Annotations column counts each annotation placed in the current text, and Reviewers the people who wrote them; the
            library&apos;s counts also take in orphaned annotations (whose passage is gone from the text) and their authors.
          </p>
          <div className="corpus-scroll">
            <CorpusChart rows={documents} sort={sort} dir={dir} overall={overall} />
          </div>
          <div className="group-charts">
            <section aria-labelledby="by-publisher">
              <h2 id="by-publisher">By publisher</h2>
              <div className="corpus-scroll">
                <GroupChart title="Publishers" nameHeader="Publisher" groups={report.publishers} overall={overall} noName="No publisher given" testId="publisher-chart" />
              </div>
            </section>
            <section aria-labelledby="by-kind">
              <h2 id="by-kind">By kind</h2>
              <div className="corpus-scroll">
                <GroupChart title="Kinds of document" nameHeader="Kind" groups={report.kinds} overall={overall} noName="No kind" testId="kind-chart" />
              </div>
            </section>
          </div>
        </>
      )}
      <SummaryDefinitions collapsible={false} />
    </div>
  );
}

function ChartLegend({ reference }: Readonly<{ reference: boolean }>) {
  return (
    <div className="corpus-legend" aria-hidden="true">
      <span className="legend-title">Reliability:</span>
      <span className="class-key">
        <svg className="legend-mark" width="28" height="14">
          <circle className="interval-dot" cx="14" cy="7" r="5" />
        </svg>
        index (shown from {MINIMUM_CLAIMS} checkable claims)
      </span>
      <span className="class-key">
        <svg className="legend-mark" width="28" height="14">
          <rect className="interval-band" x="2" y="4" width="24" height="6" rx="3" />
        </svg>
        95% interval
      </span>
      {reference && (
        <span className="class-key">
          <svg className="legend-mark" width="28" height="14">
            <line className="interval-reference" x1="14" x2="14" y1="0" y2="14" />
          </svg>
          all documents together
        </span>
      )}
      <span className="legend-sep" />
      <span className="legend-title">Share of annotated text:</span>
      {CLASS_ORDER.map((c) => (
        <ClassKey key={c} classification={c} />
      ))}
    </div>
  );
}
