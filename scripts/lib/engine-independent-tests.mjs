// The unit test files that cannot reach a database: neither they nor anything they import (followed
// through the project's own files) touches the data layer, a database driver, DATABASE_URL or a child
// process. npm test runs them once, in the SQLite leg; the PostgreSQL leg runs every other file, which
// is every test of a store or a service. The rule errs towards running a file on both engines: a file
// that only might reach the database counts as reaching it.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"']+)["']/g;
// What reaches a database (or may: a child process can be a CLI command on DATABASE_URL).
const DATA_LAYER = /^lib\/store\/|^lib\/[a-z-]+\/store\.ts$|^lib\/testing\/(?:db|factories|isolated-db|postgres|global-setup)\.ts$/;
const DATABASE_PACKAGES = /^(?:better-sqlite3|pg|kysely|@prisma\/|node:child_process$|child_process$)/;
const DATABASE_TEXT = /DATABASE_URL|TEST_POSTGRES_URL|@\/generated\/(?:prisma|kysely)/;
const EXTENSIONS = ["", ".ts", ".tsx", ".mts", ".mjs", ".js", "/index.ts", "/index.tsx"];

function resolveLocal(from, spec) {
  let base;
  if (spec.startsWith("@/")) base = path.join(root, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const ext of EXTENSIONS) {
    const file = base + ext;
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  }
  return null;
}

/** Whether `file` or anything it imports may reach a database; `seen` memoizes across files. */
function reachesDatabase(file, seen) {
  if (seen.has(file)) return seen.get(file);
  seen.set(file, false); // an import cycle adds nothing
  const relative = path.relative(root, file).split(path.sep).join("/");
  let result = DATA_LAYER.test(relative);
  if (!result) {
    const text = fs.readFileSync(file, "utf8");
    result = DATABASE_TEXT.test(text);
    for (const [, spec] of text.matchAll(IMPORT)) {
      if (result) break;
      const local = resolveLocal(file, spec);
      result = local ? reachesDatabase(local, seen) : DATABASE_PACKAGES.test(spec);
    }
  }
  seen.set(file, result);
  return result;
}

/** Test files (relative to the root, under `dirs`) that reach no database. */
export function engineIndependentTests(dirs = ["lib", "scripts", "tests"]) {
  const seen = new Map();
  const found = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(full);
      } else if (/\.test\.ts$/.test(entry.name) && !reachesDatabase(full, seen)) {
        found.push(path.relative(root, full).split(path.sep).join("/"));
      }
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  return found.sort();
}
