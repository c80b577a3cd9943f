// Sign-in throttling against a real server: every way credentials arrive is counted, the delays are
// progressive (not a long lock), and the per-address counter uses the socket's address, whatever
// X-Forwarded-For says. Its own server and database (E2E_PORT+62): the last test leaves 127.0.0.1
// throttled, which must not spill into other specs.
import { test, expect, request as pwRequest, type APIRequestContext } from "@playwright/test";
import { apiAs } from "./support/auth";
import { ACCOUNTS, DEMO_PASSWORD, E2E_PORT } from "./support/env";
import { sql } from "./support/db";
import { TestServer } from "./support/server";

const server = new TestServer(E2E_PORT + 62, "throttle");
const BASE = server.baseURL;

test.describe.configure({ mode: "serial", timeout: 180_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await server.start(true);
});
test.afterAll(() => server.kill());

interface Attempt {
  status: number;
  retryAfter: number | null;
  message: string | null;
  signedIn: boolean;
}

/** One sign-in at next-auth's credentials endpoint, as JSON or as a form, in a fresh cookie jar. */
async function attempt(email: string, password: string, as: "json" | "form", headers: Record<string, string> = {}): Promise<Attempt> {
  const ctx = await pwRequest.newContext({ baseURL: BASE, extraHTTPHeaders: headers });
  try {
    const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const res =
      as === "json"
        ? await ctx.post("/api/auth/callback/credentials", { data: { email, password, csrfToken, json: "true" }, maxRedirects: 0 })
        : await ctx.post("/api/auth/callback/credentials", { form: { email, password, csrfToken }, maxRedirects: 0 });
    const retry = res.headers()["retry-after"];
    const body = res.status() === 429 ? ((await res.json()) as { error: { message: string } }) : null;
    const signedIn = (await ctx.get("/api/me")).status() === 200;
    return { status: res.status(), retryAfter: retry ? Number(retry) : null, message: body?.error.message ?? null, signedIn };
  } finally {
    await ctx.dispose();
  }
}

async function newReviewer(admin: APIRequestContext, label: string): Promise<string> {
  const email = `${label}-${Date.now()}@throttle.example`;
  const res = await admin.post("/api/users", { data: { email, name: label, role: "reviewer", password: "correct-horse-battery" } });
  expect(res.status(), await res.text()).toBe(201);
  return email;
}

let admin: APIRequestContext;
test.beforeAll(async () => {
  admin = await apiAs(ACCOUNTS.admin, DEMO_PASSWORD, BASE);
});
test.afterAll(async () => {
  await admin?.dispose();
});

test("failed sign-ins sent as JSON count, and a throttled account is refused as JSON and as a form, the right password included", async () => {
  const email = await newReviewer(admin, "json-guesser");
  for (let i = 0; i < 5; i++) {
    const r = await attempt(email, `wrong-password-${i}`, "json");
    expect(r.status, `JSON guess ${i + 1}`).toBe(401);
  }
  for (const as of ["json", "form"] as const) {
    const r = await attempt(email, "correct-horse-battery", as);
    expect(r.status, as).toBe(429);
    expect(r.retryAfter, as).toBeGreaterThan(0);
    expect(r.message, as).toMatch(/Too many failed sign-ins\. Try again in \d+ seconds?\./);
    expect(r.signedIn, as).toBe(false);
  }
  const events = (await (await admin.get("/api/audit?type=sign_in_throttled")).json()) as { events: Array<{ detail: { email?: string } }> };
  expect(events.events.filter((e) => e.detail.email === email)).toHaveLength(2);
});

test("throttling is a short, progressive delay and no lockout: after Retry-After the owner signs in, and the counter is cleared", async () => {
  const email = await newReviewer(admin, "delayed-owner");
  for (let i = 0; i < 5; i++) {
    const r = await attempt(email, `wrong-${i}`, "form");
    expect([r.status, r.signedIn], `form guess ${i + 1}`).toEqual([302, false]); // next-auth's error redirect
  }
  const refused = await attempt(email, "correct-horse-battery", "form");
  expect(refused.status).toBe(429);
  // Seconds, not the fifteen minutes five guesses used to cost the account's owner.
  expect(refused.retryAfter).toBeLessThanOrEqual(10);
  const counter = await sql<{ failures: number }>(`SELECT "failures" FROM "SignInThrottle" WHERE "key" = ?`, [`account:${email}`], server.databaseUrl);
  expect(counter.rows.map((r) => Number(r.failures))).toEqual([5]);
  await new Promise((resolve) => setTimeout(resolve, (refused.retryAfter! + 1) * 1000));
  const owner = await attempt(email, "correct-horse-battery", "form");
  expect(owner.status).toBe(302);
  expect(owner.signedIn).toBe(true);
  const after = await sql(`SELECT "key" FROM "SignInThrottle" WHERE "key" = ?`, [`account:${email}`], server.databaseUrl);
  expect(after.rows).toEqual([]);
});

test("a client-chosen X-Forwarded-For neither resets the per-address throttle nor reaches the audit log", async () => {
  // Failures from this machine up to twenty in all (the tests above made some), each claiming another
  // address and trying another account.
  const counted = (
    await sql<{ key: string; failures: number }>(`SELECT "key", "failures" FROM "SignInThrottle" WHERE "key" LIKE 'address:%'`, [], server.databaseUrl)
  ).rows.map((r) => ({ key: r.key, failures: Number(r.failures) }));
  expect(counted.map((c) => c.key).every((k) => /^address:(127\.0\.0\.1|::1)$/.test(k))).toBe(true);
  const before = counted.reduce((n, c) => Math.max(n, c.failures), 0);
  for (let i = 0; i < 20 - before; i++) {
    const r = await attempt(`nobody-${i}@throttle.example`, "wrong-password", i % 2 ? "json" : "form", { "x-forwarded-for": `203.0.113.${i + 1}` });
    expect(r.status, `failure ${i + 1}`).toBe(i % 2 ? 401 : 302);
  }
  // The 21st, with yet another claimed address and a real account's right password, is refused.
  const r = await attempt(ACCOUNTS.victor, DEMO_PASSWORD, "form", { "x-forwarded-for": "198.51.100.77" });
  expect(r.status).toBe(429);
  expect(r.retryAfter).toBeGreaterThanOrEqual(30);
  expect(r.signedIn).toBe(false);

  const { events } = (await (await admin.get("/api/audit?type=sign_in_failed&limit=50")).json()) as { events: Array<{ ip: string | null }> };
  expect(events.length).toBeGreaterThanOrEqual(20);
  for (const e of events) expect(e.ip).toMatch(/^(127\.0\.0\.1|::1)$/);
});
