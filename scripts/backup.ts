// npm run backup -- <file> [--force]: a consistent copy of the live database, taken online (SQLite's
// backup API + integrity_check, or pg_dump on PostgreSQL). See lib/store/backup.ts.
import "./lib/require-database";
import fs from "node:fs";
import path from "node:path";
import { backupDatabase } from "@/lib/store/backup";
import { databaseTargetOrExit } from "./lib/database";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith("--"));
  if (!file) {
    console.error("usage: npm run backup -- <file> [--force]");
    return 2;
  }
  const target = databaseTargetOrExit();
  const out = path.resolve(file);
  if (fs.existsSync(out) && !args.includes("--force")) {
    console.error(`${out} exists; pass --force to overwrite it.`);
    return 1;
  }
  if (target.engine === "sqlite" && target.file === out) {
    console.error("The backup must go to another file than the database itself.");
    return 1;
  }
  const result = await backupDatabase(target, out);
  console.log(`Backed up ${target.display} to ${result.file} in ${result.ms} ms (${result.detail}).`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
