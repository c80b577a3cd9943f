import { spawnSync } from "node:child_process";
import { defineConfig, devices } from "@playwright/test";
import { chromiumPath, chromiumArgs } from "./e2e/support/chromium";
import { E2E_PORT, E2E_BASE_URL, E2E_DATABASE_URL, E2E_ENGINE } from "./e2e/support/env";

// Specs that run on ONE engine only, so that CI stays within its 30 minutes on two cores: the browser
// specs (axe scans, screenshots, layouts at every width, the reader's flows driven through the UI) and
// the specs of people, sessions and tokens (admin, foundation, security, security-requests, tokens),
// whose tables the Prisma client reaches the same way on both engines. They are split between the legs
// so that both take about as long (measured per spec in full runs: the SQLite leg with all of them took
// ~20 min against ~10 for PostgreSQL beside it; the axe scans alone are ~4 min, the shell ~2). Every other spec runs
// on both engines (search, live events, throttle, durability and backups, several processes, an export
// across engines, summaries, rulings, structure, bad input), and the unit suites run every store and
// service on both. The split applies only when npm test runs both legs (it sets E2E_SPLIT=1; with
// E2E_ALL_SPECS=1 it does not): a leg run alone, or a spec run by hand, runs every spec it is given.
const ONE_ENGINE: Record<"sqlite" | "postgres", string[]> = {
  sqlite: [
    ...["screenshots", "annotate", "reader-mobile", "reader-keyboard", "reader-drafts", "reader-editing", "reader-structure", "reader-early"],
    ...["admin", "foundation", "security", "security-requests", "tokens"],
    // the versions' pages and the reader's fixing of placements (versions.test.ts writes and re-anchors on both)
    "versions",
  ],
  // keyboard-annotator: the whole annotating flow by keyboard, a UI's test (annotate's writes run on SQLite);
  // reader-many: the reader at thousands of annotations (their stores' pages and counts: unit tests, both
  // engines); export: the downloads and Admin → Import pages (the export and import services: unit tests, both
  // engines; engines.spec moves an export across engines on both legs)
  postgres: ["a11y", "shell", "reader-rulings", "keyboard-annotator", "reader-many", "export"],
};
const otherEngine = E2E_ENGINE === "postgres" ? "sqlite" : "postgres";
// Specs about PostgreSQL itself (a server of the spec's own stopped and started under the app): never run,
// nor reported as skipped, by the SQLite leg, however it is started; on PostgreSQL they need its server
// programs here (Debian's postgresql package: npm test's own server has them; a TEST_POSTGRES_URL server
// elsewhere may not), and without them they are left out with a line saying so.
const POSTGRES_ONLY = ["database-outage", "database-busy"];
const postgresPrograms = E2E_ENGINE === "postgres" && !!spawnSync("bash", ["scripts/pg-server.sh", "find"], { encoding: "utf8" }).stdout?.trim();
if (E2E_ENGINE === "postgres" && !postgresPrograms) {
  console.log(`Left out: ${POSTGRES_ONLY.map((n) => `e2e/${n}.spec.ts`).join(", ")} (they start a PostgreSQL server of their own; install Debian's postgresql package to run them).`);
}
const ignored = [...(process.env.E2E_SPLIT === "1" ? ONE_ENGINE[otherEngine] : []), ...(postgresPrograms ? [] : POSTGRES_ONLY)];

// The servers and specs hash passwords at scrypt's N=2^14 instead of the app's 2^17 (the lowest the
// app accepts; PASSWORD_HASH_N in the README): a hash at 2^17 costs about a second of CPU, and the
// legs sign in and create people hundreds of times on two shared cores. Hashing itself, and the
// default's parameters, are tested in lib/auth/password.test.ts. Set in this file, so that the web
// server, the servers the specs start and the specs themselves all inherit it.
process.env.PASSWORD_HASH_N ??= String(2 ** 14);

// End-to-end tests run against a real production server (scripts/server.mjs, as npm start serves it) on a throw-away database
// (see scripts/e2e-server.mjs), in Debian's Chromium.
export default defineConfig({
  testDir: "e2e",
  testIgnore: ignored.map((name) => `**/${name}.spec.ts`),
  // npm test gives each engine's leg its own folder, since the two legs run at the same time.
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Many tests sign in three or four times (a password hash each) and drive several pages on a
  // shared, loaded machine.
  timeout: 120_000,
  // How long an expectation waits for the page (never a speed target: those are `npm run bench`'s). The
  // CI machine has run the same suite in 14 and in 25 minutes; 15 s leaves a page on its slow days the
  // room 10 s gave it on ours.
  expect: { timeout: 15_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    // A trace records a screencast of every test and costs about 40% of the suite's CPU; CI cannot
    // show it anyway. E2E_TRACE=1 keeps one for each failing test (open it with `npx playwright show-trace`).
    trace: process.env.E2E_TRACE === "1" ? "retain-on-failure" : "off",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions: { executablePath: chromiumPath(), args: chromiumArgs } } }],
  webServer: {
    command: `node scripts/e2e-server.mjs`,
    url: `${E2E_BASE_URL}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(E2E_PORT), E2E_DATABASE_URL },
  },
});
