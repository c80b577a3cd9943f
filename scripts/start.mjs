#!/usr/bin/env node
// npm start: install → Prisma clients → auth secret → migrate (SQLite or PostgreSQL, by DATABASE_URL) → demo seed (empty database only) →
// build when stale → serve the production build on PORT (default 3000). Each step is skipped when done.
import { spawn } from "node:child_process";
import { bin, ensureAuthSecret, ensureBuild, ensureDependencies, ensurePrismaClient, migrateDatabase, root, run, step } from "./lib/steps.mjs";

process.chdir(root);
const port = process.env.PORT ?? "3000";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
env.NEXTAUTH_URL ??= `http://localhost:${port}`;

ensureDependencies(env);
await ensurePrismaClient(env);
ensureAuthSecret(env);
migrateDatabase(env);
run(bin("tsx"), ["--conditions=react-server", "scripts/seed.ts", "--if-empty", "--print-demo"], { env });
ensureBuild(env);

step(`Apparatus: open ${env.NEXTAUTH_URL}`);
// A long keep-alive: clients reusing a connection (API scripts, proxies) must not race the server closing it.
const server = spawn(bin("next"), ["start", "-p", port, "--keepAliveTimeout", "75000"], { stdio: "inherit", env, cwd: root });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
