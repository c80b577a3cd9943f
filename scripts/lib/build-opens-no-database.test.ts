// `next build` imports every page's and route's modules (collecting page data) and runs the
// instrumentation's register(); none of that may open a database: a build for a PostgreSQL deployment
// left an empty .data/apparatus.db behind, and a build on a read-only checkout could fail. The app's own
// modules are imported here as the build imports them, on a DATABASE_URL whose file does not exist yet,
// and without a configured auth secret: neither the database nor a generated secret may appear.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-build-"));
const file = path.join(dir, "data", "never.db");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The App Router's files Next loads for a build: pages, layouts, routes, error and not-found pages. */
function appModules(folder = path.join(root, "app")): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return appModules(full);
    return /^(page|layout|route|error|global-error|not-found|loading|template|default)\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

it("imports every page, layout and route, and the instrumentation, without opening a database", async () => {
  process.env.DATABASE_URL = `file:${file}`;
  delete process.env.NEXTAUTH_SECRET; // a secret is generated under the working folder's .data/ when none is configured
  delete process.env.AUTH_SECRET;
  const cwd = process.cwd();
  process.chdir(dir);
  afterAll(() => process.chdir(cwd));
  const modules = appModules();
  expect(modules.length).toBeGreaterThan(40);
  for (const page of modules) await import(/* @vite-ignore */ page);
  const instrumentation = await import("@/instrumentation");
  process.env.NEXT_PHASE = "phase-production-build";
  try {
    await instrumentation.register();
  } finally {
    delete process.env.NEXT_PHASE;
  }
  expect(fs.readdirSync(dir)).toEqual([]);
  expect(fs.existsSync(file)).toBe(false);
});
