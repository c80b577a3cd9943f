// `npm run user:create`, `npm run backup` and `npm run export` as the README gives them, run as child processes on a
// throw-away SQLite file: what they refuse, and that a refusal names the problem and changes nothing.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = process.cwd();
let dir: string;
let database: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-commands-"));
  database = path.join(dir, "app.db");
  execFileSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${database}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function npmRun(script: "user:create" | "backup" | "export", args: string[], stdin = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", script, "--", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `file:${database}` },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

function emails(): string[] {
  const conn = new Database(database, { readonly: true });
  try {
    return (conn.prepare(`SELECT email FROM "User" ORDER BY email`).all() as Array<{ email: string }>).map((r) => r.email);
  } finally {
    conn.close();
  }
}

describe("npm run user:create", () => {
  it("refuses what POST /api/users refuses, naming the flag, and creates nobody", async () => {
    const bad = await npmRun("user:create", ["--email", "a@b", "--name", "n".repeat(201), "--role", "viewer", "--password", "long enough 1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--email: That does not look like an email address.");
    expect(bad.stderr).toContain("--name: A name can have at most 200 characters.");
    const blank = await npmRun("user:create", ["--email", "x@example.org", "--name", "   ", "--role", "viewer", "--password", "long enough 1"]);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain("--name: A name is required.");
    const role = await npmRun("user:create", ["--email", "x@example.org", "--name", "X", "--role", "owner", "--password", "long enough 1"]);
    expect(role.code).toBe(2);
    expect(role.stderr).toContain("--role: Role must be one of: admin, editor, reviewer, viewer.");
    // a scheduled job with nothing on its standard input is told that no password came, not that it was short
    const none = await npmRun("user:create", ["--email", "x@example.org", "--name", "X", "--role", "viewer"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("No password was given: pass --password P, type it when asked, or pipe it in");
    expect(emails()).toEqual([]);
  });

  it("creates the account with the address as the API stores it; a piped password works", async () => {
    const ok = await npmRun("user:create", ["--email", " Desk@Example.ORG ", "--name", "Desk", "--role", "editor"], "piped password 1\n");
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("Created editor desk@example.org (Desk).");
    expect(emails()).toContain("desk@example.org");
    const again = await npmRun("user:create", ["--email", "desk@example.org", "--name", "Desk", "--role", "editor", "--password", "long enough 1"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("Refused: A user with the email desk@example.org already exists.");
  });
});

describe("npm run backup", () => {
  it("refuses a folder, a missing folder and unknown options before copying anything, and backs up to a file", async () => {
    const folder = path.join(dir, "backups");
    fs.mkdirSync(folder);
    for (const args of [[folder], [folder, "--force"]]) {
      const run = await npmRun("backup", args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${folder} is a folder: name the backup file`);
    }
    expect(fs.readdirSync(dir).filter((n) => n.endsWith(".partial"))).toEqual([]);

    const missing = path.join(dir, "nowhere", "x.db");
    const lost = await npmRun("backup", [missing]);
    expect(lost.code).toBe(2);
    expect(lost.stderr).toContain(`the folder ${path.dirname(missing)} does not exist`);

    const unknown = await npmRun("backup", [path.join(folder, "a.db"), "--forse"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--forse'");
    const two = await npmRun("backup", [path.join(folder, "a.db"), path.join(folder, "b.db")]);
    expect(two.code).toBe(2);
    expect(fs.readdirSync(folder)).toEqual([]);

    const file = path.join(folder, "a.db");
    const ok = await npmRun("backup", [file]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`to ${file}`);
    const exists = await npmRun("backup", [file]);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain("exists; pass --force to overwrite it");
    expect((await npmRun("backup", [file, "--force"])).code).toBe(0);
  });
});

describe("npm run export", () => {
  it("--base-url is an http(s) site address: another scheme, or a path the links would drop, is refused", async () => {
    const out = path.join(dir, "export.json");
    for (const [base, message] of [
      ["mailto:desk@example.org", "--base-url mailto:desk@example.org is not an http(s) address."],
      ["ftp://desk.example.org", "--base-url ftp://desk.example.org is not an http(s) address."],
      ["https://desk.example.org/apparatus", "--base-url https://desk.example.org/apparatus: give the site's address alone (https://desk.example.org)"],
      ["https://desk.example.org/?x=1", "--base-url https://desk.example.org/?x=1: give the site's address alone"],
    ]) {
      const run = await npmRun("export", ["--format", "w3c", "--out", out, "--base-url", base]);
      expect(run.code, base).toBe(2);
      expect(run.stderr, base).toContain(message);
      expect(fs.existsSync(out), base).toBe(false);
    }
    const ok = await npmRun("export", ["--format", "w3c", "--out", out, "--base-url", "https://desk.example.org/"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, "utf8")).id).toBe("https://desk.example.org/api/export?format=w3c");
    // private, as a backup is (a native one names people's addresses), also when it replaces a file
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    fs.chmodSync(out, 0o644);
    expect((await npmRun("export", ["--format", "native", "--out", out])).code).toBe(0);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
  });
});
