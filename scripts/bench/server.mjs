// The bench's own throw-away databases and production server: like scripts/e2e-server.mjs, but under
// .data/bench/ (SQLite) or in databases named apparatus_bench_* (PostgreSQL), on its own port, with the
// server's pid known (its memory is sampled during exports) and its output kept in a log file instead
// of mixed into the report.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { bin, root, step } from "../lib/steps.mjs";
import { serverScript } from "../lib/serve.mjs";
import { sleep } from "./lib.mjs";

export const BENCH_DIR = path.join(root, ".data", "bench");
const BENCH_DATABASE = /^apparatus_(bench|e2e)_[a-z0-9_]+$/; // the only PostgreSQL databases this code creates or drops

/** `url` (a PostgreSQL server) with its database replaced by `name`. */
export function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `fn` with a client on the server's maintenance database (postgres), to create or drop one. */
async function onServer(url, fn) {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function databaseName(url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!BENCH_DATABASE.test(name)) throw new Error(`refusing to create or drop the PostgreSQL database "${name}": not one of the bench's (apparatus_bench_*)`);
  return name;
}

/** Drops a bench database (PostgreSQL, apparatus_bench_* or the workers figure's apparatus_e2e_*) or deletes a bench file. */
export async function dropDatabase(databaseUrl) {
  if (databaseUrl.startsWith("file:")) {
    const file = path.resolve(databaseUrl.slice("file:".length));
    if (!file.startsWith(path.join(root, ".data") + path.sep)) throw new Error(`refusing to delete ${file}: not under .data/`);
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
    return;
  }
  const name = databaseName(databaseUrl);
  await onServer(databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * A fresh database at `databaseUrl`, migrated, with demo mode seeded unless `seed` is false. SQLite: the
 * file under .data/bench/ (and its WAL files) deleted first. PostgreSQL: the database (apparatus_bench_*
 * only) dropped and created, then migrated as `npm start` does (scripts/migrate.ts).
 */
export async function freshDatabase(databaseUrl, env, { seed = true } = {}) {
  const dbEnv = { ...env, DATABASE_URL: databaseUrl };
  const run = (cmd, args) => {
    const res = spawnSync(cmd, args, { cwd: root, env: dbEnv, encoding: "utf8" });
    if (res.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed:\n${res.stdout}\n${res.stderr}`);
  };
  if (databaseUrl.startsWith("file:")) {
    const file = databaseUrl.slice("file:".length);
    if (!path.resolve(file).startsWith(BENCH_DIR + path.sep)) throw new Error(`refusing to reset ${file}: not under ${BENCH_DIR}`);
    await dropDatabase(databaseUrl);
    run(bin("prisma"), ["migrate", "deploy"]);
  } else {
    const name = databaseName(databaseUrl);
    await onServer(databaseUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
    });
    run(bin("tsx"), ["--conditions=react-server", "scripts/migrate.ts", "--quiet"]);
  }
  if (seed) run(bin("tsx"), ["--conditions=react-server", "scripts/seed.ts"]);
}

/**
 * The PostgreSQL server for the bench's PostgreSQL rows: BENCH_POSTGRES_URL, else TEST_POSTGRES_URL (a
 * server where the bench may create and drop its own databases), else a throw-away server started with
 * scripts/pg-server.sh when Debian's postgresql package is installed (as npm test does). Returns
 * { url, source, stop } or { url: null, reason } when there is none.
 */
export function postgresServer(env) {
  for (const name of ["BENCH_POSTGRES_URL", "TEST_POSTGRES_URL"]) {
    if (env[name]) return { url: env[name], source: name, stop: () => {} };
  }
  const script = path.join(root, "scripts", "pg-server.sh");
  const found = spawnSync("bash", [script, "find"], { encoding: "utf8" }).stdout.trim();
  if (!found) return { url: null, reason: "no PostgreSQL server programs found" };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-bench-pg-"));
  fs.chmodSync(dir, 0o755);
  const port = String(55_400 + (process.pid % 400));
  step(`Starting a throw-away PostgreSQL server (${found}) on port ${port}`);
  const res = spawnSync("bash", [script, "start", path.join(dir, "pg"), port], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (res.status !== 0) return { url: null, reason: "the throw-away PostgreSQL server did not start (see the message above)" };
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync("bash", [script, "stop", path.join(dir, "pg")], { stdio: "inherit" });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { url: res.stdout.trim().split("\n").at(-1), source: `a throw-away server (${found})`, stop };
}

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/**
 * Starts a server on `port` against `databaseUrl` (already migrated); resolves when /login answers.
 * By default scripts/server.mjs, as `npm start` serves it with one worker; with `command` another script
 * (the workers figure runs scripts/e2e-server.mjs, which serves WORKERS processes).
 */
export async function startServer({ port, databaseUrl, env, logFile, command = [process.execPath, serverScript], settleMs = 0 }) {
  if (await portInUse(port)) throw new Error(`port ${port} is in use; pass --port <n> (or BENCH_PORT) to use another`);
  const log = fs.openSync(logFile, "w");
  // Served as `npm start` serves it (scripts/start.mjs), long keep-alive included.
  const child = spawn(command[0], command.slice(1), {
    cwd: root,
    env: { ...env, PORT: String(port), DATABASE_URL: databaseUrl, NEXTAUTH_URL: `http://localhost:${port}`, NODE_ENV: "production" },
    stdio: ["ignore", log, log],
    detached: true, // its own process group, so stop() ends the server and anything it started
  });
  fs.closeSync(log);
  const baseUrl = `http://localhost:${port}`;
  let exited = null;
  const exit = new Promise((resolve) => child.on("exit", (code, signal) => resolve((exited = code ?? signal))));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`the server exited (${exited}) before answering; see ${logFile}`);
    try {
      if ((await fetch(`${baseUrl}/login`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  if (Date.now() >= deadline) throw new Error(`the server did not answer within 180 s; see ${logFile}`);
  await sleep(settleMs); // several workers: every one listening
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  return {
    baseUrl,
    pid: child.pid,
    /** Ends the server's process group; resolves when it has exited (its port and database are free). */
    stop() {
      if (exited !== null) return Promise.resolve();
      signal("SIGTERM");
      const kill = setTimeout(() => signal("SIGKILL"), 10_000);
      return exit.then(async () => {
        clearTimeout(kill);
        for (let i = 0; i < 50 && (await portInUse(port)); i++) await sleep(200); // a child may still be closing it
      });
    },
  };
}
