#!/usr/bin/env node
// npm run bench [-- --quick] [--port <n>] [--only reader,summary,creates,live,export,import,reanchor]
//
// The benchmark of issue 7, in one run on a throw-away database (.data/bench/bench.db, deleted first):
// builds the app if stale, starts its own production server (`next start`, port 3400), loads data,
// measures the six figures, prints them with ratios and targets, and writes .data/bench/results.json.
// Figure 7 (re-anchoring, issue 15) needs neither server nor database: it runs first, and alone
// (no build, no server) with --only reanchor.
// It reports targets it misses; it never fails on them (exit 1 only when a measurement itself broke).
// How to read it: scripts/bench/README.md. --quick scales every size down 10x for development.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { bin, ensureBuild, ensurePrismaClient, root, step } from "./lib/steps.mjs";
import { addReviewers, insertAnnotations, liveAnnotationCount, openDb } from "./bench/data.mjs";
import { api, cpuMsOfTree, cpuShare, getWithRetry, heading, mb, processTree, round, signIn, summarize } from "./bench/lib.mjs";
import { BENCH_DIR, freshDatabase, startServer } from "./bench/server.mjs";
import { browserTimes, launchBrowser, serverTimes } from "./bench/reader.mjs";
import { createInputs, httpCreates, rawCreates, sequentialResult } from "./bench/creates.mjs";
import { liveLatency } from "./bench/live.mjs";
import { downloadExport } from "./bench/export.mjs";
import * as report from "./bench/report.mjs";

const FIGURES = ["reader", "summary", "creates", "live", "export", "import", "reanchor"];
const SERVERLESS = new Set(["reanchor"]);
const { values: opts } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    port: { type: "string", default: process.env.BENCH_PORT ?? "3400" },
    only: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (opts.help) {
  console.log(`usage: npm run bench [-- --quick] [--port <n>] [--only ${FIGURES.join(",")}]`);
  process.exit(0);
}
const only = new Set(opts.only ? opts.only.split(",").map((s) => s.trim()) : FIGURES);
for (const name of only) if (!FIGURES.includes(name)) throw new Error(`--only: unknown figure ${name}; one of ${FIGURES.join(", ")}`);
const needsServer = [...only].some((name) => !SERVERLESS.has(name));

// Sizes of the issue; --quick divides them by 10 (the development setting on a shared 2-core box).
const q = (n) => (opts.quick ? Math.max(1, Math.round(n / 10)) : n);
const SIZES = {
  readerAnnotations: [0, q(1000), q(10000)],
  readerServerRuns: opts.quick ? 5 : 20,
  readerBrowserRuns: opts.quick ? 2 : 5,
  longCodePoints: q(1_500_000),
  longAnnotations: q(2000),
  summaryAnnotations: q(10000),
  summaryRuns: opts.quick ? 5 : 20,
  httpConnections: [1, 16, 64],
  httpSeconds: opts.quick ? 2 : 10,
  inProcessCreates: q(2000),
  liveStreams: q(50),
  liveCreates: q(50),
  liveSpacingMs: 100,
  exportAnnotations: q(100000),
  reanchorPerSeed: q(200), // annotations per seed and edit type (5 seeds × 8 edit types, with and without the old text)
};
const REVIEWER_PASSWORD = "apparatus-demo"; // demo mode's password (seeds/demo.ts); the bench reviewers copy its hash
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "bench-secret-not-for-production-0123456789",
};
delete env.DATABASE_URL; // every child gets the bench database explicitly

process.chdir(root);
fs.mkdirSync(BENCH_DIR, { recursive: true });
// Nothing from an earlier run may be mistaken for this run's output.
for (const name of fs.readdirSync(BENCH_DIR)) fs.rmSync(path.join(BENCH_DIR, name), { force: true, recursive: true });
const dbFile = path.join(BENCH_DIR, "bench.db");
const serverLog = path.join(BENCH_DIR, "server.log");
const started = Date.now();
const loadAtStart = os.loadavg().map((x) => round(x, 2));
const cpuAtStart = cpuShare().share;

