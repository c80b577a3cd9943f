#!/usr/bin/env node
// Part of `npm run lint`: nothing outside the data layer touches the database. The data layer is
// lib/store/ (the engines, migrations, backups) and the stores, lib/<domain>/store.ts. Everywhere else
// (routes, pages, components, services, scripts) may not import a database client or driver, nor the
// engine module, nor write SQL or builder queries; services may open transactions (lib/store/transaction.ts)
// and hand them to stores. Tests and their helpers (lib/testing/, *.test.ts, e2e/) and the
// benchmark (which measures the raw driver against the stores on purpose) are exempt. Exits 1 with the
// offending lines.
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const inDataLayer = (f) => f.startsWith("lib/store/") || /^lib\/[a-z-]+\/store\.ts$/.test(f);
const exempt = (f) =>
  f.startsWith("lib/testing/") ||
  f.startsWith("e2e/") ||
  f.startsWith("scripts/bench/") ||
  f === "scripts/bench.mjs" ||
  /\.(test|spec)\.tsx?$/.test(f) ||
  f.includes("__fixtures__/") ||
  f === "scripts/check-data-access.mjs" ||
  // Prisma's own CLI configuration and the derived-schema writer for `prisma generate`.
  f === "prisma.config.ts" ||
  f.startsWith("scripts/db/") ||
  // Starts and drops throw-away databases for the end-to-end suite.
  f === "scripts/e2e-server.mjs";

const DRIVERS = /(?:from\s+|import\(\s*|require\(\s*)["'](better-sqlite3|pg|kysely|@prisma\/[^"']+|@\/generated\/(?:prisma|prisma-pg|kysely)(?:\/[^"']*)?|@\/lib\/store\/(?:engine|sqlite|postgres|migrate|backup)|\.\.?\/(?:[^"']*\/)?(?:engine|sqlite|postgres))["']/;
// SQL in a string or template literal: a statement keyword followed by its clause.
const SQL = /["'`]\s*(?:SELECT\b[^"'`]{0,300}?\bFROM\b|INSERT\s+(?:OR\s+\w+\s+)?INTO\b|UPDATE\s+"?\w+"?\s+SET\b|DELETE\s+FROM\b|CREATE\s+(?:TABLE|INDEX|TRIGGER)\b|PRAGMA\s+\w+)/i;
const SQL_TAG = /\bsql(?:<[^>]*>)?`/;
// Kysely or Prisma queries: a builder call on a transaction or client.
const QUERY = /\.(?:selectFrom|insertInto|updateTable|deleteFrom|\$queryRaw\w*|\$executeRaw\w*)\(|\bprisma\.\w+\.(?:find\w*|create\w*|update\w*|upsert|delete\w*|count|groupBy|aggregate)\(/;

/** The offending lines of these files (paths relative to the repository root). */
export function findViolations(files, read = (f) => fs.readFileSync(f, "utf8")) {
  const problems = [];
  for (const f of files) {
    if (inDataLayer(f) || exempt(f)) continue;
    problems.push(...violationsIn(f, read(f)));
  }
  return problems;
}

function violationsIn(f, text) {
  const problems = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const where = `${f}:${i + 1}: ${line.trim().slice(0, 140)}`;
    const driver = DRIVERS.exec(line);
    if (driver && !(f.startsWith("scripts/") && driver[1] === "@/lib/store/migrate") && !(f.startsWith("scripts/") && driver[1] === "@/lib/store/backup")) {
      problems.push(`${where}\n    imports ${driver[1]}: only lib/store/ and lib/<domain>/store.ts may.`);
    } else if (SQL.test(line) || SQL_TAG.test(line) || QUERY.test(line)) {
      problems.push(`${where}\n    SQL outside a store: move the query into the store that owns its table.`);
    }
  });
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.tsx", "*.mjs", "*.js"], { encoding: "utf8" })
    .split("\n")
    .filter((f) => f && fs.existsSync(f));
  const problems = findViolations(files);
  if (problems.length) {
    console.error(`Database access outside the stores (${problems.length}):\n${problems.join("\n")}`);
    process.exit(1);
  }
  console.log(`Data access check: ${files.length} files, database access only in lib/store/ and lib/*/store.ts.`);
}
