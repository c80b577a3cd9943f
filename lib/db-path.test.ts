import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "./db";
import { sql } from "./sql";
import { restrictToOwner } from "./db-path";

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe("database file permissions", () => {
  it("the app's database and its WAL and shared-memory files are readable by their owner only", async () => {
    await db.setting.upsert({ where: { key: "permissions-check" }, create: { key: "permissions-check", value: "1" }, update: { value: "1" } });
    sql.prepare("SELECT count(*) FROM Setting").get();
    const file = process.env.DATABASE_URL!.replace(/^file:/, "");
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f).toString(8), f).toBe("600");
  });

  it("creates a missing database 0600, narrows an existing one, and SQLite's -wal/-shm follow", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-perm-"));
    try {
      const fresh = path.join(dir, "fresh.db");
      restrictToOwner(fresh, { create: true });
      const conn = new Database(fresh);
      conn.pragma("journal_mode = WAL");
      conn.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
      for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`]) expect(mode(f).toString(8), f).toBe("600");
      conn.close();

      const old = path.join(dir, "old.db");
      fs.writeFileSync(old, "", { mode: 0o644 });
      fs.chmodSync(old, 0o644);
      restrictToOwner(old, { create: true });
      expect(mode(old).toString(8)).toBe("600");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("never releases the locks of this process's open connections: another process closing keeps the WAL", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-lock-"));
    try {
      const file = path.join(dir, "locked.db");
      restrictToOwner(file, { create: true });
      const conn = new Database(file);
      conn.pragma("journal_mode = WAL");
      conn.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
      restrictToOwner(file, { create: true }); // as a second opener in the same process does
      // Another process opens and closes the database. Were our locks gone, it would take itself for
      // the last connection and remove the WAL, with our committed rows, from under us.
      const script = `const D = require("better-sqlite3"); const d = new D(${JSON.stringify(file)}); d.prepare("SELECT count(*) FROM t").get(); d.close();`;
      execFileSync(process.execPath, ["-e", script], { stdio: "pipe" });
      expect(fs.existsSync(`${file}-wal`)).toBe(true);
      conn.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("npm run backup writes a 0600 file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-backup-"));
    try {
      const out = path.join(dir, "copy.db");
      execFileSync(path.join("node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/backup.ts", out], { env: process.env, stdio: "pipe" });
      expect(mode(out).toString(8)).toBe("600");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
