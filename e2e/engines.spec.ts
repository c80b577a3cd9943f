// The data layer's two engines from the outside: a DATABASE_URL the app cannot use stops `npm start` and
// every command with a clear message, and an export moves between databases without changing a byte (but
// its export time). In the PostgreSQL leg of npm test the round trip crosses engines: SQLite → PostgreSQL
// → SQLite; in the SQLite leg it goes SQLite → SQLite.
import { test, expect } from "@playwright/test";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { E2E_ENGINE, E2E_PORT, e2eDatabaseUrl } from "./support/env";
import { emptyDatabase } from "./support/db";

const root = process.cwd();
const tsx = path.join(root, "node_modules", ".bin", "tsx");
// Per port, so the SQLite and PostgreSQL legs can run at the same time.
const DIR = path.join(root, ".data", "e2e", `engines-${E2E_PORT}`);

function run(command: string, args: string[], databaseUrl: string, timeout = 120_000) {
  const res = spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(E2E_PORT + 70) },
    encoding: "utf8",
    timeout,
  });
  return { status: res.status, out: `${res.stdout}\n${res.stderr}` };
}

const cli = (script: string, args: string[], databaseUrl: string) => run(tsx, ["--conditions=react-server", `scripts/${script}.ts`, ...args], databaseUrl);

test.describe("a DATABASE_URL the app cannot use", () => {
  for (const [label, url, message] of [
    ["an unsupported scheme", "mysql://user@localhost:3306/apparatus", /unsupported scheme "mysql:"/],
    ["a PostgreSQL URL without a host", "postgresql:///apparatus", /names no PostgreSQL host/],
    ["a PostgreSQL URL without a database", "postgresql://user@localhost:5432", /names no PostgreSQL database/],
  ] as const) {
    test(`stops npm start with a clear message: ${label}`, async () => {
      const before = new Set(fs.readdirSync(root));
      const res = run("node", ["scripts/start.mjs"], url);
      expect(res.status, res.out).toBe(2);
      expect(res.out).toMatch(message);
      // Nothing was created in the project for it (the old behaviour made a folder named "postgresql:").
      expect(fs.readdirSync(root).filter((f) => !before.has(f))).toEqual([]);
    });
  }

  test("stops every command-line script with the same message", async () => {
    for (const [script, args] of [
      ["user-create", ["--email", "x@example.org", "--name", "X", "--role", "admin", "--password", "long enough password"]],
      ["seed", ["--if-empty"]],
      ["migrate", []],
      ["import", ["seeds/manifest.json"]],
      ["export", ["--format", "native", "--out", path.join(DIR, "never.json")]],
      ["backup", [path.join(DIR, "never.db")]],
    ] as const) {
      const res = cli(script, [...args], "ftp://example.org/apparatus");
      expect(res.status, `${script}: ${res.out}`).toBe(2);
      expect(res.out, script).toMatch(/unsupported scheme "ftp:"/);
    }
  });

  test("a PostgreSQL server that cannot be reached stops npm start instead of falling back to a file", async () => {
    const res = run("node", ["scripts/start.mjs"], "postgresql://apparatus@127.0.0.1:1/apparatus");
    expect(res.status).not.toBe(0);
    expect(res.out).toMatch(/Cannot connect to PostgreSQL/);
  });
});

