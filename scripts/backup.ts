// npm run backup -- <file> [--force]: a consistent copy of the live database, taken online (SQLite's
// backup API + integrity_check, or pg_dump on PostgreSQL). See lib/store/backup.ts.
import "./lib/require-database";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { backupDatabase } from "@/lib/store/backup";
import { databaseTargetOrExit } from "./lib/database";

const USAGE = "usage: npm run backup -- <file> [--force]";

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: { force: { type: "boolean" } }, allowPositionals: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    console.error(`${positionals.length ? "Name one backup file." : "Name the backup file."}\n${USAGE}`);
    return 2;
  }
  const target = databaseTargetOrExit();
  const out = path.resolve(positionals[0]);
  // Told before any copying: a folder is no file to write (--force would not change that), and SQLite's own
  // message for a missing folder names neither the folder nor the file.
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) {
    console.error(`${out} is a folder: name the backup file, e.g. ${path.join(out, `apparatus-${new Date().toISOString().slice(0, 10)}.${target.engine === "sqlite" ? "db" : "dump"}`)}.`);
    return 2;
  }
  if (!fs.existsSync(path.dirname(out))) {
    console.error(`${out}: the folder ${path.dirname(out)} does not exist.`);
    return 2;
  }
  if (fs.existsSync(out) && !values.force) {
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
