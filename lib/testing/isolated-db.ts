// For a DB-backed unit test file that needs the whole database to itself (rules about "the last admin",
// say): a database of its own, with the run's data so far (SQLite: a snapshot of the run's file) or
// freshly migrated (PostgreSQL), and DATABASE_URL pointed at it. Call from `await vi.hoisted(...)`,
// before anything imports the stores. Global teardown removes it.
import crypto from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "@/lib/store/migrate";
import { parseDatabaseUrl } from "@/lib/store/url";
import { postgresDatabaseUrl } from "./postgres";

export async function isolateDatabase(label: string): Promise<string> {
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
  const db = new Database(file, { timeout: 10_000 });
  try {
    db.prepare("VACUUM INTO ?").run(target); // a consistent snapshot even while other files write
  } finally {
    db.close();
  }
  process.env.DATABASE_URL = `file:${target}`;
  return target;
}
