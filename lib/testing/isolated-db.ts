// For a DB-backed unit test file that needs the whole database to itself (rules about "the last admin",
// say): snapshot the migrated throw-away database into a file of its own and point DATABASE_URL at it.
// Call from `await vi.hoisted(...)`, before anything imports lib/db. Global teardown removes the directory.
import crypto from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";

export function isolateDatabase(label: string): string {
  const source = (process.env.DATABASE_URL ?? "").replace(/^file:/, "");
  if (!source) throw new Error("DATABASE_URL is not set: run under vitest (lib/testing/global-setup.ts).");
  const target = path.join(path.dirname(source), `${label}-${crypto.randomUUID()}.db`);
  const db = new Database(source, { timeout: 10_000 });
  try {
    db.prepare("VACUUM INTO ?").run(target); // a consistent snapshot even while other files write
  } finally {
    db.close();
  }
  process.env.DATABASE_URL = `file:${target}`;
  return target;
}
