// What an uploaded file says about itself, to pre-fill the add-document form: the title, author,
// publisher, publication date, source URL and (rarely) the kind. From HTML meta tags, Open Graph and
// JSON-LD, or from Markdown front matter. Every value is checked against the same rules as the
// form (documentMetadataSchema), so a pre-filled value is always one the server accepts; anything
// else is left out. Pure: no I/O.
import { parse as parseYaml } from "yaml";
import { DOCUMENT_KINDS, documentMetadataSchema, type DocumentKind } from "./schemas";
import type { PageInfo } from "./html";

export interface ExtractedMetadata {
  title?: string;
  author?: string;
  publisher?: string;
  /** 2017, 2017-11 or 2017-11-27 */
  publishedAt?: string;
  kind?: DocumentKind;
  sourceUrl?: string;
}

const MAX_FIELD = 300;
const MAX_AUTHORS = 5;

function clean(value: unknown): string | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const text = String(value)
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (text === "") return undefined;
  return Array.from(text).length <= MAX_FIELD ? text : Array.from(text).slice(0, MAX_FIELD - 1).join("").trimEnd() + "…";
}

function looksLikeUrl(v: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(v) || v.startsWith("/");
}

function personName(value: string | undefined): string | undefined {
  if (value === undefined || looksLikeUrl(value)) return undefined;
  return clean(value.replace(/^by\s+/i, ""));
}

