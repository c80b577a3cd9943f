#!/usr/bin/env node
// npm run bench [-- --quick] [--port <n>] [--only reader,summary,library,creates,live,export,import,workers,reanchor] [--engines sqlite,postgres]
//
// The benchmark of issue 7, in one run, on each engine: a throw-away SQLite database (.data/bench/bench.db,
// deleted first), then, when a PostgreSQL server is available (BENCH_POSTGRES_URL, TEST_POSTGRES_URL, or a
// throw-away server of Debian's postgresql package), a throw-away PostgreSQL database (apparatus_bench_<pid>,
// dropped at the end). For each: builds the app if stale, starts its own production server (scripts/server.mjs,
// port 3400), loads the same data, measures the seven figures (1–6 and 8). Then the workers figure (issue 13: several
// server processes, SQLite settings and PostgreSQL at 16 clients). Prints every figure with the engines
// side by side, with ratios and targets, and writes .data/bench/results.json.
// Figure 7 (re-anchoring, issue 15) needs neither server nor database: it runs first, and alone
// (no build, no server) with --only reanchor.
// It reports targets it misses; it never fails on them (exit 1 only when a measurement itself broke).
// How to read it: scripts/bench/README.md. --quick scales every size down 10x for development.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { bin, ensureBuild, ensureChromium, ensurePrismaClient, root, step } from "./lib/steps.mjs";
import { openBenchData } from "./bench/data.mjs";
import { api, cpuMsOfTree, cpuShare, getWithRetry, heading, mb, processTree, round, signIn, summarize } from "./bench/lib.mjs";
import { BENCH_DIR, dropDatabase, freshDatabase, postgresServer, startServer, withDatabase } from "./bench/server.mjs";
import { measureWorkers } from "./bench/workers.mjs";
import { browserTimes, launchBrowser, serverTimes } from "./bench/reader.mjs";
import { createInputs, httpCreates, rawCreates, sequentialResult } from "./bench/creates.mjs";
import { liveLatency } from "./bench/live.mjs";
import { EXPORT_CLIENTS, downloadExport } from "./bench/export.mjs";
import * as report from "./bench/report.mjs";

const FIGURES = ["reader", "summary", "library", "creates", "live", "export", "import", "workers", "reanchor"];
const ENGINE_FIGURES = new Set(["reader", "summary", "library", "creates", "live", "export", "import"]); // measured on each engine
const ENGINES = ["sqlite", "postgres"];
const LABEL = { sqlite: "SQLite", postgres: "PostgreSQL" };
const { values: opts } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    port: { type: "string", default: process.env.BENCH_PORT ?? "3400" },
    only: { type: "string" },
    engines: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (opts.help) {
  console.log(`usage: npm run bench [-- --quick] [--port <n>] [--only ${FIGURES.join(",")}] [--engines ${ENGINES.join(",")}]`);
  process.exit(0);
}
const list = (s) => s.split(",").map((x) => x.trim()).filter(Boolean);
const only = new Set(opts.only ? list(opts.only) : FIGURES);
for (const name of only) if (!FIGURES.includes(name)) throw new Error(`--only: unknown figure ${name}; one of ${FIGURES.join(", ")}`);
// Default: both engines, PostgreSQL when a server is available; --engines asks for them (and fails without one).
const engines = opts.engines ? list(opts.engines) : ENGINES;
for (const name of engines) if (!ENGINES.includes(name)) throw new Error(`--engines: unknown engine ${name}; one of ${ENGINES.join(", ")}`);
const legFigures = [...only].filter((name) => ENGINE_FIGURES.has(name));
const needsServer = legFigures.length > 0 || only.has("workers");

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
  libraryDocuments: opts.quick ? 4 : 20, // a result page's worth of long texts
  libraryCodePoints: q(300_000),
  libraryRuns: opts.quick ? 3 : 10,
  httpConnections: [1, 16, 64],
  httpSeconds: opts.quick ? 2 : 10,
  inProcessCreates: q(2000),
  liveStreams: q(50),
  liveCreates: q(50),
  liveSpacingMs: 100,
  exportAnnotations: q(100000),
  workersSeconds: opts.quick ? 2 : 10,
  reanchorPerSeed: q(200), // annotations per seed and edit type (5 seeds × 8 edit types, with and without the old text)
};
/** Figure 8's search: a word every seed uses, so every long text matches it, many times. */
const LIBRARY_SEARCH = "party";
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
const started = Date.now();
const loadAtStart = os.loadavg().map((x) => round(x, 2));
const cpuAtStart = cpuShare().share;

