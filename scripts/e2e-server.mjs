#!/usr/bin/env node
// The server the end-to-end tests run against: a fresh throw-away database (migrated, demo-seeded),
// then the production build served by `next start`. Refuses any database outside .data/e2e/.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const port = process.env.PORT ?? "3100";
const dbFile = path.resolve(process.env.E2E_DB ?? path.join(root, ".data", "e2e", "e2e.db"));
if (!dbFile.startsWith(path.join(root, ".data", "e2e") + path.sep)) {
  console.error(`Refusing to use ${dbFile}: end-to-end tests only run on a throw-away database under .data/e2e/.`);
  process.exit(2);
}
const fresh = process.env.E2E_KEEP_DB !== "1";
if (fresh) for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });

const env = {
  ...process.env,
  DATABASE_URL: `file:${dbFile}`,
  NEXTAUTH_URL: `http://localhost:${port}`,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-secret-not-for-production-0123456789",
  NEXT_TELEMETRY_DISABLED: "1",
};
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const ok = (res) => {
  if (res.status !== 0) process.exit(res.status ?? 1);
};
if (fresh) {
  ok(spawnSync(bin("prisma"), ["migrate", "deploy"], { env, stdio: ["ignore", "ignore", "inherit"] }));
  ok(spawnSync(bin("tsx"), ["--conditions=react-server", "scripts/seed.ts", "--if-empty"], { env, stdio: "inherit" }));
}
// A long keep-alive: clients reusing a connection must not race the server closing it.
const server = spawn(bin("next"), ["start", "-p", port, "--keepAliveTimeout", "75000"], { env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
