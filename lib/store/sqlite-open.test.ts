// The SQLite engine touches no file until it is used (a build imports the stores: scripts/lib/build-opens-no-database.test.ts),
// and once closed it is never opened again (a CLI command's store, closed at its end while a poll may still look).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, expect, it } from "vitest";
import { createSqliteEngine } from "./sqlite";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-open-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

it("opens the file on first use, with its checkpoints, and closes it", async () => {
  const file = path.join(dir, "used.db");
  const engine = createSqliteEngine(file, {});
  expect(fs.existsSync(file)).toBe(false);
  expect(engine.checkpoints).toBeNull();
  const { rows } = await engine.kysely.executeQuery(sql<{ one: number }>`select 1 as one`.compile(engine.kysely));
  expect(rows).toEqual([{ one: 1 }]);
  expect(fs.existsSync(file)).toBe(true);
  expect(engine.connection.open).toBe(true);
  await engine.close();
  expect(engine.closed).toBe(true);
  expect(engine.connection.open).toBe(false);
});

it("never opens a file once closed unused", async () => {
  const file = path.join(dir, "unused.db");
  const engine = createSqliteEngine(file, {});
  await engine.close();
  expect(() => engine.connection).toThrow(/not open/);
  await expect(engine.kysely.executeQuery(sql`select 1`.compile(engine.kysely))).rejects.toThrow(/not open/);
  expect(fs.existsSync(file)).toBe(false);
});
