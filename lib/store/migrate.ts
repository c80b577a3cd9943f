// Applies the checked-in migrations of the configured engine (prisma/migrations for SQLite,
// prisma/postgres/migrations for PostgreSQL), recording them in Prisma's own _prisma_migrations table so
// `prisma migrate status` and databases migrated by earlier versions agree. Safe next to running
// servers and other starting processes: it first looks without locking (nothing to do is the usual
// case), then migrates once under the database's write lock (SQLite) or an advisory lock (PostgreSQL),
// waiting for it sensibly, and reports clearly when a migration really fails. A migration with a data
// step (lib/store/data-steps.ts) has it run right after its SQL, in the same transaction.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { ensureSqliteFolder, type DatabaseTarget } from "./url";
import { DATA_STEPS } from "./data-steps";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {}

export function migrationsDir(engine: DatabaseTarget["engine"], root = process.cwd()): string {
  return engine === "sqlite" ? path.join(root, "prisma", "migrations") : path.join(root, "prisma", "postgres", "migrations");
}

export function readMigrations(engine: DatabaseTarget["engine"], root = process.cwd()): Migration[] {
  const dir = migrationsDir(engine, root);
  return fs
    .readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, "migration.sql")))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "checksum" TEXT NOT NULL,
    "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL,
    "logs" TEXT,
    "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

function pending(all: Migration[], rows: AppliedRow[]): Migration[] {
  const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed) {
    throw new MigrationError(
      `The migration ${failed.migration_name} was started earlier and did not finish; the database needs a look before it can be migrated (see the README, "Writing a migration").`,
    );
  }
  const done = new Set(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name));
  const known = new Set(all.map((m) => m.name));
  const unknown = [...done].filter((name) => !known.has(name));
  if (unknown.length) {
    throw new MigrationError(`The database has migrations this version does not know (${unknown.join(", ")}): it was migrated by a newer version of Apparatus.`);
  }
  return all.filter((m) => !done.has(m.name));
}

export interface MigrateOptions {
  /** How long to wait for another process's lock, in ms. */
  waitMs?: number;
  log?: (message: string) => void;
  root?: string;
}

/** Where a database stands against this version's migrations. */
export type SchemaState = { state: "missing" } | { state: "empty" } | { state: "behind"; pending: string[] } | { state: "current" };

/**
 * Where the configured database stands, looked at without creating or changing anything (for the
 * command-line scripts, which must not make a database file of a mistyped path or query tables that
 * are not there). "missing": no SQLite file; "empty": no migration applied (never set up).
 */
