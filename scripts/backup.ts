// npm run backup -- <file> [--force]: a consistent copy of the live database, taken online with
// SQLite's backup API (safe while the app is serving and writing), then checked with integrity_check.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseFile, restrictToOwner } from "@/lib/db-path";

function main(): number {
  const args = process.argv.slice(2);
  const target = args.find((a) => !a.startsWith("--"));
  if (!target) {
    console.error("usage: npm run backup -- <file> [--force]");
    return 2;
  }
  const out = path.resolve(target);
  const source = databaseFile();
  if (!fs.existsSync(source)) {
    console.error(`No database at ${source}.`);
    return 1;
  }
  if (fs.existsSync(out) && !args.includes("--force")) {
    console.error(`${out} exists; pass --force to overwrite it.`);
    return 1;
  }
  if (path.resolve(source) === out) {
    console.error("The backup must go to another file than the database itself.");
    return 1;
  }
  return 0;
}

async function run() {
  const code = main();
  if (code !== 0) process.exit(code);
  const out = path.resolve(process.argv.slice(2).find((a) => !a.startsWith("--"))!);
  const tmp = `${out}.partial`;
  fs.rmSync(tmp, { force: true });
  // A backup holds everything the database does: readable by its owner only, like the database.
  restrictToOwner(tmp, { create: true });
  const db = new Database(databaseFile(), { fileMustExist: true, timeout: 10_000 });
  const started = Date.now();
  await db.backup(tmp);
  db.close();
  restrictToOwner(tmp);
  const copy = new Database(tmp, { readonly: true });
  const integrity = copy.pragma("integrity_check", { simple: true });
  const counts = {
    documents: (copy.prepare("SELECT count(*) AS n FROM Document").get() as { n: number }).n,
    annotations: (copy.prepare("SELECT count(*) AS n FROM Annotation").get() as { n: number }).n,
    users: (copy.prepare("SELECT count(*) AS n FROM User").get() as { n: number }).n,
  };
  copy.close();
  if (integrity !== "ok") {
    fs.rmSync(tmp, { force: true });
    console.error(`The backup failed its integrity check: ${integrity}`);
    process.exit(1);
  }
  fs.renameSync(tmp, out); // a half-written file never carries the final name
  console.log(
    `Backed up ${databaseFile()} to ${out} in ${Date.now() - started} ms (${counts.documents} documents, ${counts.annotations} annotations, ${counts.users} users; integrity ok).`,
  );
}

run().catch((error) => {
  console.error(error);
  process.exit(1);
});
