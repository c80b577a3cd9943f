#!/usr/bin/env node
// npm test: unit tests (Vitest) and end-to-end tests (Playwright against a production server on a
// throw-away database, in Debian's Chromium), on SQLite and then on PostgreSQL, installing what they
// need first. The PostgreSQL leg uses TEST_POSTGRES_URL when set (a server where the suites may create
// and drop databases), else starts a throw-away server when Debian's postgresql package is installed,
// else is skipped with a message saying how to run it. Ends with the line "N passed, N failed" summed
// over both runners and both engines.
// The unit tests run first, one engine after the other; then each engine's e2e leg runs as two shards
// (E2E_SHARDS), all at once, each shard with its own server, port and databases, which keeps CI within
// its time on two cores; --serial runs everything one after the other.
//   npm test -- --unit-only | --e2e-only [spec files] | --sqlite-only | --postgres-only | --serial
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { bin, ensureBuild, ensureChromium, ensureDependencies, ensurePrismaClient, root, step } from "./lib/steps.mjs";

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

/** Run a child, its lines labelled with `prefix` when given (so that two legs can share the terminal). */
function run(command, args, env, prefix) {
  const child = spawn(command, args, { stdio: prefix ? ["ignore", "pipe", "pipe"] : "inherit", env });
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

/** One e2e leg, or one shard of it (`shard`: its number, `files`: its spec files), in a child process; with a prefix, its lines are labelled. */
async function e2e(leg, env, prefix, { shard = null, files = specs } = {}) {
  const name = shard === null ? leg : `${leg}-${shard}`;
  const out = path.join(reports, `playwright-${name}.json`);
  fs.rmSync(out, { force: true });
  const status = await run(bin("playwright"), ["test", "--pass-with-no-tests", ...files], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out, E2E_OUTPUT_DIR: path.join("test-results", name) }, prefix);
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
  const stop = () => spawnSync("bash", [path.join(root, "scripts", "pg-server.sh"), "stop", path.join(dir, "pg")], { stdio: "inherit" });
  return { url: res.stdout.trim().split("\n").at(-1), stop, dir };
}

// Minutes per spec file in a CI run (2026-12-02, both legs at once on two cores), to split a leg into
// shards of about equal time. A spec not listed counts as one minute; the split only needs to be rough.
const SPEC_MINUTES = {
  a11y: 4.9, "reader-editing": 1.0, shell: 2.3, admin: 1.6, durability: 1.4, library: 1.5, workers: 1.6, "bad-input": 1.3, "reader-mobile": 1.1,
  annotate: 1.0, "reader-rulings": 0.9, "reader-drafts": 0.9, engines: 1.0, security: 0.8, "reader-structure": 0.8, collaborate: 0.7, restart: 0.6,
  "security-throttle": 0.6, tokens: 0.6, "security-requests": 0.5, foundation: 0.5, export: 0.5, "security-live": 0.4, versions: 0.4, summary: 0.4,
  screenshots: 0.3, "summary-live": 0.3, adjudication: 0.3, "reader-keyboard": 0.2, structure: 0.1,
};

/**
 * The spec files a leg runs (as Playwright lists them with the leg's settings), split into `n` groups
 * of about equal measured time: longest first, each to the group with the least so far.
 */
