// `npm run user:create` as the README gives it, run as child processes on a
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

function npmRun(script: "user:create", args: string[], stdin = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
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