test.describe("a database that was never set up", () => {
  const scripts = [
    ["user-create", ["--email", "first@example.org", "--name", "First", "--role", "admin", "--password", "long enough password"]],
    ["seed", ["--if-empty"]],
    ["import", ["seeds/the-spark-wikipedia.txt"]],
    ["export", ["--format", "native", "--out", path.join(DIR, "never.json")]],
  ] as const;

  test("the scripts that work on its tables say how to set it up, and create nothing", async () => {
    fs.mkdirSync(DIR, { recursive: true });
    const url = e2eDatabaseUrl("never_set_up");
    await emptyDatabase(url);
    if (E2E_ENGINE === "sqlite") {
      // No file: a mistyped path must not become a new, empty database (an export of nothing, a user in the wrong place).
      const file = url.slice("file:".length);
      for (const [script, args] of scripts) {
        const res = cli(script, [...args], url);
        expect(res.status, `${script}: ${res.out}`).toBe(2);
        expect(res.out, script).toMatch(/No database at .* \(nothing was created\)\. Set one up with `npm run db:migrate`/);
        expect(fs.existsSync(file), script).toBe(false);
      }
      fs.writeFileSync(file, ""); // an empty SQLite database
    }
    for (const [script, args] of scripts) {
      const res = cli(script, [...args], url);
      expect(res.status, `${script}: ${res.out}`).toBe(2);
      expect(res.out, script).toMatch(/has not been set up \(no migrations applied\)\. Set one up with `npm run db:migrate` \(an empty installation\) or `npm start`/);
      expect(res.out, script).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(fs.existsSync(path.join(DIR, "never.json"))).toBe(false);
    // Set up, the same scripts work.
    expect(cli("migrate", ["--quiet"], url).status).toBe(0);
    const created = cli("user-create", [...scripts[0][1]], url);
    expect(created.status, created.out).toBe(0);
  });

  test("npm start -- --no-demo serves an installation without the demo, for good; the first admin comes from the command line", async () => {
    test.setTimeout(180_000);
    const url = e2eDatabaseUrl("no_demo");
    await emptyDatabase(url);
    const port = E2E_PORT + 71;
    const server = spawn("node", ["scripts/start.mjs", "--no-demo"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, PORT: String(port), WORKERS: "1", NEXTAUTH_URL: `http://localhost:${port}` },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    server.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    server.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const loginPage = async () => {
      const deadline = Date.now() + 150_000;
      while (Date.now() < deadline) {
        try {
          const res = await fetch(`http://localhost:${port}/login`);
          if (res.ok) return await res.text();
        } catch {
          // not up yet
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`npm start -- --no-demo did not serve:\n${out}`);
    };
    try {
      const before = await loginPage();
      expect(out).toMatch(/An installation without the demo: nothing was seeded/);
      expect(out).toMatch(/No accounts yet\. Create the first admin .*\n\s+npm run user:create -- --email you@example\.org --name "Your Name" --role admin/);
      expect(out).not.toMatch(/Demo accounts|Seeded demo mode/);
      expect(before).toContain("No accounts yet");
      expect(before).not.toContain("Demo mode");
      // A later npm start without the option seeds nothing either, though there is no one yet (what it runs after migrating).
      const later = cli("seed", ["--if-empty", "--print-demo"], url);
      expect(later.status, later.out).toBe(0);
      expect(later.out).not.toMatch(/Seeded demo mode|Demo accounts/);
      expect(later.out).toMatch(/No accounts yet/);
      // The first admin, from another terminal while it serves; the page no longer says there is none.
      const created = cli("user-create", ["--email", "first@example.org", "--name", "First Admin", "--role", "admin", "--password", "long enough password"], url);
      expect(created.status, created.out).toBe(0);
      expect(await loginPage()).not.toContain("No accounts yet");
    } finally {
      try {
        process.kill(-server.pid!, "SIGTERM");
      } catch {
        // gone
      }
    }
    if (server.exitCode === null) await new Promise((r) => server.once("exit", r));
    expect(cli("seed", ["--if-empty", "--print-demo"], url).out).not.toMatch(/No accounts yet|Demo accounts/);
  });

  test("--no-demo on a database that already holds the demo says it changes nothing there", async () => {
    const url = e2eDatabaseUrl("demo_already");
    await emptyDatabase(url);
    expect(cli("migrate", ["--quiet"], url).status).toBe(0);
    expect(cli("seed", ["--if-empty"], url).out).toMatch(/Seeded demo mode/);
    const again = cli("seed", ["--if-empty", "--no-demo", "--print-demo"], url); // what npm start -- --no-demo runs
    expect(again.status, again.out).toBe(0);
    expect(again.out).toMatch(/--no-demo changes nothing here: this database already holds the demo\. For real work, point DATABASE_URL at a new database\./);
    expect(again.out).toMatch(/Demo accounts \(password: apparatus-demo\)/);
  });

  test("npm start refuses an option it does not know, before touching anything", async () => {
    const before = new Set(fs.readdirSync(root));
    const res = run("node", ["scripts/start.mjs", "--demo=no"], e2eDatabaseUrl("never_started"));
    expect(res.status, res.out).toBe(2);
    expect(res.out).toMatch(/npm start: unknown option --demo=no\. It takes one: --no-demo/);
    expect(fs.readdirSync(root).filter((f) => !before.has(f))).toEqual([]);
  });
});

/** A fresh, migrated database with the fixture corpus imported. */
async function prepare(name: string): Promise<string> {
  const url = e2eDatabaseUrl(name);
  await emptyDatabase(url);
  const migrated = cli("migrate", ["--quiet"], url);
  expect(migrated.status, migrated.out).toBe(0);
  return url;
}

function exportTo(url: string, file: string): string {
  const res = cli("export", ["--format", "native", "--out", file, "--base-url", "https://apparatus.example.org"], url);
  expect(res.status, res.out).toBe(0);
  // Identical but for the export time.
  return fs.readFileSync(file, "utf8").replace(/"exportedAt":"[^"]+"/, '"exportedAt":"…"');
}

function importFrom(url: string, file: string) {
  const res = cli("import", [file], url);
  expect(res.status, res.out).toBe(0);
}

test("an export moves between databases (and engines) without changing a byte but its export time", async () => {
  test.setTimeout(300_000);
  fs.mkdirSync(DIR, { recursive: true });
  // The source: SQLite, with the demo corpus, people and a rich set of annotations, replies and verdicts.
  const source = `file:${path.join(DIR, "source.db")}`;
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(path.join(DIR, `source.db${s}`), { force: true });
  expect(cli("migrate", ["--quiet"], source).status).toBe(0);
  const fixture = path.join(DIR, "fixture.json");
  const made = run(tsx, ["--conditions=react-server", "e2e/support/roundtrip-fixture.ts", fixture], source);
  expect(made.status, made.out).toBe(0);
  importFrom(source, fixture);
  const first = exportTo(source, path.join(DIR, "1-source.json"));
  expect(JSON.parse(first).documents.length).toBeGreaterThan(0);
  // The page from HTML keeps its structure (a link, a footnote) and its annotation's suggestion origin.
  const quay = (JSON.parse(first) as { documents: Array<{ id: string; structure: { ranges: Array<{ type: string; url?: string; note?: string }> }; annotations: Array<{ suggestion: unknown }> }> }).documents.find((d) => d.id === "doc-quay")!;
  expect(quay.structure.ranges.find((r) => r.type === "link")?.url).toBe("https://board.example.org/minutes");
  expect(quay.structure.ranges.find((r) => r.type === "citation")?.note).toBe("n1");
  expect(quay.annotations[0].suggestion).toMatchObject({ kind: "likely-sourced" });
  // …and its history: two versions of the text, a revision and an earlier placement of the annotation
  const history = JSON.parse(first) as { documents: Array<{ id: string; version: number; versions: Array<{ version: number; note: string | null }>; annotations: Array<{ revisions: unknown[]; placements: unknown[] }> }> };
  const quayHistory = history.documents.find((d) => d.id === "doc-quay")!;
  expect(quayHistory.version).toBe(2);
  expect(quayHistory.versions.map((v) => [v.version, v.note])).toEqual([[1, null], [2, "Draft line cut"]]);
  expect([quayHistory.annotations[0].revisions.length, quayHistory.annotations[0].placements.length]).toEqual([1, 1]);

  const middle = await prepare(E2E_ENGINE === "postgres" ? "roundtrip_pg" : "roundtrip_middle");
  importFrom(middle, path.join(DIR, "1-source.json"));
  const second = exportTo(middle, path.join(DIR, "2-middle.json"));
  expect(second).toBe(first);

  const back = `file:${path.join(DIR, "back.db")}`;
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(path.join(DIR, `back.db${s}`), { force: true });
  expect(cli("migrate", ["--quiet"], back).status).toBe(0);
  importFrom(back, path.join(DIR, "2-middle.json"));
  expect(exportTo(back, path.join(DIR, "3-back.json"))).toBe(first);
});
