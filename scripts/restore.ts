// npm run restore -- <backup file> --force: put a backup in place of the configured database (stop the
// server first). SQLite keeps the current file as *.before-restore; PostgreSQL keeps a dump of it (with a
// time added to the name when an earlier restore's copy is there).
import "./lib/require-database";
import fs from "node:fs";
import { restoreDatabase } from "@/lib/store/backup";
import { databaseTargetOrExit } from "./lib/database";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const source = args.find((a) => !a.startsWith("--"));
  if (!source) {
    console.error("usage: npm run restore -- <backup file> --force   (stop the server first)");
    return 2;
  }
  if (!fs.existsSync(source) || !fs.statSync(source).isFile()) {
    console.error(`${source} ${fs.existsSync(source) ? "is a folder" : "does not exist"}: name a backup file (npm run backup makes one).`);
    return 2;
  }
  const target = databaseTargetOrExit();
  const exists = target.engine === "postgres" || fs.existsSync(target.file);
  if (exists && !args.includes("--force")) {
    console.error(`${target.display} exists. Stop the server, then run again with --force to replace it (the current data is kept).`);
    return 1;
  }
  console.log(`${await restoreDatabase(target, source)} Start the app again with npm start.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
