import Link from "next/link";

/** Previous · Page n of m · Next, for any paged list (nothing when there is one page). */
export function Pagination({ page, pageCount, hrefFor }: Readonly<{ page: number; pageCount: number; hrefFor: (page: number) => string }>) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Pages" className="pagination">
      {page > 1 ? (
        <Link href={hrefFor(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span className="muted">← Previous</span>
      )}
      <span>
        Page {page.toLocaleString("en")} of {pageCount.toLocaleString("en")}
      </span>
      {page < pageCount ? (
        <Link href={hrefFor(page + 1)} rel="next">
          Next →
        </Link>
      ) : (
        <span className="muted">Next →</span>
      )}
    </nav>
  );
}
