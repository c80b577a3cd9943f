// The library's query (search, filters, sort, paging): one schema for the API's query string and the
// library page's URL, and the inverse (a query → a shareable URL). Pure, so client components use it too.
import { z } from "zod";
import { DOCUMENT_KINDS, type DocumentKind } from "./schemas";

export const LIBRARY_SORTS = ["relevance", "title", "added", "published", "annotations", "reliability", "coverage", "activity"] as const;
export type LibrarySort = (typeof LIBRARY_SORTS)[number];
export type SortDirection = "asc" | "desc";

export const MAX_QUERY_CHARS = 500;
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/** The direction a sort starts in when the user picks it (newest, most annotated and A→Z first). */
export const DEFAULT_DIRECTION: Readonly<Record<LibrarySort, SortDirection>> = {
  relevance: "asc",
  title: "asc",
  added: "desc",
  published: "desc",
  annotations: "desc",
  reliability: "desc",
  coverage: "desc",
  activity: "desc",
};

/** Sorts computed from the reliability summaries rather than in SQL. */
export const SUMMARY_SORTS: ReadonlySet<LibrarySort> = new Set(["reliability", "coverage"]);

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const flag = z
  .enum(["1", "0", "true", "false"], { message: "Use 1 or 0." })
  .transform((v) => v === "1" || v === "true")
  .optional();

export const documentListQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(MAX_QUERY_CHARS, `The search can have at most ${MAX_QUERY_CHARS} characters.`)
    .optional()
    .transform((v) => v ?? ""),
  kind: z.preprocess(
    blankToUndefined,
    z.enum(DOCUMENT_KINDS, { message: `Kind must be one of: ${DOCUMENT_KINDS.join(", ")}.` }).optional(),
  ),
  publisher: z.preprocess(blankToUndefined, z.string().trim().max(300).optional()),
  mine: z.preprocess(blankToUndefined, flag),
  deleted: z.preprocess(blankToUndefined, flag),
  sort: z.preprocess(
    blankToUndefined,
    z.enum(LIBRARY_SORTS, { message: `Sort must be one of: ${LIBRARY_SORTS.join(", ")}.` }).optional(),
  ),
  dir: z.preprocess(blankToUndefined, z.enum(["asc", "desc"], { message: "Dir must be asc or desc." }).optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(1_000_000).optional()),
  pageSize: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional()),
});

export interface DocumentListQuery {
  q: string;
  kind?: DocumentKind;
  publisher?: string;
  mine: boolean;
  /** Admins only: the soft-deleted documents instead of the live ones. */
  deleted: boolean;
  sort: LibrarySort;
  dir: SortDirection;
  page: number;
  pageSize: number;
}

/** Fill in defaults: relevance first for a search, titles A→Z otherwise; relevance needs a search. */
export function normaliseListQuery(parsed: z.output<typeof documentListQuerySchema>): DocumentListQuery {
  const q = parsed.q;
  let sort: LibrarySort = parsed.sort ?? (q ? "relevance" : "title");
  if (sort === "relevance" && !q) sort = "title";
  return {
    q,
    kind: parsed.kind,
    publisher: parsed.publisher || undefined,
    mine: parsed.mine ?? false,
    deleted: parsed.deleted ?? false,
    sort,
    dir: sort === "relevance" ? "asc" : (parsed.dir ?? DEFAULT_DIRECTION[sort]),
    page: parsed.page ?? 1,
    pageSize: parsed.pageSize ?? DEFAULT_PAGE_SIZE,
  };
}

type Params = Record<string, string | string[] | undefined>;

const firstValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * For pages: a URL someone typed or shared should never fail, so invalid parameters are dropped
 * (one by one) instead of refused; the API refuses them with a 400 instead. A search longer than
 * MAX_QUERY_CHARS is dropped too (not cut, which would search for something nobody typed): the page
 * says so with tooLongSearch.
 */
export function parseListQueryLeniently(params: Params): DocumentListQuery {
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const v = firstValue(value);
    if (typeof v === "string") input[key] = v;
  }
  // The search form without JavaScript sends its sort menu as one "sortdir=title:asc" field.
  if (input.sortdir && !input.sort) [input.sort, input.dir] = input.sortdir.split(":");
  delete input.sortdir;
  for (let attempt = 0; attempt < 10; attempt++) {
    const parsed = documentListQuerySchema.safeParse(input);
    if (parsed.success) return normaliseListQuery(parsed.data);
    for (const issue of parsed.error.issues) delete input[String(issue.path[0])];
  }
  return normaliseListQuery(documentListQuerySchema.parse({}));
}

/**
 * A search in a page's URL that is too long to run (the API refuses it with a 400): the message to
 * show, with the API's limit, and its first MAX_QUERY_CHARS characters for the search box; null
 * when there is none or it fits.
 */
export function tooLongSearch(params: Params): { message: string; draft: string } | null {
  const q = firstValue(params.q);
  if (typeof q !== "string") return null;
  const checked = documentListQuerySchema.shape.q.safeParse(q);
  if (checked.success) return null;
  const trimmed = q.trim();
  let cut = MAX_QUERY_CHARS;
  if (/[\uD800-\uDBFF]/.test(trimmed[cut - 1] ?? "")) cut--; // never half of a surrogate pair
  return {
    message: `${checked.error.issues[0].message} This one has ${trimmed.length.toLocaleString("en")}, so it was not run: the search box holds its first ${cut.toLocaleString("en")} to shorten.`,
    draft: trimmed.slice(0, cut),
  };
}

/** The URL search string of a query, leaving out defaults so shared links stay short. */
export function listQueryToSearch(query: DocumentListQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.kind) params.set("kind", query.kind);
  if (query.publisher) params.set("publisher", query.publisher);
  if (query.mine) params.set("mine", "1");
  if (query.deleted) params.set("deleted", "1");
  const defaultSort: LibrarySort = query.q ? "relevance" : "title";
  if (query.sort !== defaultSort) params.set("sort", query.sort);
  if (query.sort !== "relevance" && query.dir !== DEFAULT_DIRECTION[query.sort]) params.set("dir", query.dir);
  if (query.page !== 1) params.set("page", String(query.page));
  if (query.pageSize !== DEFAULT_PAGE_SIZE) params.set("pageSize", String(query.pageSize));
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** The library URL for `query` with some parameters changed (any change but paging goes back to page 1). */
export function libraryHref(query: DocumentListQuery, change: Partial<DocumentListQuery> = {}): string {
  const next = { ...query, ...change };
  if (!("page" in change)) next.page = 1;
  return `/${listQueryToSearch(next)}`;
}
