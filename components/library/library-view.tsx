import Link from "next/link";
import { ExportMenu } from "@/components/export/export-menu";
import { libraryHref, type DocumentListQuery } from "@/lib/documents/list-query";
import { searchHint } from "@/lib/documents/fts-query";
import { LibrarySearchForm } from "./library-search-form";
import { countNotes, LibraryTable, type LibraryRow } from "./library-table";
import { LibraryCards } from "./library-cards";
import { Pagination } from "@/components/layout/pagination";
import "./library.css";

/** A search made of quoted phrases reads well as typed; anything else (a lone ") is shown in quotes. */
const quotedPhrases = (q: string) => (q.match(/["“”]/g) ?? []).length >= 2 && (q.match(/["“”]/g) ?? []).length % 2 === 0;

export type { LibraryRow } from "./library-table";

interface Props {
  rows: LibraryRow[];
  total: number;
  pageCount: number;
  query: DocumentListQuery;
  /** A search from the URL too long to run: why, and its beginning for the search box. */
  tooLong?: { message: string; draft: string } | null;
  publishers: Array<{ publisher: string; count: number }>;
  canAdd: boolean;
  isAdmin: boolean;
  /** Why the reader is here instead of a page their role may not open (`/?denied=`), if so. */
  denied?: string | null;
}

function summary({ total, query }: Pick<Props, "total" | "query">): string {
  const noun = `${query.deleted ? "deleted " : ""}document${total === 1 ? "" : "s"}`;
  const count = total === 0 ? "No" : total.toLocaleString("en");
  // A search with its own quotes ("a phrase") is shown as typed, others in quotation marks.
  if (query.q) return `${count} ${noun} match${total === 1 ? "es" : ""} ${quotedPhrases(query.q) ? query.q : `“${query.q}”`}.`;
  if (query.kind || query.publisher || query.mine) return `${count} ${noun} match${total === 1 ? "es" : ""} the filters.`;
  return `${count} ${noun}.`;
}

export function LibraryView({ rows, total, pageCount, query, tooLong, publishers, canAdd, isAdmin, denied }: Readonly<Props>) {
  return (
    <>
      <div className="library-head">
        <h1>Library</h1>
        <div className="library-actions">
          <ExportMenu />
          {canAdd && (
            <Link href="/documents/new" className="button primary">
              Add document
            </Link>
          )}
        </div>
      </div>
      {denied && (
        <p className="notice library-denied" role="status">
          {denied}
        </p>
      )}
      <LibrarySearchForm query={query} draft={tooLong?.draft} publishers={publishers} isAdmin={isAdmin} />
      {tooLong && (
        <p className="error library-search-error" role="alert">
          {tooLong.message}
        </p>
      )}
      <p className="muted library-summary" role="status">
        {summary({ total, query })}
        {pageCount > 1 && ` Page ${query.page.toLocaleString("en")} of ${pageCount.toLocaleString("en")}.`}
      </p>
      {query.q && !tooLong && searchHint(query.q) && <p className="library-search-hint small">{searchHint(query.q)}</p>}
      {rows.some((row) => countNotes(row).length > 0) && (
        <p className="library-counting small" data-testid="library-counting">
          Annotations are counted one by one, orphaned ones included (their passage is gone from the current text), and Reviewers are
          everyone who wrote them. The reliability index
          and the <Link href="/corpus">Corpus</Link> page count claims: annotations whose passages overlap by half or more are one claim,
          and orphaned ones are left out.
        </p>
      )}
      {rows.length > 0 && (
        <>
          <div className="library-table-wrap">
            <LibraryTable rows={rows} query={query} canManage={isAdmin} />
          </div>
          <LibraryCards rows={rows} canManage={isAdmin} />
        </>
      )}
      {rows.length === 0 && total > 0 && (
        <p>
          There is no page {query.page} of these results. <Link href={`/`}>Back to the library</Link>
        </p>
      )}
      <Pagination page={query.page} pageCount={pageCount} hrefFor={(page) => libraryHref(query, { page })} />
    </>
  );
}
