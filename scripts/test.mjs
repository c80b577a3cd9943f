#!/usr/bin/env node
// npm test: unit tests (Vitest) and end-to-end tests (Playwright against a production server on a
// throw-away database, in Debian's Chromium), installing what they need first. Ends with the line
// "N passed, N failed" summed over both runners.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { bin, ensureBuild, ensureChromium, ensureDependencies, ensurePrismaClient, root, step } from "./lib/steps.mjs";

process.chdir(root);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const reports = path.join(root, ".data", "reports");
fs.mkdirSync(reports, { recursive: true });
const extra = process.argv.slice(2); // e.g. npm test -- --e2e-only

ensureDependencies(env);
await ensurePrismaClient(env);

const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

if (!extra.includes("--e2e-only")) {
  step("Unit tests (Vitest)…");
  const out = path.join(reports, "vitest.json");
  fs.rmSync(out, { force: true });
  const res = spawnSync(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${out}`], { stdio: "inherit", env });
  if (res.status !== 0) exitCode = 1;
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, "utf8"));
    totals.passed += r.numPassedTests ?? 0;
    totals.failed += (r.numFailedTests ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
    totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  } else {
    totals.failed += 1;
  }
}

if (!extra.includes("--unit-only")) {
  ensureChromium(env);
  ensureBuild(env);
  step("End-to-end tests (Playwright)…");
  const out = path.join(reports, "playwright.json");
  fs.rmSync(out, { force: true });
  const args = ["test", ...extra.filter((a) => !a.startsWith("--e2e-only") && !a.startsWith("--unit-only"))];
  const res = spawnSync(bin("playwright"), args, { stdio: "inherit", env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out } });
  if (res.status !== 0) exitCode = 1;
  if (fs.existsSync(out)) {
    const s = JSON.parse(fs.readFileSync(out, "utf8")).stats ?? {};
    totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
    totals.failed += s.unexpected ?? 0;
    totals.skipped += s.skipped ?? 0;
    if ((s.unexpected ?? 0) === 0 && res.status !== 0) totals.failed += 1; // e.g. the server did not start
  } else {
    totals.failed += 1;
  }
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(exitCode || (totals.failed ? 1 : 0));
