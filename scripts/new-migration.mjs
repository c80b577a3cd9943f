#!/usr/bin/env node
// npm run db:migration -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql from the
// difference between the schema as of the last migration and prisma/schema.prisma. `prisma migrate dev`
// and `--from-migrations` do not work with the JavaScript engine on SQLite, so each migration folder
// keeps a snapshot (schema.prisma) of the schema it produces, and the next one is diffed from it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/i.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (letters, digits and _ only)");
  process.exit(2);
}
const dir = path.join("prisma", "migrations");
fs.mkdirSync(dir, { recursive: true });
const lock = path.join(dir, "migration_lock.toml");
const last = fs
  .readdirSync(dir)
  .filter((d) => fs.existsSync(path.join(dir, d, "migration.sql")))
  .sort()
  .at(-1);
if (last && !fs.existsSync(path.join(dir, last, "schema.prisma"))) {
  console.error(`prisma/migrations/${last} has no schema.prisma snapshot; cannot diff.`);
  process.exit(1);
}
const from = last ? ["--from-schema-datamodel", path.join(dir, last, "schema.prisma")] : ["--from-empty"];
const out = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
// The CLI may print "Loaded Prisma config ..." on stdout: keep SQL and comments only.
const sql = out
  .split("\n")
  .filter((l) => !/^Loaded Prisma config/.test(l))
  .join("\n")
  .trim();
if (!sql || /^-- This is an empty migration/.test(sql)) {
  console.log("The schema matches the migrations: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const target = path.join(dir, `${stamp}_${name}`);
fs.mkdirSync(target);
fs.writeFileSync(path.join(target, "migration.sql"), sql + "\n");
fs.copyFileSync(path.join("prisma", "schema.prisma"), path.join(target, "schema.prisma"));
if (!fs.existsSync(lock)) fs.writeFileSync(lock, 'provider = "sqlite"\n');
console.log(`Wrote ${path.join(target, "migration.sql")}. Apply it with: npm run db:migrate`);