/** A date as the form wants it (2017, 2017-11 or 2017-11-27), or undefined. */
export function normaliseDate(value: unknown): string | undefined {
  const text = clean(value);
  if (!text) return undefined;
  let candidate: string | undefined;
  const iso = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:$|[T\s])/.exec(text);
  if (iso) {
    candidate = iso[1];
    if (iso[2]) candidate += `-${iso[2].padStart(2, "0")}`;
    if (iso[2] && iso[3]) candidate += `-${iso[3].padStart(2, "0")}`;
  } else if (/[a-z]/i.test(text) && /\d{4}/.test(text) && text.length <= 40) {
    // "27 November 2017", "Nov 27, 2017": only with a written month and a four-digit year
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) {
      const d = new Date(ms);
      candidate = `${String(d.getFullYear()).padStart(4, "0")}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    }
  }
  if (!candidate) return undefined;
  const parsed = documentMetadataSchema.shape.publishedAt.safeParse(candidate);
  return parsed.success && parsed.data ? parsed.data : undefined;
}

function httpUrl(value: unknown): string | undefined {
  const text = clean(value);
  if (!text) return undefined;
  const parsed = documentMetadataSchema.shape.sourceUrl.safeParse(text);
  return parsed.success && parsed.data ? parsed.data : undefined;
}

function kindOf(value: unknown): DocumentKind | undefined {
  const text = typeof value === "string" ? value.trim().toLowerCase() : "";
  return (DOCUMENT_KINDS as readonly string[]).includes(text) ? (text as DocumentKind) : undefined;
}

/**
 * The kind, only where the file says it unambiguously. schema.org's NewsArticle family is a
 * newspaper, BlogPosting a blog, Report a report, Book a book; Open Graph's og:type "book" a book.
 * Open Graph's "article" is NOT taken for a newspaper: blogs, encyclopedias and magazines all use
 * it, and a wrong pre-filled kind is worse than an empty one (the form then makes you choose).
 */
const KIND_BY_SCHEMA_TYPE: Readonly<Record<string, DocumentKind>> = {
  newsarticle: "newspaper",
  analysisnewsarticle: "newspaper",
  askpublicnewsarticle: "newspaper",
  backgroundnewsarticle: "newspaper",
  opinionnewsarticle: "newspaper",
  reportagenewsarticle: "newspaper",
  reviewnewsarticle: "newspaper",
  blogposting: "blog",
  liveblogposting: "blog",
  report: "report",
  book: "book",
};
const ARTICLE_TYPES = new Set([...Object.keys(KIND_BY_SCHEMA_TYPE), "article", "scholarlyarticle", "techarticle", "creativework", "webpage"]);

// ---------------------------------------------------------------------------------------------
// HTML

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function types(node: { [key: string]: Json }): string[] {
  const t = node["@type"];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === "string").map((x) => x.toLowerCase().replace(/^.*[/#:]/, ""));
}

/** The first JSON-LD object that describes a creative work, looked for breadth-first with bounds. */
function findJsonLdWork(sources: readonly string[]): { [key: string]: Json } | undefined {
  let best: { node: { [key: string]: Json }; rank: number } | undefined;
  for (const source of sources) {
    let data: Json;
    try {
      data = JSON.parse(source) as Json;
    } catch {
      continue;
    }
    const queue: Array<[Json, number]> = [[data, 0]];
    let visited = 0;
    while (queue.length > 0 && visited++ < 2_000) {
      const [node, depth] = queue.shift()!;
      if (node === null || typeof node !== "object" || depth > 8) continue;
      if (Array.isArray(node)) {
        for (const child of node.slice(0, 200)) queue.push([child, depth + 1]);
        continue;
      }
      const t = types(node);
      // Articles first (they carry author and date), then generic works and pages.
      const rank = t.some((x) => x in KIND_BY_SCHEMA_TYPE || x === "article" || x === "scholarlyarticle" || x === "techarticle")
        ? 0
        : t.some((x) => ARTICLE_TYPES.has(x))
          ? 1
          : -1;
      if (rank >= 0 && (!best || rank < best.rank)) best = { node, rank };
      if (node["@graph"] !== undefined) queue.push([node["@graph"], depth + 1]);
      if (node.mainEntity !== undefined) queue.push([node.mainEntity, depth + 1]);
    }
  }
  return best?.node;
}

function names(value: Json | undefined): string | undefined {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const out: string[] = [];
  for (const v of list.slice(0, MAX_AUTHORS * 2)) {
    const name = typeof v === "string" ? personName(v) : v && typeof v === "object" && !Array.isArray(v) ? personName(typeof v.name === "string" ? v.name : undefined) : undefined;
    if (name && !out.includes(name)) out.push(name);
    if (out.length === MAX_AUTHORS) break;
  }
  return out.length > 0 ? clean(out.join(", ")) : undefined;
}

// " | ", " — ", " – ", " - ", " · ", " • ", " » ", " / " between a headline and the site's name; "Site: Headline" too.
const BETWEEN = String.raw`\s+[|\u2013\u2014\u00B7\u2022\u00BB/-]+\s+`;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** "Headline | Site", "Headline — Site" or "Site: Headline" → "Headline"; otherwise the title unchanged. */
export function withoutSiteName(title: string, site: string): string {
  if (title.length > 1000) return title; // the form takes 300; no need to scan a page-long <title>
  const name = escapeRegExp(site);
  const trailing = new RegExp(`^(.+?)${BETWEEN}${name}$`, "iu");
  const leading = new RegExp(`^${name}(?:${BETWEEN}|:\\s+)(.+)$`, "iu");
  return (trailing.exec(title) ?? leading.exec(title))?.[1]?.trim() || title;
}

/** Metadata of an HTML page: JSON-LD first, then Open Graph and other meta tags, then <title>/<h1>. */
export function htmlMetadata(page: PageInfo, fallbackTitle?: string): ExtractedMetadata {
  const meta = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const found = page.metas.find((m) => m.key === key && clean(m.content) !== undefined);
      if (found) return found.content;
    }
    return undefined;
  };
  const metaAll = (key: string) => page.metas.filter((m) => m.key === key).map((m) => m.content);
  const work = findJsonLdWork(page.jsonLd);
  const out: ExtractedMetadata = {};

  const stated = clean(work?.headline) ?? clean(work?.name) ?? clean(meta("og:title", "twitter:title", "citation_title", "dc.title"));
  const title = stated ?? clean(fallbackTitle);

  const citationAuthors = metaAll("citation_author").slice(0, MAX_AUTHORS * 2);
  const author =
    names(work?.author) ??
    (citationAuthors.length > 0 ? names(citationAuthors) : undefined) ??
    personName(meta("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl"));
  if (author) out.author = author;

  const publisherNode = work?.publisher;
  const publisher =
    (typeof publisherNode === "string"
      ? clean(publisherNode)
      : publisherNode && typeof publisherNode === "object" && !Array.isArray(publisherNode)
        ? clean(publisherNode.name)
        : undefined) ?? clean(meta("og:site_name", "citation_publisher", "dc.publisher", "publisher"));
  if (publisher) out.publisher = publisher;
  // Set after the publisher: a <title> usually carries the site's name ("Headline | Site"), which the
  // title field should not (a title the page states as such, above, is taken as it is).
  if (title) out.title = stated || !publisher ? title : withoutSiteName(title, publisher);

  const publishedAt =
    normaliseDate(work?.datePublished) ??
    normaliseDate(
      meta(
        "article:published_time",
        "citation_publication_date",
        "citation_date",
        "dc.date.issued",
        "dc.date",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "parsely-pub-date",
        "sailthru.date",
      ),
    ) ??
    normaliseDate(work?.dateCreated);
  if (publishedAt) out.publishedAt = publishedAt;

  const kind =
    (work ? types(work).map((t) => KIND_BY_SCHEMA_TYPE[t]).find((k) => k !== undefined) : undefined) ??
    ((meta("og:type") ?? "").trim().toLowerCase() === "book" ? "book" : undefined);
  if (kind) out.kind = kind;

  const sourceUrl = httpUrl(page.canonical) ?? httpUrl(meta("og:url")) ?? httpUrl(typeof work?.url === "string" ? work.url : undefined);
  if (sourceUrl) out.sourceUrl = sourceUrl;
  return out;
}

// ---------------------------------------------------------------------------------------------
// A byline in the text

// A name: one to five capitalised words (initials, hyphens, apostrophes), no digits.
const NAME = String.raw`\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+(?:\p{Lu}[\p{L}\p{M}'’.-]*|de|van|von|der|da|del|la|le|bin|ibn)){0,4}`;
const BYLINE = new RegExp(String.raw`^[Bb][Yy]:?\s+(${NAME}(?:\s*(?:,|&|\band\b)\s*${NAME}){0,${MAX_AUTHORS - 1}})\.?$`, "u");
const BYLINE_LINES = 6;

/**
 * The author from a byline among the first lines of a text ("By Jane Historian", "by A. Smith and
 * B. Jones"): a short line of "By" and capitalised names only, so "By 1917 the party…" is not one.
 */
export function bylineAuthor(text: string): string | undefined {
  const lines = text.slice(0, 2000).split("\n").map((l) => l.trim()).filter(Boolean).slice(0, BYLINE_LINES);
  for (const line of lines) {
    if (line.length > 120) continue;
    const m = BYLINE.exec(line);
    // A closing full stop ends the line, not a name (initials and Jr. keep theirs).
    if (m) return personName(/(?<!\p{L})(?!Jr\.$|Sr\.$)\p{L}{3,}\.$/u.test(m[1]) ? m[1].slice(0, -1) : m[1]);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Markdown front matter

const MAX_FRONT_MATTER = 64 * 1024;
const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/**
 * Splits YAML front matter ("---" … "---" at the very start) off a Markdown source. It counts as
 * front matter only when it parses as a YAML mapping (so a thematic break followed by a setext
 * heading stays Markdown); aliases are limited, and nothing in it is executed.
 */
export function splitFrontMatter(md: string): { body: string; data: Record<string, unknown> | null } {
  const m = FRONT_MATTER.exec(md.slice(0, MAX_FRONT_MATTER + 16));
  if (!m) return { body: md, data: null };
  let data: unknown;
  try {
    data = parseYaml(m[1], { maxAliasCount: 20, prettyErrors: false, uniqueKeys: false, schema: "core", logLevel: "error" });
  } catch {
    return { body: md, data: null };
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return { body: md, data: null };
  return { body: md.slice(m[0].length), data: data as Record<string, unknown> };
}

function first(data: Record<string, unknown>, ...keys: string[]): unknown {
  for (const key of keys) {
    const hit = Object.keys(data).find((k) => k.toLowerCase() === key);
    if (hit !== undefined && data[hit] !== null && data[hit] !== undefined) return data[hit];
  }
  return undefined;
}

function frontMatterDate(value: unknown): string | undefined {
  // YAML turns an unquoted 2017-11-27 into a Date (UTC midnight)
  if (value instanceof Date && Number.isFinite(value.getTime())) return normaliseDate(value.toISOString().slice(0, 10));
  return normaliseDate(value);
}

/** Metadata from front matter keys: title; author/authors; publisher/site; date/published/…; kind; source/url/canonical. */
export function frontMatterMetadata(data: Record<string, unknown>): ExtractedMetadata {
  const out: ExtractedMetadata = {};
  const title = clean(first(data, "title"));
  if (title) out.title = title;
  const authorValue = first(data, "author", "authors", "creator");
  const author = Array.isArray(authorValue)
    ? names(authorValue.filter((a): a is string => typeof a === "string"))
    : authorValue && typeof authorValue === "object"
      ? personName(clean((authorValue as { name?: unknown }).name))
      : personName(clean(authorValue));
  if (author) out.author = author;
  const publisher = clean(first(data, "publisher", "site", "site_name", "source_name"));
  if (publisher) out.publisher = publisher;
  const publishedAt = frontMatterDate(first(data, "publishedat", "published", "date", "pubdate", "published_at", "publication_date"));
  if (publishedAt) out.publishedAt = publishedAt;
  const kind = kindOf(first(data, "kind"));
  if (kind) out.kind = kind;
  const sourceUrl = httpUrl(first(data, "sourceurl", "source_url", "source", "url", "canonical", "canonical_url"));
  if (sourceUrl) out.sourceUrl = sourceUrl;
  return out;
}
