// Direct reads and writes of an e2e database, on either engine, for what the tests must check beneath
// the API (byte-identical tables after refused requests, audit rows, integrity after a crash) or set up
// (time passing). Test code only: the app itself never reaches the database outside its stores.
import crypto from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { E2E_DATABASE_URL } from "./env";

const isSqlite = (url: string) => url.startsWith("file:");
const sqliteFile = (url: string) => url.slice("file:".length);

/** Run one statement with `?` placeholders; returns its rows (and the number of rows changed). */
export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = [], url = E2E_DATABASE_URL): Promise<{ rows: T[]; changes: number }> {
  if (isSqlite(url)) {
    const db = new Database(sqliteFile(url), { timeout: 10_000, fileMustExist: true });
    try {
      const stmt = db.prepare(text);
      if (stmt.reader) return { rows: stmt.all(...params) as T[], changes: 0 };
      return { rows: [], changes: stmt.run(...params).changes };
    } finally {
      db.close();
    }
  }
  let i = 0;
  const res = await pool(url).query(text.replace(/\?/g, () => `$${++i}`), params);
  return { rows: res.rows as T[], changes: res.rowCount ?? 0 };
}

/**
 * One small pool per PostgreSQL database in each test worker: a new connection per statement cost
 * the 1,000-odd bad-input cases (two fingerprints each) several minutes. A connection ended by the
 * server (a database dropped WITH (FORCE)) is dropped from the pool and the next query opens another.
 */
const pools = new Map<string, pg.Pool>();
function pool(url: string): pg.Pool {
  let p = pools.get(url);
  if (!p) {
    p = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 5_000, allowExitOnIdle: true });
    p.on("error", () => {});
    pools.set(url, p);
  }
  return p;
}

/** A time as the app stores it (ISO UTC; PostgreSQL parses the same text). */
export const storedTime = (date: Date) => date.toISOString().replace("Z", "+00:00");

/**
 * Tables left out of a fingerprint: Presence rows expire on their own (a page that went away some
 * time ago, in an earlier test, is swept by any process at any moment), so they are not "changed" by
 * the request under test.
 */
const EPHEMERAL = new Set(["Presence"]);

// One read-only connection per SQLite file for the fingerprints (bad-input takes two per request, over a
// thousand requests): each statement still reads the latest committed state.
const fingerprintReaders = new Map<string, Database.Database>();
function fingerprintReader(url: string): Database.Database {
  let db = fingerprintReaders.get(url);
  if (!db) {
    db = new Database(sqliteFile(url), { readonly: true, fileMustExist: true });
    fingerprintReaders.set(url, db);
  }
  return db;
}

/** Rows and a hash of the rows of every table of the app (search indexes are derived from Document, which is included). */
export async function fingerprint(url = E2E_DATABASE_URL): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (isSqlite(url)) {
    const db = fingerprintReader(url);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string; sql: string | null }>;
    const virtual = tables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? "")).map((t) => t.name);
    for (const { name } of tables) {
      if (EPHEMERAL.has(name) || virtual.some((v) => name === v || name.startsWith(`${v}_`))) continue;
      const hash = crypto.createHash("sha256");
      let rows = 0;
      for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).raw().iterate()) {
        hash.update(JSON.stringify(row));
        rows++;
      }
      out[name] = `${rows} rows, ${hash.digest("hex").slice(0, 16)}`;
    }
    return out;
  }
  // Every table's rows as their own text representation, sorted, hashed by the server in one round trip.
  const db = pool(url);
  const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)).rows as Array<{ tablename: string }>;
  const names = tables.map((t) => t.tablename).filter((name) => name !== "DocumentSearch" && !EPHEMERAL.has(name)); // DocumentSearch: derived from Document
  if (names.length === 0) return out;
  const query = names
    .map((name) => `SELECT '${name}' AS name, count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS hash FROM "${name}" t`)
    .join(" UNION ALL ");
  for (const row of (await db.query(query)).rows as Array<{ name: string; rows: number; hash: string }>) {
    out[row.name] = `${row.rows} rows, ${row.hash.slice(0, 16)}`;
  }
  return out;
}

/** SQLite's integrity_check, or PostgreSQL's amcheck-free equivalent: every table readable. */
export async function integrityCheck(url: string): Promise<string> {
  if (isSqlite(url)) {
    const db = new Database(sqliteFile(url), { readonly: true, fileMustExist: true });
    try {
      return String(db.pragma("integrity_check", { simple: true }));
    } finally {
      db.close();
    }
  }
  await fingerprint(url);
  return "ok";
}

/** An empty database at `url` (SQLite: no file; PostgreSQL: dropped and created again). */
export async function emptyDatabase(url: string): Promise<void> {
  if (isSqlite(url)) {
    const { rmSync } = await import("node:fs");
    for (const suffix of ["", "-wal", "-shm"]) rmSync(sqliteFile(url) + suffix, { force: true });
    return;
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^apparatus_e2e_[a-z0-9_]+$/.test(name)) throw new Error(`not a throw-away database: ${name}`);
  target.pathname = "/postgres";
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await client.end();
  }
}
