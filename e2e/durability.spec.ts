import { test, expect, type APIRequestContext } from "@playwright/test";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { hashPassword } from "../lib/auth/password";
import { apiAs } from "./support/auth";
import { ACCOUNTS, E2E_PORT } from "./support/env";
import { documentByTitle } from "./support/api";
import { TestServer } from "./support/server";

// Its own server and database: this spec kills the server mid-write.
const DIR = path.resolve(".data", "e2e");
const server = new TestServer(E2E_PORT + 60, path.join(DIR, "durability.db"));
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
  const db = new Database(server.db);
  const hash = await hashPassword(PASSWORD);
  const now = new Date().toISOString().replace("Z", "+00:00");
  const insert = db.prepare(
    "INSERT INTO User (id, email, name, role, active, passwordHash, createdAt, updatedAt) VALUES (?, ?, ?, 'reviewer', 1, ?, ?, ?)",
  );
  reviewers = Array.from({ length: WRITERS }, (_, i) => {
    const email = `writer${i}-${crypto.randomUUID().slice(0, 6)}@e2e.apparatus`;
    insert.run(crypto.randomUUID(), email, `Writer ${i}`, hash, now, now);
    return email;
  });
  db.close();
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

  const db = new Database(server.db);
  expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
  db.close();

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
  const backup = path.join(DIR, "durability-backup.db");
  fs.rmSync(backup, { force: true });
  const env = { ...process.env, DATABASE_URL: `file:${server.db}` };
  const out = execFileSync(path.join("node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/backup.ts", backup], { env, encoding: "utf8" });
  expect(out).toContain("integrity ok");
  stop = true;
  await Promise.all(writing);

  const copy = new Database(backup, { readonly: true });
  expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
  const inBackup = (copy.prepare("SELECT count(*) AS n FROM Annotation WHERE deletedAt IS NULL").get() as { n: number }).n;
  copy.close();
  expect(inBackup).toBeGreaterThan(0);

  // Restore into a new database file and serve it.
  const restoredDb = path.join(DIR, "durability-restored.db");
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(restoredDb + s, { force: true });
  execFileSync(path.join("node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/restore.ts", backup], {
    env: { ...process.env, DATABASE_URL: `file:${restoredDb}` },
  });
  const restored = new TestServer(E2E_PORT + 61, restoredDb);
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
