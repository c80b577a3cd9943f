// PostgreSQL going away under a running server (a restart, a failover): a server of this spec's own, with
// two workers, on a PostgreSQL server of its own (scripts/pg-server.sh), which the test halts and resumes.
// Meanwhile every API request gets a clear 503 (UNAVAILABLE, Retry-After) at once, never a 500 or a hang,
// and so does every page (its body the error page); sign-in and the session check say the database is away
// (not "wrong password", not signed out); a page says so and waits, whether asked afresh or reached by a
// link inside the app; the server's log has a stack per page, not per request; and once the database is
// back everything recovers by itself: the pages load, the reader's live stream resumes and shows new work.
import fs from "node:fs";
import { test, expect, request as pwRequest, type APIRequestContext } from "@playwright/test";
import { apiAs, signInWithForm } from "./support/auth";
import { ACCOUNTS, DEMO_PASSWORD } from "./support/env";
import { serverOnOwnPostgres } from "./support/own-postgres";
import { annotate, documentByTitle } from "./support/api";
import { annotationsRegion } from "./support/reader";

const { server, control: pgServer, log: serverLog } = serverOnOwnPostgres("outage", 53, { WORKERS: "2" });
const BASE = server.baseURL;

/** A request that must be answered quickly: a hang is a failure, not a slow pass. */
async function timed(fn: () => Promise<import("@playwright/test").APIResponse>) {
  const started = Date.now();
  const res = await fn();
  expect(Date.now() - started, "answered at once").toBeLessThan(5000);
  return res;
}

async function expectUnavailable(res: import("@playwright/test").APIResponse) {
  expect(res.status(), await res.text()).toBe(503);
  expect(res.headers()["retry-after"]).toBe("5");
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("UNAVAILABLE");
  expect(body.error.message).toContain("The database cannot be reached just now");
}