export async function schemaState(target: DatabaseTarget, root?: string): Promise<SchemaState> {
  const all = readMigrations(target.engine, root);
  let rows: AppliedRow[];
  if (target.engine === "sqlite") {
    if (!fs.existsSync(target.file)) return { state: "missing" };
    const db = new Database(target.file, { fileMustExist: true, timeout: 10_000 });
    try {
      const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
      rows = exists ? (db.prepare(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`).all() as AppliedRow[]) : [];
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: target.url });
    try {
      await client.connect();
    } catch (error) {
      throw new MigrationError(`Cannot connect to PostgreSQL: ${(error as Error).message}`);
    }
    try {
      const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS ok`);
      rows = exists.rows[0].ok ? ((await client.query(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`)).rows as AppliedRow[]) : [];
    } finally {
      await client.end().catch(() => {});
    }
  }
  const todo = pending(all, rows);
  if (todo.length === all.length) return { state: "empty" };
  return todo.length ? { state: "behind", pending: todo.map((m) => m.name) } : { state: "current" };
}

/** Apply what is pending; returns the names applied (empty when the database was up to date). */
export async function migrate(target: DatabaseTarget, options: MigrateOptions = {}): Promise<string[]> {
  const all = readMigrations(target.engine, options.root);
  return target.engine === "sqlite" ? migrateSqlite(target.file, all, options) : migratePostgres(target.url, all, options);
}

function migrateSqlite(file: string, all: Migration[], options: MigrateOptions): string[] {
  ensureSqliteFolder(file);
  const previous = process.umask(0o077);
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: options.waitMs ?? 60_000 });
    db.pragma("journal_mode = WAL");
  } finally {
    process.umask(previous);
  }
  try {
    const applied = () => {
      const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
      return exists ? (db.prepare(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`).all() as AppliedRow[]) : [];
    };
    if (pending(all, applied()).length === 0) return [];
    // Foreign keys off while migrating, then all checked before the commit (SQLite's procedure for
    // changing a table, https://www.sqlite.org/lang_altertable.html#otheralter): a migration that
    // redefines a table (new table, copy, drop, rename) must not have the drop cascade to the rows that
    // refer to it. The setting cannot change inside a transaction, so it is set before it begins.
    db.pragma("foreign_keys = OFF");
    // The write lock: a running server's writes are short, so the busy timeout waits them out; another
    // process migrating at the same time holds it until it has finished, and then there is nothing left.
    db.prepare("BEGIN IMMEDIATE").run();
    const names: string[] = [];
    try {
      db.exec(SQLITE_TABLE);
      const todo = pending(all, applied());
      for (const m of todo) {
        options.log?.(`Applying migration ${m.name}`);
        const started = new Date().toISOString();
        try {
          db.exec(m.sql);
          const step = DATA_STEPS[m.name];
          if (step) {
            const update = db.prepare(step.update);
            for (const row of db.prepare(step.select).all() as Array<Record<string, unknown>>) update.run(...step.values(row));
          }
        } catch (error) {
          throw new MigrationError(`The migration ${m.name} failed: ${(error as Error).message}. Nothing of it was applied.`);
        }
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        ).run(crypto.randomUUID(), m.checksum, new Date().toISOString(), m.name, started);
        names.push(m.name);
      }
      const broken = db.pragma("foreign_key_check") as Array<{ table: string; parent: string }>;
      if (broken.length) {
        const where = [...new Set(broken.map((b) => `${b.table} → ${b.parent}`))].join(", ");
        throw new MigrationError(`The migrations ${names.join(", ")} would leave ${broken.length} rows referring to rows that do not exist (${where}). Nothing of them was applied.`);
      }
      db.prepare("COMMIT").run();
    } catch (error) {
      if (db.inTransaction) db.prepare("ROLLBACK").run();
      throw error;
    }
    return names;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") {
      throw new MigrationError(`The database stayed locked by another process for ${Math.round((options.waitMs ?? 60_000) / 1000)} s; try again.`);
    }
    throw error;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, all: Migration[], options: MigrateOptions): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new MigrationError(`Cannot connect to PostgreSQL: ${(error as Error).message}`);
  }
  const applied = async () => {
    const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS ok`);
    if (!exists.rows[0].ok) return [];
    return (await client.query(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`)).rows as AppliedRow[];
  };
  try {
    const encoding = (await client.query("SHOW server_encoding")).rows[0].server_encoding as string;
    if (encoding !== "UTF8") throw new MigrationError(`The PostgreSQL database uses the ${encoding} encoding; Apparatus needs UTF8 (CREATE DATABASE … ENCODING 'UTF8').`);
    if (pending(all, await applied()).length === 0) return [];
    await client.query(`SET lock_timeout = ${Math.max(1000, options.waitMs ?? 60_000)}`);
    await client.query("SELECT pg_advisory_lock(7245601)"); // one migrator at a time, across servers
    const names: string[] = [];
    try {
      await client.query(POSTGRES_TABLE);
      for (const m of pending(all, await applied())) {
        options.log?.(`Applying migration ${m.name}`);
        const started = new Date();
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          const step = DATA_STEPS[m.name];
          if (step) {
            let n = 0;
            const update = step.update.replace(/\?/g, () => `$${++n}`);
            for (const row of (await client.query(step.select)).rows) await client.query(update, step.values(row));
          }
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
            [crypto.randomUUID(), m.checksum, m.name, started],
          );
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw new MigrationError(`The migration ${m.name} failed: ${(error as Error).message}. Nothing of it was applied.`);
        }
        names.push(m.name);
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock(7245601)").catch(() => {});
    }
    return names;
  } finally {
    await client.end().catch(() => {});
  }
}
