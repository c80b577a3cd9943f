// Holes found by attacking the running server, each checked with the requests that found it: open
// redirects through /login?next=, a document's title before sign-in, a replayed session cookie at
// /api/auth/session, cookie-authenticated writes without Origin, and an upload that froze the server.
import { test, expect, request as pwRequest } from "@playwright/test";
import crypto from "node:crypto";
import { apiAs } from "./support/auth";
import { documentByTitle } from "./support/api";
import { ACCOUNTS, E2E_BASE_URL } from "./support/env";
import { sql } from "./support/db";

const DOC = "The Spark";

for (const next of ["%2F%5Cevil.example", "%2F%09%2Fevil.example", "%2F%2Fevil.example", "%2F.%2F%2Fevil.example"]) {
  test(`/login?next=${next} never leads to another site, signed in (redirect) or signed out (after the form)`, async ({ page }) => {
    const victor = await apiAs(ACCOUNTS.victor);
    const res = await victor.get(`/login?next=${next}`, { maxRedirects: 0 });
    expect(res.status()).toBe(307);
    expect(res.headers()["location"]).toBe("/");
    await victor.dispose();

    await page.goto(`/login?next=${next}`);
    await page.getByLabel("Email").fill(ACCOUNTS.victor);
    await page.getByLabel("Password").fill("apparatus-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 60_000 }); // an N=2^17 sign-in on a loaded machine
    expect(new URL(page.url()).origin).toBe(new URL(E2E_BASE_URL).origin);
    expect(new URL(page.url()).pathname).toBe("/");
  });
}

test("a same-site next= still works after sign-in", async ({ page }) => {
  await page.goto(`/login?next=${encodeURIComponent("/corpus")}`);
  await page.getByLabel("Email").fill(ACCOUNTS.victor);
  await page.getByLabel("Password").fill("apparatus-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/corpus$/, { timeout: 60_000 });
});

test("before sign-in a document's pages tell nothing about the document: no title, same answer as an unknown id", async () => {
  const victor = await apiAs(ACCOUNTS.victor);
  const doc = await documentByTitle(victor, DOC);
  await victor.dispose();
  const anonymous = await pwRequest.newContext({ baseURL: E2E_BASE_URL });
  const unknown = "does-not-exist-0000";
  // The reader, the versions list and one version (their titles were once looked up before the redirect).
  for (const page of ["", "/versions", "/versions/1"]) {
    const known = await anonymous.get(`/documents/${doc.id}${page}`, { maxRedirects: 0 });
    const missing = await anonymous.get(`/documents/${unknown}${page}`, { maxRedirects: 0 });
    const knownBody = await known.text();
    expect(knownBody, page).not.toContain(DOC);
    expect(knownBody, page).not.toMatch(/<title>[^<]*Spark/);
    expect([known.status(), missing.status()], page).toEqual([307, 307]);
    // The sign-in page is told to come back to the address asked for: the same but for the id.
    expect(known.headers()["location"]?.replace(doc.id, "ID"), page).toBe(missing.headers()["location"]?.replace(unknown, "ID"));
    // Byte for byte the same, apart from the id in the address and the per-request CSP nonce.
    const normalise = (body: string, id: string) =>
      body.replaceAll(id, "ID").replace(/nonce="[^"]*"/g, "nonce").replace(/\\"nonce\\":\\"[^"\\]*\\"/g, "nonce");
    expect(normalise(knownBody, doc.id), page).toBe(normalise(await missing.text(), unknown));
  }
  await anonymous.dispose();
});

test("next-auth's routes answer a callbackUrl that is no address, or a GET of the sign-in callback, with a 4xx or the site's root, never a 500", async () => {
  const anonymous = await pwRequest.newContext({ baseURL: E2E_BASE_URL });
  const bad = encodeURIComponent("http://x:y/");
  // In the query: the caller's input, refused clearly.
  for (const path of ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers"]) {
    const res = await anonymous.get(`${path}?callbackUrl=${bad}`);
    expect(res.status(), path).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("callbackUrl");
  }
  // In next-auth's cookie (only a hand-made one): refused too, and cleared.
  const withCookie = await anonymous.get("/api/auth/session", { headers: { cookie: `next-auth.callback-url=${bad}` } });
  expect(withCookie.status()).toBe(400);
  expect(withCookie.headers()["set-cookie"]).toContain("next-auth.callback-url=; Path=/; Max-Age=0");
  // The credentials callback is a POST; a GET of it is a 405, not next-auth's 500.
  const getCallback = await anonymous.get("/api/auth/callback/credentials");
  expect([getCallback.status(), getCallback.headers()["allow"]]).toEqual([405, "POST"]);
  // In a sign-in's body: the sign-in goes on, and lands on this site.
  const { csrfToken } = (await (await anonymous.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signIn = await anonymous.post("/api/auth/callback/credentials", {
    form: { email: ACCOUNTS.victor, password: "apparatus-demo", csrfToken, callbackUrl: "http://localhost:3000.evil.example/", json: "true" },
    headers: { origin: new URL(E2E_BASE_URL).origin },
  });
  expect(signIn.status()).toBe(200);
  expect(new URL(((await signIn.json()) as { url: string }).url).origin).toBe(new URL(E2E_BASE_URL).origin);
  await anonymous.dispose();
});

test("/api/auth/session answers no user for a session cookie replayed after sign-out", async () => {
  const api = await apiAs(ACCOUNTS.rosa);
  const replay = await api.storageState();
  const live = (await (await api.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(live.user?.email).toBe(ACCOUNTS.rosa);
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await api.post("/api/auth/signout", { form: { csrfToken, json: "true" } });
  const attacker = await pwRequest.newContext({ baseURL: E2E_BASE_URL, storageState: replay });
  const res = await attacker.get("/api/auth/session");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({});
  expect((await attacker.get("/api/me")).status()).toBe(401);
  await Promise.all([api.dispose(), attacker.dispose()]);
});

test("a cookie-authenticated write with neither Origin nor Sec-Fetch-Site is refused; a Bearer token needs neither", async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const doc = await documentByTitle(rosa, DOC);
  const i = doc.text.indexOf("Spark");
  const start = [...doc.text.slice(0, i)].length;
  const body = { start, end: start + 5, quote: "Spark", classification: "opinion", evidence: [] };
  // A client that sends the cookie and nothing else a browser would.
  const bare = await pwRequest.newContext({ baseURL: E2E_BASE_URL, storageState: await rosa.storageState() });
  const count = async () => (await sql(`SELECT "id" FROM "Annotation" WHERE "documentId" = ?`, [doc.id])).rows.length;
  const before = await count();
  const refused = await bare.post(`/api/documents/${doc.id}/annotations`, { data: body });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
  expect(await count()).toBe(before);
  // The same request from our own page (Sec-Fetch-Site: same-origin, as browsers send) is fine.
  const sameSite = await bare.post(`/api/documents/${doc.id}/annotations`, { data: body, headers: { "sec-fetch-site": "same-origin" } });
  expect(sameSite.status()).toBe(201);
  // Another site's Origin is refused, and naming that site as the forwarded host changes nothing: the app
  // reads X-Forwarded-Host only behind a proxy it was told to trust (TRUST_PROXY, off here).
  const crossSiteHeaders: Record<string, string>[] = [{ origin: "http://evil.example" }, { origin: "http://evil.example", "x-forwarded-host": "evil.example" }];
  for (const headers of crossSiteHeaders) {
    const crossSite = await bare.post(`/api/documents/${doc.id}/annotations`, { data: body, headers });
    expect(crossSite.status(), JSON.stringify(headers)).toBe(403);
  }
  expect(await count()).toBe(before + 1);
  // A token carries no ambient credentials: no Origin needed.
  const { secret } = (await (await rosa.post("/api/tokens", { data: { name: `origin-${crypto.randomUUID().slice(0, 6)}` } })).json()) as { secret: string };
  const script = await pwRequest.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  expect((await script.post(`/api/documents/${doc.id}/annotations`, { data: body })).status()).toBe(201);
  await Promise.all([rosa.dispose(), bare.dispose(), script.dispose()]);
});

test("a pathological Markdown upload is refused with a clear 422 while other users' requests stay fast", async () => {
  test.setTimeout(120_000);
  const rosa = await apiAs(ACCOUNTS.rosa);
  const victor = await apiAs(ACCOUNTS.victor);
  // 900 lines of ever deeper list items (812 KB): minutes of Markdown parsing if left to run.
  const nested = Array.from({ length: 900 }, (_, i) => `${" ".repeat(2 * i)}- x`).join("\n");
  const started = Date.now();
  const upload = rosa.post("/api/documents/preview", {
    multipart: { file: { name: "nested.md", mimeType: "text/markdown", buffer: Buffer.from(nested) } },
    timeout: 90_000,
  });
  const latencies: number[] = [];
  let settled = false;
  void upload.finally(() => (settled = true));
  while (!settled) {
    const t = Date.now();
    expect((await victor.get("/api/me")).status()).toBe(200);
    latencies.push(Date.now() - t);
    await new Promise((r) => setTimeout(r, 250));
  }
  const res = await upload;
  // Refused when the conversion runs past its time limit, else converted (the extraction has grown
  // faster on deep lists); either way it ran beside the requests above, not in their way.
  expect([200, 422]).toContain(res.status());
  if (res.status() === 422) {
    expect(await res.json()).toMatchObject({ error: { code: "UNPROCESSABLE", message: expect.stringMatching(/took too long to convert/), details: { reason: "TOO_COMPLEX" } } });
  }
  expect(Date.now() - started).toBeLessThan(40_000);
  expect(latencies.length).toBeGreaterThan(5);
  // Generous bound on a shared machine: before, one such upload held every request for its whole parse.
  expect(Math.max(...latencies)).toBeLessThan(1_000);
  // The same upload path still converts ordinary Markdown and HTML.
  const ok = await rosa.post("/api/documents/preview", {
    multipart: { file: { name: "notes.md", mimeType: "text/markdown", buffer: Buffer.from("# Notes\n\n- a\n  - b\n\nSome *text*.") } },
  });
  expect(ok.status()).toBe(200);
  const converted = (await ok.json()) as { format: string; title: string; text: string };
  expect(converted).toMatchObject({ format: "markdown", title: "Notes" });
  expect(converted.text).toContain("Some text.");
  const html = await rosa.post("/api/documents/preview", {
    multipart: { file: { name: "n.html", mimeType: "text/html", buffer: Buffer.from("<title>T</title><ul><li>a<ul><li>b</li></ul></li></ul>") } },
  });
  expect(html.status()).toBe(200);
  expect(((await html.json()) as { format: string }).format).toBe("html");
  await Promise.all([rosa.dispose(), victor.dispose()]);
});

test("a method a route does not take is a JSON 405 naming what it takes in Allow; OPTIONS lists the same; an unknown API address is a 404 for every method", async () => {
  const anonymous = await pwRequest.newContext({ baseURL: E2E_BASE_URL });
  for (const [method, path, allow] of [
    ["DELETE", "/api/me", "GET, HEAD, OPTIONS"],
    ["PUT", "/api/documents", "GET, POST, HEAD, OPTIONS"],
    ["GET", "/api/import", "POST, OPTIONS"],
    ["POST", "/api/annotations/x/ruling", "PUT, DELETE, OPTIONS"],
  ] as const) {
    const res = await anonymous.fetch(path, { method, ...(method === "GET" ? {} : { data: {} }) });
    expect([res.status(), res.headers()["allow"], res.headers()["content-type"]], `${method} ${path}`).toEqual([405, allow, "application/json"]);
    expect(await res.json()).toEqual({ error: { code: "METHOD_NOT_ALLOWED", message: `${method} is not allowed at ${path}; it takes ${allow}.` } });
    const options = await anonymous.fetch(path, { method: "OPTIONS" });
    expect([options.status(), options.headers()["allow"]], `OPTIONS ${path}`).toEqual([204, allow]);
  }
  for (const method of ["GET", "OPTIONS", "DELETE"]) expect((await anonymous.fetch("/api/no-such-thing", { method })).status(), method).toBe(404);
  await anonymous.dispose();
});