// ---------------------------------------------------------------------------------------------
// The app's services in a child process (scripts/bench/inproc.ts through tsx); returns its JSON.

function inproc(command, args, database = dbFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin("tsx"), ["--conditions=react-server", "scripts/bench/inproc.ts", command, ...args], {
      cwd: root,
      env: { ...env, DATABASE_URL: `file:${database}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => {
      const last = out.trim().split("\n").pop();
      if (code !== 0) return reject(new Error(`inproc ${command} failed (${code}):\n${err.slice(-3000)}`));
      resolve(JSON.parse(last));
    });
  });
}

const figures = {};
const failures = [];
let serverLogSeen = 0;
/** What the server logged since the last call (its errors explain a broken figure). */
function newServerLog() {
  if (!fs.existsSync(serverLog)) return "";
  const text = fs.readFileSync(serverLog, "utf8");
  const fresh = text.slice(serverLogSeen);
  serverLogSeen = text.length;
  return fresh.trim();
}
async function figure(name, fn) {
  if (!only.has(name)) return;
  newServerLog();
  try {
    figures[name] = await fn();
  } catch (error) {
    const log = newServerLog();
    const cause = error?.cause ? `\ncause: ${error.cause?.stack ?? error.cause}` : "";
    failures.push({ figure: name, error: String(error?.stack ?? error) + cause, serverLog: log.slice(-4000) });
    console.error(`\n✖ figure "${name}" could not be measured:\n${error?.stack ?? error}${cause}`);
    if (log) console.error(`server log meanwhile (last lines; all in ${path.relative(root, serverLog)}):\n${log.split("\n").slice(-25).join("\n")}`);
  }
}

console.log(`  machine: ${os.cpus().length} cores, load average ${loadAtStart.join(" ")}, CPU share of one core available now ${cpuAtStart} (1 = idle)`);

// ---------------------------------------------------------------------------------------------
// 7. Re-anchoring (issue 15): no server or database, in a tsx child process (scripts/bench/reanchor.ts)

await figure("reanchor", async () => {
  step(`7. Re-anchoring: ${SIZES.reanchorPerSeed} annotations per seed and edit type, then 1,000 annotations on a 500,000-character version`);
  const result = await new Promise((resolve, reject) => {
    const child = spawn(bin("tsx"), ["scripts/bench/reanchor.ts", String(SIZES.reanchorPerSeed)], { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop())) : reject(new Error(`scripts/bench/reanchor.ts failed (${code})`))));
  });
  report.printReanchor(result);
  return result;
});

if (!needsServer) finish();

// ---------------------------------------------------------------------------------------------
// Setup

step(`Benchmark${opts.quick ? " (--quick: sizes / 10)" : ""}: preparing the build and a throw-away database`);
ensurePrismaClient(env);
ensureBuild(env);
freshDatabase(dbFile, env);
const raw = openDb(dbFile);
const people = raw.prepare(`SELECT id, email, name, role FROM User ORDER BY createdAt`).all();
const admin = people.find((p) => p.role === "admin");
const rosa = people.find((p) => p.email.startsWith("rosa@"));
const victor = people.find((p) => p.email.startsWith("victor@"));
// Five reviewers wrote the bulk annotations: the two demo reviewers and three more.
const reviewers = [rosa, victor, ...addReviewers(raw, { count: 3, copyHashFrom: rosa.email })];
const authorIds = reviewers.map((r) => r.id);
// Figure 6 opens its streams as several viewers: one account may hold at most 8 (lib/events/streams.ts).
const streamers = addReviewers(raw, { count: Math.ceil(SIZES.liveStreams / 8), copyHashFrom: rosa.email, prefix: "bench-stream", label: "Bench Streamer" });
const documents = raw.prepare(`SELECT id, title, text, length FROM Document ORDER BY length DESC`).all();
const readerDoc = documents[0]; // the largest seed (anti-stalinist-left-wikipedia.txt)
const createsDoc = documents[1];
const liveDoc = documents[documents.length - 1];
const docInfo = (d) => ({ id: d.id, title: d.title, length: d.length });

/** Brings a document up to `target` live annotations (bulk insert; never removes any). */
function topUp(doc, target, seed) {
  const have = liveAnnotationCount(raw, doc.id);
  if (have < target) insertAnnotations(raw, { documentId: doc.id, text: doc.text, authorIds, count: target - have, seed });
  return liveAnnotationCount(raw, doc.id);
}

step(`Starting the production server on port ${opts.port}`);
const server = await startServer({ port: Number(opts.port), dbFile, env, logFile: serverLog });
// The server runs in its own process group: end it however the bench ends.
process.on("exit", () => server.stop());
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));
const base = server.baseUrl;
const serverPids = processTree(server.pid); // `next start` and anything it runs the server in
const cookies = {
  rosa: await signIn(base, rosa.email, REVIEWER_PASSWORD),
  victor: await signIn(base, victor.email, REVIEWER_PASSWORD),
  admin: await signIn(base, admin.email, REVIEWER_PASSWORD),
};
// API clients authenticate with a personal API token (POST /api/tokens), as a script would.
const { secret: token } = await api(base, "/api/tokens", { auth: { cookie: cookies.rosa }, method: "POST", json: { name: "bench" } });

// ---------------------------------------------------------------------------------------------
// 1. Reader

await figure("reader", async () => {
  step(`1. Reader: ${SIZES.readerAnnotations.join(" / ")} annotations (server GETs, then Chromium loads)`);
  const browser = await launchBrowser();
  const rows = [];
  let long;
  try {
    for (const [i, count] of SIZES.readerAnnotations.entries()) {
      const annotations = topUp(readerDoc, count, 1000 + i);
      const expected = await inproc("segments", [readerDoc.id]);
      const serverResult = await serverTimes({ baseUrl: base, cookie: cookies.rosa, documentId: readerDoc.id, runs: SIZES.readerServerRuns, serverPids });
      const browserResult = await browserTimes({
        browser,
        baseUrl: base,
        cookie: cookies.rosa,
        documentId: readerDoc.id,
        expected,
        runs: SIZES.readerBrowserRuns,
        responsiveness: true,
      });
      rows.push({ annotations, expected, server: serverResult, browser: browserResult });
      console.log(`  ${annotations} annotations: server ${serverResult.median} ms, highlights drawn ${browserResult.drawnMs} ms, hydrated ${browserResult.hydratedMs} ms`);
    }
    // A long document: the seeds one after another up to 1.5 million code points, with 2,000 annotations.
    const made = await inproc("long-document", [String(SIZES.longCodePoints)]);
    const { text: longText } = raw.prepare("SELECT text FROM Document WHERE id = ?").get(made.id);
    const annotations = topUp({ id: made.id, text: longText }, SIZES.longAnnotations, 1500);
    const expected = await inproc("segments", [made.id]);
    const serverResult = await serverTimes({ baseUrl: base, cookie: cookies.rosa, documentId: made.id, runs: SIZES.readerServerRuns, serverPids });
    const browserResult = await browserTimes({
      browser,
      baseUrl: base,
      cookie: cookies.rosa,
      documentId: made.id,
      expected,
      runs: SIZES.readerBrowserRuns,
      responsiveness: true,
    });
    long = { document: { id: made.id, title: made.title, length: made.length, textBytes: made.bytes }, annotations, expected, server: serverResult, browser: browserResult };
    console.log(`  long document (${made.length} code points, ${annotations} annotations): first text ${browserResult.firstTextMs} ms, all text ${browserResult.fullTextMs} ms, highlights drawn ${browserResult.drawnMs} ms`);
  } finally {
    await browser.close();
  }
  const result = { document: docInfo(readerDoc), serverRuns: SIZES.readerServerRuns, browserRuns: SIZES.readerBrowserRuns, rows, long };
  result.ratios = report.readerRatios(rows);
  report.printReader(result);
  return result;
});

// ---------------------------------------------------------------------------------------------
// 4. Summary (on the reader's document, which now holds 10,000 annotations from 5 reviewers)

await figure("summary", async () => {
  step(`4. Summary of ${SIZES.summaryAnnotations} annotations`);
  topUp(readerDoc, SIZES.summaryAnnotations, 2000);
  const inProcess = await inproc("summary", [readerDoc.id, String(SIZES.summaryRuns)]);
  const url = `${base}/api/documents/${readerDoc.id}/summary`;
  const get = async () => {
    const t = performance.now();
    const res = await getWithRetry(url, { headers: { cookie: cookies.rosa } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET summary: HTTP ${res.status}`);
    return performance.now() - t;
  };
  const coldMs = await get();
  const times = [];
  const cpu0 = cpuMsOfTree(serverPids);
  for (let i = 0; i < SIZES.summaryRuns; i++) times.push(await get());
  const serverCpuMs = round((cpuMsOfTree(serverPids) - cpu0) / SIZES.summaryRuns);
  const result = {
    document: docInfo(readerDoc),
    inProcess: { ...inProcess, warm: undefined, strip: undefined, service: undefined },
    compute: { coldMs: round(inProcess.coldMs, 2), ...summarize(inProcess.warm, 2), cpuMs: round(inProcess.warmCpuMs, 2) },
    strip: summarize(inProcess.strip, 2),
    service: summarize(inProcess.service, 2),
    http: { coldMs: round(coldMs), ...summarize(times), serverCpuMs },
  };
  report.printSummary(result);
  return result;
});

