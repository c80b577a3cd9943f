// For a DB-backed unit test file that needs the whole database to itself (rules about "the last admin",
// say): a database of its own, with the run's data so far (SQLite: a snapshot of the run's file) or
// freshly migrated (PostgreSQL, and SQLite with `empty`: a file that sees only what the test makes), and
// DATABASE_URL pointed at it. Call before anything imports the stores (`await vi.hoisted(...)`, or a
// `beforeAll` that imports them afterwards). Global teardown removes it.
import crypto from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "@/lib/store/migrate";
import { parseDatabaseUrl } from "@/lib/store/url";
import { postgresDatabaseUrl } from "./postgres";

export async function isolateDatabase(label: string, options: { empty?: boolean } = {}): Promise<string> {
  const source = process.env.DATABASE_URL ?? "";
  if (!source) throw new Error("DATABASE_URL is not set: run under vitest (lib/testing/global-setup.ts).");
  if (process.env.TEST_POSTGRES_URL) {
    const url = await postgresDatabaseUrl(`unit_${process.env.APPARATUS_TEST_RUN}_${label}_${crypto.randomBytes(3).toString("hex")}`);
    await migrate(parseDatabaseUrl(url));
    process.env.DATABASE_URL = url;
    return url;
  }
  const file = source.replace(/^file:/, "");
  const target = path.join(path.dirname(file), `${label}-${crypto.randomUUID()}.db`);
  if (options.empty) {
    await migrate(parseDatabaseUrl(`file:${target}`));
    process.env.DATABASE_URL = `file:${target}`;
    return target;
  }
  const db = new Database(file, { timeout: 10_000 });
  try {
    db.prepare("VACUUM INTO ?").run(target); // a consistent snapshot even while other files write
  } finally {
    db.close();
  }
  process.env.DATABASE_URL = `file:${target}`;
  return target;
}
