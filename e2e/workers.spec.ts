// Several server processes on one database (issue "Many processes, one truth"), on either engine:
// - two servers of their own (ports +50 and +51, one process each, so the test knows which process
//   serves whom) share live updates, presence and the sign-in throttle through the database;
// - a WORKERS=2 server on one port (+52, node:cluster) loses one worker to SIGKILL while twenty writers
//   work through it: every confirmed write is stored, the other worker keeps serving, the database is
//   intact, and live streams reconnect and miss nothing.
import { test, expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import { hashPassword } from "../lib/auth/password";
import { apiAs } from "./support/auth";
import { ACCOUNTS, DEMO_PASSWORD, E2E_ENGINE, E2E_PORT, e2eDatabaseUrl } from "./support/env";
import { integrityCheck, sql, storedTime } from "./support/db";
import { annotate, documentByTitle } from "./support/api";
import { annotationsRegion } from "./support/reader";
import { TestServer } from "./support/server";

const LIVE = { timeout: 2000 }; // the product promises changes within two seconds
const one = new TestServer(E2E_PORT + 50, "workers");
const two = new TestServer(E2E_PORT + 51, "workers");
const DOC = "The Spark";

test.describe.configure({ mode: "serial", timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000); // two production servers starting on a loaded machine
  await one.start(true);
  // The second starts next to a running server on the same database: it migrates (nothing to do) and serves.
  await two.start(false);
});

test.afterAll(() => {
  one.kill();
  two.kill();
});

async function readerOn(browser: Browser, server: TestServer, email: string): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: server.baseURL });
  const page = await ctx.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 60_000 }); // a cold server on a loaded machine
  return page;
}

