import Link from "next/link";
import type { ReactNode } from "react";
import type { SnippetPart } from "@/lib/documents/fts-query";
import { DEFAULT_DIRECTION, libraryHref, type DocumentListQuery, type LibrarySort } from "@/lib/documents/list-query";
import { SnippetText } from "./snippet-text";
import { DocumentRowActions } from "./document-row-actions";
import { ReliabilityCell } from "@/components/summary/reliability-cell";
import { classTotal, formatPercent } from "@/components/summary/format";
import type { DocumentFigures } from "@/lib/summary/figures";
import { plural } from "@/lib/plural";

export interface LibraryRow {
  id: string;
  title: string;
  kind: string;
  publisher: string | null;
  author: string | null;
  publishedAt: string | null;
  words: number;
  length: number;
  annotationCount: number;
  reviewerCount: number;
  deletedAt: string | null;
  snippet: SnippetPart[] | null;
  match: { start: number; end: number } | null;
  summary: DocumentFigures | null;
}

/**
 * One column of the library table. To add a column (e.g. a reliability bar), add an entry to
 * `columns` below: a header, a cell renderer and, if the list can be sorted by it, its sort key.
 */
export interface LibraryColumn {
  key: string;
  header: string;
  sort?: LibrarySort;
  numeric?: boolean;
  cell: (row: LibraryRow) => ReactNode;
}

export const fmt = (n: number) => n.toLocaleString("en");
const cellClass = (column: LibraryColumn) => `col-${column.key}${column.numeric ? " num" : ""}`;

/** Where a search hit is: the reader scrolls to `at` (code points) and marks `len` code points. */
export const passageHref = (row: Pick<LibraryRow, "id" | "match">) =>
  row.match ? `/documents/${row.id}?at=${row.match.start}&len=${row.match.end - row.match.start}` : `/documents/${row.id}`;

/**
 * The title (a link to the reader), its author and a search's snippet. A deleted document (admins'
 * deleted documents) opens read-only, marked deleted, for a look before restoring it (its snippet links
 * nowhere: there is nothing to select there), and the row says when it was deleted.
 */
export function TitleCell({ row }: Readonly<{ row: LibraryRow }>) {
  const deleted = row.deletedAt !== null;
  return (
    <div className="title-cell">
      <Link className="title" href={`/documents/${row.id}`}>
        {row.title}
      </Link>
      {row.author && <span className="byline"> by {row.author}</span>}
      {row.deletedAt && (
        <span className="deleted-note" data-testid="deleted-note">
          Deleted <time dateTime={row.deletedAt}>{row.deletedAt.slice(0, 10)}</time>; open it to look before restoring it.
        </span>
      )}
      {row.snippet && (
        <p className="snippet">
          {deleted ? (
            <SnippetText parts={row.snippet} />
          ) : (
            <Link href={passageHref(row)}>
              <span className="visually-hidden">Passage: </span>
              <SnippetText parts={row.snippet} />
            </Link>
          )}
        </p>
      )}
    </div>
  );
}

/**
 * How the summaries count a document where it differs from the library's annotation count (every live
 * annotation, orphaned ones included): the claims, of the annotations placed in the current text, and
 * the orphaned annotations, which no summary counts. Empty when the numbers agree or there is no summary.
 */
export function countNotes(row: Pick<LibraryRow, "annotationCount" | "summary">): string[] {
  if (!row.summary) return [];
  const claims = classTotal(row.summary.claims);
  const orphaned = row.annotationCount - classTotal(row.summary.counts);
  const notes: string[] = [];
  if (claims !== row.annotationCount) notes.push(plural(claims, "claim"));
  if (orphaned > 0) notes.push(`${orphaned.toLocaleString("en")} orphaned`);
  return notes;
}

/**
 * The annotation count and what the summaries count instead, where it differs: "9" over "5 claims, 2 orphaned"
 * in the table, "9 (5 claims, 2 orphaned)" on a card (`inline`).
 */
export function AnnotationCount({ row, inline = false }: Readonly<{ row: LibraryRow; inline?: boolean }>) {
  const notes = countNotes(row).join(", ");
  return (
    <>
      {fmt(row.annotationCount)}
      {notes && (
        <span className="count-note" data-testid="library-count-note">
          {inline ? (
            ` (${notes})`
          ) : (
            <>
              <span className="visually-hidden">, </span>
              {notes}
            </>
          )}
        </span>
      )}
    </>
  );
}

export const columns: LibraryColumn[] = [
  { key: "title", header: "Title", sort: "title", cell: (row) => <TitleCell row={row} /> },
  { key: "kind", header: "Kind", cell: (row) => row.kind },
  { key: "publisher", header: "Publisher", cell: (row) => row.publisher ?? "—" },
  { key: "published", header: "Published", sort: "published", cell: (row) => row.publishedAt ?? "—" },
  { key: "words", header: "Words", numeric: true, cell: (row) => fmt(row.words) },
  { key: "annotations", header: "Annotations", sort: "annotations", numeric: true, cell: (row) => <AnnotationCount row={row} /> },
  { key: "reviewers", header: "Reviewers", numeric: true, cell: (row) => fmt(row.reviewerCount) },
  {
    key: "reliability",
    header: "Reliability",
    sort: "reliability",
    cell: (row) => (row.summary ? <ReliabilityCell figures={row.summary} /> : "—"),
  },
  {
    key: "coverage",
    header: "Coverage",
    sort: "coverage",
    numeric: true,
    cell: (row) => (row.summary ? formatPercent(row.summary.coverage) : "—"),
  },
];

function SortableHeader({ column, query }: Readonly<{ column: LibraryColumn; query: DocumentListQuery }>) {
  const sort = column.sort!;
  const active = query.sort === sort;
  const dir = active ? (query.dir === "asc" ? "desc" : "asc") : DEFAULT_DIRECTION[sort];
  return (
    <th scope="col" className={cellClass(column)} aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={libraryHref(query, { sort, dir })} className="sort-link">
        {column.header}
        <span aria-hidden="true" className="sort-arrow">
          {active ? (query.dir === "asc" ? " ▲" : " ▼") : ""}
        </span>
        <span className="visually-hidden">, sort {dir === "asc" ? "ascending" : "descending"}</span>
      </Link>
    </th>
  );
}

export function LibraryTable({
  rows,
  query,
  canManage,
}: Readonly<{ rows: LibraryRow[]; query: DocumentListQuery; canManage: boolean }>) {
  return (
    <table className="library-table">
      <thead>
        <tr>
          {columns.map((column) =>
            column.sort ? (
              <SortableHeader key={column.key} column={column} query={query} />
            ) : (
              <th key={column.key} scope="col" className={cellClass(column)}>
                {column.header}
              </th>
            ),
          )}
          <th scope="col" className="col-actions">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            {columns.map((column) => (
              <td key={column.key} className={cellClass(column)}>
                {column.cell(row)}
              </td>
            ))}
            <td className="col-actions">
              <DocumentRowActions id={row.id} title={row.title} deleted={!!row.deletedAt} canManage={canManage} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
