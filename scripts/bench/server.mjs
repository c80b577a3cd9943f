// The bench's own throw-away database and production server: like scripts/e2e-server.mjs, but under
// .data/bench/, on its own port, with the server's pid known (its memory is sampled during exports)
// and its output kept in a log file instead of mixed into the report.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { bin, root } from "../lib/steps.mjs";
import { sleep } from "./lib.mjs";

export const BENCH_DIR = path.join(root, ".data", "bench");

/** Deletes `file` (and its WAL files), then migrates it; seeds demo mode unless `seed` is false. */
export function freshDatabase(file, env, { seed = true } = {}) {
  if (!path.resolve(file).startsWith(BENCH_DIR + path.sep)) throw new Error(`refusing to reset ${file}: not under ${BENCH_DIR}`);
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
  const dbEnv = { ...env, DATABASE_URL: `file:${file}` };
  const run = (cmd, args) => {
    const res = spawnSync(cmd, args, { cwd: root, env: dbEnv, encoding: "utf8" });
    if (res.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed:\n${res.stdout}\n${res.stderr}`);
  };
  run(bin("prisma"), ["migrate", "deploy"]);
  if (seed) run(bin("tsx"), ["--conditions=react-server", "scripts/seed.ts"]);
}

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** Starts `next start` on `port` against `dbFile`; resolves when /login answers. */
export async function startServer({ port, dbFile, env, logFile }) {
  if (await portInUse(port)) throw new Error(`port ${port} is in use; pass --port <n> (or BENCH_PORT) to use another`);
  const log = fs.openSync(logFile, "w");
  // Served as `npm start` serves it (scripts/start.mjs), long keep-alive included.
  const child = spawn(bin("next"), ["start", "-p", String(port), "--keepAliveTimeout", "75000"], {
    cwd: root,
    env: { ...env, DATABASE_URL: `file:${dbFile}`, NEXTAUTH_URL: `http://localhost:${port}`, NODE_ENV: "production" },
    stdio: ["ignore", log, log],
    detached: true, // its own process group, so stop() ends the server and anything it started
  });
  const baseUrl = `http://localhost:${port}`;
  let exited = null;
  child.on("exit", (code, signal) => (exited = code ?? signal));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`the server exited (${exited}) before answering; see ${logFile}`);
    try {
      if ((await fetch(`${baseUrl}/login`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  if (Date.now() >= deadline) throw new Error(`the server did not answer within 120 s; see ${logFile}`);
  return {
    baseUrl,
    pid: child.pid,
    stop() {
      if (exited !== null) return;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    },
  };
}
