#!/usr/bin/env node
// Several server processes (issue "Many processes, one truth"): HTTP creates at 16 clients and live
// create → event latency at 50 streams, for one configuration per run, so configurations can be
// compared side by side on a shared machine:
//   node scripts/bench/workers.mjs [--workers N] [--sync FULL|NORMAL] [--postgres URL] [--seconds S] [--port P] [--live]
// It serves a fresh demo database (scripts/e2e-server.mjs: a file under .data/e2e/, or a database named
// apparatus_e2e_* on the PostgreSQL server) from N workers on one port, and prints one JSON line.
import { spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { root } from "../lib/steps.mjs";
import { createInputs, httpCreates } from "./creates.mjs";
import { liveLatency } from "./live.mjs";
import { api, processTree, signIn, sleep } from "./lib.mjs";

const { values: opts } = parseArgs({
  options: {
    workers: { type: "string", default: "2" },
    sync: { type: "string", default: "FULL" },
    postgres: { type: "string" },
    seconds: { type: "string", default: "10" },
    port: { type: "string", default: String(Number(process.env.E2E_PORT ?? 3800) + 53) },
    live: { type: "boolean", default: false },
    streams: { type: "string", default: "50" },
  },
});
const port = Number(opts.port);
const base = `http://localhost:${port}`;
const dbUrl = opts.postgres
  ? (() => {
      const u = new URL(opts.postgres);
      u.pathname = `/apparatus_e2e_${port}_bench`;
      return u.toString();
    })()
  : `file:${path.join(root, ".data", "e2e", `bench-${port}.db`)}`;

const child = spawn("node", ["scripts/e2e-server.mjs"], {
  cwd: root,
  env: { ...process.env, PORT: String(port), E2E_DATABASE_URL: dbUrl, WORKERS: opts.workers, SQLITE_SYNCHRONOUS: opts.sync, NODE_ENV: "production" },
  stdio: ["ignore", "ignore", "inherit"],
  detached: true,
});
const stop = () => {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // gone
  }
};
process.on("exit", stop);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

const deadline = Date.now() + 180_000;
for (;;) {
  try {
    if ((await fetch(`${base}/login`)).ok) break;
  } catch {
    // not up yet
  }
  if (Date.now() > deadline) throw new Error("server did not come up");
  await sleep(300);
}
await sleep(1000); // every worker listening

const cookie = await signIn(base, "rosa@demo.apparatus", "apparatus-demo");
const victor = await signIn(base, "victor@demo.apparatus", "apparatus-demo");
const { secret: token } = await api(base, "/api/tokens", { auth: { cookie }, method: "POST", json: { name: "bench" } });
const { documents } = await api(base, "/api/documents?pageSize=100", { auth: { cookie } });
const doc = documents.sort((a, b) => b.length - a.length)[1];
const { text } = await api(base, `/api/documents/${doc.id}`, { auth: { cookie } });
const serverPids = processTree(child.pid);

const out = { engine: opts.postgres ? "postgres" : "sqlite", workers: Number(opts.workers), sync: opts.postgres ? "synchronous_commit=on" : opts.sync };
const inputs = createInputs(text, 5000, 42);
await httpCreates({ baseUrl: base, documentId: doc.id, token, connections: 4, duration: 2, inputs, serverPids }); // warm-up
const r = await httpCreates({ baseUrl: base, documentId: doc.id, token, connections: 16, duration: Number(opts.seconds), inputs, serverPids });
out.creates16 = { throughput: r.throughput, p50: r.p50, p99: r.p99, non2xx: r.non2xx, errors: r.errors, serverCpuMsPerCreate: r.serverCpuMs };

if (opts.live) {
  const live = await liveLatency({
    baseUrl: base,
    documentId: documents[documents.length - 1].id,
    streamCookie: victor,
    createToken: token,
    streams: Number(opts.streams),
    creates: 100,
    spacingMs: 50,
    inputs: createInputs((await api(base, `/api/documents/${documents[documents.length - 1].id}`, { auth: { cookie } })).text, 1000, 7),
  });
  out.live = live;
}
console.log(JSON.stringify(out));
process.exit(0);
