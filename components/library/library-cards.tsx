import { ReliabilityCell } from "@/components/summary/reliability-cell";
import { formatPercent } from "@/components/summary/format";
import { DocumentRowActions } from "./document-row-actions";
import { AnnotationCount, fmt, TitleCell, type LibraryRow } from "./library-table";

/**
 * The library on narrow screens: one card per document instead of the wide table (library.css shows
 * one or the other). Same data and links; sorting is the search form's Sort menu.
 */
export function LibraryCards({ rows, canManage }: Readonly<{ rows: LibraryRow[]; canManage: boolean }>) {
  return (
    <ul className="library-cards" aria-label="Documents">
      {rows.map((row) => (
        <li key={row.id} className="library-card">
          <TitleCell row={row} />
          <p className="card-meta">
            {[row.kind, row.publisher, row.publishedAt].filter(Boolean).join(" · ")}
          </p>
          <dl className="card-figures">
            <div>
              <dt>Words</dt>
              <dd>{fmt(row.words)}</dd>
            </div>
            <div>
              <dt>Annotations</dt>
              <dd>
                <AnnotationCount row={row} inline />
              </dd>
            </div>
            <div>
              <dt>Reviewers</dt>
              <dd>{fmt(row.reviewerCount)}</dd>
            </div>
            <div>
              <dt>Coverage</dt>
              <dd>{row.summary ? formatPercent(row.summary.coverage) : "—"}</dd>
            </div>
            {row.summary && (
              <div className="card-reliability">
                <dt>Reliability</dt>
                <dd>
                  <ReliabilityCell figures={row.summary} />
                </dd>
              </div>
            )}
          </dl>
          <DocumentRowActions id={row.id} title={row.title} deleted={!!row.deletedAt} canManage={canManage} />
        </li>
      ))}
    </ul>
  );
}
