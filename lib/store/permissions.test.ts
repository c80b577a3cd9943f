// Files that hold the data are private (0600): the SQLite database with its WAL and shared-memory
// files, and every backup (SQLite copy or pg_dump archive). Runs on both legs: the SQLite opener is
// exercised on files of its own, and the configured database (either engine) is backed up.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db as prisma, engine } from "@/lib/testing/db";
import { backupDatabase, restoreDatabase } from "./backup";
import { createSqliteEngine } from "./sqlite";
import { databaseTarget } from "./url";

const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

async function withTempDir(prefix: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    await fn(dir);
  } finally {
    // Retried: SQLite's checkpoint worker thread may still be writing the -wal/-shm of a database just
    // closed there, and the folder is then "not empty" for a moment (ENOTEMPTY in two loaded runs).
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
}

describe("database and backup file permissions", () => {
  it("the SQLite opener creates the database, its WAL and shared-memory files 0600 and narrows an existing 0644 file", () =>
    withTempDir("apparatus-perm-", async (dir) => {
      const fresh = path.join(dir, "fresh.db");
      const a = createSqliteEngine(fresh, {});
      a.connection.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
      for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`]) expect(mode(f), f).toBe("600");
      a.connection.close();

      const old = path.join(dir, "old.db");
      fs.writeFileSync(old, "", { mode: 0o644 });
      fs.chmodSync(old, 0o644);
      const b = createSqliteEngine(old, {});
      b.connection.pragma("user_version"); // opened on first use
      expect(mode(old)).toBe("600");
      b.connection.close();

      if (engine === "sqlite") {
        // and the run's own database, opened by the app's store
        await prisma.setting.upsert({ where: { key: "permissions-check" }, create: { key: "permissions-check", value: "1" }, update: { value: "1" } });
        const file = process.env.DATABASE_URL!.replace(/^file:/, "");
        for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f), f).toBe("600");
      }
    }));

  it("a backup of the configured database is written 0600 (SQLite copy or pg_dump archive)", () =>
    withTempDir("apparatus-backup-", async (dir) => {
      const out = path.join(dir, "copy.backup");
      await backupDatabase(databaseTarget(), out);
      expect(mode(out)).toBe("600");
    }));

  it("a SQLite backup and the database restored from it are 0600, whatever the backup's mode on the way back", () =>
    withTempDir("apparatus-restore-", async (dir) => {
      const source = path.join(dir, "source.db");
      const s = createSqliteEngine(source, {});
      s.connection.exec("CREATE TABLE _prisma_migrations (x); CREATE TABLE Document (x); CREATE TABLE Annotation (x); CREATE TABLE User (x)");
      s.connection.close();
      const out = path.join(dir, "copy.db");
      await backupDatabase({ engine: "sqlite", file: source, display: source }, out);
      expect(mode(out)).toBe("600");
      fs.chmodSync(out, 0o644);
      const restored = path.join(dir, "restored.db");
      await restoreDatabase({ engine: "sqlite", file: restored, display: restored }, out);
      expect(mode(restored)).toBe("600");
    }));
});
