// npm run restore -- <backup file> [--force]: put a backup in place of the database (DATABASE_URL or
// .data/apparatus.db). Stop the server first. The current database is kept beside it as *.before-restore.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseFile, restrictToOwner } from "@/lib/db-path";

const args = process.argv.slice(2);
const source = args.find((a) => !a.startsWith("--"));
if (!source || !fs.existsSync(source)) {
  console.error("usage: npm run restore -- <backup file> [--force]   (stop the server first)");
  process.exit(2);
}
const check = new Database(source, { readonly: true, fileMustExist: true });
const integrity = check.pragma("integrity_check", { simple: true });
check.close();
if (integrity !== "ok") {
  console.error(`Refusing to restore: the backup fails its integrity check (${integrity}).`);
  process.exit(1);
}
const target = databaseFile();
if (fs.existsSync(target)) {
  if (!args.includes("--force")) {
    console.error(`${target} exists. Stop the server, then run again with --force to replace it (it is kept as ${target}.before-restore).`);
    process.exit(1);
  }
  // Fold any WAL into the old file before moving it aside, so the kept copy is complete.
  const old = new Database(target);
  old.pragma("wal_checkpoint(TRUNCATE)");
  old.close();
  fs.renameSync(target, `${target}.before-restore`);
  restrictToOwner(`${target}.before-restore`);
}
for (const suffix of ["-wal", "-shm"]) fs.rmSync(target + suffix, { force: true });
const tmp = `${target}.restoring`;
fs.copyFileSync(source, tmp);
restrictToOwner(tmp); // the database is readable by its owner only, whatever the backup's mode was
fs.renameSync(tmp, target);
console.log(`Restored ${path.resolve(source)} to ${target}. Start the app again with npm start.`);