// ---------------------------------------------------------------------------------------------
// 2. Creates: HTTP under load, then the same creates in process through Prisma and raw SQL

await figure("creates", async () => {
  step(`2. Creates: autocannon ${SIZES.httpConnections.join(" / ")} clients × ${SIZES.httpSeconds} s, then ${SIZES.inProcessCreates} in process (service, Prisma, raw)`);
  const inputs = createInputs(createsDoc.text, 5000, 42);
  // Warm-up: compiles the route's code paths and fills the server's caches; not reported.
  await httpCreates({ baseUrl: base, documentId: createsDoc.id, token, connections: 4, duration: 2, inputs, serverPids });
  const http = [];
  for (const connections of SIZES.httpConnections) {
    const r = await httpCreates({ baseUrl: base, documentId: createsDoc.id, token, connections, duration: SIZES.httpSeconds, inputs, serverPids });
    http.push(r);
    console.log(`  HTTP ${connections} clients: ${r.throughput} creates/s, p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}`);
  }
  const sequential = createInputs(createsDoc.text, SIZES.inProcessCreates + 1, 4242);
  const inputsFile = path.join(BENCH_DIR, "creates-inputs.json");
  // The service takes what the API takes (it computes prefix and suffix itself).
  const apiInput = ({ start, end, quote, classification, note, evidence }) => ({ start, end, quote, classification, note, evidence });
  fs.writeFileSync(inputsFile, JSON.stringify(sequential.map(apiInput)));
  const s = await inproc("creates", [createsDoc.id, rosa.email, inputsFile]);
  const service = sequentialResult(s.latencies, s.totalMs, s.cpuMs);
  const p = await inproc("prisma-creates", [createsDoc.id, rosa.email, inputsFile]);
  const prisma = sequentialResult(p.latencies, p.totalMs, p.cpuMs);
  const rawResult = rawCreates({ dbFile, documentId: createsDoc.id, authorId: rosa.id, inputs: sequential });
  const result = { document: docInfo(createsDoc), http, service, prisma, raw: rawResult };
  result.ratios = report.createsRatios(result);
  report.printCreates(result);
  return result;
});

