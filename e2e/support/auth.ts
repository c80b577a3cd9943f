import { expect, type Page, type APIRequestContext, request as pwRequest } from "@playwright/test";
import { DEMO_PASSWORD, E2E_BASE_URL } from "./env";

/** Sign in through the real form. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // A sign-in costs a deliberately slow password hash (scrypt, N=2^17): seconds on a busy machine.
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 30_000 });
}

type StorageState = Awaited<ReturnType<APIRequestContext["storageState"]>>;

/**
 * Sessions already made in this worker, by server, email and password. A sign-in costs a deliberately
 * slow password hash (scrypt), and the specs sign in as the demo admin hundreds of times to set
 * things up; a cached session is reused only after the server confirms it still works (GET /api/me),
 * so a sign-out, a revocation or a deactivation in one test is seen by the next, which then signs in
 * again for real.
 */
const sessions = new Map<string, StorageState>();

/**
 * An API client with a session cookie, signed in through next-auth's credentials endpoint. It sends
 * the Origin header a browser sends, without which the API refuses cookie-authenticated writes.
 */
export async function apiAs(email: string, password = DEMO_PASSWORD, baseURL = E2E_BASE_URL): Promise<APIRequestContext> {
  const key = `${baseURL}\n${email}\n${password}`;
  const cached = sessions.get(key);
  if (cached) {
    const reused = await pwRequest.newContext({ baseURL, storageState: cached, extraHTTPHeaders: { origin: new URL(baseURL).origin } });
    if ((await reused.get("/api/me")).status() === 200) return reused;
    await reused.dispose();
    sessions.delete(key);
  }
  const ctx = await pwRequest.newContext({ baseURL, extraHTTPHeaders: { origin: new URL(baseURL).origin } });
  const csrf = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken: csrf.csrfToken, json: "true" },
  });
  expect(res.ok()).toBeTruthy();
  const me = await ctx.get("/api/me");
  expect(me.status(), `sign-in as ${email}`).toBe(200);
  sessions.set(key, await ctx.storageState());
  return ctx;
}

