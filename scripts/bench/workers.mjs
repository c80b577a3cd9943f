#!/usr/bin/env node
// Several server processes (issue "Many processes, one truth"): HTTP creates at 16 clients and, optionally,
// live create → event latency with many streams, for one configuration of a fresh demo database served by
// scripts/e2e-server.mjs (a file under .data/e2e/, or a database named apparatus_e2e_* on the PostgreSQL
// server) from N workers on one port. `npm run bench` runs it for the configurations of its workers figure;
// alone it measures one configuration and prints one JSON line:
//   node scripts/bench/workers.mjs [--workers N] [--sync FULL|NORMAL] [--no-group-commit] [--postgres URL] [--seconds S] [--port P] [--live] [--streams N]
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { root } from "../lib/steps.mjs";
import { createInputs, httpCreates } from "./creates.mjs";
import { openBenchData } from "./data.mjs";
import { liveLatency } from "./live.mjs";
import { api, processTree, signIn } from "./lib.mjs";
import { dropDatabase, startServer, withDatabase } from "./server.mjs";

const PASSWORD = "apparatus-demo"; // demo mode's (seeds/demo.ts)

/**
 * One configuration: `workers` processes on `port` (SQLite with `sync` and group commit on or off, or
 * PostgreSQL when `postgresUrl` is given), autocannon at 16 clients for `seconds` after a 2 s warm-up,
 * then, with `live` ({ streams, creates, spacingMs }), event streams opened over the port (the primary
 * hands connections to the workers in turn, so they are spread over every process) and creates timed
 * until their events arrive. The database is left in place for the caller (`databaseUrl`; dropDatabase).
 */
export async function measureWorkers({ workers, sync = "FULL", groupCommit = true, postgresUrl, seconds, port, live, env = process.env, logFile }) {
  const databaseUrl = postgresUrl
    ? withDatabase(postgresUrl, `apparatus_e2e_${port}_bench`)
    : `file:${path.join(root, ".data", "e2e", `bench-${port}.db`)}`;
  const server = await startServer({
    port,
    databaseUrl,
    env: {
      ...env,
      PORT: String(port),
      E2E_DATABASE_URL: databaseUrl,
      WORKERS: String(workers),
      SQLITE_SYNCHRONOUS: sync,
      SQLITE_GROUP_COMMIT: groupCommit ? "1" : "0",
    },
    logFile: logFile ?? path.join(root, ".data", "e2e", `bench-${port}.log`),
    command: ["node", "scripts/e2e-server.mjs"],
    settleMs: 1000, // every worker listening
  });
  try {
    const base = server.baseUrl;
    const rosa = "rosa@demo.apparatus";
    const cookie = await signIn(base, rosa, PASSWORD);
    const { secret: token } = await api(base, "/api/tokens", { auth: { cookie }, method: "POST", json: { name: "bench" } });
    const { documents } = await api(base, "/api/documents?pageSize=100", { auth: { cookie } });
    documents.sort((a, b) => b.length - a.length);
    const doc = documents[1]; // the creates figure's document
    const { text } = await api(base, `/api/documents/${doc.id}`, { auth: { cookie } });
    const serverPids = processTree(server.pid); // the cluster primary and its workers
    const out = {
      engine: postgresUrl ? "postgres" : "sqlite",
      workers,
      sync: postgresUrl ? "synchronous_commit=on" : sync,
      groupCommit: postgresUrl ? null : groupCommit,
      databaseUrl,
      document: { id: doc.id, title: doc.title, text },
      userEmail: rosa,
    };
    const inputs = createInputs(text, 5000, 42);
    await httpCreates({ baseUrl: base, documentId: doc.id, token, connections: 4, duration: 2, inputs, serverPids }); // warm-up
    const r = await httpCreates({ baseUrl: base, documentId: doc.id, token, connections: 16, duration: seconds, inputs, serverPids });
    out.creates16 = { creates: r.creates, throughput: r.throughput, p50: r.p50, p99: r.p99, max: r.max, non2xx: r.non2xx, errors: r.errors + r.timeouts, serverCpuMsPerCreate: r.serverCpuMs };

    if (live) {
      // One account may hold at most 8 streams (lib/events/streams.ts): the streams are spread over several.
      const data = await openBenchData(databaseUrl);
      let streamers;
      try {
        streamers = await data.addReviewers({ count: Math.ceil(live.streams / 8), copyHashFrom: rosa, prefix: "bench-stream", label: "Bench Streamer" });
      } finally {
        await data.close();
      }
      const liveDoc = documents[documents.length - 1];
      out.live = await liveLatency({
        baseUrl: base,
        documentId: liveDoc.id,
        streamCookies: await Promise.all(streamers.map((u) => signIn(base, u.email, PASSWORD))),
        createToken: token,
        streams: live.streams,
        creates: live.creates,
        spacingMs: live.spacingMs,
        inputs: createInputs((await api(base, `/api/documents/${liveDoc.id}`, { auth: { cookie } })).text, 1000, 7),
      });
    }
    return out;
  } finally {
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values: opts } = parseArgs({
    options: {
      workers: { type: "string", default: "2" },
      sync: { type: "string", default: "FULL" },
      "no-group-commit": { type: "boolean", default: false },
      postgres: { type: "string" },
      seconds: { type: "string", default: "10" },
      port: { type: "string", default: String(Number(process.env.E2E_PORT ?? 3800) + 53) },
      live: { type: "boolean", default: false },
      streams: { type: "string", default: "50" },
    },
  });
  fs.mkdirSync(path.join(root, ".data", "e2e"), { recursive: true });
  const out = await measureWorkers({
    workers: Number(opts.workers),
    sync: opts.sync,
    groupCommit: !opts["no-group-commit"],
    postgresUrl: opts.postgres,
    seconds: Number(opts.seconds),
    port: Number(opts.port),
    live: opts.live ? { streams: Number(opts.streams), creates: 100, spacingMs: 50 } : null,
  });
  await dropDatabase(out.databaseUrl);
  delete out.document.text;
  console.log(JSON.stringify(out));
  process.exit(0);
}
