// A server whose every pooled PostgreSQL connection stays busy: a server of this spec's own with a pool of
// one (PG_POOL_SIZE=1, one worker) on a PostgreSQL server of its own (scripts/pg-server.sh), whose one
// connection the test keeps busy under a request (a lock held on the Session table). A page asked meanwhile
// finds no connection free within 10 s: it answers 503 with Retry-After: 1, as the API's BUSY does, not
// Next's 500; the page says at once that the server is busy (not that the database cannot be reached) and loads itself
// once a connection is free again. The browser's session check answers 503 BUSY too, and keeps the cookie.
import { test, expect, request as pwRequest, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { apiAs, signInWithForm } from "./support/auth";
import { ACCOUNTS, DEMO_PASSWORD } from "./support/env";
import { serverOnOwnPostgres } from "./support/own-postgres";

// A statement may wait a long time for its answer here (the lock), so that only the pool's wait ends anything.
const { server, databaseUrl } = serverOnOwnPostgres("busy", 54, { WORKERS: "1", PG_POOL_SIZE: "1", PG_ANSWER_TIMEOUT_MS: "120000" });
const BASE = server.baseURL;

/**
 * Keeps the pool's one connection busy: a lock held on the Session table, and a request of Victor's that
 * takes the connection and waits on the lock with it. `release` ends the lock and waits for that request.
 */
async function holdTheConnection(victor: APIRequestContext): Promise<{ release: () => Promise<void> }> {
  const holder = new pg.Client({ connectionString: databaseUrl, application_name: "test" });
  await holder.connect();
  let held: Promise<unknown> | null = null;
  const release = async () => {
    await holder.query(`COMMIT`).catch(() => {});
    await holder.end().catch(() => {});
    await held;
  };
  try {
    await holder.query(`BEGIN`);
    await holder.query(`LOCK TABLE "Session" IN ACCESS EXCLUSIVE MODE`);
    held = victor.get("/api/me", { timeout: 120_000 }).catch(() => null);
    await expect
      .poll(async () => (await holder.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'apparatus' AND wait_event_type = 'Lock'`)).rows[0].n, {
        timeout: 10_000,
      })
      .toBe(1);
  } catch (error) {
    await release();
    throw error;
  }
  return { release };
}

test("a page that finds every database connection busy answers 503 with Retry-After: 1, says the server is busy and loads once one is free", async ({ browser }) => {
  const victor = await apiAs(ACCOUNTS.victor, undefined, BASE);
  const ctx = await browser.newContext({ baseURL: BASE });
  const rosa = await ctx.newPage();
  await signInWithForm(rosa, ACCOUNTS.rosa);
  await new Promise((r) => setTimeout(r, 1500)); // past the session checks' cache: the next ones read the Session table

  const { release } = await holdTheConnection(victor);
  try {
    // A page asked meanwhile, and the browser's session check: no connection within 10 s.
    const started = Date.now();
    const edith = await pwRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { origin: BASE } });
    const { csrfToken } = (await (await edith.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const signingIn = edith.post("/api/auth/callback/credentials", { form: { csrfToken, email: ACCOUNTS.edith, password: DEMO_PASSWORD, json: "true" }, timeout: 60_000 });
    const [answer, session, signIn] = await Promise.all([rosa.goto("/corpus", { timeout: 60_000 }), rosa.request.get("/api/auth/session", { timeout: 60_000 }), signingIn]);
    expect(Date.now() - started).toBeGreaterThan(9_000);
    expect(answer?.status()).toBe(503);
    expect(answer?.headers()["retry-after"]).toBe("1");
    // The session check cannot tell either: 503 BUSY, not next-auth's `{}` with the cookie cleared (a sign-out).
    expect(session.status(), await session.text()).toBe(503);
    expect(session.headers()["retry-after"]).toBe("1");
    expect(((await session.json()) as { error: { code: string } }).error.code).toBe("BUSY");
    expect(session.headers()["set-cookie"]).toBeUndefined();
    expect((await ctx.cookies()).map((c) => c.name)).toContain("apparatus.session");
    // A sign-in meanwhile: 503 BUSY, not "Wrong email or password".
    expect(signIn.status(), await signIn.text()).toBe(503);
    expect(signIn.headers()["retry-after"]).toBe("1");
    expect(((await signIn.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "BUSY", message: expect.stringMatching(/too busy to sign you in/) });
    await edith.dispose();
    // The page says at once that the server is busy: its own answer says so (GET /api/health, which it
    // asks when to load again, waits for a connection as well, 10 s).
    await expect(rosa.getByRole("heading", { name: "Apparatus is busy" })).toBeVisible({ timeout: 3_000 });
    await expect(rosa.getByRole("status")).toContainText("This page loads again by itself in a moment.");
    await expect(rosa.getByText("The database cannot be reached")).toHaveCount(0);
  } finally {
    await release();
  }
  // Free again: the page loads by itself.
  await expect(rosa.getByRole("heading", { name: "Apparatus is busy" })).toBeHidden({ timeout: 20_000 });
  await expect(rosa).toHaveURL(/\/corpus$/);
  await expect(rosa.getByRole("heading", { level: 1, name: "Corpus" })).toBeVisible();
  await victor.dispose();
  await ctx.close();
});

// A page reached by a link inside the app (the router's request for its payload, not a document's load)
// cannot read the answer's header, and GET /api/health waits for a connection too: the page learns the
// trouble from its error's digest (lib/errors.ts withTroubleDigest). The busy spell ends while the
// page asks /api/health, which then answers 200: the page still says it was busy, and loads itself.
test("a page reached by a link that finds every connection busy says so at once and loads itself when one is free", async ({ browser }) => {
  const victor = await apiAs(ACCOUNTS.victor, undefined, BASE);
  const ctx = await browser.newContext({ baseURL: BASE });
  const rosa = await ctx.newPage();
  await signInWithForm(rosa, ACCOUNTS.rosa);
  await expect(rosa.getByRole("heading", { level: 1, name: "Library" })).toBeVisible();
  await new Promise((r) => setTimeout(r, 1500)); // past the session checks' cache: the next ones read the Session table

  const { release } = await holdTheConnection(victor);
  try {
    await rosa.getByRole("navigation").getByRole("link", { name: "Corpus" }).click();
    // No connection within 10 s: the error page, which says at once that the server is busy.
    await expect(rosa.locator("main.status-page")).toBeVisible({ timeout: 30_000 });
    await expect(rosa.getByRole("heading", { name: "Apparatus is busy" })).toBeVisible({ timeout: 3_000 });
    await expect(rosa.getByText("Something went wrong")).toHaveCount(0);
  } finally {
    await release();
  }
  await expect(rosa).toHaveURL(/\/corpus$/);
  await expect(rosa.getByRole("heading", { level: 1, name: "Corpus" })).toBeVisible({ timeout: 20_000 });
  await victor.dispose();
  await ctx.close();
});
