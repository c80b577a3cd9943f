// Steps shared by `npm start` and `npm test`, each skipped when already done. Plain Node: runs before
// dependencies are installed.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { assertBuildReplaceable } from "./serving.mjs";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
export const bin = (name) => path.join(root, "node_modules", ".bin", name);
export const step = (message) => console.log(`\n▸ ${message}`);

export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (res.status !== 0) {
    console.error(`\n✖ ${cmd} ${args.join(" ")} failed (exit ${res.status ?? res.signal}).`);
    process.exit(res.status ?? 1);
  }
  return res;
}

export function hashFiles(entries) {
  const hash = crypto.createHash("sha256");
  const walk = (p) => {
    const abs = path.join(root, p);
    if (!fs.existsSync(abs)) return;
    if (fs.statSync(abs).isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) {
        if (name === "node_modules" || name.startsWith(".")) continue;
        walk(path.join(p, name));
      }
    } else if (!/\.(test|spec)\.tsx?$/.test(p) && !p.includes("__fixtures__")) {
      hash.update(p).update(fs.readFileSync(abs));
    }
  };
  entries.forEach(walk);
  return hash.digest("hex");
}

const readMarker = (file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "");

const depsMarker = path.join(root, "node_modules", ".apparatus-deps");

/** What the installed tree depends on: the lockfile and package.json's dependency fields (not its scripts). */
export function dependencyHash() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const { dependencies, devDependencies, optionalDependencies, overrides } = pkg;
  return crypto
    .createHash("sha256")
    .update(JSON.stringify({ dependencies, devDependencies, optionalDependencies, overrides }))
    .update(fs.existsSync(path.join(root, "package-lock.json")) ? fs.readFileSync(path.join(root, "package-lock.json")) : "")
    .digest("hex");
}

/** Record that node_modules matches the lockfile (after an install done elsewhere, e.g. by .ci/run). */
export function markDependenciesInstalled() {
  fs.writeFileSync(depsMarker, dependencyHash());
}

/** npm ci when node_modules is missing or the dependencies changed since the last install. */
export function ensureDependencies(env) {
  if (readMarker(depsMarker) === dependencyHash() && fs.existsSync(path.join(root, "node_modules", ".bin"))) return;
  step("Installing dependencies (the first run compiles the SQLite driver; a few minutes)…");
  run("npm", ["ci", "--no-audit", "--no-fund"], { env });
  markDependenciesInstalled();
}

/**
 * prisma generate when the clients are missing or the schema changed: the SQLite client and the Kysely
 * table types from prisma/schema.prisma, and the PostgreSQL client from the same models.
 */
export async function ensurePrismaClient(env) {
  const marker = path.join(root, "generated", ".schema-hash");
  const want = hashFiles(["prisma/schema.prisma", "scripts/db/schemas.mjs", "package-lock.json"]);
  const made = ["prisma/client.ts", "prisma-pg/client.ts", "kysely/types.ts"].every((f) => fs.existsSync(path.join(root, "generated", f)));
  if (readMarker(marker) === want && made) return;
  step("Generating the Prisma clients…");
  // The Kysely types generator (prisma-kysely) is a command Prisma finds on the PATH, as under npx.
  const withBin = { ...env, PATH: `${path.join(root, "node_modules", ".bin")}${path.delimiter}${env.PATH ?? ""}` };
  run(bin("prisma"), ["generate"], { env: withBin, stdio: ["ignore", "ignore", "inherit"] });
  const { writePostgresSchema } = await import("../db/schemas.mjs");
  run(bin("prisma"), ["generate", "--schema", writePostgresSchema(root)], { env: withBin, stdio: ["ignore", "ignore", "inherit"] });
  fs.writeFileSync(marker, want);
}

/** Apply pending migrations to DATABASE_URL's database (either engine); stops with the reason when it cannot. */
export function migrateDatabase(env) {
  step("Applying database migrations…");
  const res = spawnSync(bin("tsx"), ["--conditions=react-server", "scripts/migrate.ts", "--quiet"], { stdio: "inherit", cwd: root, env });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

/** What `next build` compiles or reads: a change to any of them makes the build stale. */
export const BUILD_SOURCES = [
  "app", "components", "lib", "seeds", "generated/prisma", "public", "proxy.ts", "instrumentation.ts",
  "next.config.js", "tsconfig.json", "package-lock.json",
];

/** Whether the build is current (made from these sources), and how to record a new one as such. */
export function buildStatus() {
  const marker = path.join(root, ".next", "apparatus-build-hash");
  const want = hashFiles(BUILD_SOURCES);
  return {
    current: readMarker(marker) === want && fs.existsSync(path.join(root, ".next", "BUILD_ID")),
    record: () => fs.writeFileSync(marker, want),
  };
}

export const BUILD_STEP = "Building the app (about a minute)…";

/** next build when there is no build or the sources changed since it was made. */
export function ensureBuild(env) {
  const build = buildStatus();
  if (build.current) return;
  assertBuildReplaceable(false);
  step(BUILD_STEP);
  run(bin("next"), ["build"], { env });
  build.record();
}

/** The auth secret: configured, or generated once and kept in .data/auth-secret (git-ignored). */
export function ensureAuthSecret(env) {
  if (env.NEXTAUTH_SECRET || env.AUTH_SECRET) return;
  const file = path.join(root, ".data", "auth-secret");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("hex") + "\n", { mode: 0o600 });
  env.NEXTAUTH_SECRET = fs.readFileSync(file, "utf8").trim();
}

/**
 * A browser from Debian, installed with apt when missing (CI and dev machines run as root): the headless
 * shell for the browser tests (e2e/support/chromium.ts says why), the full browser for the bench (its
 * figures are compared with runs recorded in it). A machine that cannot install the shell but has the
 * full browser runs the tests in that.
 */
export function ensureChromium(env, pkg = "chromium-headless-shell") {
  const binaries = { "chromium-headless-shell": ["/usr/bin/chromium-headless-shell"], chromium: ["/usr/bin/chromium", "/usr/bin/chromium-browser"] }[pkg];
  if ([env.CHROMIUM_PATH, ...binaries].some((p) => p && fs.existsSync(p))) return;
  step(`Installing Debian's ${pkg} for the browser ${pkg === "chromium" ? "bench" : "tests"}…`);
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  const apt = (args) => spawnSync(sudo.length ? "sudo" : "apt-get", [...(sudo.length ? ["apt-get"] : []), ...args], { stdio: "inherit", env: { ...env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0;
  if (apt(["update", "-qq"]) && apt(["install", "-y", "-qq", pkg])) return;
  if (pkg !== "chromium" && fs.existsSync("/usr/bin/chromium")) {
    console.error(`Could not install ${pkg}; the browser tests run in /usr/bin/chromium (slower).`);
    return;
  }
  console.error(`\n✖ Could not install Debian's ${pkg}.`);
  process.exit(1);
}
