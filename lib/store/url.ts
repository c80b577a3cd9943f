// Which database DATABASE_URL names: a SQLite file (the default, `file:<path>` or a plain path) or a
// PostgreSQL server (`postgresql://` / `postgres://`). Anything else stops the app and every CLI
// command with a clear message, instead of being taken as a file name. No imports from the app: the
// Prisma config and the scripts use it too.
import fs from "node:fs";
import path from "node:path";

export type DatabaseTarget =
  | { engine: "sqlite"; file: string; display: string }
  | { engine: "postgres"; url: string; display: string; database: string };

export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseUrlError";
  }
}

/** The application_name of every PostgreSQL connection the app opens (lib/store/postgres.ts, changes.ts): how a restore tells a running server (backup.ts). */
export const APPLICATION_NAME = "apparatus";

const DEFAULT_FILE = path.join(".data", "apparatus.db");
const EXAMPLES = "Use file:<path> (SQLite, the default is file:.data/apparatus.db) or postgresql://user@host:port/database.";

/** Parse a DATABASE_URL value (undefined or empty: the default SQLite file). Throws DatabaseUrlError. */
export function parseDatabaseUrl(value: string | undefined, cwd: string = process.cwd()): DatabaseTarget {
  const raw = (value ?? "").trim();
  if (!raw) return sqliteTarget(DEFAULT_FILE, cwd);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  if (scheme === "postgresql" || scheme === "postgres") return postgresTarget(raw);
  if (scheme === "file") {
    const file = raw.slice("file:".length).replace(/^\/\/(?=\/)/, ""); // file:///abs → /abs
    if (!file || file.includes("?")) throw new DatabaseUrlError(`DATABASE_URL "${raw}" names no SQLite file (or carries options, which are not supported). ${EXAMPLES}`);
    return sqliteTarget(file, cwd);
  }
  // A single letter before ":" is a Windows drive, not a scheme; anything else with "://" or a known scheme is refused.
  if (scheme && (scheme.length > 1 || raw.includes("://"))) {
    throw new DatabaseUrlError(`DATABASE_URL uses the unsupported scheme "${scheme}:". ${EXAMPLES}`);
  }
  return sqliteTarget(raw, cwd);
}

function sqliteTarget(file: string, cwd: string): DatabaseTarget {
  if (/[\0\n\r]/.test(file)) throw new DatabaseUrlError(`DATABASE_URL contains a control character. ${EXAMPLES}`);
  const abs = path.resolve(/*turbopackIgnore: true*/ cwd, file);
  return { engine: "sqlite", file: abs, display: abs };
}

function postgresTarget(raw: string): DatabaseTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DatabaseUrlError(`DATABASE_URL is not a valid PostgreSQL URL. ${EXAMPLES}`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  const socketHost = url.searchParams.get("host"); // postgresql://user@/db?host=/run/postgresql
  if (!url.hostname && !socketHost) throw new DatabaseUrlError(`DATABASE_URL names no PostgreSQL host. ${EXAMPLES}`);
  if (!database || database.includes("/")) throw new DatabaseUrlError(`DATABASE_URL names no PostgreSQL database. ${EXAMPLES}`);
  if (url.port && !/^\d{1,5}$/.test(url.port)) throw new DatabaseUrlError(`DATABASE_URL has an invalid port. ${EXAMPLES}`);
  const shown = new URL(raw);
  if (shown.password) shown.password = "***";
  return { engine: "postgres", url: raw, display: shown.toString(), database };
}

/** The configured database, from process.env.DATABASE_URL. */
export function databaseTarget(): DatabaseTarget {
  return parseDatabaseUrl(process.env.DATABASE_URL);
}

/** For SQLite: make sure the file's folder exists (0700, the database is private). */
export function ensureSqliteFolder(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
}
