import { test, expect, type APIRequestContext } from "@playwright/test";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { hashPassword } from "../lib/auth/password";
import { apiAs } from "./support/auth";
import { ACCOUNTS, E2E_ENGINE, E2E_PORT, e2eDatabaseUrl } from "./support/env";
import { emptyDatabase, integrityCheck, sql, storedTime } from "./support/db";
import { documentByTitle } from "./support/api";
import { TestServer } from "./support/server";

// Its own server and database: this spec kills the server mid-write.
const DIR = path.resolve(".data", "e2e");
const server = new TestServer(E2E_PORT + 60, "durability");
const WRITERS = 20;
const PASSWORD = "durability-password";

test.describe.configure({ mode: "serial", timeout: 240_000 });

let reviewers: string[] = [];

async function signInAll(): Promise<APIRequestContext[]> {
  return Promise.all(reviewers.map((email) => apiAs(email, PASSWORD, server.baseURL)));
}

/** Spans over the document's words, so every create is valid. */
function spans(text: string) {
  const cps = [...text];
  const out: Array<{ start: number; end: number; quote: string }> = [];
  const words = /[\p{L}]{4,}/gu;
  for (const m of text.matchAll(words)) {
    const start = [...text.slice(0, m.index)].length;
    out.push({ start, end: start + [...m[0]].length, quote: cps.slice(start, start + [...m[0]].length).join("") });
  }
  return out;
}

test.beforeAll(async () => {
  test.setTimeout(180_000); // a fresh server (seeding hashes three passwords) and one more hash here
  await server.start(true);
  // Twenty reviewer accounts, written straight into the throw-away database (the server reads it per request).
  const hash = await hashPassword(PASSWORD);
  const now = storedTime(new Date());
  reviewers = [];
  for (let i = 0; i < WRITERS; i++) {
    const email = `writer${i}-${crypto.randomUUID().slice(0, 6)}@e2e.apparatus`;
    await sql(
      `INSERT INTO "User" ("id", "email", "name", "role", "active", "passwordHash", "createdAt", "updatedAt") VALUES (?, ?, ?, 'reviewer', ?, ?, ?, ?)`,
      [crypto.randomUUID(), email, `Writer ${i}`, E2E_ENGINE === "sqlite" ? 1 : true, hash, now, now],
      server.databaseUrl,
    );
    reviewers.push(email);
  }
});

test.afterAll(() => server.kill());

test("twenty reviewers writing at once never see a locked database", async () => {
  const clients = await signInAll();
  const doc = await documentByTitle(clients[0], "Anti-Stalinist left");
  const all = spans(doc.text);
  const results = await Promise.all(
    clients.flatMap((client, w) =>
      Array.from({ length: 10 }, (_, k) => {
        const s = all[(w * 10 + k) % all.length];
        return client
          .post(`/api/documents/${doc.id}/annotations`, { data: { ...s, classification: "opinion", evidence: [] } })
          .then(async (r) => ({ status: r.status(), body: await r.text() }));
      }),
    ),
  );
  const failures = results.filter((r) => r.status !== 201);
  expect(failures, JSON.stringify(failures.slice(0, 3))).toEqual([]);
  expect(results.some((r) => /locked|SQLITE_BUSY/i.test(r.body))).toBe(false);
  await Promise.all(clients.map((c) => c.dispose()));
});

test("every annotation the API confirmed survives a SIGKILL of the server, and the database stays intact", async () => {
  const clients = await signInAll();
  const doc = await documentByTitle(clients[0], "Worker IMT Recruit Forced Out of Party by IMT Nanobureaucracy");
  const all = spans(doc.text);
  const confirmed: string[] = [];
  let stop = false;
  const writer = async (client: APIRequestContext, w: number) => {
    for (let k = 0; !stop && k < 500; k++) {
      const s = all[(w * 37 + k) % all.length];
      try {
        const res = await client.post(`/api/documents/${doc.id}/annotations`, {
          data: { ...s, classification: "contested", evidence: [] },
          timeout: 5000,
        });
        if (res.status() === 201) confirmed.push(((await res.json()) as { id: string }).id);
      } catch {
        return; // the server is gone
      }
    }
  };
  const running = clients.map((c, w) => writer(c, w));
  while (confirmed.length < 150) await new Promise((r) => setTimeout(r, 20));
  server.kill();
  stop = true;
  await Promise.all(running);
  expect(confirmed.length).toBeGreaterThanOrEqual(150);

  expect(await integrityCheck(server.databaseUrl)).toBe("ok");

  await server.start(false);
  const reader = await apiAs(ACCOUNTS.rosa, undefined, server.baseURL);
  const { annotations } = (await (await reader.get(`/api/documents/${doc.id}/annotations`)).json()) as { annotations: Array<{ id: string }> };
  const stored = new Set(annotations.map((a) => a.id));
  const lost = confirmed.filter((id) => !stored.has(id));
  expect(lost).toEqual([]);
  await reader.dispose();
  await Promise.all(clients.map((c) => c.dispose().catch(() => undefined)));
});

test("an online backup taken while reviewers write is consistent and restores into a working app", async () => {
  const clients = await signInAll();
  const doc = await documentByTitle(clients[0], "The Spark");
  const all = spans(doc.text);
  let stop = false;
  const writing = clients.map(async (client, w) => {
    for (let k = 0; !stop && k < 200; k++) {
      const s = all[(w * 11 + k) % all.length];
      await client.post(`/api/documents/${doc.id}/annotations`, { data: { ...s, classification: "sourced", evidence: [] } });
    }
  });
  await new Promise((r) => setTimeout(r, 500));
  const backup = path.join(DIR, E2E_ENGINE === "sqlite" ? `durability-backup-${E2E_PORT}.db` : `durability-backup-${E2E_PORT}.dump`);
  fs.rmSync(backup, { force: true });
  const env = { ...process.env, DATABASE_URL: server.databaseUrl };
  const out = execFileSync(path.join("node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/backup.ts", backup], { env, encoding: "utf8" });
  expect(out).toContain(E2E_ENGINE === "sqlite" ? "integrity ok" : "archive verified");
  expect(fs.statSync(backup).mode & 0o077).toBe(0); // a private file
  stop = true;
  await Promise.all(writing);

  // Restore into a new, empty database and serve it.
  const restoredUrl = e2eDatabaseUrl("durability_restored");
  await emptyDatabase(restoredUrl);
  execFileSync(path.join("node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/restore.ts", backup, "--force"], {
    env: { ...process.env, DATABASE_URL: restoredUrl },
  });
  expect(await integrityCheck(restoredUrl)).toBe("ok");
  const counted = await sql<{ n: number | string }>(`SELECT count(*) AS n FROM "Annotation" WHERE "deletedAt" IS NULL`, [], restoredUrl);
  const inBackup = Number(counted.rows[0].n);
  expect(inBackup).toBeGreaterThan(0);
  const restored = new TestServer(E2E_PORT + 61, "durability_restored");
  await restored.start(false);
  try {
    const api = await apiAs(ACCOUNTS.admin, undefined, restored.baseURL);
    let total = 0;
    const { documents } = (await (await api.get("/api/documents?pageSize=100")).json()) as { documents: Array<{ id: string }> };
    for (const d of documents) total += ((await (await api.get(`/api/documents/${d.id}/annotations`)).json()) as { annotations: unknown[] }).annotations.length;
    expect(total).toBe(inBackup);
    await api.dispose();
  } finally {
    restored.kill();
  }
  await Promise.all(clients.map((c) => c.dispose()));
});
