// Online backup and restore of the configured database (npm run backup / npm run restore). SQLite: the
// backup API (a consistent copy while the app writes) and integrity_check. PostgreSQL: pg_dump's custom
// format (one consistent snapshot) and pg_restore, with the client tools from Debian's postgresql
// package. Backups are private files (0600).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { APPLICATION_NAME, type DatabaseTarget } from "./url";

export interface BackupResult {
  file: string;
  ms: number;
  detail: string;
}

function privateFile(file: string) {
  if (fs.existsSync(file)) fs.chmodSync(file, 0o600);
}

/** A PostgreSQL client program (pg_dump, pg_restore, psql): on PATH, or in Debian's versioned folder. */
export function pgTool(name: string): string {
  const fromEnv = process.env.PG_BIN ? path.join(process.env.PG_BIN, name) : null;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  const debian = "/usr/lib/postgresql";
  if (fs.existsSync(debian)) {
    const versions = fs.readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const candidate = path.join(debian, v, "bin", name);
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  return name;
}

function runTool(name: string, args: string[]): string {
  const res = spawnSync(pgTool(name), args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (res.error) throw new Error(`${name} could not run (${res.error.message}). Install Debian's postgresql-client package, or set PG_BIN.`);
  if (res.status !== 0) throw new Error(`${name} failed: ${res.stderr.trim() || `exit ${res.status}`}`);
  return res.stdout;
}

export async function backupDatabase(target: DatabaseTarget, out: string): Promise<BackupResult> {
  const started = Date.now();
  const tmp = `${out}.partial`;
  fs.rmSync(tmp, { force: true });
  const previous = process.umask(0o077);
  try {
    if (target.engine === "sqlite") {
      if (!fs.existsSync(target.file)) throw new Error(`No database at ${target.file}.`);
      const db = new Database(target.file, { fileMustExist: true, timeout: 10_000 });
      try {
        await db.backup(tmp);
      } finally {
        db.close();
      }
      // A copy of a WAL database is in WAL mode too: opened to be checked, it would grow -wal and -shm
      // files beside it. Turned to a rollback journal it is one file (the app turns WAL on again when it
      // opens a restored database).
      const copy = new Database(tmp);
      let detail: string;
      try {
        copy.pragma("journal_mode = DELETE");
        const integrity = copy.pragma("integrity_check", { simple: true });
        if (integrity !== "ok") throw new Error(`The backup failed its integrity check: ${integrity}`);
        const count = (table: string) => (copy.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
        detail = `${count("Document")} documents, ${count("Annotation")} annotations, ${count("User")} users; integrity ok`;
      } finally {
        copy.close();
        for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(tmp + suffix, { force: true });
      }
      privateFile(tmp);
      fs.renameSync(tmp, out); // a half-written file never carries the final name
      return { file: out, ms: Date.now() - started, detail };
    }
    runTool("pg_dump", ["--format=custom", "--no-owner", "--file", tmp, "--dbname", target.url]);
    const listing = runTool("pg_restore", ["--list", tmp]); // the archive reads back
    privateFile(tmp);
    fs.renameSync(tmp, out);
    const tables = listing.split("\n").filter((l) => / TABLE DATA /.test(l)).length;
    return { file: out, ms: Date.now() - started, detail: `pg_dump custom format, ${tables} tables with data; archive verified with pg_restore --list` };
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  } finally {
    process.umask(previous);
  }
}

/**
 * Put a backup in place of the database. SQLite: checks the backup, keeps the current file as
 * `<file>.before-restore`. PostgreSQL: keeps a dump of the current database as `<backup>.before-restore`,
 * then restores with --clean. Stop the app first.
 */
export async function restoreDatabase(target: DatabaseTarget, source: string): Promise<string> {
  if (target.engine === "sqlite") {
    checkSqliteBackup(source);
    const file = target.file;
    let kept: string | null = null;
    if (fs.existsSync(file)) {
      assertNotInUse(file);
      // Fold any WAL into the old file before moving it aside, so the kept copy is complete.
      const old = new Database(file);
      old.pragma("wal_checkpoint(TRUNCATE)");
      old.close();
      kept = freeName(`${file}.before-restore`);
      fs.renameSync(file, kept);
    }
    for (const suffix of ["-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    const tmp = `${file}.restoring`;
    fs.copyFileSync(source, tmp);
    privateFile(tmp);
    fs.renameSync(tmp, file);
    return `Restored ${path.resolve(source)} to ${file}${kept ? ` (the database before the restore is kept in ${kept})` : ""}.`;
  }
  try {
    runTool("pg_restore", ["--list", source]);
  } catch {
    throw new Error(`Refusing to restore: ${path.resolve(source)} is not a pg_dump archive (pg_restore --list cannot read it).`);
  }
  await assertNoOtherClients(target);
  const kept = freeName(`${path.resolve(source)}.before-restore`);
  await backupDatabase(target, kept);
  runTool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", "--dbname", target.url, source]);
  return `Restored ${path.resolve(source)} into ${target.display} (the database before the restore is kept in ${kept}).`;
}

/**
 * Refuse to move a database another process has open. A server not stopped keeps its connection to the
 * file moved aside: its confirmed writes would land in the kept copy (and a -wal removed under it), not in
 * the restored database it goes on serving. Every connection in WAL mode holds a shared lock on the file
 * while it is open, so an exclusive lock is refused while any is (after a second's wait, for a command
 * finishing a write).
 */
function assertNotInUse(file: string) {
  const probe = new Database(file, { fileMustExist: true, timeout: 1000 });
  try {
    probe.pragma("locking_mode = EXCLUSIVE");
    probe.exec("BEGIN EXCLUSIVE");
    probe.exec("COMMIT");
  } catch (error) {
    if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
    throw new Error(`Refusing to restore: ${file} is open in another process (is the server still running?). Stop it, then restore; nothing was changed.`);
  } finally {
    probe.close();
  }
}

/**
 * Refuse to restore a PostgreSQL database another client is connected to. A server not stopped would go
 * on writing while pg_restore drops and recreates its tables: its confirmed writes made between the dump
 * kept aside and the restore would be lost, and its own queries would fail mid-restore. Every serving
 * process holds its LISTEN connection for live updates from start-up for as long as it serves (lib/store/
 * changes.ts listenFromStart), besides its pool's, all named `apparatus` (postgres.ts): a running server
 * is always seen, idle or just started, and named as such.
 */
async function assertNoOtherClients(target: Extract<DatabaseTarget, { engine: "postgres" }>) {
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; address: string | null; n: string }>(
      `SELECT coalesce(nullif(application_name, ''), 'unnamed') AS name, host(client_addr) AS address, count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    if (rows.length === 0) return;
    const who = rows.map((r) => `${r.n} ${r.name} ${r.address ? `from ${r.address}` : "on a local socket"}`).join(", ");
    const why = rows.some((r) => r.name === APPLICATION_NAME)
      ? `an Apparatus server is still running: each holds connections named ${APPLICATION_NAME} for as long as it serves`
      : "is another program still connected?";
    throw new Error(`Refusing to restore: ${target.display} has other connections open (${who}; ${why}). Stop it, then restore; nothing was changed.`);
  } finally {
    await client.end();
  }
}

/** `name`, or when a file has it, `name-<time>` (a second restore must not replace what the first kept). */
function freeName(name: string): string {
  return fs.existsSync(name) ? `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}` : name;
}

/** A restorable SQLite backup: a database that passes its integrity check and holds Apparatus' tables. */
function checkSqliteBackup(source: string) {
  const where = path.resolve(source);
  let check: Database.Database;
  try {
    check = new Database(source, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`Refusing to restore: ${where} cannot be opened as a database (${(error as Error).message}).`);
  }
  try {
    let integrity: unknown;
    try {
      integrity = check.pragma("integrity_check", { simple: true });
    } catch (error) {
      throw new Error(`Refusing to restore: ${where} is not an SQLite database (${(error as Error).message}).`);
    }
    if (integrity !== "ok") throw new Error(`Refusing to restore: ${where} fails its integrity check (${String(integrity)}).`);
    const tables = new Set((check.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((t) => t.name));
    const missing = ["_prisma_migrations", "User", "Document", "Annotation"].filter((t) => !tables.has(t));
    if (missing.length) throw new Error(`Refusing to restore: ${where} is not an Apparatus backup (no ${missing.join(", ")} table${missing.length === 1 ? "" : "s"}).`);
  } finally {
    check.close();
  }
}
