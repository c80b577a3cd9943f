// SQLite backups and restores on files of their own: what a backup leaves beside itself, and what a
// restore refuses; and on the PostgreSQL leg, a restore refused while a server is connected. The files are made with better-sqlite3 alone: the app's engine also starts a checkpoint
// thread, and once a temporary folder was still being written to as the test removed it. Both legs run
// this; PostgreSQL's pg_dump path is exercised by e2e/durability.spec.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backupDatabase, restoreDatabase } from "./backup";
import Database from "better-sqlite3";
import pg from "pg";
import { migrate } from "./migrate";
import { spawn } from "node:child_process";
import { parseDatabaseUrl, type DatabaseTarget } from "./url";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-backup-test-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const target = (file: string) => ({ engine: "sqlite" as const, file, display: file });

/** A database with Apparatus' tables (their names, enough for a restore's check) and a mark. */
function apparatusDb(name: string, mark: string): string {
  const file = path.join(dir, name);
  const db = new Database(file);
  db.pragma("journal_mode = WAL"); // as the app's
  db.exec(`CREATE TABLE _prisma_migrations (x); CREATE TABLE "User" (x); CREATE TABLE "Document" (x); CREATE TABLE "Annotation" (x); INSERT INTO "Document" VALUES ('${mark}')`);
  db.close();
  return file;
}

