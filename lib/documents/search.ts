import "server-only";
// The library query in SQL: filters, sorting, paging and full-text search. The only module that knows
// about SQLite's FTS5 objects (see prisma/migrations/*_documents_fts): a move to PostgreSQL replaces
// this file (tsvector + ts_rank + ts_headline) and nothing else. All values are bound parameters.
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import type { DocumentKind } from "./schemas";
import type { LibrarySort, SortDirection } from "./list-query";
import { SNIPPET_ELLIPSIS, SNIPPET_END, SNIPPET_START } from "./fts-query";

export interface DocumentPageFilter {
  /** An FTS5 expression from toFtsQuery(), never raw user input. */
  fts?: string | null;
  kind?: DocumentKind;
  publisher?: string;
  /** Only documents with live annotations by this user. */
  annotatedBy?: string;
  deleted: boolean;
}

export interface DocumentPageOptions extends DocumentPageFilter {
  sort: LibrarySort;
  dir: SortDirection;
  limit: number;
  offset: number;
}

const SNIPPET_TOKENS = 24;

function fromAndWhere(filter: DocumentPageFilter) {
  const where: Prisma.Sql[] = [filter.deleted ? Prisma.sql`d."deletedAt" IS NOT NULL` : Prisma.sql`d."deletedAt" IS NULL`];
  if (filter.kind) where.push(Prisma.sql`d."kind" = ${filter.kind}`);
  if (filter.publisher) where.push(Prisma.sql`d."publisher" = ${filter.publisher}`);
  if (filter.annotatedBy) {
    where.push(
      Prisma.sql`d."id" IN (SELECT a."documentId" FROM "Annotation" a WHERE a."authorId" = ${filter.annotatedBy} AND a."deletedAt" IS NULL)`,
    );
  }
  let from = Prisma.sql`"Document" d`;
  if (filter.fts) {
    from = Prisma.sql`"DocumentFts" f JOIN "DocumentSearchKey" k ON k."id" = f."rowid" JOIN "Document" d ON d."id" = k."documentId"`;
    where.push(Prisma.sql`"DocumentFts" MATCH ${filter.fts}`);
  }
  return Prisma.sql`FROM ${from} WHERE ${Prisma.join(where, " AND ")}`;
}

function orderBy(options: DocumentPageOptions): Prisma.Sql {
  const dir = Prisma.raw(options.dir === "desc" ? "DESC" : "ASC");
  switch (options.sort) {
    case "relevance":
      // FTS5's rank is bm25 with the weights configured in the migration: lower is better.
      return options.fts ? Prisma.sql`f."rank", d."id"` : Prisma.sql`d."title" COLLATE NOCASE, d."id"`;
    case "added":
      return Prisma.sql`d."createdAt" ${dir}, d."id" ${dir}`;
    case "activity":
      return Prisma.sql`d."lastActivityAt" ${dir}, d."id" ${dir}`;
    case "published":
      return Prisma.sql`d."publishedAt" ${dir} NULLS LAST, d."id" ${dir}`;
    case "annotations":
      return Prisma.sql`(SELECT count(*) FROM "Annotation" a WHERE a."documentId" = d."id" AND a."deletedAt" IS NULL) ${dir}, d."title" COLLATE NOCASE, d."id"`;
    case "title":
    default:
      return Prisma.sql`d."title" COLLATE NOCASE ${dir}, d."id" ${dir}`;
  }
}

/** One page of document ids in order, and how many documents match in all. */
export async function findDocumentPage(options: DocumentPageOptions): Promise<{ ids: string[]; total: number }> {
  const body = fromAndWhere(options);
  const [rows, count] = await Promise.all([
    db.$queryRaw<Array<{ id: string }>>(
      Prisma.sql`SELECT d."id" AS "id" ${body} ORDER BY ${orderBy(options)} LIMIT ${options.limit} OFFSET ${options.offset}`,
    ),
    db.$queryRaw<Array<{ n: number | bigint }>>(Prisma.sql`SELECT count(*) AS "n" ${body}`),
  ]);
  return { ids: rows.map((r) => r.id), total: Number(count[0]?.n ?? 0) };
}

export interface RawSnippet {
  /** snippet() output with SNIPPET_START / SNIPPET_END / SNIPPET_ELLIPSIS markers. */
  snippet: string;
}

/** The best-matching fragment of each document's text, for the documents of one result page. */
export async function findSnippets(fts: string, documentIds: string[]): Promise<Map<string, RawSnippet>> {
  if (documentIds.length === 0) return new Map();
  const rows = await db.$queryRaw<Array<{ id: string; snippet: string | null }>>(Prisma.sql`
    SELECT k."documentId" AS "id",
           snippet("DocumentFts", 1, ${SNIPPET_START}, ${SNIPPET_END}, ${SNIPPET_ELLIPSIS}, ${SNIPPET_TOKENS}) AS "snippet"
    FROM "DocumentFts" f JOIN "DocumentSearchKey" k ON k."id" = f."rowid"
    WHERE "DocumentFts" MATCH ${fts}
      AND f."rowid" IN (SELECT k2."id" FROM "DocumentSearchKey" k2 WHERE k2."documentId" IN (${Prisma.join(documentIds)}))`);
  return new Map(rows.filter((r) => r.snippet).map((r) => [r.id, { snippet: r.snippet! }]));
}

/**
 * Code point offset of the first occurrence of `fragment` in a document's text, or null.
 * (SQLite's instr() counts characters, i.e. code points, for text values.)
 */
export async function locateInText(documentId: string, fragment: string): Promise<number | null> {
  if (!fragment) return null;
  const rows = await db.$queryRaw<Array<{ pos: number | bigint | null }>>(
    Prisma.sql`SELECT instr("text", ${fragment}) AS "pos" FROM "Document" WHERE "id" = ${documentId}`,
  );
  const pos = Number(rows[0]?.pos ?? 0);
  return pos > 0 ? pos - 1 : null;
}

/** Rebuild the whole full-text index from Document (after a restore from an old backup, say). */
export async function rebuildSearchIndex(): Promise<void> {
  await db.$transaction([
    db.$executeRaw`INSERT OR IGNORE INTO "DocumentSearchKey"("documentId") SELECT "id" FROM "Document"`,
    db.$executeRaw`DELETE FROM "DocumentSearchKey" WHERE "documentId" NOT IN (SELECT "id" FROM "Document")`,
    db.$executeRaw`INSERT INTO "DocumentFts"("DocumentFts") VALUES ('rebuild')`,
  ]);
}
