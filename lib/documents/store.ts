import "server-only";
// The documents store: every query of Document, its versions (DocumentVersion) and its full-text index
// (SQLite FTS5 or PostgreSQL tsvector; see prisma/migrations and prisma/postgres/migrations). A version's
// text never changes; Document holds the current version's text (so the library, search, summaries and
// exports read the current version), and a new version replaces it. All values are bound parameters.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import { db, engine, prepared, type DB, type Db, type Tx } from "@/lib/store/engine";
import { newId } from "@/lib/store/ids";
import { storedTime, toIso, toIsoOrNull } from "@/lib/store/time";
import { toFts5Query, toTsQuery, type SearchPhrase } from "./fts-query";
import type { DocumentKind, DocumentMetadata } from "./schemas";
import type { DocumentStructure } from "./structure";
import type { LibrarySort, SortDirection } from "./list-query";
import { sortKey } from "@/lib/sort-key";

/** A document without its text, as every reader of metadata sees it (times in ISO form). */
export interface DocumentRecord {
  id: string;
  title: string;
  kind: string;
  publisher: string | null;
  author: string | null;
  publishedAt: string | null;
  sourceUrl: string | null;
  textHash: string;
  length: number;
  words: number;
  /** Number of the current version (1 until a new version is added). */
  version: number;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  deletedAt: string | null;
}

export type DocumentWithText = DocumentRecord & { text: string };

const META = [
  "id",
  "title",
  "kind",
  "publisher",
  "author",
  "publishedAt",
  "sourceUrl",
  "textHash",
  "length",
  "words",
  "version",
  "createdById",
  "createdAt",
  "updatedAt",
  "lastActivityAt",
  "deletedAt",
] as const;

type MetaRow = Omit<DocumentRecord, "version" | "createdAt" | "updatedAt" | "lastActivityAt" | "deletedAt"> & {
  version: number | null;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  deletedAt: string | null;
};

function toRecord<R extends MetaRow>(row: R): Omit<R, "version"> & DocumentRecord {
  return {
    ...row,
    version: row.version ?? 1, // documents stored before versions existed
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
    lastActivityAt: toIso(row.lastActivityAt),
    deletedAt: toIsoOrNull(row.deletedAt),
  };
}

// ---------------------------------------------------------------------------------------------
// Writes

export interface NewDocument extends DocumentMetadata {
  text: string;
  textHash: string;
  length: number;
  words: number;
  createdById: string | null;
  /** What the upload was (text, markdown, html), kept with version 1. */
  format?: string | null;
  /** Keep an id (import of a native export); default: a new one. */
  id?: string;
  createdAt?: string;
  /**
   * Import of a native export with its history: every version of the text, oldest first, the last being
   * this text (whose hash, length and words are the document's); default: the text as version 1.
   */
  versions?: NewVersion[];
}

/** A version row of a document created with its history (times in ISO form). */
export type NewVersion = Omit<DocumentVersionRecord, "documentId"> & { text: string };

/**
 * Insert a document with its text as version 1 (inside the caller's write, so both rows or neither);
 * null when a live document already has this text (the partial unique index) or the id is taken.
 */
export async function insertDocument(input: NewDocument, q: Db | Tx = db): Promise<DocumentRecord | null> {
  const now = storedTime();
  const row = {
    id: input.id ?? newId(),
    title: input.title,
    titleKey: sortKey(input.title),
    kind: input.kind,
    publisher: input.publisher ?? null,
    author: input.author ?? null,
    publishedAt: input.publishedAt ?? null,
    sourceUrl: input.sourceUrl ?? null,
    text: input.text,
    textHash: input.textHash,
    length: input.length,
    words: input.words,
    version: input.versions?.at(-1)?.number ?? 1,
    createdById: input.createdById,
    createdAt: input.createdAt ? storedTime(new Date(input.createdAt)) : now,
    updatedAt: now,
    lastActivityAt: now,
    deletedAt: null,
  };
  // DO NOTHING rather than catching the violation: on PostgreSQL a failed statement ends the transaction.
  const result = await q.insertInto("Document").values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  if (!result.numInsertedOrUpdatedRows) return null;
  const versions = input.versions?.map((v) => ({ ...v, documentId: row.id, createdAt: storedTime(new Date(v.createdAt)) })) ?? [
    {
      documentId: row.id,
      number: 1,
      text: row.text,
      textHash: row.textHash,
      length: row.length,
      words: row.words,
      format: input.format ?? null,
      note: null,
      addedById: row.createdById,
      createdAt: row.createdAt,
    },
  ];
  // one at a time: a version's text may be megabytes, and SQLite binds at most 999 values a statement anyway
  for (const v of versions) await q.insertInto("DocumentVersion").values(v).execute();
  const { text, titleKey, ...meta } = row;
  void text;
  void titleKey;
  return toRecord(meta);
}

