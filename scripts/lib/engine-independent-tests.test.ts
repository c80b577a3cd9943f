// Which unit test files npm test's PostgreSQL leg may leave to the SQLite leg: only those that reach no
// database, so every store's and service's tests still run on both engines.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
// @ts-expect-error: a plain ES module of the test runner, without types
import { engineIndependentTests, SQLITE_FILE_TESTS } from "./engine-independent-tests.mjs";

const root = path.resolve(import.meta.dirname, "..", "..");

test("files that reach a database, directly or through what they import, are never left out of the PostgreSQL leg", () => {
  const independent = new Set(engineIndependentTests());
  // Stores, services, the engine, the bus (drivers of its own), the CLI (child processes on DATABASE_URL).
  for (const file of ["lib/store/engine.test.ts", "lib/events/store.test.ts", "lib/events/bus.test.ts", "lib/annotations/service.test.ts", "lib/import/cli.test.ts", "lib/export/service.test.ts"]) {
    expect(fs.existsSync(path.join(root, file)), file).toBe(true);
    expect(independent.has(file), file).toBe(false);
  }
  for (const file of independent) expect(file).not.toMatch(/(^|\/)(store|service)\.test\.ts$/);
});

test("pure logic is run once: anchoring, summaries, notes", () => {
  const independent = engineIndependentTests();
  expect(independent).toEqual(expect.arrayContaining(["lib/anchoring/quote.test.ts", "lib/summary/krippendorff.test.ts", "lib/notes/schema.test.ts"]));
});

test("a test left to the SQLite leg for its SQLite files runs its commands on file: databases only, and the PostgreSQL leg runs them in e2e", () => {
  for (const file of SQLITE_FILE_TESTS as string[]) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const urls = [...text.matchAll(/DATABASE_URL: `([^`$]*)/g)].map((m) => m[1]);
    expect(urls.length, file).toBeGreaterThan(0);
    for (const url of urls) expect(url, file).toBe("file:");
  }
  expect(fs.readFileSync(path.join(root, "e2e", "engines.spec.ts"), "utf8")).toMatch(/SQLite → PostgreSQL/);
});
