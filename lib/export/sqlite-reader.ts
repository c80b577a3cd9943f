import "server-only";
// The export's reads, on SQLite: a read-only connection of its own with one read transaction, so an
// export sees a single snapshot of the database however long the client takes to download it (WAL lets
// writers go on meanwhile), and plain SQL, since Prisma's JavaScript engine costs ~15x more CPU per row
// on a 100,000-annotation export. A PostgreSQL deployment implements the same methods with a
// REPEATABLE READ transaction (see product.md, "Beyond one machine").
import Database from "better-sqlite3";
import { databaseFile } from "@/lib/db-path";
import { env } from "@/lib/env";

export interface PersonRow {
  id: string;
  name: string;
  email: string;
}

export interface DocumentRow {
  id: string;
  title: string;
  kind: string;
  publisher: string | null;
  author: string | null;
  publishedAt: string | null;
  sourceUrl: string | null;
  createdAt: string;
  textHash: string;
  length: number;
}

export interface ReplyRow {
  id: string;
  annotationId: string;
  /** Tiptap JSON as stored. */
  body: string;
  bodyText: string;
  author: PersonRow;
  createdAt: string;
  updatedAt: string;
}

export interface VerdictRow {
  annotationId: string;
  reviewer: PersonRow;
  verdict: string;
  proposedClass: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AnnotationRow {
  id: string;
  documentId: string;
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
  classification: string;
  /** Tiptap JSON as stored. */
  note: string;
  noteText: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  author: PersonRow;
  evidence: Array<{ citation: string | null; url: string | null }>;
  replies: ReplyRow[];
  verdicts: VerdictRow[];
}

/** Where a page of annotations ended, in document order (createdAt as stored, for comparison in SQL). */
export interface AnnotationKey {
  start: number;
  end: number;
  createdAt: string | number;
  id: string;
}

type RawAnnotation = [string, string, number, number, string, string, string, string, string, string, number, string, string, string];

/** Which documents: all live ones, or the live ones among `ids`. */
export interface ExportSelection {
  ids?: string[];
}

/**
 * Stored dates are ISO text as Prisma's adapter writes it ("2024-05-01T10:00:00.000+00:00"), rewritten
 * by hand on that fast path; anything else (epoch milliseconds, other offsets) goes through Date.
 */
const iso = (value: string | number): string =>
  typeof value === "string" && value.length === 29 && value.endsWith("+00:00") && value[10] === "T" && value[19] === "."
    ? `${value.slice(0, 23)}Z`
    : new Date(value).toISOString();

// `IN (SELECT value FROM json_each(?))`: one parameter for any number of ids, one prepared statement.
const IN_IDS = "(SELECT value FROM json_each(?))";

export class SqliteExportReader {
  private readonly conn: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly people = new Map<string, PersonRow>();
  private open = true;

  constructor(file = databaseFile()) {
    this.conn = new Database(file, { readonly: true, fileMustExist: true, timeout: env.sqliteBusyTimeoutMs });
    // The snapshot starts at the first read and holds until close().
    this.conn.prepare("BEGIN").run();
  }

  private stmt(text: string): Database.Statement {
    let s = this.statements.get(text);
    if (!s) this.statements.set(text, (s = this.conn.prepare(text)));
    return s;
  }

  private selection(sel: ExportSelection, column: string): { where: string; params: unknown[] } {
    return sel.ids ? { where: ` AND ${column} IN ${IN_IDS}`, params: [JSON.stringify(sel.ids)] } : { where: "", params: [] };
  }

  /** Live documents (metadata, no text) in the order they were added. */
  documents(sel: ExportSelection): DocumentRow[] {
    const { where, params } = this.selection(sel, "id");
    const rows = this.stmt(
      `SELECT id, title, kind, publisher, author, publishedAt, sourceUrl, createdAt, textHash, length
       FROM Document WHERE deletedAt IS NULL${where} ORDER BY createdAt, id`,
    ).all(...params) as Array<DocumentRow & { createdAt: string | number }>;
    return rows.map((r) => ({ ...r, createdAt: iso(r.createdAt) }));
  }

  text(documentId: string): string {
    return (this.stmt("SELECT text FROM Document WHERE id = ?").pluck().get(documentId) as string | undefined) ?? "";
  }

  /**
   * The next `limit` live annotations of a document in document order (start, longer spans first,
   * age, id) after `after` (null: from the beginning): keyset pagination, one index range seek per
   * page (`start >= @start` lets SQLite seek; the OR alone would rescan the earlier rows every time).
   */
  annotationsAfter(documentId: string, after: AnnotationKey | null, limit: number): { rows: AnnotationRow[]; last: AnnotationKey | null } {
    const key = after ?? { start: -1, end: 0, createdAt: "", id: "" };
    const rows = this.stmt(
      `SELECT id, documentId, start, "end", quote, prefix, suffix, classification, note, noteText, version, createdAt, updatedAt, authorId
       FROM Annotation
       WHERE documentId = @documentId AND deletedAt IS NULL AND start >= @start
         AND (start > @start OR (start = @start AND ("end" < @end OR ("end" = @end AND (createdAt > @createdAt OR (createdAt = @createdAt AND id > @id))))))
       ORDER BY start, "end" DESC, createdAt, id
       LIMIT @limit`,
    )
      .raw()
      .all({ documentId, ...key, limit }) as RawAnnotation[];
    if (rows.length === 0) return { rows: [], last: null };
    const l = rows[rows.length - 1];
    return { rows: this.complete(rows), last: { start: l[2], end: l[3], createdAt: l[11], id: l[0] } };
  }

