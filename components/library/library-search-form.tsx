"use client";
// Search box, filters and sort of the library. Its state is the URL (?q=&kind=&publisher=&mine=1&sort=&dir=),
// so a search can be bookmarked and shared; without JavaScript it is a plain GET form.
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { DOCUMENT_KINDS } from "@/lib/documents/schemas";
import { listQueryToSearch, normaliseListQuery, documentListQuerySchema, MAX_QUERY_CHARS, type DocumentListQuery } from "@/lib/documents/list-query";

const SORT_CHOICES = [
  { value: "relevance:asc", label: "Best match", needsQuery: true },
  { value: "title:asc", label: "Title A–Z" },
  { value: "title:desc", label: "Title Z–A" },
  { value: "added:desc", label: "Newest added" },
  { value: "added:asc", label: "Oldest added" },
  { value: "published:desc", label: "Newest published" },
  { value: "published:asc", label: "Oldest published" },
  { value: "annotations:desc", label: "Most annotations" },
  { value: "annotations:asc", label: "Fewest annotations" },
  { value: "reliability:desc", label: "Most reliable" },
  { value: "reliability:asc", label: "Least reliable" },
  { value: "coverage:desc", label: "Most covered" },
  { value: "coverage:asc", label: "Least covered" },
  { value: "activity:desc", label: "Recently active" },
  { value: "activity:asc", label: "Least recently active" },
] as const;

export function LibrarySearchForm({
  query,
  draft,
  publishers,
  isAdmin,
}: Readonly<{
  query: DocumentListQuery;
  /** For the search box instead of the query's search: the beginning of one too long to run. */
  draft?: string;
  publishers: Array<{ publisher: string; count: number }>;
  isAdmin: boolean;
}>) {
  const router = useRouter();
  const sortValue = `${query.sort}:${query.dir}`;
  const filtered = !!(query.q || query.kind || query.publisher || query.mine || query.deleted);

  function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const get = (k: string) => {
      const v = data.get(k);
      return typeof v === "string" ? v : undefined;
    };
    const [sort, dir] = (get("sortdir") ?? "").split(":");
    const q = get("q")?.trim() ?? "";
    // Leaving a search keeps the chosen order unless it was "best match", which needs a search.
    const parsed = documentListQuerySchema.safeParse({
      q,
      kind: get("kind"),
      publisher: get("publisher"),
      mine: get("mine"),
      deleted: get("deleted"),
      sort: q && !query.q && sort === "title" && dir === "asc" ? "relevance" : sort,
      dir,
    });
    const next = parsed.success ? normaliseListQuery(parsed.data) : query;
    router.push(`/${listQueryToSearch(next)}`);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit(event.currentTarget);
  }

  const autoSubmit = (event: { currentTarget: HTMLInputElement | HTMLSelectElement }) => {
    if (event.currentTarget.form) submit(event.currentTarget.form);
  };

  return (
    // Remounted (key) when the URL changes, so the fields always show the current query.
    <form key={`${listQueryToSearch(query)}|${draft ?? ""}`} role="search" aria-label="Library" action="/" method="get" onSubmit={onSubmit} className="library-search">
      <div className="search-row">
        <label htmlFor="library-q" className="visually-hidden">
          Search titles and texts
        </label>
        <input
          id="library-q"
          name="q"
          type="search"
          defaultValue={draft ?? query.q}
          maxLength={MAX_QUERY_CHARS}
          placeholder='Search titles and texts — words, "a phrase", prefix*'
          aria-describedby="library-q-help"
        />
        <button type="submit" className="primary">
          Search
        </button>
      </div>
      <p id="library-q-help" className="visually-hidden">
        Every word must occur. Put words in double quotes to find them as a phrase; end a word with an asterisk to match its beginning.
      </p>
      <div className="filter-row">
        <label>
          Kind{" "}
          <select name="kind" defaultValue={query.kind ?? ""} onChange={autoSubmit}>
            <option value="">All kinds</option>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          Publisher{" "}
          <select name="publisher" defaultValue={query.publisher ?? ""} onChange={autoSubmit}>
            <option value="">All publishers</option>
            {query.publisher && !publishers.some((p) => p.publisher === query.publisher) && (
              <option value={query.publisher}>{query.publisher}</option>
            )}
            {publishers.map((p) => (
              <option key={p.publisher} value={p.publisher}>
                {p.publisher} ({p.count})
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" name="mine" value="1" defaultChecked={query.mine} onChange={autoSubmit} /> Has my annotations
        </label>
        {isAdmin && (
          <label className="check">
            <input type="checkbox" name="deleted" value="1" defaultChecked={query.deleted} onChange={autoSubmit} /> Deleted documents
          </label>
        )}
        <label>
          Sort{" "}
          <select name="sortdir" defaultValue={sortValue} onChange={autoSubmit}>
            {SORT_CHOICES.filter((c) => !("needsQuery" in c) || query.q).map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <Link href="/" className="clear-link">
            Clear search and filters
          </Link>
        )}
      </div>
    </form>
  );
}
