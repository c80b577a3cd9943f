#!/usr/bin/env node
// npm test: unit tests (Vitest) and end-to-end tests (Playwright against a production server on a
// throw-away database, in Debian's Chromium), on SQLite and then on PostgreSQL, installing what they
// need first. The PostgreSQL leg uses TEST_POSTGRES_URL when set (a server where the suites may create
// and drop databases), else starts a throw-away server when Debian's postgresql package is installed,
// else is skipped with a message saying how to run it. Ends with the line "N passed, N failed" summed
// over both runners and both engines.
// The two e2e legs run at once, each with its own server, port and databases, and the unit tests
// (SQLite's, then PostgreSQL's) beside them, which keeps CI within its time on two cores; --serial runs
// everything one after the other.
//   npm test -- --unit-only | --e2e-only [spec files] | --sqlite-only | --postgres-only | --serial
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BUILD_STEP, bin, buildStatus, ensureBuild, ensureChromium, ensureDependencies, ensurePrismaClient, root, step } from "./lib/steps.mjs";
import { assertBuildReplaceable } from "./lib/serving.mjs";

process.chdir(root);
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
delete baseEnv.DATABASE_URL; // the suites make their own throw-away databases
const reports = path.join(root, ".data", "reports");
fs.mkdirSync(reports, { recursive: true });
const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => a.startsWith("--")));
const specs = argv.filter((a) => !a.startsWith("--"));
const runUnit = !flags.has("--e2e-only");
const runE2e = !flags.has("--unit-only");

ensureDependencies(baseEnv);
await ensurePrismaClient(baseEnv);

// The runners (Vitest, Playwright, and through Playwright the e2e servers) end with this process: a
// `kill` of npm test alone (SIGTERM, or a hang-up) would otherwise leave them, their servers and the
// throw-away PostgreSQL server running. They get SIGINT, as from Ctrl-C (Playwright then stops its web
// servers); a second signal kills them outright.
const children = new Set();
let stopping = null;
let pgServer = null;
function stopAll(signal) {
  if (stopping) {
    for (const child of children) child.kill("SIGKILL");
    return;
  }
  console.error(`\n${signal}: stopping the test runners…`);
  for (const child of children) child.kill("SIGINT");
  stopping = Promise.all([...children].map((child) => new Promise((resolve) => child.once("close", resolve)))).then(() => {
    pgServer?.stop();
    process.exit(128 + (os.constants.signals[signal] ?? 1));
  });
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stopAll(signal));

/** Run a child, its lines labelled with `prefix` when given (so that two legs can share the terminal). */
function run(command, args, env, prefix) {
  const child = spawn(command, args, { stdio: prefix ? ["ignore", "pipe", "pipe"] : "inherit", env });
  children.add(child);
  child.once("close", () => children.delete(child));
  if (prefix) {
    for (const stream of [child.stdout, child.stderr]) {
      let rest = "";
      stream.on("data", (chunk) => {
        const lines = (rest + chunk).split("\n");
        rest = lines.pop() ?? "";
        for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
      });
      stream.on("end", () => rest && process.stdout.write(`${prefix}${rest}\n`));
    }
  }
  return new Promise((resolve) => child.on("close", (status) => resolve(status)));
}

