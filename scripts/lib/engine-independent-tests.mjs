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

/**
 * Whether `file` or anything it imports may reach a database. Only a yes is remembered across files
 * (`reaching`): a no found while an import cycle was still open could be wrong for another file.
 */
function reachesDatabase(file, reaching, visiting = new Set()) {
  if (reaching.has(file)) return true;
  if (visiting.has(file)) return false; // the file being followed already: the cycle adds nothing
  visiting.add(file);
  const relative = path.relative(root, file).split(path.sep).join("/");
  if (DATA_LAYER.test(relative)) {
    reaching.add(file);
    return true;
  }
  const text = fs.readFileSync(file, "utf8");
  const result =
    DATABASE_TEXT.test(text) ||
    [...text.matchAll(IMPORT)].some(([, spec]) => {
      const local = resolveLocal(file, spec);
      return local ? reachesDatabase(local, reaching, visiting) : DATABASE_PACKAGES.test(spec);
    });
  if (result) reaching.add(file);
  return result;
}

/** Test files (relative to the root, under `dirs`) that reach no database. */
export function engineIndependentTests(dirs = ["lib", "scripts", "tests"]) {
  const reaching = new Set();
  const found = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(full);
      } else if (/\.test\.ts$/.test(entry.name) && !reachesDatabase(full, reaching)) {
        found.push(path.relative(root, full).split(path.sep).join("/"));
      }
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  return found.sort();
}

/**
 * Test files that reach the unit test database only to build their input, and run what they test on
 * SQLite files of their own whatever the engine: lib/import/cli.test.ts runs `npm run import` and
 * `npm run export` on throw-away SQLite files. The PostgreSQL leg leaves them to the SQLite leg; the same
 * commands run on PostgreSQL there in e2e/engines.spec.ts (SQLite → PostgreSQL → SQLite).
 */
export const SQLITE_FILE_TESTS = ["lib/import/cli.test.ts", "scripts/commands.test.ts"];

/**
 * Test files about PostgreSQL itself (its connections ended or frozen under the app): the SQLite leg leaves
 * them out, rather than running them to skip every test (vitest.config.mts).
 */
export const POSTGRES_ONLY_TESTS = ["lib/store/postgres-connections.test.ts", "lib/store/changes-postgres.test.ts"];
