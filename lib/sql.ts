import "server-only";
// A direct better-sqlite3 connection for the hot paths (session checks, annotation reads and creates,
// the event log). Prisma's JavaScript engine costs milliseconds of CPU per query here; these paths run
// on every request. Plain SQL with ? parameters, portable apart from the SQLite pragmas below.
//
// Two connections share the file. Writes here are synchronous transactions that finish within one
// tick, so they never hold a lock while Prisma waits; when Prisma holds the write lock (an
// interactive transaction spanning ticks), a write here gets SQLITE_BUSY at once (timeout 0) and
// retries after an async pause instead of blocking the event loop that Prisma needs to finish.
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { ownerOnlyDatabaseFile } from "./db-path";
import { env } from "./env";

function open(): Database.Database {
  const db = new Database(ownerOnlyDatabaseFile(), { timeout: 0 });
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${env.sqliteSynchronous}`);
  db.pragma("foreign_keys = ON");
  return db;
}

const globalForSql = globalThis as unknown as { apparatusSql?: Database.Database };
export const sql: Database.Database = globalForSql.apparatusSql ?? open();
globalForSql.apparatusSql = sql;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Run `fn` in an IMMEDIATE transaction, retrying asynchronously while another connection writes. */
export async function writeTransaction<T>(fn: () => T): Promise<T> {
  const tx = sql.transaction(fn);
  const deadline = Date.now() + env.sqliteBusyTimeoutMs;
  for (let delay = 1; ; delay = Math.min(delay * 2, 25)) {
    try {
      return tx.immediate();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if ((code !== "SQLITE_BUSY" && code !== "SQLITE_BUSY_SNAPSHOT") || Date.now() > deadline) throw error;
      await sleep(delay);
    }
  }
}

/** DateTime as Prisma's SQLite adapter stores it, so both layers read each other's rows. */
export const sqlNow = (date = new Date()) => date.toISOString().replace("Z", "+00:00");
export const sqlDate = (value: string | null): Date | null => (value === null ? null : new Date(value));

/** A collision-resistant id in the spirit of cuid (time prefix keeps inserts in index order). */
let counter = 0;
export function newId(): string {
  counter = (counter + 1) % 1_679_616;
  return `c${Date.now().toString(36)}${counter.toString(36).padStart(4, "0")}${crypto.randomBytes(8).toString("hex")}`;
}

// Prepared statements are compiled once per process.
const statements = new Map<string, Database.Statement>();
export function stmt(text: string): Database.Statement {
  let s = statements.get(text);
  if (!s) statements.set(text, (s = sql.prepare(text)));
  return s;
}
