#!/usr/bin/env node
// The server the end-to-end tests run against: a fresh throw-away database (migrated, demo-seeded),
// then the production build served as npm start serves it (scripts/server.mjs in WORKERS processes,
// scripts/lib/serve.mjs). SQLite: a file under .data/e2e/; PostgreSQL (when E2E_POSTGRES_URL is set): a
// database named apparatus_e2e_*, dropped and created here. Refuses any other.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { serveCluster, workerCount } from "./lib/serve.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const port = process.env.PORT ?? "3100";
const fresh = process.env.E2E_KEEP_DB !== "1";

function databaseUrl() {
  if (process.env.E2E_DATABASE_URL) return process.env.E2E_DATABASE_URL;
  if (process.env.E2E_POSTGRES_URL) {
    const url = new URL(process.env.E2E_POSTGRES_URL);
    url.pathname = `/apparatus_e2e_${port}_e2e`;
    return url.toString();
  }
  return `file:${path.join(root, ".data", "e2e", `e2e-${port}.db`)}`;
}

const url = databaseUrl();
if (url.startsWith("file:")) {
  const file = path.resolve(url.slice("file:".length));
  if (!file.startsWith(path.join(root, ".data", "e2e") + path.sep)) {
    console.error(`Refusing to use ${file}: end-to-end tests only run on a throw-away database under .data/e2e/.`);
    process.exit(2);
  }
  if (fresh) for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
} else {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^apparatus_e2e_[a-z0-9_]+$/.test(name)) {
    console.error(`Refusing to use the PostgreSQL database "${name}": end-to-end tests only run on throw-away databases named apparatus_e2e_*.`);
    process.exit(2);
  }
  if (fresh) {
    const admin = new URL(url);
    admin.pathname = "/postgres";
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
    await client.end();
  }
}

const env = {
  ...process.env,
  DATABASE_URL: url,
  NEXTAUTH_URL: `http://localhost:${port}`,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-secret-not-for-production-0123456789",
  NEXT_TELEMETRY_DISABLED: "1",
};
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const ok = (res) => {
  if (res.status !== 0) process.exit(res.status ?? 1);
};
ok(spawnSync(bin("tsx"), ["--conditions=react-server", "scripts/migrate.ts", "--quiet"], { env, stdio: "inherit" }));
if (fresh) ok(spawnSync(bin("tsx"), ["--conditions=react-server", "scripts/seed.ts", "--if-empty"], { env, stdio: "inherit" }));
// WORKERS processes on the port (one unless WORKERS is set), as `npm start` serves.
serveCluster({ port, count: workerCount(env, 1), env });
