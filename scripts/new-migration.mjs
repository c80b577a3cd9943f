#!/usr/bin/env node
// npm run db:migration -- <name>: writes the next migration for BOTH engines from the change to
// prisma/schema.prisma (the one source of the schema):
//   prisma/migrations/<timestamp>_<name>/migration.sql           SQLite
//   prisma/postgres/migrations/<timestamp>_<name>/migration.sql  PostgreSQL
// Each diffs the schema as of the last migration (the snapshot schema.prisma kept in the newest SQLite
// migration folder; the PostgreSQL side is the same snapshot with the provider switched) against the
// current one, with `prisma migrate diff`, which works offline with the JavaScript engine (`prisma migrate
// dev` does not). Read both files before applying them with npm run db:migrate.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { postgresSchemaText } from "./db/schemas.mjs";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/i.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (letters, digits and _ only)");
  process.exit(2);
}
const sqliteDir = path.join("prisma", "migrations");
const postgresDir = path.join("prisma", "postgres", "migrations");
const last = fs
  .readdirSync(sqliteDir)
  .filter((d) => fs.existsSync(path.join(sqliteDir, d, "migration.sql")))
  .sort()
  .at(-1);
if (last && !fs.existsSync(path.join(sqliteDir, last, "schema.prisma"))) {
  console.error(`prisma/migrations/${last} has no schema.prisma snapshot; cannot diff.`);
  process.exit(1);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-migration-"));
const current = fs.readFileSync(path.join("prisma", "schema.prisma"), "utf8");
const previous = last ? fs.readFileSync(path.join(sqliteDir, last, "schema.prisma"), "utf8") : null;

function diff(from, to) {
  const args = from === null ? ["--from-empty"] : ["--from-schema-datamodel", from];
  const out = execFileSync("npx", ["prisma", "migrate", "diff", ...args, "--to-schema-datamodel", to, "--script"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  // The CLI may print "Loaded Prisma config ..." on stdout: keep SQL and comments only.
  const sql = out
    .split("\n")
    .filter((l) => !/^Loaded Prisma config/.test(l))
    .join("\n")
    .trim();
  return !sql || /^-- This is an empty migration/.test(sql) ? "" : sql;
}

const write = (file, text) => (fs.writeFileSync(file, text), file);
const sqliteSql = diff(previous === null ? null : write(path.join(tmp, "from.prisma"), previous), path.join("prisma", "schema.prisma"));
const postgresSql = diff(
  previous === null ? null : write(path.join(tmp, "from-pg.prisma"), postgresSchemaText(previous)),
  write(path.join(tmp, "to-pg.prisma"), postgresSchemaText(current)),
);
fs.rmSync(tmp, { recursive: true, force: true });
if (!sqliteSql && !postgresSql) {
  console.log("The schema matches the migrations: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const folder = `${stamp}_${name}`;
for (const [dir, sql, provider] of [
  [sqliteDir, sqliteSql, "sqlite"],
  [postgresDir, postgresSql, "postgresql"],
]) {
  fs.mkdirSync(path.join(dir, folder), { recursive: true });
  fs.writeFileSync(path.join(dir, folder, "migration.sql"), (sql || "-- No change for this engine.") + "\n");
  const lock = path.join(dir, "migration_lock.toml");
  if (!fs.existsSync(lock)) fs.writeFileSync(lock, `provider = "${provider}"\n`);
}
fs.copyFileSync(path.join("prisma", "schema.prisma"), path.join(sqliteDir, folder, "schema.prisma"));
console.log(`Wrote ${path.join(sqliteDir, folder, "migration.sql")} and ${path.join(postgresDir, folder, "migration.sql")}.`);
console.log("Read both (a SQLite table redefinition drops hand-written triggers: see the README), then apply with npm run db:migrate.");