const markOf = (file: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT x FROM "Document"`).get() as { x: string }).x;
  } finally {
    db.close();
  }
};

describe("SQLite backup and restore", () => {
  it("a backup is one file: no -wal, -shm or .partial left beside it", async () => {
    const source = apparatusDb("live.db", "live");
    const out = path.join(dir, "backups", "b.db");
    fs.mkdirSync(path.dirname(out));
    await backupDatabase(target(source), out);
    expect(fs.readdirSync(path.dirname(out))).toEqual(["b.db"]);
    expect(markOf(out)).toBe("live");
  });

  it("refuses a file that is no database, or a database that is not Apparatus', by name, and changes nothing", async () => {
    const live = apparatusDb("live.db", "live");
    const text = path.join(dir, "notes.txt");
    fs.writeFileSync(text, "not a database at all, but long enough to have a header of sorts ".repeat(20));
    const other = path.join(dir, "other.db");
    const o = new Database(other);
    o.exec("CREATE TABLE x (a)");
    o.close();
    await expect(restoreDatabase(target(live), text)).rejects.toThrow(`Refusing to restore: ${text} is not an SQLite database`);
    await expect(restoreDatabase(target(live), other)).rejects.toThrow(
      `Refusing to restore: ${other} is not an Apparatus backup (no _prisma_migrations, User, Document, Annotation tables).`,
    );
    expect(markOf(live)).toBe("live");
    expect(fs.existsSync(`${live}.before-restore`)).toBe(false);
  });

  it("keeps the database it replaces, and a second restore does not replace what the first kept", async () => {
    const live = apparatusDb("live.db", "original");
    const first = apparatusDb("first.db", "first");
    const second = apparatusDb("second.db", "second");
    expect(await restoreDatabase(target(live), first)).toContain(`kept in ${live}.before-restore)`);
    const message = await restoreDatabase(target(live), second);
    const kept = /kept in (.+)\)\.$/.exec(message)![1];
    expect(kept).toMatch(/\.before-restore-\d{4}-\d\d-\d\dT/);
    expect([markOf(`${live}.before-restore`), markOf(kept), markOf(live)]).toEqual(["original", "first", "second"]);
  });

  it("refuses while a server is connected to the database (on the leg's engine: an open SQLite file, a PostgreSQL connection), and changes nothing", async () => {
    if (process.env.TEST_POSTGRES_URL) await refusedWhileInUsePostgres();
    else await refusedWhileInUseSqlite();
  });
});

async function refusedWhileInUseSqlite() {
  const live = apparatusDb("live.db", "live");
  const backup = apparatusDb("backup.db", "backup");
  // what a running server holds: a connection in WAL mode, idle between requests
  const server = new Database(live);
  server.pragma("journal_mode = WAL");
  server.prepare(`SELECT count(*) FROM "Document"`).get();
  try {
    await expect(restoreDatabase(target(live), backup)).rejects.toThrow(
      `Refusing to restore: ${live} is open in another process (is the server still running?). Stop it, then restore; nothing was changed.`,
    );
    // its next write lands in the database it serves, not in a copy moved aside
    server.prepare(`INSERT INTO "Document" VALUES ('written after')`).run();
  } finally {
    server.close();
  }
  expect(fs.existsSync(`${live}.before-restore`)).toBe(false);
  const db = new Database(live, { readonly: true });
  expect((db.prepare(`SELECT x FROM "Document" ORDER BY rowid`).all() as Array<{ x: string }>).map((r) => r.x)).toEqual(["live", "written after"]);
  db.close();
  // stopped, it restores
  expect(await restoreDatabase(target(live), backup)).toContain("Restored");
expect(markOf(live)).toBe("backup");
}

/** Two migrated PostgreSQL databases, a user each as the mark; a backup of one restored over the other. */
async function refusedWhileInUsePostgres() {
  const { postgresDatabaseUrl } = await import("@/lib/testing/postgres");
  const run = process.env.APPARATUS_TEST_RUN;
  const urls = { live: await postgresDatabaseUrl(`unit_${run}_restore_live`), source: await postgresDatabaseUrl(`unit_${run}_restore_source`) }; // dropped with the run's
  const pgTarget = (url: string) => parseDatabaseUrl(url) as Extract<DatabaseTarget, { engine: "postgres" }>;
  const query = async <T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = [], name = "test") => {
    const c = new pg.Client({ connectionString: url, application_name: name });
    await c.connect();
    try {
      return (await c.query<T>(text, values)).rows;
    } finally {
      await c.end();
    }
  };
  for (const [which, url] of Object.entries(urls)) {
    await migrate(parseDatabaseUrl(url));
    await query(url, `INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES ($1, $2, $1, 'x', now())`, [which, `${which}@example.org`]);
  }
  const marks = async () => (await query<{ id: string }>(urls.live, `SELECT "id" FROM "User" ORDER BY "id"`)).map((r) => r.id);
  const backup = path.join(dir, "source.dump");
  await backupDatabase(pgTarget(urls.source), backup);
  const refusal = (who: string) => `Refusing to restore: ${pgTarget(urls.live).display} has other connections open (${who}). Stop it, then restore; nothing was changed.`;
  // where the clients of this run connect from, as pg_stat_activity shows it
  const [{ address }] = await query<{ address: string | null }>(urls.live, `SELECT host(inet_client_addr()) AS address`);
  const from = address ? `from ${address}` : "on a local socket";
  // A server on the live database, just started and idle (no request, no reader): the serving code's
  // start-up (instrumentation.ts register) in a process of its own.
  const server = await startedServer(urls.live);
  try {
    await expect(restoreDatabase(pgTarget(urls.live), backup)).rejects.toThrow(
      refusal(`1 apparatus ${from}; an Apparatus server is still running: each holds connections named apparatus for as long as it serves`),
    );
    // its data stays as it was, and so does what it writes next
    await query(urls.live, `INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES ('written after', 'after@example.org', 'after', 'x', now())`);
  } finally {
    await server.stop();
  }
  // another program connected is named too
  const other = new pg.Client({ connectionString: urls.live, application_name: "psql" });
  await other.connect();
  try {
    await expect(restoreDatabase(pgTarget(urls.live), backup)).rejects.toThrow(refusal(`1 psql ${from}; is another program still connected?`));
  } finally {
    await other.end();
  }
  expect(await marks()).toEqual(["live", "written after"]);
  expect(fs.existsSync(`${backup}.before-restore`)).toBe(false);
  // stopped, it restores (and keeps what it replaced)
  expect(await restoreDatabase(pgTarget(urls.live), backup)).toContain("Restored");
  expect(await marks()).toEqual(["source"]);
  expect(fs.existsSync(`${backup}.before-restore`)).toBe(true);
}

/**
 * The serving code's start-up (instrumentation.ts `register`, as Next runs it before the first request) in a
 * process of its own on `url`, left idle; resolves once its connection shows in pg_stat_activity.
 */
async function startedServer(url: string): Promise<{ stop: () => Promise<void> }> {
  const script = `import("./instrumentation.ts").then((m) => (m.register ?? m.default.register)()).then(() => console.log("started"))`;
  const child = spawn(path.join("node_modules", ".bin", "tsx"), ["--conditions=react-server", "-e", script], {
    env: { ...process.env, DATABASE_URL: url, NEXT_RUNTIME: "nodejs" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d));
  child.stderr.on("data", (d: Buffer) => (output += d));
  const ended = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const stop = async () => {
    child.kill("SIGTERM");
    await ended;
  };
  const c = new pg.Client({ connectionString: url, application_name: "test" });
  await c.connect();
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await c.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'apparatus'`);
      if (rows.length > 0 && output.includes("started")) break;
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`the server's start-up holds no connection: ${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await c.end();
  }
  return { stop };
}