/**
 * Changes a live document's metadata (never the text) when each field in `expected` still has that value (null: none);
 * null when nothing was changed (the document is gone, or a field no longer has its expected value).
 */
export async function updateDocumentMetadata(
  id: string,
  changes: Partial<DocumentMetadata>,
  tx: Db | Tx = db,
  expected: Partial<Record<keyof DocumentMetadata, string | null>> = {},
): Promise<DocumentRecord | null> {
  let query = tx
    .updateTable("Document")
    .set({ ...changes, ...(changes.title === undefined ? {} : { titleKey: sortKey(changes.title) }), updatedAt: storedTime() })
    .where("id", "=", id)
    .where("deletedAt", "is", null);
  for (const [field, value] of Object.entries(expected) as Array<[keyof DocumentMetadata, string | null | undefined]>) {
    if (value !== undefined) query = query.where(field, "is not distinct from", value);
  }
  const result = await query.executeTakeFirst();
  if (result.numUpdatedRows === BigInt(0)) return null;
  return findDocumentRecord(id, { includeDeleted: true }, tx);
}

/** Soft-delete (a time) or restore (null); false when it was already in that state. */
export async function setDocumentDeleted(id: string, deletedAt: Date | null, tx: Db | Tx = db): Promise<boolean> {
  const base = tx.updateTable("Document").set({ deletedAt: deletedAt ? storedTime(deletedAt) : null, updatedAt: storedTime() }).where("id", "=", id);
  const result = await (deletedAt ? base.where("deletedAt", "is", null) : base.where("deletedAt", "is not", null)).executeTakeFirst();
  return result.numUpdatedRows > BigInt(0);
}

/** Mark activity on a document (inside the write that caused it): the library's "activity" sort and summary caches use it. */
export async function touchDocument(tx: Tx, id: string, at: string): Promise<void> {
  await tx.updateTable("Document").set({ lastActivityAt: at }).where("id", "=", id).execute();
}

// ---------------------------------------------------------------------------------------------
// Structures (lib/documents/structure.ts), one per version of a document's text: immutable once stored

/**
 * Store the structure of a version of a document's text (1: the text as added), inside the caller's
 * write. A version's structure never changes: when one is stored already, it stays and this returns false.
 */
