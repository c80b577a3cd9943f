// SQLite migrations on files of their own (whatever the run's engine): a table redefinition keeps every
// row that refers to the table (foreign keys are off while migrating, then checked), a migration that
// would leave broken references is refused whole, and document_text_last keeps documents, their
// versions, annotations and full-text search as they were, with the texts last in their rows.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, MigrationError, readMigrations } from "./migrate";
import { parseDatabaseUrl } from "./url";

const TEXT_LAST = "20261205191500_document_text_last";
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-migrate-"));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project root whose SQLite migrations are the checked-in ones up to (not including) `before`, plus `extra`. */
function root(name: string, options: { before?: string; extra?: Record<string, string> } = {}): string {
  const at = path.join(dir, name);
  const migrations = path.join(at, "prisma", "migrations");
  fs.mkdirSync(migrations, { recursive: true });
  const source = path.join(process.cwd(), "prisma", "migrations");
  for (const m of fs.readdirSync(source)) {
    if (!fs.existsSync(path.join(source, m, "migration.sql")) || (options.before && m >= options.before)) continue;
    fs.mkdirSync(path.join(migrations, m));
    fs.copyFileSync(path.join(source, m, "migration.sql"), path.join(migrations, m, "migration.sql"));
  }
  for (const [m, sql] of Object.entries(options.extra ?? {})) {
    fs.mkdirSync(path.join(migrations, m));
    fs.writeFileSync(path.join(migrations, m, "migration.sql"), sql);
  }
  return at;
}

const target = (file: string) => parseDatabaseUrl(`file:${file}`);
const now = "2026-12-05T10:00:00.000Z";

/** A user, two documents (one with a text of many pages, one deleted) with a version, a structure, annotations and events. */
function fill(file: string) {
  const db = new Database(file);
  try {
    const long = "The harvest of that year doubled, the reports said. ".repeat(4000); // ~200 KB: a chain of overflow pages
    db.prepare(`INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES ('u1', 'u1@example.org', 'Rosa', 'x', ?)`).run(now);
    // Before document_title_key, documents had no sort key (its value does not matter here).
    const key = columns(db, "Document").includes("titleKey");
    const doc = db.prepare(
      `INSERT INTO "Document" ("id", "title", ${key ? `"titleKey", ` : ""}"kind", "text", "textHash", "length", "words", "version", "createdById", "createdAt", "updatedAt", "lastActivityAt", "deletedAt")
       VALUES (?, ?, ${key ? "'', " : ""}'book', ?, ?, ?, 10, 1, 'u1', ?, ?, ?, ?)`,
    );
    doc.run("d1", "Harbour ledger", long, "hash-1", long.length, now, now, now, null);
    doc.run("d2", "Mill reports", "Wages fell by a fifth in the mills.", "hash-2", 35, now, now, now, now);
    for (const d of ["d1", "d2"]) {
      db.prepare(`INSERT INTO "DocumentVersion" ("documentId", "number", "text", "textHash", "length", "words", "format", "createdAt") SELECT "id", 1, "text", "textHash", "length", "words", 'text', ? FROM "Document" WHERE "id" = ?`).run(now, d);
      db.prepare(`INSERT INTO "DocumentStructure" ("documentId", "version", "structure") VALUES (?, 1, '{}')`).run(d);
    }
    const annotation = db.prepare(
      `INSERT INTO "Annotation" ("id", "documentId", "authorId", "start", "end", "quote", "prefix", "suffix", "classification", "note", "noteText", "createdAt", "updatedAt")
       VALUES (?, ?, 'u1', 4, 11, 'harvest', 'The ', ' of', 'sourced', '{}', '', ?, ?)`,
    );
    for (let i = 0; i < 5; i++) annotation.run(`a${i}`, i < 4 ? "d1" : "d2", now, now);
    db.prepare(`INSERT INTO "DocumentEvent" ("documentId", "type", "payload") VALUES ('d1', 'annotation.created', '{}')`).run();
  } finally {
    db.close();
  }
}

function counts(db: Database.Database) {
  const tables = ["User", "Document", "DocumentVersion", "DocumentStructure", "Annotation", "DocumentEvent", "DocumentSearchKey"];
  return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
}

const search = (db: Database.Database, query: string) =>
  (db.prepare(`SELECT k."documentId" AS id FROM "DocumentFts" f JOIN "DocumentSearchKey" k ON k."id" = f.rowid WHERE "DocumentFts" MATCH ? ORDER BY k."documentId"`).all(query) as Array<{ id: string }>).map((r) => r.id);
const columns = (db: Database.Database, table: string) => (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>).map((c) => c.name);

