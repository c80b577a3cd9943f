import Link from "next/link";
import { libraryHref, type DocumentListQuery } from "@/lib/documents/list-query";

export function LibraryPagination({ query, pageCount }: Readonly<{ query: DocumentListQuery; pageCount: number }>) {
  if (pageCount <= 1) return null;
  const { page } = query;
  return (
    <nav aria-label="Pages" className="pagination">
      {page > 1 ? (
        <Link href={libraryHref(query, { page: page - 1 })} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span className="muted">← Previous</span>
      )}
      <span>
        Page {page.toLocaleString("en")} of {pageCount.toLocaleString("en")}
      </span>
      {page < pageCount ? (
        <Link href={libraryHref(query, { page: page + 1 })} rel="next">
          Next →
        </Link>
      ) : (
        <span className="muted">Next →</span>
      )}
    </nav>
  );
}