export async function saveStructure(tx: Tx, documentId: string, version: number, structure: DocumentStructure): Promise<boolean> {
  const result = await tx
    .insertInto("DocumentStructure")
    .values({ documentId, version, structure: JSON.stringify(structure), createdAt: storedTime() })
    .onConflict((oc) => oc.columns(["documentId", "version"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The stored structure of a version of a document's text as its JSON text (unchecked: the service checks it), or null. */
export async function findStructure(documentId: string, version: number, q: Db | Tx = db): Promise<string | null> {
  const row = await q
    .selectFrom("DocumentStructure")
    .select("structure")
    .where("documentId", "=", documentId)
    .where("version", "=", version)
    .executeTakeFirst();
  return row?.structure ?? null;
}

// ---------------------------------------------------------------------------------------------
// Reads

export async function findDocumentRecord(id: string, options: { includeDeleted?: boolean } = {}, q: Db | Tx = db): Promise<DocumentRecord | null> {
  let query = q.selectFrom("Document").select(META).where("id", "=", id);
  if (!options.includeDeleted) query = query.where("deletedAt", "is", null);
  const row = await query.executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function findDocumentWithText(id: string, options: { includeDeleted?: boolean } = {}): Promise<DocumentWithText | null> {
  let query = db.selectFrom("Document").select([...META, "text"]).where("id", "=", id);
  if (!options.includeDeleted) query = query.where("deletedAt", "is", null);
  const row = await query.executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** The current text of a live document with its version number and hash, or null. */
export async function findLiveText(id: string): Promise<{ text: string; version: number; textHash: string } | null> {
  const row = await db.selectFrom("Document").select(["text", "version", "textHash"]).where("id", "=", id).where("deletedAt", "is", null).executeTakeFirst();
  return row ? { text: row.text, version: row.version ?? 1, textHash: row.textHash } : null;
}

/**
 * The first `chars` code points of a document's current text and the text's whole length (deleted
 * documents too: the library's search of them shows snippets), or null. Only the pages that hold the
 * start are read, on either engine.
 */
export async function findTextStart(id: string, chars: number): Promise<{ start: string; length: number } | null> {
  const row = await db
    .selectFrom("Document")
    .select([sql<string>`substr("text", 1, ${chars})`.as("start"), "length"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? { start: row.start, length: Number(row.length) } : null;
}

/** A document's current text (deleted documents too), or null. */
export async function findDocumentText(id: string): Promise<string | null> {
  return (await db.selectFrom("Document").select("text").where("id", "=", id).executeTakeFirst())?.text ?? null;
}

/** Which text a live document has now (its version number and hash, not the text), or null. */
export async function findLiveVersion(id: string): Promise<{ version: number; textHash: string } | null> {
  const row = await db.selectFrom("Document").select(["version", "textHash"]).where("id", "=", id).where("deletedAt", "is", null).executeTakeFirst();
  return row ? { version: row.version ?? 1, textHash: row.textHash } : null;
}

/** lastActivityAt of a live document, or null (deleted or unknown): with its newest event id, the reader's spans cache stamp. */
export async function findLiveActivityAt(id: string, q: Db | Tx = db): Promise<string | null> {
  const row = await q.selectFrom("Document").select("lastActivityAt").where("id", "=", id).where("deletedAt", "is", null).executeTakeFirst();
  return row ? toIso(row.lastActivityAt) : null;
}

export async function isDocumentLive(id: string, q: Db | Tx = db): Promise<boolean> {
  return !!(await q.selectFrom("Document").select("id").where("id", "=", id).where("deletedAt", "is", null).executeTakeFirst());
}

/** The live document with this text, other than `exceptId`. */
export async function findLiveDuplicate(textHash: string, exceptId?: string, q: Db | Tx = db): Promise<{ id: string; title: string } | null> {
  let query = q.selectFrom("Document").select(["id", "title"]).where("textHash", "=", textHash).where("deletedAt", "is", null);
  if (exceptId) query = query.where("id", "!=", exceptId);
  return (await query.executeTakeFirst()) ?? null;
}

/** Documents by id (any state), without texts. */
export async function findDocumentRecords(ids: string[]): Promise<DocumentRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("Document").select(META).where("id", "in", ids).execute();
  return rows.map(toRecord);
}

/** A live document's head: what lists and summaries show of it, and what its change stamp is made of (lib/documents/stamps.ts). */
export interface DocumentHead {
  id: string;
  title: string;
  kind: string;
  publisher: string | null;
  length: number;
  version: number;
  /** SHA-256 of the current text (hex). */
  textHash: string;
  lastActivityAt: string;
}

/** Heads of live documents (all, or those among `ids`), by title then id. */
export async function findLiveDocumentHeads(ids?: string[]): Promise<DocumentHead[]> {
  if (ids && ids.length === 0) return [];
  let query = db.selectFrom("Document").select(["id", "title", "kind", "publisher", "length", "version", "textHash", "lastActivityAt"]).where("deletedAt", "is", null);
  if (ids) query = query.where("id", "in", ids);
  const rows = await query.orderBy(titleOrder("asc")).execute();
  return rows.map((r) => ({ ...r, version: r.version ?? 1, lastActivityAt: toIso(r.lastActivityAt) }));
}

/** Publishers of live documents with their counts (unordered: the service puts them in a reader's order). */
export async function findPublishers(): Promise<Array<{ publisher: string; count: number }>> {
  const rows = await db
    .selectFrom("Document")
    .select((eb) => ["publisher", eb.fn.countAll<number>().as("count")])
    .where("deletedAt", "is", null)
    .where("publisher", "is not", null)
    .groupBy("publisher")
    .execute();
  return rows.map((r) => ({ publisher: r.publisher!, count: Number(r.count) }));
}

export async function countDocuments(): Promise<number> {
  const row = await db.selectFrom("Document").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------------------------------------
// Versions

/** A version without its text (times in ISO form). */
export interface DocumentVersionRecord {
  documentId: string;
  number: number;
  textHash: string;
  length: number;
  words: number;
  format: string | null;
  note: string | null;
  addedById: string | null;
  createdAt: string;
}

const VERSION_META = ["documentId", "number", "textHash", "length", "words", "format", "note", "addedById", "createdAt"] as const;

/** The versions of a document, newest first. */
export async function findVersions(documentId: string, q: Db = db): Promise<DocumentVersionRecord[]> {
  const rows = await q.selectFrom("DocumentVersion").select(VERSION_META).where("documentId", "=", documentId).orderBy("number", "desc").execute();
  return rows.map((r) => ({ ...r, createdAt: toIso(r.createdAt) }));
}

/** One version with its text, or null. */
export async function findVersion(documentId: string, number: number): Promise<(DocumentVersionRecord & { text: string }) | null> {
  const row = await db
    .selectFrom("DocumentVersion")
    .select([...VERSION_META, "text"])
    .where("documentId", "=", documentId)
    .where("number", "=", number)
    .executeTakeFirst();
  return row ? { ...row, createdAt: toIso(row.createdAt) } : null;
}

export async function insertVersion(tx: Tx, v: Omit<DocumentVersionRecord, "createdAt"> & { text: string; createdAt: string }): Promise<void> {
  await tx.insertInto("DocumentVersion").values(v).execute();
}

/** The version condition on Document: null is version 1 (documents stored before versions existed). */
const atVersion = (version: number) => (eb: ExpressionBuilder<DB, "Document">) => eb(eb.fn.coalesce("version", eb.val(1)), "=", version);

/**
 * Makes a new version the current one: Document's text, hash, length and words (the search index
 * follows through its triggers), when the live document is still at version `from`. False otherwise
 * (deleted, or another version came first). Call it first in the write: on PostgreSQL it also locks
 * the row until the commit, so annotations cannot be added to the old version meanwhile.
 */
export async function replaceCurrentText(
  tx: Tx,
  input: { id: string; from: number; to: number; text: string; textHash: string; length: number; words: number; at: string },
): Promise<boolean> {
  const result = await tx
    .updateTable("Document")
    .set({ text: input.text, textHash: input.textHash, length: input.length, words: input.words, version: input.to, updatedAt: input.at, lastActivityAt: input.at })
    .where("id", "=", input.id)
    .where("deletedAt", "is", null)
    .where(atVersion(input.from))
    .executeTakeFirst();
  return result.numUpdatedRows > BigInt(0);
}

/**
 * Inside a write that places annotations on a document's text: true when the document is live and its
 * current version is still `version` (with this `textHash`, when given). It marks activity
 * (lastActivityAt), which on PostgreSQL also locks the row until the commit, so a new version waits for
 * this write, or this one sees it.
 */
export async function lockDocumentVersion(tx: Tx, id: string, version: number, at: string, textHash?: string): Promise<boolean> {
  const result = textHash === undefined ? await lockAtVersion(tx, { id, version, at }) : await lockAtVersionAndHash(tx, { id, version, at, textHash });
  return (result.numAffectedRows ?? BigInt(0)) > BigInt(0);
}

type LockValues = { id: string; version: number; at: string };
const lockQuery = (q: Db, v: <K extends keyof LockValues>(name: K) => LockValues[K]) =>
  q.updateTable("Document").set({ lastActivityAt: v("at") }).where("id", "=", v("id")).where("deletedAt", "is", null).where(atVersion(v("version")));
const lockAtVersion = prepared<LockValues, unknown>(lockQuery);
const lockAtVersionAndHash = prepared<LockValues & { textHash: string }, unknown>((q, v) => lockQuery(q, v).where("textHash", "=", v("textHash")));

// ---------------------------------------------------------------------------------------------
// The library query: filters, sorting, paging and full-text search

export interface DocumentPageFilter {
  /** Parsed search phrases (lib/documents/fts-query.ts parseSearch); empty or undefined: no search. */
  search?: SearchPhrase[] | null;
  kind?: DocumentKind;
  publisher?: string;
  /** Only documents with live annotations by this user. */
  annotatedBy?: string;
  deleted: boolean;
}

export interface DocumentPageOptions extends DocumentPageFilter {
  sort: LibrarySort;
  dir: SortDirection;
  /** -1: every match. */
  limit: number;
  offset: number;
}

/**
 * Text ordered the same way on both engines: case folded for ASCII letters only (SQLite's lower() folds
 * nothing else), then compared by code point (PostgreSQL's "C" collation), whatever the database's locale.
 * For ISO dates; titles have a sort key of their own (titleOrder).
 */
function textOrder(ref: Expression<unknown>) {
  return engine === "sqlite"
    ? sql`lower(${ref})`
    : sql`translate(${ref}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE "C"`;
}

/** By code point on both engines (SQLite's BINARY, PostgreSQL's "C" collation), whatever the database's locale. */
const byCodePoint = (ref: string) => (engine === "sqlite" ? sql.ref(ref) : sql`${sql.ref(ref)} COLLATE "C"`);

/**
 * Titles as a reader expects them (accents and case ignored: lib/sort-key.ts), then titles that
 * differ only in those as written, then ids: a total order, so pages never overlap or skip a document.
 */
function titleOrder(dir: SortDirection, alias?: string) {
  const d = dir === "desc" ? sql`DESC` : sql`ASC`;
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  return sql`${byCodePoint(col("titleKey"))} ${d}, ${byCodePoint(col("title"))} ${d}, ${sql.ref(col("id"))} ${d}`;
}

const TS_CONFIG = sql.lit("apparatus_search");

/** A document's search rows (PostgreSQL): chunk 0 its title, then pieces of its text (see the migration). */
const chunkMatches = (phrases: SearchPhrase[]) => sql<SqlBool>`EXISTS (SELECT 1 FROM "DocumentSearch" s WHERE s."documentId" = "d"."id" AND s."vector" @@ to_tsquery(${TS_CONFIG}, ${toTsQuery(phrases)}))`;

function filtered(filter: DocumentPageFilter) {
  const search = filter.search?.length ? filter.search : null;
  let query =
    search && engine === "sqlite"
      ? db
          .selectFrom("Document as d")
          .innerJoin(sql<{ id: number; documentId: string }>`"DocumentSearchKey"`.as("k"), "k.documentId", "d.id")
          .innerJoin(sql<{ rowid: number; rank: number }>`"DocumentFts"`.as("f"), "f.rowid", "k.id")
          .where(sql<SqlBool>`"DocumentFts" MATCH ${toFts5Query(search)}`)
      : db.selectFrom("Document as d");
  // Every phrase must match one of the document's rows (a word may be in one piece, the next word in another).
  if (search && engine === "postgres") for (const phrase of search) query = query.where(chunkMatches([phrase]));
  query = query.where("d.deletedAt", filter.deleted ? "is not" : "is", null);
  if (filter.kind) query = query.where("d.kind", "=", filter.kind);
  if (filter.publisher) query = query.where("d.publisher", "=", filter.publisher);
  if (filter.annotatedBy) {
    const author = filter.annotatedBy;
    query = query.where("d.id", "in", (eb) =>
      eb.selectFrom("Annotation as a").select("a.documentId").where("a.authorId", "=", author).where("a.deletedAt", "is", null),
    );
  }
  return { query, search };
}

/** One page of document ids in order, and how many documents match in all. */
export async function findDocumentPage(options: DocumentPageOptions): Promise<{ ids: string[]; total: number }> {
  const { query, search } = filtered(options);
  const dir = options.dir === "desc" ? sql`DESC` : sql`ASC`;
  const id = sql.ref("d.id");
  let order;
  switch (options.sort) {
    case "relevance":
      order = !search
        ? titleOrder("asc", "d")
        : engine === "sqlite"
          ? sql`"f"."rank", ${titleOrder("asc", "d")}` // FTS5's rank is bm25 (title weighted 10×, see the migration): lower is better
          : sql`(SELECT sum(ts_rank(s."vector", q)) FROM "DocumentSearch" s, to_tsquery(${TS_CONFIG}, ${toTsQuery(search, "|")}) q
                 WHERE s."documentId" = "d"."id" AND s."vector" @@ q) DESC, ${titleOrder("asc", "d")}`; // equally relevant: A to Z
      break;
    case "added":
      order = sql`"d"."createdAt" ${dir}, ${id} ${dir}`;
      break;
    case "activity":
      order = sql`"d"."lastActivityAt" ${dir}, ${id} ${dir}`;
      break;
    case "published":
      // Undated documents (most, in practice) last, and documents of one date, A to Z either way.
      order = sql`${textOrder(sql.ref("d.publishedAt"))} ${dir} NULLS LAST, ${titleOrder("asc", "d")}`;
      break;
    case "annotations":
      order = sql`(SELECT count(*) FROM "Annotation" a WHERE a."documentId" = "d"."id" AND a."deletedAt" IS NULL) ${dir}, ${titleOrder("asc", "d")}`;
      break;
    default:
      order = titleOrder(options.dir, "d");
  }
  let page = query.select("d.id").orderBy(order);
  if (options.limit >= 0) page = page.limit(options.limit).offset(options.offset);
  const [rows, count] = await Promise.all([
    page.execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((r) => r.id), total: Number(count.n) };
}

/** Rebuild the whole full-text index from Document (after a restore from an old backup, say). */
export async function rebuildSearchIndex(): Promise<void> {
  if (engine === "sqlite") {
    await sql`INSERT OR IGNORE INTO "DocumentSearchKey"("documentId") SELECT "id" FROM "Document"`.execute(db);
    await sql`DELETE FROM "DocumentSearchKey" WHERE "documentId" NOT IN (SELECT "id" FROM "Document")`.execute(db);
    await sql`INSERT INTO "DocumentFts"("DocumentFts") VALUES ('rebuild')`.execute(db);
  } else {
    await sql`UPDATE "Document" SET "title" = "title"`.execute(db); // the trigger recomputes every vector
  }
}

// ---------------------------------------------------------------------------------------------
// Exports (on a snapshot of their own, see lib/store/engine.ts openSnapshot)

/** Live documents (metadata, no text) in the order they were added: all, or those among `ids`. */
export async function findExportDocuments(q: Db, ids?: string[]): Promise<DocumentRecord[]> {
  if (ids && ids.length === 0) return [];
  let query = q.selectFrom("Document").select(META).where("deletedAt", "is", null);
  if (ids) query = query.where("id", "in", ids);
  const rows = await query.orderBy("createdAt").orderBy("id").execute();
  return rows.map(toRecord);
}

export async function findExportText(q: Db, documentId: string): Promise<string> {
  return (await q.selectFrom("Document").select("text").where("id", "=", documentId).executeTakeFirst())?.text ?? "";
}

/** The texts of a document's versions before `current`, by number (the export's history). */
export async function findEarlierTexts(q: Db, documentId: string, current: number): Promise<Map<number, string>> {
  const rows = await q.selectFrom("DocumentVersion").select(["number", "text"]).where("documentId", "=", documentId).where("number", "<", current).execute();
  return new Map(rows.map((r) => [r.number, r.text]));
}

// ---------------------------------------------------------------------------------------------
// Imports

/** Live documents (at most two) with this text, id or title: an import's candidates for a file's document. */
export async function findLiveDocumentsBy(
  match: { textHash: string } | { id: string } | { title: string },
): Promise<Array<{ id: string; title: string; text: string; version: number }>> {
  let query = db
    .selectFrom("Document")
    .select((eb) => ["id", "title", "text", eb.fn.coalesce("version", eb.val(1)).as("version")])
    .where("deletedAt", "is", null);
  if ("textHash" in match) query = query.where("textHash", "=", match.textHash);
  else if ("id" in match) query = query.where("id", "=", match.id);
  else query = query.where("title", "=", match.title);
  return query.limit(2).execute();
}

export async function isDocumentIdTaken(id: string): Promise<boolean> {
  return !!(await db.selectFrom("Document").select("id").where("id", "=", id).executeTakeFirst());
}
