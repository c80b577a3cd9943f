// Vitest global setup: a throw-away SQLite file per test run, migrated with the real migrations.
// Workers inherit DATABASE_URL, so lib/db opens this file and never the developer's database.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-unit-"));
  const file = path.join(dir, "unit.db");
  process.env.DATABASE_URL = `file:${file}`;
  process.env.NEXTAUTH_SECRET ??= "unit-test-secret-0123456789abcdef";
  execFileSync(path.join(process.cwd(), "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    env: process.env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
