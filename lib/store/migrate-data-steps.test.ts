// A migration's data step (lib/store/data-steps.ts) fills in what its SQL cannot compute, for the rows
// already there, on the run's engine (a SQLite file, or a PostgreSQL database of its own): document_title_key
// gives every existing document the sort key a new one gets, so old and new titles sort together. Also a
// migration that is data alone, in SQL: responses_seen_baseline.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, migrationsDir, readMigrations } from "./migrate";
import { parseDatabaseUrl } from "./url";
import { sortKey } from "@/lib/sort-key";
import { toIso } from "./time";

const TITLE_KEY = "20261206173953_document_title_key";
const SEEN_BASELINE = "20261206204500_responses_seen_baseline";
const postgres = Boolean(process.env.TEST_POSTGRES_URL);
const engine = postgres ? "postgres" : "sqlite";
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-data-steps-"));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project root holding the engine's checked-in migrations before `before`. */
function rootBefore(before: string): string {
  const at = path.join(dir, `before-${before}`);
  const target = migrationsDir(engine, at);
  const source = migrationsDir(engine);
  fs.mkdirSync(target, { recursive: true });
  for (const m of fs.readdirSync(source)) {
    if (!fs.existsSync(path.join(source, m, "migration.sql")) || m >= before) continue;
    fs.mkdirSync(path.join(target, m));
    fs.copyFileSync(path.join(source, m, "migration.sql"), path.join(target, m, "migration.sql"));
  }
  return at;
}

const TITLES = ["Äpfel und Birnen", "zola", "Élan vital", "  “Straße” der Zeit", "apple"];

/** Runs SQL with ? placeholders on the engine's database. */
async function connect(url: string) {
  if (!postgres) {
    const target = parseDatabaseUrl(url);
    const db = new Database(target.engine === "sqlite" ? target.file : "");
    return {
      run: async (q: string, values: unknown[] = []) => void db.prepare(q).run(...values),
      all: async (q: string) => db.prepare(q).all() as Array<Record<string, unknown>>,
      close: async () => db.close(),
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const numbered = (q: string) => {
    let n = 0;
    return q.replace(/\?/g, () => `$${++n}`);
  };
  return {
    run: async (q: string, values: unknown[] = []) => void (await client.query(numbered(q), values)),
    all: async (q: string) => (await client.query(q)).rows as Array<Record<string, unknown>>,
    close: () => client.end(),
  };
}

describe("migration data steps", () => {
  it("document_title_key gives the documents already there their titles' sort keys", async () => {
    const url = postgres
      ? await (await import("@/lib/testing/postgres")).postgresDatabaseUrl(`unit_${process.env.APPARATUS_TEST_RUN}_data_steps`) // dropped with the run's
      : `file:${path.join(dir, "title-key.db")}`;
    await migrate(parseDatabaseUrl(url), { root: rootBefore(TITLE_KEY) });
    let db = await connect(url);
    try {
      let i = 0;
      for (const title of TITLES) {
        i++;
        await db.run(
          `INSERT INTO "Document" ("id", "title", "kind", "text", "textHash", "length", "words", "updatedAt", "deletedAt") VALUES (?, ?, 'book', ?, ?, 10, 2, ?, ?)`,
          [`d${i}`, title, `Text ${i}.`, `hash-${i}`, "2026-12-06T10:00:00.000Z", i === 5 ? "2026-12-06T11:00:00.000Z" : null],
        );
      }
    } finally {
      await db.close();
    }
    const pending = readMigrations(engine).map((m) => m.name).filter((name) => name >= TITLE_KEY);
    expect(await migrate(parseDatabaseUrl(url))).toEqual(pending);
    db = await connect(url);
    try {
      const rows = await db.all(`SELECT "id", "title", "titleKey" FROM "Document" ORDER BY "id"`);
      expect(rows.map((r) => r.titleKey)).toEqual(TITLES.map(sortKey));
      expect(rows.map((r) => r.titleKey)).toEqual(["apfel und birnen", "zola", "elan vital", "strasse” der zeit", "apple"]);
    } finally {
      await db.close();
    }
  });

  it("responses_seen_baseline: people already there have seen the responses before it; a time already set stays", async () => {
    const url = postgres
      ? await (await import("@/lib/testing/postgres")).postgresDatabaseUrl(`unit_${process.env.APPARATUS_TEST_RUN}_seen_baseline`) // dropped with the run's
      : `file:${path.join(dir, "seen-baseline.db")}`;
    await migrate(parseDatabaseUrl(url), { root: rootBefore(SEEN_BASELINE) });
    let db = await connect(url);
    const before = Date.now();
    try {
      for (const [id, seen] of [["never", null], ["looked", "2026-12-06T10:00:00.000+00:00"]] as const) {
        await db.run(`INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt", "responsesSeenAt") VALUES (?, ?, ?, 'x', ?, ?)`, [id, `${id}@example.org`, id, "2026-12-06T10:00:00.000+00:00", seen]);
      }
    } finally {
      await db.close();
    }
    expect(await migrate(parseDatabaseUrl(url))).toEqual(readMigrations(engine).map((m) => m.name).filter((name) => name >= SEEN_BASELINE));
    db = await connect(url);
    try {
      const rows = await db.all(`SELECT "id", "responsesSeenAt" FROM "User" ORDER BY "id"`);
      const seen = new Map(rows.map((r) => [r.id, toIso(r.responsesSeenAt as string | Date)]));
      expect(seen.get("looked")).toBe("2026-12-06T10:00:00.000Z");
      const baseline = Date.parse(seen.get("never")!);
      expect(baseline).toBeGreaterThanOrEqual(before - 1000); // stored to the millisecond or the second
      expect(baseline).toBeLessThanOrEqual(Date.now());
      if (!postgres) expect(rows.find((r) => r.id === "never")!.responsesSeenAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
    } finally {
      await db.close();
    }
  });
});
