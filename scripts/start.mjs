#!/usr/bin/env node
// npm start [-- --no-demo]: a port it can serve and a build it may replace (else nothing is touched) → install → Prisma clients → auth secret → migrate (SQLite or PostgreSQL, by DATABASE_URL) → demo seed (empty database only; --no-demo: none, for good) →
// build when stale → serve the production build on PORT (default 3000) from WORKERS processes (default: one
// per core). Each step is skipped when done; migrating happens once, here, before any worker starts.
import { bin, buildStatus, ensureAuthSecret, ensureBuild, ensureDependencies, ensurePrismaClient, migrateDatabase, root, run, step } from "./lib/steps.mjs";
import { assertPortFree, serveCluster, workerCount } from "./lib/serve.mjs";
import { assertBuildReplaceable } from "./lib/serving.mjs";

process.chdir(root);
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--no-demo");
if (unknown.length) {
  console.error(`npm start: unknown option ${unknown.join(" ")}. It takes one: --no-demo (an installation without the demo: nothing seeded into an empty database, now or later).`);
  process.exit(2);
}
const port = process.env.PORT ?? "3000";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
env.NEXTAUTH_URL ??= `http://localhost:${port}`;

await assertPortFree(port);
assertBuildReplaceable(buildStatus().current); // before anything changes, as for a taken port
ensureDependencies(env);
await ensurePrismaClient(env);
ensureAuthSecret(env);
migrateDatabase(env);
run(bin("tsx"), ["--conditions=react-server", "scripts/seed.ts", "--if-empty", "--print-demo", ...args], { env });
ensureBuild(env);

const workers = workerCount(env);
step(`Apparatus: open ${env.NEXTAUTH_URL} (${workers} worker process${workers === 1 ? "" : "es"})`);
serveCluster({ port, count: workers, env });