async function unit(leg, env, prefix) {
  step(`Unit tests (Vitest) on ${leg}…`);
  const out = path.join(reports, `vitest-${leg}.json`);
  fs.rmSync(out, { force: true });
  const status = await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${out}`], env, prefix);
  const counts = { passed: 0, failed: 0, skipped: 0 };
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, "utf8"));
    counts.passed = r.numPassedTests ?? 0;
    counts.failed = (r.numFailedTests ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
    counts.skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  } else counts.failed = 1;
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

/** One e2e leg in a child process; with a prefix, its lines are labelled. */
async function e2e(leg, env, prefix) {
  const out = path.join(reports, `playwright-${leg}.json`);
  fs.rmSync(out, { force: true });
  const status = await run(bin("playwright"), ["test", "--pass-with-no-tests", ...specs], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out, E2E_OUTPUT_DIR: path.join("test-results", leg) }, prefix);
  const counts = { passed: 0, failed: 0, skipped: 0 };
  if (fs.existsSync(out)) {
    const stats = JSON.parse(fs.readFileSync(out, "utf8")).stats ?? {};
    counts.passed = (stats.expected ?? 0) + (stats.flaky ?? 0);
    counts.failed = stats.unexpected ?? 0;
    counts.skipped = stats.skipped ?? 0;
    if (counts.failed === 0 && status !== 0) counts.failed = 1; // e.g. the server did not start
  } else counts.failed = 1;
  return counts;
}

/** next build, when the build is not current, with its lines labelled (the unit tests run beside it); whether there is a build. */
async function buildBesideUnits(prefix) {
  const build = buildStatus();
  if (build.current) return true;
  assertBuildReplaceable(false);
  step(`${BUILD_STEP} The unit tests start beside it.`);
  if ((await run(bin("next"), ["build"], baseEnv, prefix)) !== 0) return false;
  build.record();
  return true;
}

/** The PostgreSQL server for the second leg: configured, started here, or null with the reason. */
function postgresServer() {
  if (process.env.TEST_POSTGRES_URL) return { url: process.env.TEST_POSTGRES_URL, stop: () => {} };
  const found = spawnSync("bash", [path.join(root, "scripts", "pg-server.sh"), "find"], { encoding: "utf8" }).stdout.trim();
  if (!found) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-pg-"));
  fs.chmodSync(dir, 0o755);
  const port = String(55_000 + (process.pid % 400));
  step(`Starting a throw-away PostgreSQL server (${found}) on port ${port}…`);
  const res = spawnSync("bash", [path.join(root, "scripts", "pg-server.sh"), "start", path.join(dir, "pg"), port], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (res.status !== 0) {
    console.error("Could not start PostgreSQL; see the message above.");
    return null;
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync("bash", [path.join(root, "scripts", "pg-server.sh"), "stop", path.join(dir, "pg")], { stdio: "inherit" });
  };
  return { url: res.stdout.trim().split("\n").at(-1), stop, dir };
}

const legs = [];
if (!flags.has("--postgres-only")) legs.push({ leg: "sqlite", env: baseEnv });
let skippedPostgres = false;
if (!flags.has("--sqlite-only")) {
  pgServer = postgresServer();
  if (pgServer) legs.push({ leg: "postgres", env: { ...baseEnv, TEST_POSTGRES_URL: pgServer.url, E2E_POSTGRES_URL: pgServer.url } });
  else skippedPostgres = true;
}

if (runE2e) ensureChromium(baseEnv);
const threeLanes = !flags.has("--serial") && legs.length === 2;
const buildBeside = threeLanes && runE2e && runUnit; // else built here, before any lane starts
if (runE2e && !buildBeside) ensureBuild(baseEnv);

// With both legs running the whole suite, the specs that need only one engine are split between them
// (playwright.config.ts, ONE_ENGINE); specs named on the command line, or E2E_ALL_SPECS=1, run on both.
if (legs.length === 2 && specs.length === 0 && !process.env.E2E_ALL_SPECS) for (const leg of legs) leg.env = { ...leg.env, E2E_SPLIT: "1" };
// The same for the unit tests: with both legs, the files that cannot reach a database (pure logic:
// anchoring, extraction, summaries, notes…) run once, on SQLite; every store's and service's run on both.
if (legs.length === 2 && !process.env.UNIT_ALL_TESTS) legs[1].env = { ...legs[1].env, UNIT_DATABASE_TESTS_ONLY: "1" };
const results = [];
const basePort = Number(process.env.E2E_PORT ?? 3100);
// Each leg's own servers use its port and up to 70 above it (see e2e/), so legs sit 100 apart.
const withPort = (env, i) => ({ ...env, E2E_PORT: String(basePort + 100 * i) });
try {
  if (!threeLanes) {
    if (runUnit) for (const { leg, env } of legs) results.push({ leg, runner: "unit", ...(await unit(leg, env)) });
    if (runE2e)
      for (const [i, { leg, env }] of legs.entries()) {
        step(`End-to-end tests (Playwright) on ${leg}…`);
        results.push({ leg, runner: "e2e", ...(await e2e(leg, withPort(env, i))) });
      }
  } else {
    // Three lanes on two cores: each engine's e2e leg from the start (the longest work: ~15 min each in CI),
    // and beside them the unit tests, SQLite's then PostgreSQL's, which end long before. The two cores are
    // busy throughout either way; this order puts no lane's work in front of the e2e legs. The unit tests
    // start with the build, which leaves a core idle for much of its minute (type checking, page data);
    // the e2e legs wait for it. Lines are labelled by runner and engine.
    const label = (runner, leg) => `${`${runner} ${leg}`.padEnd(13)} │ `;
    const built = buildBeside ? buildBesideUnits(label("build", "")) : Promise.resolve(true);
    if (runE2e) step(`End-to-end tests on SQLite and on PostgreSQL at once${runUnit ? ", beside the unit tests (SQLite, then PostgreSQL)" : ""}…`);
    const [units, ...ends] = await Promise.all([
      (async () => {
        const done = [];
        if (runUnit) for (const { leg, env } of legs) done.push({ leg, runner: "unit", ...(await unit(leg, env, runE2e ? label("unit", leg) : undefined)) });
        return done;
      })(),
      ...(runE2e
        ? legs.map(async ({ leg, env }, i) => {
            if (!(await built)) return { leg, runner: "e2e", passed: 0, failed: 1, skipped: 0 }; // the build's errors are above
            return { leg, runner: "e2e", ...(await e2e(leg, withPort(env, i), label("e2e", leg))) };
          })
        : []),
    ]);
    results.push(...units, ...ends);
  }
} finally {
  pgServer?.stop();
}

console.log("");
for (const r of results) console.log(`  ${r.leg.padEnd(8)} ${r.runner.padEnd(4)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}`);
if (skippedPostgres) {
  console.log(
    "\n  PostgreSQL leg SKIPPED: no PostgreSQL server found. To run it, install Debian's postgresql package\n" +
      "  (apt-get install postgresql; npm test then starts a throw-away server), or set\n" +
      "  TEST_POSTGRES_URL=postgresql://user@host:port/postgres (a server where the tests may create and drop databases).",
  );
}
const totals = results.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed || results.length === 0 ? 1 : 0);