test("while PostgreSQL is down the app answers 503s and says so; once it is back, pages, sign-in and live streams recover by themselves", async ({ browser }) => {
  const victor = await apiAs(ACCOUNTS.victor, DEMO_PASSWORD, BASE);
  const doc = await documentByTitle(victor, "The Spark");
  const ctx = await browser.newContext({ baseURL: BASE });
  const rosa = await ctx.newPage();
  await signInWithForm(rosa, ACCOUNTS.rosa);
  await rosa.goto(`/documents/${doc.id}`);
  await expect(rosa.getByTestId("live-status")).toHaveText("● Live", { timeout: 30_000 });
  const other = await ctx.newPage();
  const linking = await ctx.newPage(); // on the library, to follow a link inside the app meanwhile
  await linking.goto("/");
  await expect(linking.getByRole("heading", { level: 1, name: "Library" })).toBeVisible();
  const signedOut: APIRequestContext = await pwRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { origin: BASE } });
  const csrf = (await (await signedOut.get("/api/auth/csrf")).json()) as { csrfToken: string };

  pgServer("halt");
  try {
    // Both workers answer (each request on a connection of its own), reads and writes alike.
    for (let i = 0; i < 4; i++) {
      await expectUnavailable(await timed(() => victor.get("/api/documents", { headers: { connection: "close" } })));
      await expectUnavailable(
        await timed(() =>
          victor.post(`/api/documents/${doc.id}/annotations`, {
            data: { start: 0, end: 3, quote: [...doc.text].slice(0, 3).join(""), classification: "opinion" },
            headers: { connection: "close" },
          }),
        ),
      );
      await expectUnavailable(await timed(() => signedOut.get("/api/health", { headers: { connection: "close" } })));
    }
    // Pages as well: 503 with Retry-After, not 500 (which a monitor or a load balancer reads as a fault of
    // the app), on both workers; the body is the error page (the browser's look is checked below).
    for (let i = 0; i < 6; i++) {
      for (const pathname of ["/", `/documents/${doc.id}`]) {
        const res = await timed(() => victor.get(pathname, { headers: { connection: "close", accept: "text/html" }, maxRedirects: 0 }));
        expect(res.status(), pathname).toBe(503);
        expect(res.headers()["retry-after"], pathname).toBe("5");
        expect(res.headers()["content-type"], pathname).toContain("text/html");
      }
    }
    // The server's log has the first stack of each page on each worker, not one (or two) for every page
    // asked: the next come as one line per page every 10 s.
    const stacks = fs.readFileSync(serverLog, "utf8").match(/^(?:\x1b\[[\d;]*m)*⨯/gm) ?? []; // Next's "⨯ Error…", maybe in colour
    expect(stacks.length, "stacks in the server's log").toBeGreaterThanOrEqual(2);
    expect(stacks.length, "stacks in the server's log").toBeLessThanOrEqual(4);
    // Sign-in: the database is away, which is not a wrong password.
    await expectUnavailable(
      await timed(() =>
        signedOut.post("/api/auth/callback/credentials", { form: { email: ACCOUNTS.edith, password: DEMO_PASSWORD, csrfToken: csrf.csrfToken, json: "true" } }),
      ),
    );
    // The session check cannot tell either: a 503, not next-auth's `{}` with the cookie cleared (a sign-out).
    // Past the session checks' one-second cache first (lib/users/store.ts): on an idle machine the steps
    // above can take less, and a check from before the halt would answer for it.
    await new Promise((r) => setTimeout(r, 1_100));
    for (let i = 0; i < 2; i++) {
      const session = await timed(() => rosa.request.get("/api/auth/session", { headers: { connection: "close" } }));
      await expectUnavailable(session);
      expect(session.headers()["set-cookie"]).toBeUndefined();
    }
    expect((await ctx.cookies()).map((c) => c.name)).toContain("apparatus.session");
    // A page opened meanwhile says what is wrong at once, from its own answer, even while GET /api/health
    // (which it asks when to load again) cannot answer it; and the open reader waits for its stream.
    await other.route("**/api/health", (route) => route.abort());
    const answer = await other.goto("/corpus");
    expect(answer?.status()).toBe(503);
    await expect(other.getByRole("heading", { name: "The database cannot be reached" })).toBeVisible({ timeout: 3_000 });
    await other.unroute("**/api/health");
    await expect(other.getByRole("status")).toContainText("This page loads again by itself once the database is back.");
    // So does a page reached by a link inside the app, whose answer (the router's request for its payload)
    // the page cannot read: its error's digest says why.
    await linking.route("**/api/health", (route) => route.abort());
    await linking.getByRole("navigation").getByRole("link", { name: "Corpus" }).click();
    await expect(linking.getByRole("heading", { name: "The database cannot be reached" })).toBeVisible({ timeout: 5_000 });
    await expect(linking.getByText("Something went wrong")).toHaveCount(0);
    await linking.unroute("**/api/health");
    await expect(rosa.getByTestId("live-status")).toHaveText("Reconnecting…", { timeout: 10_000 });
    // Signing out cannot end the session now: it says so and keeps the cookie (clearing only the cookie
    // left the session good for any copy of it).
    await rosa.getByRole("button", { name: "Sign out" }).click();
    await expect(rosa.getByRole("alert").filter({ hasText: "Not signed out." })).toContainText("The database cannot be reached just now");
    await expect(rosa).toHaveURL(new RegExp(`/documents/${doc.id}`));
  } finally {
    pgServer("resume");
  }

  // Back: the waiting page loads by itself, the reader's stream resumes and shows what is made now.
  await expect(other.getByRole("heading", { name: "The database cannot be reached" })).toBeHidden({ timeout: 20_000 });
  await expect(other).toHaveURL(/\/corpus$/);
  await expect(linking.getByRole("heading", { level: 1, name: "Corpus" })).toBeVisible({ timeout: 20_000 });
  await expect(linking).toHaveURL(/\/corpus$/);
  await expect(rosa.getByTestId("live-status")).toHaveText("● Live", { timeout: 20_000 });
  expect((await signedOut.get("/api/health")).status()).toBe(200);
  expect(((await (await rosa.request.get("/api/auth/session")).json()) as { user?: { email?: string } }).user?.email).toBe(ACCOUNTS.rosa);
  await annotate(victor, doc, "Trotskyist group", "contested");
  await expect(annotationsRegion(rosa).getByRole("article", { name: /Contested annotation by Victor Reviewer/ })).toBeVisible({ timeout: 5000 });
  await apiAs(ACCOUNTS.edith, DEMO_PASSWORD, BASE); // signs in again

  // Signing out now ends the session: a copy of the cookie is no session any more.
  const cookie = (await ctx.cookies()).find((c) => c.name === "apparatus.session")!;
  await rosa.getByRole("button", { name: "Sign out" }).click();
  await expect(rosa).toHaveURL(/\/login/);
  // (within a second on the other worker, whose session check is cached that long)
  await expect
    .poll(async () => (await signedOut.get("/api/me", { headers: { cookie: `${cookie.name}=${cookie.value}`, connection: "close" } })).status(), { timeout: 3000 })
    .toBe(401);
  await signedOut.dispose();
  await victor.dispose();
  await ctx.close();
});