describe("SQLite migrations", () => {
  it("document_text_last puts the texts last and keeps every document, version, annotation, event and the full-text search", async () => {
    const file = path.join(dir, "text-last.db");
    await migrate(target(file), { root: root("old", { before: TEXT_LAST }) });
    fill(file);
    let db = new Database(file, { readonly: true });
    const before = counts(db);
    const rows = db.prepare(`SELECT "id", "title", "text", "textHash", "version", "createdAt", "deletedAt" FROM "Document" ORDER BY "id"`).all();
    expect(search(db, "harvest")).toEqual(["d1"]);
    db.close();

    // document_text_last and the migrations checked in after it.
    const pending = readMigrations("sqlite").map((m) => m.name).filter((name) => name >= TEXT_LAST);
    expect(pending[0]).toBe(TEXT_LAST);
    expect(await migrate(target(file))).toEqual(pending);
    db = new Database(file);
    try {
      expect(counts(db)).toEqual(before);
      expect(db.prepare(`SELECT "id", "title", "text", "textHash", "version", "createdAt", "deletedAt" FROM "Document" ORDER BY "id"`).all()).toEqual(rows);
      expect(columns(db, "Document").at(-1)).toBe("text");
      expect(columns(db, "DocumentVersion").at(-1)).toBe("text");
      expect(db.pragma("foreign_key_check")).toEqual([]);
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      // The full-text index and its triggers work as before: search, a new document, a new title, a removal.
      db.prepare(`INSERT INTO "DocumentFts"("DocumentFts") VALUES ('integrity-check')`).run();
      expect(search(db, "harvest")).toEqual(["d1"]);
      expect(search(db, "wages")).toEqual(["d2"]);
      db.prepare(
        `INSERT INTO "Document" ("id", "title", "titleKey", "kind", "text", "textHash", "length", "words", "updatedAt") VALUES ('d3', 'Shipping list', 'shipping list', 'other', 'Three ships came in.', 'hash-3', 20, 4, ?)`,
      ).run(now);
      expect(search(db, "ships")).toEqual(["d3"]);
      db.prepare(`UPDATE "Document" SET "title" = 'Customs ledger' WHERE "id" = 'd1'`).run();
      expect(search(db, "customs")).toEqual(["d1"]);
      expect(search(db, "harbour")).toEqual([]);
      db.prepare(`DELETE FROM "Document" WHERE "id" = 'd3'`).run();
      expect(search(db, "ships")).toEqual([]);
      // The hand-written indexes are back: a second live document with the same text is refused.
      expect(() =>
        db.prepare(`INSERT INTO "Document" ("id", "title", "titleKey", "kind", "text", "textHash", "length", "words", "updatedAt") VALUES ('d4', 'Copy', 'copy', 'other', 'x', 'hash-1', 1, 1, ?)`).run(now),
      ).toThrow(/UNIQUE/);
      // …and the foreign keys still act on the new tables (the app's connection has them on).
      db.pragma("foreign_keys = ON");
      db.prepare(`DELETE FROM "Document" WHERE "id" = 'd2'`).run();
      expect(counts(db)).toMatchObject({ Annotation: 4, DocumentVersion: 1, DocumentStructure: 1 });
    } finally {
      db.close();
    }
  });

  it("refuses, whole, migrations that would leave rows referring to rows that do not exist", async () => {
    const file = path.join(dir, "broken.db");
    await migrate(target(file), { root: root("current") });
    fill(file);
    const broken = root("broken", { extra: { "29990101000000_drop_people": `DELETE FROM "User";`, "29990101000001_harmless": `CREATE TABLE "Later" ("id" TEXT);` } });
    await expect(migrate(target(file), { root: broken })).rejects.toThrow(MigrationError);
    await expect(migrate(target(file), { root: broken })).rejects.toThrow(/29990101000000_drop_people, 29990101000001_harmless would leave \d+ rows referring to rows that do not exist \(.*→ User/);
    const db = new Database(file, { readonly: true });
    try {
      expect(counts(db).User).toBe(1);
      expect(columns(db, "Later")).toEqual([]);
      const applied = db.prepare(`SELECT count(*) AS n FROM "_prisma_migrations" WHERE "migration_name" LIKE '2999%'`).get() as { n: number };
      expect(applied.n).toBe(0);
    } finally {
      db.close();
    }
  });
});

/** The deepest nesting of parentheses in SQL, outside its string literals, quoted names and comments. */
function nesting(sql: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    // to the end of a literal or a quoted name ('' and "" escapes close and reopen one), or of a comment
    const skipTo = (end: number) => (i = end < 0 ? sql.length : end);
    if (c === "'" || c === '"') skipTo(sql.indexOf(c, i + 1));
    else if (c === "-" && sql[i + 1] === "-") skipTo(sql.indexOf("\n", i));
    else if (c === "(") deepest = Math.max(deepest, ++depth);
    else if (c === ")") depth--;
  }
  return deepest;
}

describe("migration SQL", () => {
  it("nests no expression deeper than the sqlite3 command line parses (deeper, it calls the whole schema malformed)", () => {
    // sqlite3 3.40 (Debian's) refused 31 nested replace() calls ("parser stack overflow") and 25 were fine:
    // an early search_letter_folds view of 31 made every database unopenable there.
    const deep = readMigrations("sqlite").map((m) => ({ name: m.name, depth: nesting(m.sql) })).filter((m) => m.depth > 20);
    expect(deep).toEqual([]);
    expect(nesting(`SELECT ${"replace(".repeat(31)}x${", 'a', 'b')".repeat(31)}`)).toBe(31);
    expect(nesting("SELECT '(((' -- ((((\n, (1)")).toBe(1);
  });
});
