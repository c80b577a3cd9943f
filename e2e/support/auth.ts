import { expect, type Page, type APIRequestContext, request as pwRequest } from "@playwright/test";
import { DEMO_PASSWORD, E2E_BASE_URL } from "./env";

/** Sign in through the real form. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Sign-in hashes a password: on a busy machine it can take longer than the usual 10 s.
  await page.waitForURL((url) => url.pathname !== "/login", { timeout: 45_000 });
  await expect(page.getByRole("button", { name: "Sign out", includeHidden: true })).toBeAttached();
}

/** An API client with a session cookie, signed in through next-auth's credentials endpoint. */
export async function apiAs(email: string, password = DEMO_PASSWORD, baseURL = E2E_BASE_URL): Promise<APIRequestContext> {
  const ctx = await pwRequest.newContext({ baseURL });
  const csrf = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken: csrf.csrfToken, json: "true" },
  });
  expect(res.ok()).toBeTruthy();
  const me = await ctx.get("/api/me");
  expect(me.status(), `sign-in as ${email}`).toBe(200);
  return ctx;
}