async function openReader(page: Page, id: string) {
  await page.goto(`/documents/${id}`);
  await expect(page.getByRole("region", { name: "Document text" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("live-status")).toHaveText("● Live", { timeout: 30_000 });
}

test("a reader served by one process sees, within 2 s, an annotation, a reply, a verdict and a deletion made through the other, and presence from both", async ({
  browser,
}) => {
  const victor = await apiAs(ACCOUNTS.victor, DEMO_PASSWORD, two.baseURL);
  const admin = await apiAs(ACCOUNTS.admin, DEMO_PASSWORD, two.baseURL);
  const doc = await documentByTitle(victor, DOC);

  const rosa = await readerOn(browser, one, ACCOUNTS.rosa); // page and stream on process one
  await openReader(rosa, doc.id);
  const victorPage = await readerOn(browser, two, ACCOUNTS.victor); // page and stream on process two
  await openReader(victorPage, doc.id);
  // Presence: each sees the other, whose stream another process serves.
  await expect(rosa.getByText("Also here: Victor Reviewer")).toBeVisible(LIVE);
  await expect(victorPage.getByText("Also here: Rosa Reviewer")).toBeVisible(LIVE);

  // Through process two: an annotation, a reply, a verdict, a deletion.
  const phrase = doc.text.match(/[\p{L}]{6,}/u)![0];
  const created = await annotate(victor, doc, phrase, "sourced");
  const entry = annotationsRegion(rosa).getByRole("article", { name: /Sourced annotation by Victor Reviewer/ });
  await expect(entry).toBeVisible(LIVE);

  const reply = await admin.post(`/api/annotations/${created.id}/replies`, { data: { body: "Checked against the archive." } });
  expect(reply.status(), await reply.text()).toBe(201);
  await expect(entry.getByRole("button", { name: "Discussion (1)" })).toBeVisible(LIVE);

  const verdict = await admin.put(`/api/annotations/${created.id}/verdict`, { data: { verdict: "dispute", proposedClass: "contested" } });
  expect(verdict.status(), await verdict.text()).toBe(200);
  await expect(entry.getByTestId("dispute-count")).toHaveText("1 dispute", LIVE);

  const deleted = await victor.delete(`/api/annotations/${created.id}`);
  expect(deleted.ok(), await deleted.text()).toBeTruthy();
  await expect(annotationsRegion(rosa).getByRole("article", { name: /by Victor Reviewer/ })).toHaveCount(0, LIVE);

  // Victor's page goes away: Rosa's list drops him (the row is deleted when his stream closes).
  await victorPage.context().close();
  await expect(rosa.getByText("Also here: Victor Reviewer")).toBeHidden({ timeout: 5000 });
  await rosa.context().close();
  await Promise.all([victor.dispose(), admin.dispose()]);
});

// ------------------------------------------------------------------------------------------------
// SIGKILL of one of two workers under load.

const WRITERS = 20;
const PASSWORD = "workers-kill-password";

class ClusterServer {
  private child: ChildProcess | null = null;
  readonly workers = new Map<number, number>(); // slot → pid
  readonly databaseUrl = e2eDatabaseUrl("workers_kill");
  constructor(readonly port: number) {}
  get baseURL() {
    return `http://localhost:${this.port}`;
  }
  async start() {
    this.child = spawn("node", ["scripts/e2e-server.mjs"], {
      env: { ...process.env, PORT: String(this.port), E2E_DATABASE_URL: this.databaseUrl, E2E_KEEP_DB: "0", WORKERS: "2" },
      detached: true,
      stdio: ["ignore", "pipe", "inherit"],
    });
    this.child.stdout!.setEncoding("utf8");
    this.child.stdout!.on("data", (text: string) => {
      for (const m of text.matchAll(/worker (\d+) pid (\d+)/g)) this.workers.set(Number(m[1]), Number(m[2]));
    });
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${this.baseURL}/login`)).ok && this.workers.size === 2) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`cluster on ${this.port} did not come up`);
  }
  kill() {
    if (this.child?.pid) {
      try {
        process.kill(-this.child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    this.child = null;
  }
}

/** A live stream read as a page reads it: reconnects after a drop with Last-Event-ID. */
function follow(baseURL: string, cookie: string, documentId: string) {
  const created = new Set<string>();
  const controller = new AbortController();
  let lastId = 0;
  let connections = 0;
  let ready!: () => void;
  const firstReady = new Promise<void>((r) => (ready = r));
  const run = (async () => {
    while (!controller.signal.aborted) {
      try {
        const res = await fetch(`${baseURL}/api/documents/${documentId}/events`, {
          headers: { cookie, ...(lastId ? { "last-event-id": String(lastId) } : {}) },
          signal: controller.signal,
        });
        connections++;
        const decoder = new TextDecoder();
        let buffer = "";
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const id = /^id: (\d+)$/m.exec(block);
            const data = /^data: (.*)$/m.exec(block);
            if (/^event: ready$/m.test(block)) {
              lastId = Math.max(lastId, (JSON.parse(data![1]) as { lastEventId: number }).lastEventId);
              ready();
            } else if (id && data) {
              lastId = Number(id[1]);
              const event = JSON.parse(data[1]) as { type: string; payload: { annotation?: { id: string } } };
              if (event.type === "annotation.created" && event.payload.annotation) created.add(event.payload.annotation.id);
            }
          }
        }
      } catch {
        // the worker serving it died, or we stopped: reconnect (as the browser's EventSource does)
      }
      if (!controller.signal.aborted) await new Promise((r) => setTimeout(r, 300));
    }
  })();
  return {
    created,
    firstReady,
    connections: () => connections,
    stop: async () => {
      controller.abort();
      await run;
    },
  };
}

test("SIGKILL of one of two workers under twenty writers: every confirmed write is stored, the other keeps serving, streams miss nothing, the database is intact", async () => {
  const cluster = new ClusterServer(E2E_PORT + 52);
  await cluster.start();
  try {
    const hash = await hashPassword(PASSWORD);
    const now = storedTime(new Date());
    const emails: string[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const email = `kill-writer${i}-${crypto.randomUUID().slice(0, 6)}@e2e.apparatus`;
      await sql(
        `INSERT INTO "User" ("id", "email", "name", "role", "active", "passwordHash", "createdAt", "updatedAt") VALUES (?, ?, ?, 'reviewer', ?, ?, ?, ?)`,
        [crypto.randomUUID(), email, `Kill Writer ${i}`, E2E_ENGINE === "sqlite" ? 1 : true, hash, now, now],
        cluster.databaseUrl,
      );
      emails.push(email);
    }
    const clients: APIRequestContext[] = [];
    for (const email of emails) clients.push(await apiAs(email, PASSWORD, cluster.baseURL));
    const doc = await documentByTitle(clients[0], DOC);
    const words = [...doc.text.matchAll(/[\p{L}]{4,}/gu)].map((m) => {
      const start = [...doc.text.slice(0, m.index)].length;
      return { start, end: start + [...m[0]].length, quote: m[0] };
    });

    // Four open pages' streams: the cluster hands connections out in turn, so both workers serve some.
    const cookies = await Promise.all(clients.slice(0, 4).map(async (c) => (await c.storageState()).cookies.map((k) => `${k.name}=${k.value}`).join("; ")));
    const streams = cookies.map((cookie) => follow(cluster.baseURL, cookie, doc.id));
    await Promise.all(streams.map((s) => s.firstReady));

    const confirmed: string[] = [];
    let afterKill = 0;
    let killed = false;
    let stop = false;
    const writer = async (client: APIRequestContext, w: number) => {
      for (let k = 0; !stop; k++) {
        const s = words[(w * 37 + k) % words.length];
        try {
          const res = await client.post(`/api/documents/${doc.id}/annotations`, { data: { ...s, classification: "contested", evidence: [] }, timeout: 10_000 });
          if (res.status() === 201) {
            confirmed.push(((await res.json()) as { id: string }).id);
            if (killed) afterKill++;
          }
        } catch {
          await new Promise((r) => setTimeout(r, 100)); // its connection died with the worker: the next request gets a new one
        }
      }
    };
    const running = clients.map((c, w) => writer(c, w));
    while (confirmed.length < 150) await new Promise((r) => setTimeout(r, 20));
    const victim = cluster.workers.get(1)!;
    process.kill(victim, "SIGKILL");
    killed = true;
    // The other worker keeps serving: more writes are confirmed after the kill.
    const deadline = Date.now() + 60_000;
    while (afterKill < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await Promise.all(running);
    expect(afterKill).toBeGreaterThanOrEqual(150);
    expect((await fetch(`${cluster.baseURL}/login`)).ok).toBe(true);

    // Every confirmed write is stored.
    const stored = await sql<{ id: string }>(`SELECT "id" FROM "Annotation" WHERE "documentId" = ?`, [doc.id], cluster.databaseUrl);
    const ids = new Set(stored.rows.map((r) => r.id));
    expect(confirmed.filter((id) => !ids.has(id))).toEqual([]);
    expect(await integrityCheck(cluster.databaseUrl)).toBe("ok");

    // Every open stream got every confirmed create, those that lost their worker included.
    const settle = Date.now() + 5_000;
    while (Date.now() < settle && streams.some((s) => confirmed.some((id) => !s.created.has(id)))) await new Promise((r) => setTimeout(r, 100));
    for (const s of streams) expect(confirmed.filter((id) => !s.created.has(id))).toEqual([]);
    expect(streams.some((s) => s.connections() > 1)).toBe(true); // some were on the killed worker and reconnected
    await Promise.all(streams.map((s) => s.stop()));
    await Promise.all(clients.map((c) => c.dispose().catch(() => undefined)));
  } finally {
    cluster.kill();
  }
});

// Last: it leaves this address throttled on both servers.
test("21 failed sign-ins spread across both processes trip the throttle", async () => {
  const attempt = async (server: TestServer, email: string) => {
    const ctx = await (await import("@playwright/test")).request.newContext({ baseURL: server.baseURL });
    try {
      const csrf = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
      const res = await ctx.post("/api/auth/callback/credentials", { form: { email, password: "wrong-password-1", csrfToken: csrf.csrfToken, json: "true" } });
      return res.status();
    } finally {
      await ctx.dispose();
    }
  };
  // Twenty accounts, one failure each, from one address, alternating processes: only the address's
  // counter can add up, and only if both processes count into the same place.
  const statuses: number[] = [];
  for (let i = 0; i < 20; i++) statuses.push(await attempt(i % 2 ? two : one, `nobody-${i}-${crypto.randomUUID().slice(0, 6)}@throttle.example`));
  expect(statuses).not.toContain(500);
  const last = await attempt(one, `nobody-last-${crypto.randomUUID().slice(0, 6)}@throttle.example`);
  expect(last).toBe(429);
});