  /** People by id, read once per export (a JOIN per row costs a third of the annotation query). */
  private person(id: string): PersonRow {
    return this.people.get(id) ?? { id, name: "", email: "" };
  }

  private loadPeople(ids: Iterable<string>): void {
    const missing = [...new Set(ids)].filter((id) => !this.people.has(id));
    if (missing.length === 0) return;
    for (const p of this.stmt(`SELECT id, name, email FROM User WHERE id IN ${IN_IDS}`).all(JSON.stringify(missing)) as PersonRow[]) {
      this.people.set(p.id, p);
    }
  }

  /** The annotations with these ids, in this order. */
  annotations(ids: string[]): AnnotationRow[] {
    if (ids.length === 0) return [];
    const rows = this.stmt(
      `SELECT id, documentId, start, "end", quote, prefix, suffix, classification, note, noteText, version, createdAt, updatedAt, authorId
       FROM Annotation WHERE id IN ${IN_IDS}`,
    )
      .raw()
      .all(JSON.stringify(ids)) as RawAnnotation[];
    const byId = new Map(this.complete(rows).map((a) => [a.id, a]));
    return ids.map((id) => byId.get(id)).filter((a): a is AnnotationRow => a !== undefined);
  }

  /** Rows → annotations with their evidence, live replies and verdicts: three more queries for the lot. */
  private complete(rows: RawAnnotation[]): AnnotationRow[] {
    const list = JSON.stringify(rows.map((r) => r[0]));
    // raw rows (arrays) are noticeably cheaper than objects at this volume
    const evidence = this.stmt(`SELECT annotationId, citation, url FROM Evidence WHERE annotationId IN ${IN_IDS} ORDER BY annotationId, position`)
      .raw()
      .all(list) as Array<[string, string | null, string | null]>;
    const replies = this.stmt(
      `SELECT id, annotationId, body, bodyText, createdAt, updatedAt, authorId FROM Reply
       WHERE annotationId IN ${IN_IDS} AND deletedAt IS NULL ORDER BY createdAt, id`,
    )
      .raw()
      .all(list) as Array<[string, string, string, string, string, string, string]>;
    // reviewer ids survive an import (verdict ids do not), so ties sort the same after a round trip
    const verdicts = this.stmt(
      `SELECT annotationId, verdict, proposedClass, createdAt, updatedAt, reviewerId FROM Verdict
       WHERE annotationId IN ${IN_IDS} ORDER BY createdAt, reviewerId`,
    )
      .raw()
      .all(list) as Array<[string, string, string | null, string, string, string]>;
    this.loadPeople([...rows.map((r) => r[13]), ...replies.map((r) => r[6]), ...verdicts.map((v) => v[5])]);

    const byId = new Map<string, AnnotationRow>();
    for (const r of rows) {
      byId.set(r[0], {
        id: r[0],
        documentId: r[1],
        start: r[2],
        end: r[3],
        quote: r[4],
        prefix: r[5],
        suffix: r[6],
        classification: r[7],
        note: r[8],
        noteText: r[9],
        version: r[10],
        createdAt: iso(r[11]),
        updatedAt: iso(r[12]),
        author: this.person(r[13]),
        evidence: [],
        replies: [],
        verdicts: [],
      });
    }
    for (const [annotationId, citation, url] of evidence) byId.get(annotationId)?.evidence.push({ citation, url });
    for (const [id, annotationId, body, bodyText, createdAt, updatedAt, authorId] of replies) {
      byId.get(annotationId)?.replies.push({
        id,
        annotationId,
        body,
        bodyText,
        author: this.person(authorId),
        createdAt: iso(createdAt),
        updatedAt: iso(updatedAt),
      });
    }
    for (const [annotationId, verdict, proposedClass, createdAt, updatedAt, reviewerId] of verdicts) {
      byId.get(annotationId)?.verdicts.push({
        annotationId,
        reviewer: this.person(reviewerId),
        verdict,
        proposedClass: proposedClass ?? null,
        createdAt: iso(createdAt),
        updatedAt: iso(updatedAt),
      });
    }
    return [...byId.values()];
  }

  /** Live annotations, their live replies and their verdicts in the selected live documents. */
  counts(sel: ExportSelection): { annotations: number; replies: number; verdicts: number } {
    const { where, params } = this.selection(sel, "d.id");
    const live = `JOIN Annotation a ON a.id = x.annotationId JOIN Document d ON d.id = a.documentId
                  WHERE a.deletedAt IS NULL AND d.deletedAt IS NULL${where}`;
    const count = (sql: string) => this.stmt(sql).pluck().get(...params) as number;
    return {
      annotations: count(`SELECT count(*) FROM Annotation a JOIN Document d ON d.id = a.documentId WHERE a.deletedAt IS NULL AND d.deletedAt IS NULL${where}`),
      replies: count(`SELECT count(*) FROM Reply x ${live} AND x.deletedAt IS NULL`),
      verdicts: count(`SELECT count(*) FROM Verdict x ${live}`),
    };
  }

  /** Ends the snapshot and closes the connection (idempotent). */
  close(): void {
    if (!this.open) return;
    this.open = false;
    try {
      if (this.conn.inTransaction) this.conn.prepare("COMMIT").run();
    } finally {
      this.conn.close();
    }
  }
}