// ---------------------------------------------------------------------------------------------
// The app's services in a child process (scripts/bench/inproc.ts through tsx); returns its JSON.

/** The V8 flag of `npm run import`, read from package.json so that the two cannot drift apart. */
// The V8 flags of `npm run import` (package.json), whose path the import figure measures.
const IMPORT_NODE_FLAGS = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts.import.match(/--(?:max-semi-space-size|heap-growing-percent)=\d+/g);

function inproc(command, args, databaseUrl, moreEnv = {}) {
  return new Promise((resolve, reject) => {
    // The import runs with the V8 settings of `npm run import` (package.json), whose path it measures.
    const nodeFlags = command === "import" ? IMPORT_NODE_FLAGS : [];
    const child = spawn(bin("tsx"), ["--conditions=react-server", ...nodeFlags, "scripts/bench/inproc.ts", command, ...args], {
      cwd: root,
      env: { ...env, ...moreEnv, DATABASE_URL: databaseUrl },
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

// The figures of each engine (reanchor and workers, which are not per engine, are kept with SQLite's).
const figures = { sqlite: {}, postgres: {} };
let pgServer = null; // { url, source, stop } when the PostgreSQL rows are measured
let pgSource = null;
let postgresSkipped = null; // why the PostgreSQL rows are missing, when they are
const POSTGRES_HOWTO =
  "To get them: set BENCH_POSTGRES_URL=postgresql://user@host:port/postgres (a server where the bench may create and drop\n" +
  "  its own databases, apparatus_bench_*), or TEST_POSTGRES_URL, or install Debian's postgresql package (apt-get install\n" +
  "  postgresql): the bench then starts a throw-away server of its own.";
// The service takes what the API takes (it computes prefix and suffix itself).
const apiInput = ({ start, end, quote, classification, note, evidence }) => ({ start, end, quote, classification, note, evidence });
const failures = [];
const logSeen = new Map();
/** What the server logged since the last call (its errors explain a broken figure). */
function newServerLog(logFile) {
  if (!logFile || !fs.existsSync(logFile)) return "";
  const text = fs.readFileSync(logFile, "utf8");
  const fresh = text.slice(logSeen.get(logFile) ?? 0);
  logSeen.set(logFile, text.length);
  return fresh.trim();
}
/** Measures one figure into figures[engine][name]; a failure is recorded and the run goes on. */
async function figure(name, fn, { engine = "sqlite", logFile } = {}) {
  if (!only.has(name)) return;
  newServerLog(logFile);
  try {
    figures[engine][name] = await fn();
  } catch (error) {
    const log = newServerLog(logFile);
    const cause = error?.cause ? `\ncause: ${error.cause?.stack ?? error.cause}` : "";
    const on = ENGINE_FIGURES.has(name) ? ` on ${LABEL[engine]}` : "";
    failures.push({ figure: name, engine: on ? engine : undefined, error: String(error?.stack ?? error) + cause, serverLog: log.slice(-4000) });
    console.error(`\n✖ figure "${name}"${on} could not be measured:\n${error?.stack ?? error}${cause}`);
    if (log) console.error(`server log meanwhile (last lines; all in ${path.relative(root, logFile)}):\n${log.split("\n").slice(-25).join("\n")}`);
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
  return result;
});

if (!needsServer) finish();

// ---------------------------------------------------------------------------------------------
// Setup: the build, and the PostgreSQL server when the PostgreSQL rows are wanted

step(`Benchmark${opts.quick ? " (--quick: sizes / 10)" : ""}: preparing the build`);
await ensurePrismaClient(env);
ensureBuild(env);
if (only.has("reader")) ensureChromium(env, "chromium"); // the reader figure drives the full browser, as in the runs recorded in the README

const servers = new Set(); // running servers, ended however the bench ends
process.on("exit", () => {
  for (const s of servers) s.stop();
  pgServer?.stop();
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

if (engines.includes("postgres")) {
  pgServer = postgresServer(env);
  if (!pgServer.url) {
    postgresSkipped = pgServer.reason;
    pgServer = null;
    if (opts.engines) {
      console.error(`--engines postgres: no PostgreSQL server (${postgresSkipped}).\n  ${POSTGRES_HOWTO}`);
      process.exit(1);
    }
    console.log(`  PostgreSQL rows SKIPPED: ${postgresSkipped}. ${POSTGRES_HOWTO}`);
  } else {
    pgSource = pgServer.source;
    console.log(`  PostgreSQL: ${pgSource}`);
  }
}
const legs = engines.filter((e) => e === "sqlite" || pgServer);

// ---------------------------------------------------------------------------------------------
// One engine: a throw-away database, the same data, a production server, the seven figures

for (const engine of legs) if (legFigures.length) await runLeg(engine);

async function runLeg(engine) {
  const label = LABEL[engine];
  const sqlite = engine === "sqlite";
  const databaseUrl = sqlite ? `file:${path.join(BENCH_DIR, "bench.db")}` : withDatabase(pgServer.url, `apparatus_bench_${process.pid}`);
  const importUrl = sqlite ? `file:${path.join(BENCH_DIR, "import.db")}` : withDatabase(pgServer.url, `apparatus_bench_${process.pid}_import`);
  const logFile = path.join(BENCH_DIR, sqlite ? "server.log" : "server-postgres.log");
  const exportFile = (format) => path.join(BENCH_DIR, sqlite ? `export-${format}.json` : `export-${format}-postgres.json`);
  const where = sqlite ? path.relative(root, databaseUrl.slice("file:".length)) : `database ${new URL(databaseUrl).pathname.slice(1)}`;
  const measure = (name, fn) => figure(name, fn, { engine, logFile });

  heading(`${label}: ${legFigures.join(", ")}`);
  step(`${label}: a throw-away database (${where}), migrated and seeded with demo mode`);
  await freshDatabase(databaseUrl, env);
  const data = await openBenchData(databaseUrl);
  let server = null;
  try {
    const people = await data.people();
    const admin = people.find((p) => p.role === "admin");
    const rosa = people.find((p) => p.email.startsWith("rosa@"));
    const victor = people.find((p) => p.email.startsWith("victor@"));
    // Five reviewers wrote the bulk annotations: the two demo reviewers and three more.
    const reviewers = [rosa, victor, ...(await data.addReviewers({ count: 3, copyHashFrom: rosa.email }))];
    const authorIds = reviewers.map((r) => r.id);
    // Figure 6 opens its streams as several viewers: one account may hold at most 8 (lib/events/streams.ts).
    const streamers = await data.addReviewers({ count: Math.ceil(SIZES.liveStreams / 8), copyHashFrom: rosa.email, prefix: "bench-stream", label: "Bench Streamer" });
    const documents = await data.documents();
    const readerDoc = documents[0]; // the largest seed (anti-stalinist-left-wikipedia.txt)
    const createsDoc = documents[1];
    const liveDoc = documents[documents.length - 1];
    const docInfo = (d) => ({ id: d.id, title: d.title, length: d.length });

    /** Brings a document up to `target` live annotations (bulk insert; never removes any). */
    const topUp = async (doc, target, seed) => {
      const have = await data.liveAnnotationCount(doc.id);
      if (have < target) await data.insertAnnotations({ documentId: doc.id, text: doc.text, authorIds, count: target - have, seed });
      return data.liveAnnotationCount(doc.id);
    };

    step(`${label}: starting the production server on port ${opts.port}`);
    server = await startServer({ port: Number(opts.port), databaseUrl, env, logFile });
    servers.add(server);
    const base = server.baseUrl;
    const serverPids = processTree(server.pid); // the server and anything it runs
    const cookies = {
      rosa: await signIn(base, rosa.email, REVIEWER_PASSWORD),
      victor: await signIn(base, victor.email, REVIEWER_PASSWORD),
      admin: await signIn(base, admin.email, REVIEWER_PASSWORD),
    };
    // API clients authenticate with a personal API token (POST /api/tokens), as a script would.
    const { secret: token } = await api(base, "/api/tokens", { auth: { cookie: cookies.rosa }, method: "POST", json: { name: "bench" } });

    // -------------------------------------------------------------------------------------------
    // 1. Reader

    await measure("reader", async () => {
      step(`1. Reader (${label}): ${SIZES.readerAnnotations.join(" / ")} annotations (server GETs, then Chromium loads)`);
      const browser = await launchBrowser();
      const rows = [];
      let long;
      /** One document's reader page: the segments it must show, server GETs, then Chromium loads. */
      const readerPage = async (documentId) => {
        const expected = await inproc("segments", [documentId], databaseUrl);
        const serverResult = await serverTimes({ baseUrl: base, cookie: cookies.rosa, documentId, runs: SIZES.readerServerRuns, serverPids });
        const browserResult = await browserTimes({ browser, baseUrl: base, cookie: cookies.rosa, documentId, expected, runs: SIZES.readerBrowserRuns, responsiveness: true });
        return { expected, serverResult, browserResult };
      };
      try {
        for (const [i, count] of SIZES.readerAnnotations.entries()) {
          const annotations = await topUp(readerDoc, count, 1000 + i);
          const { expected, serverResult, browserResult } = await readerPage(readerDoc.id);
          rows.push({ annotations, expected, server: serverResult, browser: browserResult });
          console.log(`  ${annotations} annotations: server ${serverResult.median} ms (with its spans ${serverResult.withSpans} ms), highlights drawn ${browserResult.drawnMs} ms, hydrated ${browserResult.hydratedMs} ms`);
        }
        // A long document: the seeds one after another up to 1.5 million code points, with 2,000 annotations.
        const made = await inproc("long-document", [String(SIZES.longCodePoints)], databaseUrl);
        const longText = await data.documentText(made.id);
        const annotations = await topUp({ id: made.id, text: longText }, SIZES.longAnnotations, 1500);
        const { expected, serverResult, browserResult } = await readerPage(made.id);
        long = { document: { id: made.id, title: made.title, length: made.length, textBytes: made.bytes }, annotations, expected, server: serverResult, browser: browserResult };
        console.log(`  long document (${made.length} code points, ${annotations} annotations): first text ${browserResult.firstTextMs} ms, all text ${browserResult.fullTextMs} ms, highlights drawn ${browserResult.drawnMs} ms`);
      } finally {
        await browser.close();
      }
      const result = { document: docInfo(readerDoc), serverRuns: SIZES.readerServerRuns, browserRuns: SIZES.readerBrowserRuns, rows, long };
      result.ratios = report.readerRatios(rows);
      return result;
    });

    // -------------------------------------------------------------------------------------------
    // 4. Summary (on the reader's document, which now holds 10,000 annotations from 5 reviewers)

    await measure("summary", async () => {
      step(`4. Summary (${label}) of ${SIZES.summaryAnnotations} annotations`);
      await topUp(readerDoc, SIZES.summaryAnnotations, 2000);
      const inProcess = await inproc("summary", [readerDoc.id, String(SIZES.summaryRuns)], databaseUrl);
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
        inProcess: { ...inProcess, warm: undefined, strip: undefined, service: undefined, serviceMiss: undefined },
        compute: { coldMs: round(inProcess.coldMs, 2), ...summarize(inProcess.warm, 2), cpuMs: round(inProcess.warmCpuMs, 2) },
        strip: summarize(inProcess.strip, 2),
        service: summarize(inProcess.service, 2),
        serviceMiss: summarize(inProcess.serviceMiss, 2),
        http: { coldMs: round(coldMs), ...summarize(times), serverCpuMs },
      };
      console.log(`  computeSummary ${result.compute.median} ms, GET summary ${result.http.median} ms`);
      return result;
    });

    // -------------------------------------------------------------------------------------------
    // 2. Creates: HTTP under load, then the same creates in process (the service; on SQLite also Prisma and raw SQL)

    await measure("creates", async () => {
      const paths = sqlite ? "service, Prisma, raw" : "service";
      step(`2. Creates (${label}): autocannon ${SIZES.httpConnections.join(" / ")} clients × ${SIZES.httpSeconds} s, then ${SIZES.inProcessCreates} in process (${paths})`);
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
      fs.writeFileSync(inputsFile, JSON.stringify(sequential.map(apiInput)));
      const s = await inproc("creates", [createsDoc.id, rosa.email, inputsFile], databaseUrl);
      const service = sequentialResult(s.latencies, s.totalMs, s.cpuMs);
      // The Prisma and raw better-sqlite3 rows compare the SQLite write path with its history and its floor;
      // the service and raw again with synchronous=NORMAL (no fsync per commit), round 1's setting.
      let prisma = null;
      let rawResult = null;
      let serviceNormal = null;
      let rawNormal = null;
      if (sqlite) {
        const p = await inproc("prisma-creates", [createsDoc.id, rosa.email, inputsFile], databaseUrl);
        prisma = sequentialResult(p.latencies, p.totalMs, p.cpuMs);
        rawResult = rawCreates({ dbFile: data.file, documentId: createsDoc.id, authorId: rosa.id, inputs: sequential });
        const n = await inproc("creates", [createsDoc.id, rosa.email, inputsFile], databaseUrl, { SQLITE_SYNCHRONOUS: "NORMAL" });
        serviceNormal = sequentialResult(n.latencies, n.totalMs, n.cpuMs);
        rawNormal = rawCreates({ dbFile: data.file, documentId: createsDoc.id, authorId: rosa.id, inputs: sequential, synchronous: "NORMAL" });
      }
      const result = { document: docInfo(createsDoc), http, service, prisma, raw: rawResult, serviceNormal, rawNormal };
      result.ratios = report.createsRatios(result);
      return result;
    });

    // -------------------------------------------------------------------------------------------
    // 6. Live updates

    await measure("live", async () => {
      step(`6. Live (${label}): ${SIZES.liveStreams} event streams, ${SIZES.liveCreates} creates ${SIZES.liveSpacingMs} ms apart`);
      const result = await liveLatency({
        baseUrl: base,
        documentId: liveDoc.id,
        streamCookies: await Promise.all(streamers.map((u) => signIn(base, u.email, REVIEWER_PASSWORD))),
        createToken: token,
        streams: SIZES.liveStreams,
        creates: SIZES.liveCreates,
        spacingMs: SIZES.liveSpacingMs,
        inputs: createInputs(liveDoc.text, 1000, 7),
        serverPids,
      });
      result.document = docInfo(liveDoc);
      console.log(`  p50 ${result.p50} ms, p99 ${result.p99} ms, lost ${result.lost}`);
      return result;
    });

    // -------------------------------------------------------------------------------------------
    // 3. Export: the corpus brought up to exactly 100,000 live annotations, downloaded in each format

    await measure("export", async () => {
      step(`3. Export (${label}): corpus of ${SIZES.exportAnnotations} annotations, native then W3C`);
      // The other documents take what is missing, in equal parts (the reader's document keeps its 10,000).
      const others = documents.filter((d) => d.id !== readerDoc.id);
      const missing = SIZES.exportAnnotations - (await data.liveAnnotationCount());
      for (const [i, d] of others.entries()) {
        if (missing <= 0) break;
        const share = Math.floor(missing / others.length) + (i === 0 ? missing % others.length : 0);
        await topUp(d, (await data.liveAnnotationCount(d.id)) + share, 3000 + i);
      }
      await data.settle();
      const corpusAnnotations = await data.liveAnnotationCount();
      const runs = [];
      // The server's first export (its code not yet optimised by V8, its heap not yet grown), reported
      // with the memory target only; the speed target is for the downloads after it, as the other
      // figures time warm requests (figure 4 shows its cold run the same way).
      const first = await downloadExport({ baseUrl: base, cookie: cookies.admin, format: "native", client: "browser", outFile: exportFile("native"), serverPid: server.pid });
      runs.push({ ...first, cold: true });
      console.log(`  native, browser (${first.encoding}), the server's first export: ${first.annotations} annotations in ${first.ms} ms, RSS +${first.rssGrowthMb} MB`);
      for (const format of ["native", "w3c"]) {
        for (const client of Object.keys(EXPORT_CLIENTS)) {
          const r = await downloadExport({ baseUrl: base, cookie: cookies.admin, format, client, outFile: exportFile(format), serverPid: server.pid });
          runs.push(r);
          console.log(`  ${format}, ${client} (${r.encoding}): ${r.annotations} annotations in ${r.ms} ms, RSS +${r.rssGrowthMb} MB`);
        }
      }
      return { corpusAnnotations, runs };
    });

    // -------------------------------------------------------------------------------------------
    // 8. The library over long texts: its first page, and a search every text matches (snippets and all);
    // then the corpus report (every document's summary, pooled) and the open disputes queue's first page,
    // over the whole corpus.
    // Last, so that the export and import figures measure the corpus they always have.

    await measure("library", async () => {
      step(`8. Library (${label}): ${SIZES.libraryDocuments} more documents of ${SIZES.libraryCodePoints} code points, then the library's page and a search`);
      const made = await inproc("long-documents", [String(SIZES.libraryDocuments), String(SIZES.libraryCodePoints)], databaseUrl);
      const time = async (path, cookie = cookies.rosa) => {
        const url = `${base}${path}`;
        const get = async () => {
          const t = performance.now();
          const res = await getWithRetry(url, { headers: { cookie } });
          const body = await res.json();
          if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
          return { ms: performance.now() - t, body };
        };
        const cold = await get();
        const times = [];
        const cpu0 = cpuMsOfTree(serverPids);
        for (let i = 0; i < SIZES.libraryRuns; i++) times.push((await get()).ms);
        return { coldMs: round(cold.ms), ...summarize(times), serverCpuMs: round((cpuMsOfTree(serverPids) - cpu0) / SIZES.libraryRuns), body: cold.body };
      };
      const page = async (query) => {
        const { body, ...timing } = await time(`/api/documents?pageSize=20${query}`);
        return { ...timing, total: body.total, withSnippet: body.documents.filter((d) => d.snippet).length };
      };
      const list = await page("");
      const search = await page(`&q=${encodeURIComponent(LIBRARY_SEARCH)}`);
      const { body: report, ...corpus } = await time("/api/summary");
      const { body: queue, ...disputes } = await time("/api/disputes", cookies.admin);
      if (search.withSnippet < Math.min(20, SIZES.libraryDocuments)) throw new Error(`the search for "${LIBRARY_SEARCH}" gave ${search.withSnippet} snippets on its first page`);
      const annotations = report.documents.reduce((n, d) => n + Object.values(d.counts).reduce((a, b) => a + b, 0), 0);
      console.log(`  library page ${list.median} ms, search "${LIBRARY_SEARCH}" ${search.median} ms (${search.total} documents found), corpus report ${corpus.median} ms, open disputes ${disputes.median} ms`);
      return {
        documents: made.length,
        codePoints: SIZES.libraryCodePoints,
        search: LIBRARY_SEARCH,
        list,
        searched: search,
        corpus: { ...corpus, documents: report.documents.length, annotations },
        disputes: { ...disputes, total: queue.total },
      };
    });
  } finally {
    if (server) {
      await server.stop();
      servers.delete(server);
    }
    await data.close();
  }

  // -----------------------------------------------------------------------------------------------
  // 5. Import of the native export into a fresh, empty database of the same engine (the npm run import code path)

  await measure("import", async () => {
    if (!fs.existsSync(exportFile("native"))) throw new Error("no native export to import: run the export figure too");
    step(`5. Import (${label}): the native export into an empty database`);
    await freshDatabase(importUrl, env, { seed: false });
    const figures = (r) => ({
      ...r,
      totalMs: Math.round(r.totalMs),
      annotationsPerSecond: Math.round((r.annotations.created / r.totalMs) * 1000),
      rssBeforeMb: mb(r.rssBefore),
      rssPeakMb: mb(r.rssPeak),
      rssGrowthMb: mb(r.rssGrowth),
      growthPerFileByte: round(r.rssGrowth / r.bytes, 2),
    });
    try {
      const result = figures(await inproc("import", [exportFile("native")], importUrl));
      console.log(`  ${result.annotations.created} annotations in ${result.totalMs} ms`);
      // Then the W3C export into that database (a W3C file carries no text: its documents must be here):
      // every annotation is there already, so each is read, checked, placed and compared, none written.
      if (fs.existsSync(exportFile("w3c"))) {
        result.w3c = figures(await inproc("import", [exportFile("w3c")], importUrl));
        console.log(`  W3C: ${result.w3c.annotations.unchanged} annotations unchanged in ${result.w3c.totalMs} ms`);
      }
      return result;
    } finally {
      if (!sqlite) await dropDatabase(importUrl);
    }
  });
  if (!sqlite) await dropDatabase(databaseUrl); // the SQLite files stay in .data/bench/ for a look afterwards
}

// ---------------------------------------------------------------------------------------------
// Workers (issue 13): HTTP creates at 16 clients served by several processes, per configuration, with the
// CPU per create compared to the in-process service's on the same database and settings, and live
// latency with the streams spread over both processes (scripts/bench/workers.mjs)

await figure("workers", async () => {
  const configs = [
    { key: "a", workers: 2, sync: "FULL", groupCommit: true, measureLive: true, targets: true },
    { key: "b", workers: 1, sync: "FULL", groupCommit: true },
    { key: "c", workers: 2, sync: "NORMAL", groupCommit: false },
    { key: "d", workers: 2, postgres: true, measureLive: true },
  ].filter((c) => (c.postgres ? Boolean(pgServer) : engines.includes("sqlite")));
  if (configs.length === 0) throw new Error("no configuration to measure (no engine available)");
  const rows = [];
  for (const [i, c] of configs.entries()) {
    const port = Number(opts.port) + 50 + i;
    const name = report.workersConfigName(c);
    step(`Workers (${c.key}) ${name}: HTTP creates at 16 clients × ${SIZES.workersSeconds} s on port ${port}${c.measureLive ? `, then live at ${SIZES.liveStreams} streams` : ""}, then in process`);
    const row = { ...c, name };
    let databaseUrl = null;
    try {
      const m = await measureWorkers({
        workers: c.workers,
        sync: c.sync,
        groupCommit: c.groupCommit,
        postgresUrl: c.postgres ? pgServer.url : undefined,
        seconds: SIZES.workersSeconds,
        port,
        live: c.measureLive ? { streams: SIZES.liveStreams, creates: SIZES.liveCreates, spacingMs: SIZES.liveSpacingMs } : null,
        env,
        logFile: path.join(BENCH_DIR, `workers-${c.key}.log`),
      });
      databaseUrl = m.databaseUrl;
      Object.assign(row, { engine: m.engine, document: { id: m.document.id, title: m.document.title }, creates16: m.creates16, live: m.live ?? null });
      // The app's service on the same database with the same settings, one create after another (server stopped).
      const inputsFile = path.join(BENCH_DIR, `workers-${c.key}-inputs.json`);
      fs.writeFileSync(inputsFile, JSON.stringify(createInputs(m.document.text, SIZES.inProcessCreates + 1, 4242).map(apiInput)));
      const s = await inproc("creates", [m.document.id, m.userEmail, inputsFile], databaseUrl, { SQLITE_SYNCHRONOUS: c.sync ?? "FULL", SQLITE_GROUP_COMMIT: c.groupCommit === false ? "0" : "1" });
      row.inProcess = sequentialResult(s.latencies, s.totalMs, s.cpuMs);
      row.cpuRatio = round(m.creates16.serverCpuMsPerCreate / row.inProcess.cpuMs, 2);
      console.log(
        `  ${m.creates16.throughput} creates/s, p50 ${m.creates16.p50} ms, p99 ${m.creates16.p99} ms, CPU/create ${m.creates16.serverCpuMsPerCreate} ms ` +
          `(in process ${row.inProcess.cpuMs} ms: ${row.cpuRatio}×)${m.live ? `; live p99 ${m.live.p99} ms` : ""}`,
      );
    } catch (error) {
      row.error = String(error?.stack ?? error);
      failures.push({ figure: "workers", config: name, error: row.error, serverLog: newServerLog(path.join(BENCH_DIR, `workers-${c.key}.log`)).slice(-4000) });
      console.error(`\n✖ workers (${c.key}) ${name} could not be measured:\n${row.error}`);
    } finally {
      databaseUrl ??= c.postgres ? withDatabase(pgServer.url, `apparatus_e2e_${port}_bench`) : `file:${path.join(root, ".data", "e2e", `bench-${port}.db`)}`;
      await dropDatabase(databaseUrl).catch(() => {});
    }
    rows.push(row);
  }
  return { seconds: SIZES.workersSeconds, connections: 16, rows };
});

// ---------------------------------------------------------------------------------------------
// Summary table and results.json

finish();

/** Prints the targets, writes results.json and exits. */
function finish() {
  const cpuAtEnd = cpuShare().share;
  const { sqlite, postgres } = figures;
  // Every figure's table, the engines side by side (a figure missing on an engine is left out).
  const byEngine = (name) => ENGINES.filter((e) => figures[e][name]).map((e) => ({ engine: LABEL[e], result: figures[e][name] }));
  if (sqlite.reanchor) report.printReanchor(sqlite.reanchor);
  for (const [name, print] of [
    ["reader", report.printReader],
    ["summary", report.printSummary],
    ["library", report.printLibrary],
    ["creates", report.printCreates],
    ["live", report.printLive],
    ["export", report.printExport],
    ["import", report.printImport],
  ]) {
    if (byEngine(name).length) print(byEngine(name));
  }
  if (sqlite.workers) report.printWorkers(sqlite.workers);
  // Grouped by figure, SQLite's row above PostgreSQL's, the workers figure and then figure 7 last.
  const order = (figure) => (figure === "W" ? 6.5 : figure);
  const targets = [...report.evaluateTargets(sqlite, LABEL.sqlite), ...report.evaluateTargets(postgres, LABEL.postgres)].sort((a, b) => order(a.figure) - order(b.figure));
  report.printTargets(targets, figures);
  if (postgresSkipped) console.log(`\nPostgreSQL rows SKIPPED: ${postgresSkipped}.\n  ${POSTGRES_HOWTO}`);

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
    // SQLite's figures where they always were, with the engine-free ones (reanchor, workers); PostgreSQL's beside them.
    figures: sqlite,
    postgres: postgresSkipped ? { skipped: postgresSkipped } : { server: pgSource, figures: postgres },
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
