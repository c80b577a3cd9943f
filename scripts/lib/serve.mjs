// Serve the production build from WORKERS processes on one port: a node:cluster primary that forks
// scripts/server.mjs (the production build behind a Node HTTP server that compresses per route) into each
// worker. The primary listens on the port and hands each new connection to the next worker in turn (see
// serveCluster). The primary only starts, restarts and stops workers and hands out connections; it never loads the app or opens the database, and
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
 * The messages between the primary and its workers (scripts/server.mjs): a worker says when it can serve,
 * the primary hands it a connection (with an id), the worker says it took that one.
 */
export const WORKER_READY = "apparatus:ready";
export const CONNECTION = "apparatus:connection";
export const TOOK = "apparatus:took";

/**
 * Fork `count` workers serving `port`; a worker that dies is replaced. When workers keep dying within
 * seconds of starting (a broken build), the primary stops with exit 1 instead of restarting them forever.
 * SIGINT/SIGTERM stop them all, then the primary. (`script` and `register`: for scripts/lib/serve.test.ts,
 * whose workers are a small HTTP server, and which leaves no entry in .data/serving.)
 *
 * The primary listens on the port itself and hands each new connection, unread, to the next ready worker
 * in turn, keeping its own copy until the worker says it took it. Not node:cluster's round robin (nor a
 * plain handle send): both keep the primary's copy of a connection until the worker acknowledges it, and
 * never close it when the worker dies first, so a client that connected just as a worker was killed waited
 * forever (found killing workers under load: a request, or a reader's live stream reconnecting, hung).
 * Here, when a worker dies, a connection that never reached it goes to another worker, and one it got but
 * had not confirmed is closed (the client sees the connection end, and tries again).
 */
export function serveCluster({ port, count, env, script = serverScript, register = true }) {
  if (register) registerServing(port);
  cluster.setupPrimary({
    exec: script,
    cwd: root,
  });
  let stopping = false;
  const startedAt = new Map();
  let quickDeaths = 0;
  /** Workers that can serve, in the order they get the next connections. */
  const ready = [];
  let turn = 0;
  /** Connections waiting for a ready worker (at start, or while every worker is being replaced). */
  const waiting = [];
  /** Per worker, the connections handed to it that it has not confirmed: id → { socket, sent }. */
  const handed = new Map();
  let ids = 0;
  const dispatch = (socket) => {
    if (socket.destroyed) return;
    if (ready.length === 0) return void waiting.push(socket);
    const worker = ready[turn++ % ready.length];
    const id = ++ids;
    const entry = { socket, sent: false };
    handed.get(worker.id)?.set(id, entry);
    // It never reached that worker: still unread, another one takes it (unless the worker's end did already).
    const undelivered = () => handed.get(worker.id)?.delete(id) && dispatch(socket);
    try {
      worker.send({ cmd: CONNECTION, id }, socket, { keepOpen: true }, (error) => {
        if (error) undelivered();
        else entry.sent = true;
      });
    } catch {
      undelivered();
    }
  };
  const front = net.createServer({ pauseOnConnect: true }, dispatch);
  front.on("error", (error) => {
    console.error(`Apparatus: cannot serve on port ${port}: ${error.message}`);
    process.exit(1);
  });
  front.listen(Number(port));
  const fork = (slot) => {
    const worker = cluster.fork({ ...env, PORT: String(port), APPARATUS_WORKER: String(slot) });
    startedAt.set(worker.id, Date.now());
    worker.on("online", () => console.log(`Apparatus: worker ${slot} pid ${worker.process.pid}`));
    const mine = new Map();
    handed.set(worker.id, mine);
    worker.on("message", (message) => {
      if (message?.cmd === TOOK) {
        // The worker has its own copy now: close ours (the connection goes on in the worker).
        mine.get(message.id)?.socket.destroy();
        mine.delete(message.id);
      } else if (message?.cmd === WORKER_READY && !ready.includes(worker)) {
        ready.push(worker);
        for (const socket of waiting.splice(0)) dispatch(socket);
      }
    });
    worker.on("exit", (code, signal) => {
      const at = ready.indexOf(worker);
      if (at >= 0) ready.splice(at, 1);
      handed.delete(worker.id);
      for (const { socket, sent } of mine.values()) {
        if (sent) socket.destroy(); // it may have read the request: closed, the client tries again
        else dispatch(socket); // never reached it
      }
      mine.clear();
      if (stopping) return;
      const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
      quickDeaths = lived < 10_000 ? quickDeaths + 1 : 0;
      if (quickDeaths > 2 * count + 2) {
        console.error("Apparatus: workers keep ending right after starting; stopping.");
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
    front.close();
    for (const socket of waiting.splice(0)) socket.destroy();
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

/**
 * A worker's side (scripts/server.mjs): takes the connections the primary hands this process into `server`,
 * tells the primary it took each one, and says that it is ready for them. `stopping()`: while the worker
 * is stopping, a connection handed to it is closed (the client tries again, on another worker).
 */
export function takeConnectionsFromPrimary(server, stopping = () => false) {
  process.on("message", (message, socket) => {
    if (message?.cmd !== CONNECTION || !socket) return;
    process.send({ cmd: TOOK, id: message.id });
    if (stopping()) return void socket.destroy();
    // As the server's own accept would set them (node:net's onconnection): without TCP_NODELAY (an HTTP
    // server's default) a response written in pieces waited for the client's delayed ACK, ~40 ms a request
    // (the bench's creates at 16 clients fell from 1,015 to 308 per second, p50 51 ms, on every configuration).
    if (server.noDelay !== false) socket.setNoDelay(true);
    if (server.keepAlive) socket.setKeepAlive(true, server.keepAliveInitialDelay ?? 0);
    server.emit("connection", socket);
    socket.resume();
  });
  process.send({ cmd: WORKER_READY });
}
