import { expect, type Page, type APIRequestContext, request as pwRequest } from "@playwright/test";
import { DEMO_PASSWORD, E2E_BASE_URL } from "./env";

/**
 * Sign the page's browser in as `email`, with a session of its own: next-auth's credentials endpoint is
 * called from the page's request context, whose cookies are the browser's. No page is loaded (the form
 * and the library it leads to were two page loads per test, the longest part of many); the page stays
 * where it was, so go to the page under test next. The sign-in form itself: `signInWithForm`.
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await signInThroughEndpoint(page.request, E2E_BASE_URL, email, password);
}

/**
 * Sign `request` in through next-auth's credentials endpoint (its cookie jar keeps the session), with
 * the Origin header a browser sends, without which the API refuses cookie-authenticated writes.
 */
async function signInThroughEndpoint(request: APIRequestContext, baseURL: string, email: string, password: string): Promise<void> {
  const headers = { origin: new URL(baseURL).origin };
  const csrf = (await (await request.get(`${baseURL}/api/auth/csrf`, { headers })).json()) as { csrfToken: string };
  const res = await request.post(`${baseURL}/api/auth/callback/credentials`, { form: { email, password, csrfToken: csrf.csrfToken, json: "true" }, headers });
  expect(res.ok()).toBeTruthy();
  expect((await request.get(`${baseURL}/api/me`, { headers })).status(), `sign-in as ${email}`).toBe(200);
}

/** Sign in through the real form; the page is left where the form leads (the library). */
export async function signInWithForm(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Sign-in hashes a password: on a busy machine it can take longer than the usual 10 s.
  await page.waitForURL((url) => url.pathname !== "/login", { timeout: 45_000 });
  await expect(page.getByRole("button", { name: "Sign out", includeHidden: true })).toBeAttached();
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

/** An API client with a session cookie (signed in through next-auth's credentials endpoint), sending the Origin header. */
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
  await signInThroughEndpoint(ctx, baseURL, email, password);
  sessions.set(key, await ctx.storageState());
  return ctx;
}