// ---------------------------------------------------------------------------------------------
// 6. Live updates

await figure("live", async () => {
  step(`6. Live: ${SIZES.liveStreams} event streams, ${SIZES.liveCreates} creates ${SIZES.liveSpacingMs} ms apart`);
  const result = await liveLatency({
    baseUrl: base,
    documentId: liveDoc.id,
    streamCookies: await Promise.all(streamers.map((u) => signIn(base, u.email, REVIEWER_PASSWORD))),
    createToken: token,
    streams: SIZES.liveStreams,
    creates: SIZES.liveCreates,
    spacingMs: SIZES.liveSpacingMs,
    inputs: createInputs(liveDoc.text, 1000, 7),
  });
  result.document = docInfo(liveDoc);
  report.printLive(result);
  return result;
});

// ---------------------------------------------------------------------------------------------
// 3. Export: the corpus brought up to exactly 100,000 live annotations, downloaded in each format

const exportFile = (format) => path.join(BENCH_DIR, `export-${format}.json`);
await figure("export", async () => {
  step(`3. Export: corpus of ${SIZES.exportAnnotations} annotations, native then W3C`);
  // The other documents take what is missing, in equal parts (the reader's document keeps its 10,000).
  const others = documents.filter((d) => d.id !== readerDoc.id);
  const missing = SIZES.exportAnnotations - liveAnnotationCount(raw);
  for (const [i, d] of others.entries()) {
    if (missing <= 0) break;
    const share = Math.floor(missing / others.length) + (i === 0 ? missing % others.length : 0);
    topUp(d, liveAnnotationCount(raw, d.id) + share, 3000 + i);
  }
  raw.pragma("wal_checkpoint(TRUNCATE)");
  const corpusAnnotations = liveAnnotationCount(raw);
  const runs = [];
  for (const format of ["native", "w3c"]) {
    const r = await downloadExport({ baseUrl: base, cookie: cookies.admin, format, outFile: exportFile(format), serverPid: server.pid });
    runs.push(r);
    console.log(`  ${format}: ${r.annotations} annotations in ${r.ms} ms, RSS +${r.rssGrowthMb} MB`);
  }
  const result = { corpusAnnotations, runs };
  report.printExport(result);
  return result;
});

