// Serve the production build from WORKERS processes on one port: a node:cluster primary that forks
// scripts/server.mjs (the production build behind a Node HTTP server that compresses per route) into each
// worker. The workers' listen() on the port is shared through the primary, which hands each new connection
// to the next worker in turn. The primary only starts, restarts and stops workers; it never loads the app or opens the database, and
// migrations have run before it starts (scripts/start.mjs, scripts/e2e-server.mjs).
import cluster from "node:cluster";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { registerServing } from "./serving.mjs";
import { root } from "./steps.mjs";

/** One server process of the production build on PORT, as every worker runs it. */
export const serverScript = path.join(root, "scripts", "server.mjs");

/**
 * Stops npm start before it changes anything when `port` cannot be served: taken (by another program, or
 * by an Apparatus already serving, perhaps from this very folder, whose build the next step would
 * replace under it, so that it answered 500s) or not allowed. Listens as the workers will (every
 * interface), then lets go at once.
 */
export async function assertPortFree(port) {
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
    console.error(`Apparatus: PORT must be a port number, 0 to 65535 (got "${port}"). Nothing was changed.`);
    process.exit(2);
  }
  const code = await new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (error) => resolve(error.code ?? "ERROR"));
    probe.listen(Number(port), () => probe.close(() => resolve(null)));
  });
  if (code === null) return;
  const why =
    code === "EADDRINUSE"
      ? `port ${port} is in use (an Apparatus already running, or another program). Stop it, or serve on another port: PORT=${Number(port) + 1} npm start.`
      : code === "EACCES"
        ? `port ${port} needs privileges this user does not have. Choose a port above 1023: PORT=3000 npm start.`
        : `port ${port} cannot be listened on (${code}).`;
  console.error(`Apparatus: ${why} Nothing was changed.`);
  process.exit(1);
}

/** WORKERS from the environment: a positive integer, or the number of cores when unset or "auto". */
export function workerCount(env, fallback = os.availableParallelism()) {
  const raw = (env.WORKERS ?? "").trim();
  if (raw === "" || raw === "auto") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    console.error(`WORKERS must be a whole number from 1 to 256 or "auto" (got "${raw}").`);
    process.exit(2);
  }
  return n;
}

/**
 * Fork `count` workers serving `port`; a worker that dies is replaced. When workers keep dying within
 * seconds of starting (the port is taken, a broken build), the primary stops with exit 1 instead of
 * restarting them forever. SIGINT/SIGTERM stop them all, then the primary.
 */
export function serveCluster({ port, count, env }) {
  registerServing(port);
  cluster.setupPrimary({
    exec: serverScript,
    cwd: root,
  });
  let stopping = false;
  const startedAt = new Map();
  let quickDeaths = 0;
  const fork = (slot) => {
    const worker = cluster.fork({ ...env, PORT: String(port), APPARATUS_WORKER: String(slot) });
    startedAt.set(worker.id, Date.now());
    worker.on("online", () => console.log(`Apparatus: worker ${slot} pid ${worker.process.pid}`));
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
      quickDeaths = lived < 10_000 ? quickDeaths + 1 : 0;
      if (quickDeaths > 2 * count + 2) {
        console.error(`Apparatus: workers keep ending right after starting (is port ${port} taken?); stopping.`);
        stopping = true;
        for (const w of Object.values(cluster.workers ?? {})) w.process.kill("SIGTERM");
        process.exit(1);
      }
      console.error(`Apparatus: worker ${slot} (pid ${worker.process.pid}) ended (${signal ?? `exit ${code}`}); starting another.`);
      setTimeout(() => fork(slot), quickDeaths > 1 ? 1_000 : 0);
    });
  };
  for (let slot = 1; slot <= count; slot++) fork(slot);

  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    let left = workers.length;
    for (const w of workers) {
      w.process.once("exit", () => --left === 0 && process.exit(0));
      w.process.kill(signal);
    }
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(signal));
}
