// Vitest global setup: a throw-away database per test run, migrated with the real migrations. SQLite by
// default (a file in a temporary folder); PostgreSQL when TEST_POSTGRES_URL names a server (a database
// apparatus_unit_<run> created there and dropped afterwards). Workers inherit DATABASE_URL, so the app's
// stores open this database and never the developer's.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate } from "@/lib/store/migrate";
import { parseDatabaseUrl } from "@/lib/store/url";
import { dropRunDatabases, postgresDatabaseUrl } from "./postgres";

export default async function setup(): Promise<() => Promise<void>> {
  process.env.NEXTAUTH_SECRET ??= "unit-test-secret-0123456789abcdef";
  const run = crypto.randomBytes(4).toString("hex");
  process.env.APPARATUS_TEST_RUN = run;
  if (process.env.TEST_POSTGRES_URL) {
    const url = await postgresDatabaseUrl(`unit_${run}`);
    process.env.DATABASE_URL = url;
    await migrate(parseDatabaseUrl(url));
    return () => dropRunDatabases(run);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-unit-"));
  const file = path.join(dir, "unit.db");
  process.env.DATABASE_URL = `file:${file}`;
  await migrate(parseDatabaseUrl(process.env.DATABASE_URL));
  return async () => fs.rmSync(dir, { recursive: true, force: true });
}