// ---------------------------------------------------------------------------------------------
// 5. Import of the native export into a fresh, empty database (the npm run import code path)

await figure("import", async () => {
  if (!fs.existsSync(exportFile("native"))) throw new Error("no native export to import: run the export figure too");
  step("5. Import: the native export into an empty database");
  const importDb = path.join(BENCH_DIR, "import.db");
  freshDatabase(importDb, env, { seed: false });
  const r = await inproc("import", [exportFile("native")], importDb);
  const result = {
    ...r,
    totalMs: Math.round(r.totalMs),
    annotationsPerSecond: Math.round((r.annotations.created / r.totalMs) * 1000),
    rssBeforeMb: mb(r.rssBefore),
    rssPeakMb: mb(r.rssPeak),
    rssGrowthMb: mb(r.rssGrowth),
    growthPerFileByte: round(r.rssGrowth / r.bytes, 2),
  };
  report.printImport(result);
  return result;
});

// ---------------------------------------------------------------------------------------------
// Summary table and results.json

raw.close();
server.stop();
finish();

/** Prints the targets, writes results.json and exits. */
function finish() {
  const cpuAtEnd = cpuShare().share;
  const targets = report.evaluateTargets(figures);
  report.printTargets(targets, figures);

  let commit = null;
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    // not a git checkout
  }
  const results = {
    meta: {
      date: new Date().toISOString(),
      commit,
      quick: opts.quick,
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: round(os.totalmem() / 1024 ** 3, 1),
      // The machine is shared: the load around the run says how much the figures can be trusted.
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)),
      cpuShareAtStart: cpuAtStart,
      cpuShareAtEnd: cpuAtEnd,
      durationS: Math.round((Date.now() - started) / 1000),
    },
    sizes: SIZES,
    figures,
    targets,
    failures,
  };
  const out = path.join(BENCH_DIR, "results.json");
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
  heading("Done");
  console.log(
    `${Math.round((Date.now() - started) / 1000)} s on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}; load average ${loadAtStart.join(" ")} at the start, ` +
      `${results.meta.loadAverageAtEnd.join(" ")} at the end; CPU share of one core ${cpuAtStart} / ${cpuAtEnd} (1 = idle). All figures in ${path.relative(root, out)}`,
  );
  const missed = targets.filter((t) => t.result !== "met").length;
  console.log(`${targets.length - missed} of ${targets.length} targets met${missed ? `, ${missed} missed (reported, not a failure)` : ""}.`);
  if (failures.length) console.log(`${failures.length} figure(s) could not be measured: ${failures.map((f) => f.figure).join(", ")}`);
  process.exit(failures.length ? 1 : 0);
}