function splitSpecs(env, n) {
  const listed = spawnSync(bin("playwright"), ["test", "--list", "--reporter=json"], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (listed.status !== 0) throw new Error(`playwright test --list failed:\n${listed.stderr}`);
  const files = [...new Set(JSON.parse(listed.stdout).suites.map((suite) => suite.file))];
  const minutes = (file) => SPEC_MINUTES[path.basename(file, ".spec.ts")] ?? 1;
  const groups = Array.from({ length: n }, () => ({ files: [], minutes: 0 }));
  for (const file of files.sort((a, b) => minutes(b) - minutes(a))) {
    const lightest = groups.reduce((a, b) => (b.minutes < a.minutes ? b : a));
    lightest.files.push(path.join("e2e", file));
    lightest.minutes += minutes(file);
  }
  return groups.filter((g) => g.files.length > 0).map((g) => g.files.sort());
}

const legs = [];
if (!flags.has("--postgres-only")) legs.push({ leg: "sqlite", env: baseEnv });
let pgServer = null;
let skippedPostgres = false;
if (!flags.has("--sqlite-only")) {
  pgServer = postgresServer();
  if (pgServer) legs.push({ leg: "postgres", env: { ...baseEnv, TEST_POSTGRES_URL: pgServer.url, E2E_POSTGRES_URL: pgServer.url } });
  else skippedPostgres = true;
}

if (runE2e) {
  ensureChromium(baseEnv);
  ensureBuild(baseEnv);
}

// With both legs running the whole suite, the specs that need only one engine are split between them
// (playwright.config.ts, ONE_ENGINE); specs named on the command line, or E2E_ALL_SPECS=1, run on both.
if (legs.length === 2 && specs.length === 0 && !process.env.E2E_ALL_SPECS) for (const leg of legs) leg.env = { ...leg.env, E2E_SPLIT: "1" };
const results = [];
const basePort = Number(process.env.E2E_PORT ?? 3100);
// Each leg's own servers use its port and up to 70 above it (see e2e/), so legs sit 100 apart.
const withPort = (env, i) => ({ ...env, E2E_PORT: String(basePort + 100 * i) });
try {
  if (flags.has("--serial")) {
    if (runUnit) for (const { leg, env } of legs) results.push({ leg, runner: "unit", ...(await unit(leg, env)) });
    if (runE2e)
      for (const [i, { leg, env }] of legs.entries()) {
        step(`End-to-end tests (Playwright) on ${leg}…`);
        results.push({ leg, runner: "e2e", ...(await e2e(leg, withPort(env, i))) });
      }
  } else {
    // The end-to-end suites wait on browsers, servers and timers more than they compute: one Playwright
    // process per engine left the two cores half idle (measured: 28 CPU-minutes in a 34-minute CI run).
    // So each engine's e2e leg runs as two shards, each with its own server, port and databases, all at
    // once, after every engine's unit tests (Vitest keeps both cores busy on its own; beside three e2e
    // shards the PostgreSQL unit tests took 15 minutes instead of 3). Lines are labelled by engine and shard.
    const label = (leg, shard) => `${(shard ? `${leg}/${shard}` : leg).padEnd(10)} │ `;
    const shardCount = specs.length > 0 ? 1 : Number(process.env.E2E_SHARDS ?? 2);
    if (runUnit) for (const { leg, env } of legs) results.push({ leg, runner: "unit", ...(await unit(leg, env)) });
    if (runE2e) step(`End-to-end tests: ${legs.map((l) => l.leg).join(" and ")}, ${shardCount > 1 ? `${shardCount} shards each, ` : ""}all at once…`);
    let lane = 0;
    const lanes = [];
    for (const { leg, env } of legs) {
      const groups = !runE2e ? [] : shardCount > 1 ? splitSpecs(env, shardCount) : [specs];
      const shards = groups.map((files, k) => {
        const at = lane++;
        const shard = groups.length > 1 ? k + 1 : null;
        return async () => ({ leg, runner: "e2e", ...(await e2e(leg, withPort(env, at), label(leg, shard), { shard, files })) });
      });
      lanes.push(...shards.map((run) => run()));
    }
    const done = await Promise.all(lanes);
    // One line per engine and runner: the shards' counts summed.
    for (const { leg } of legs) {
      const shards = done.filter((r) => r.leg === leg && r.runner === "e2e");
      if (shards.length === 0) continue;
      const sum = shards.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
      results.push({ leg, runner: "e2e", ...sum, shards: shards.length });
    }
  }
} finally {
  pgServer?.stop();
}

console.log("");
for (const r of results) console.log(`  ${r.leg.padEnd(8)} ${r.runner.padEnd(4)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}${r.shards > 1 ? ` (${r.shards} shards)` : ""}`);
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
