import { test, expect, request as pwRequest, type APIRequestContext } from "@playwright/test";
import crypto from "node:crypto";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS, E2E_BASE_URL } from "./support/env";
import { sql, storedTime } from "./support/db";

// Each test makes its own people (unique emails), so tests and spec files stay independent.
const PASSWORD = "token-tester-123";

interface TokenJson {
  id: string;
  name: string;
  prefix: string;
  access: "read" | "write";
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: string;
}

async function makePerson(role: "reviewer" | "viewer", label: string): Promise<{ id: string; email: string; name: string; session: APIRequestContext }> {
  const admin = await apiAs(ACCOUNTS.admin);
  const id = crypto.randomBytes(4).toString("hex");
  const res = await admin.post("/api/users", {
    data: { name: `${label} ${id}`, email: `${label.toLowerCase()}-${id}@e2e.apparatus`, role, password: PASSWORD },
  });
  expect(res.status(), await res.text()).toBe(201);
  const user = (await res.json()) as { id: string; email: string; name: string };
  await admin.dispose();
  return { ...user, session: await apiAs(user.email, PASSWORD) };
}

async function createToken(session: APIRequestContext, data: Record<string, unknown>): Promise<{ token: TokenJson; secret: string }> {
  const res = await session.post("/api/tokens", { data });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { token: TokenJson; secret: string };
}

/** A client that sends only the bearer token: no cookies. */
async function withToken(secret: string): Promise<APIRequestContext> {
  return pwRequest.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
}

test("a request with a valid token works as its owner, for /api/me and /api/documents", async () => {
  const owner = await makePerson("reviewer", "Scripter");
  const { token, secret } = await createToken(owner.session, { name: "my script" });
  expect(secret).toMatch(/^apx_[A-Za-z0-9_-]{43}$/);
  expect(token).toMatchObject({ name: "my script", prefix: secret.slice(0, 12), access: "write", status: "active" });

  const api = await withToken(secret);
  const me = await api.get("/api/me");
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ id: owner.id, email: owner.email, role: "reviewer", via: "token" });
  const docs = await api.get("/api/documents");
  expect(docs.status()).toBe(200);
  expect(((await docs.json()) as { documents: unknown[] }).documents.length).toBeGreaterThan(0);

  // A wrong or malformed token is not a session: 401 JSON.
  const wrong = await withToken(secret.slice(0, -2) + "xx");
  const res = await wrong.get("/api/me");
  expect(res.status()).toBe(401);
  expect((await res.json()).error.code).toBe("UNAUTHENTICATED");
  for (const ctx of [api, wrong, owner.session]) await ctx.dispose();
});

test("the secret never appears in GET /api/tokens, which lists only one's own tokens", async () => {
  const owner = await makePerson("reviewer", "Lister");
  const other = await makePerson("reviewer", "Neighbour");
  const { token, secret } = await createToken(owner.session, { name: "listed", expiresInDays: 30 });
  await createToken(other.session, { name: "not yours" });

  const res = await owner.session.get("/api/tokens");
  expect(res.status()).toBe(200);
  const body = await res.text();
  expect(body).not.toContain(secret);
  expect(body).not.toContain(secret.slice(12));
  expect(body).not.toContain("tokenHash");
  const { tokens } = JSON.parse(body) as { tokens: TokenJson[] };
  expect(tokens.map((t) => t.name)).toEqual(["listed"]);
  expect(tokens[0]).toMatchObject({ id: token.id, prefix: token.prefix, status: "active", lastUsedAt: null, revokedAt: null });
  const days = (Date.parse(tokens[0].expiresAt!) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(29.9);
  expect(days).toBeLessThanOrEqual(30);

  // Using the token shows up as "last used".
  const api = await withToken(secret);
  expect((await api.get("/api/me")).status()).toBe(200);
  const after = (await (await owner.session.get("/api/tokens")).json()) as { tokens: TokenJson[] };
  expect(after.tokens[0].lastUsedAt).not.toBeNull();
  for (const ctx of [api, owner.session, other.session]) await ctx.dispose();
});

test("a revoked token gets 401; only its owner or an admin can revoke it", async () => {
  const owner = await makePerson("reviewer", "Revoker");
  const stranger = await makePerson("reviewer", "Stranger");
  const first = await createToken(owner.session, { name: "to revoke" });
  const second = await createToken(owner.session, { name: "admin revokes" });
  const api1 = await withToken(first.secret);
  const api2 = await withToken(second.secret);
  expect((await api1.get("/api/me")).status()).toBe(200);

  expect((await stranger.session.delete(`/api/tokens/${first.token.id}`)).status()).toBe(404);
  expect((await api1.get("/api/me")).status()).toBe(200);

  const res = await owner.session.delete(`/api/tokens/${first.token.id}`);
  expect(res.status()).toBe(200);
  expect(((await res.json()) as TokenJson).status).toBe("revoked");
  const denied = await api1.get("/api/documents");
  expect(denied.status()).toBe(401);
  expect((await denied.json()).error.code).toBe("UNAUTHENTICATED");

  const admin = await apiAs(ACCOUNTS.admin);
  expect((await admin.delete(`/api/tokens/${second.token.id}`)).status()).toBe(200);
  expect((await api2.get("/api/me")).status()).toBe(401);
  const { tokens } = (await (await owner.session.get("/api/tokens")).json()) as { tokens: TokenJson[] };
  expect(tokens.map((t) => t.status)).toEqual(["revoked", "revoked"]);
  for (const ctx of [api1, api2, admin, owner.session, stranger.session]) await ctx.dispose();
});

test("an expired token gets 401, and an expiry in the past is refused", async () => {
  const owner = await makePerson("reviewer", "Expiring");
  const past = await owner.session.post("/api/tokens", { data: { name: "already over", expiresAt: new Date(Date.now() - 60_000).toISOString() } });
  expect(past.status()).toBe(400);
  expect((await past.json()).error.message).toContain("expiresAt must be in the future");

  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
  const { token, secret } = await createToken(owner.session, { name: "short-lived", expiresAt: inAnHour });
  expect(token.expiresAt).toBe(inAnHour);
  const api = await withToken(secret);
  expect((await api.get("/api/me")).status()).toBe(200);

  // Time passes: move the expiry into the past in the database the server reads on every request.
  const { changes } = await sql('UPDATE "ApiToken" SET "expiresAt" = ? WHERE "id" = ?', [storedTime(new Date(Date.now() - 1000)), token.id]);
  expect(changes).toBe(1);
  // A change made outside this server process takes effect within a second (the token check is cached that long).
  await expect.poll(async () => (await api.get("/api/me")).status(), { timeout: 3000 }).toBe(401);
  const { tokens } = (await (await owner.session.get("/api/tokens")).json()) as { tokens: TokenJson[] };
  expect(tokens[0].status).toBe("expired");
  for (const ctx of [api, owner.session]) await ctx.dispose();
});

test("a viewer may create a token, but the token cannot write (403); a reviewer's token passes the role check", async () => {
  const viewer = await makePerson("viewer", "Reader");
  const { secret } = await createToken(viewer.session, { name: "read only" });
  const api = await withToken(secret);
  expect(((await (await api.get("/api/me")).json()) as { role: string }).role).toBe("viewer");

  const { documents } = (await (await api.get("/api/documents")).json()) as { documents: Array<{ id: string; title: string }> };
  const doc = documents.find((d) => d.title === "The Spark") ?? documents[0];
  const { text } = (await (await api.get(`/api/documents/${doc.id}`)).json()) as { text: string };
  const points = [...text];
  const start = points.findIndex((c) => /\S/.test(c));
  const body = { start, end: start + 12, quote: points.slice(start, start + 12).join(""), classification: "opinion", evidence: [] };

  const res = await api.post(`/api/documents/${doc.id}/annotations`, { data: body });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("FORBIDDEN");
  expect((await api.post("/api/documents", { data: { text: "A viewer's document.", title: "Nope", kind: "other" } })).status()).toBe(403);
  const { annotations } = (await (await api.get(`/api/documents/${doc.id}/annotations`)).json()) as { annotations: Array<{ author: { id: string } }> };
  expect(annotations.filter((a) => a.author.id === viewer.id)).toHaveLength(0);

  // Control: a reviewer's token gets past the role check and reaches validation (a wrong quote: 422, nothing written).
  const reviewer = await makePerson("reviewer", "Writer");
  const reviewerToken = await createToken(reviewer.session, { name: "writer" });
  const writer = await withToken(reviewerToken.secret);
  const mismatch = await writer.post(`/api/documents/${doc.id}/annotations`, { data: { ...body, quote: `${body.quote}!` } });
  expect(mismatch.status()).toBe(422);
  for (const ctx of [api, writer, viewer.session, reviewer.session]) await ctx.dispose();
});

test("a read-only token reads everything its owner may (documents, exports, live streams) and changes nothing: 403 TOKEN_READ_ONLY", async () => {
  const owner = await makePerson("reviewer", "Exporter");
  const { token, secret } = await createToken(owner.session, { name: "nightly export", access: "read" });
  expect(token.access).toBe("read");
  const api = await withToken(secret);
  const { documents } = (await (await api.get("/api/documents")).json()) as { documents: Array<{ id: string; title: string }> };
  const doc = documents[0];
  expect((await api.get(`/api/documents/${doc.id}/annotations`)).status()).toBe(200);
  expect((await api.get(`/api/documents/${doc.id}/summary`)).status()).toBe(200);
  const exported = await api.get("/api/export?format=native");
  expect(exported.status()).toBe(200);
  expect((await api.head(`/api/documents/${doc.id}`)).status()).toBe(200);
  const { text } = (await (await api.get(`/api/documents/${doc.id}`)).json()) as { text: string };
  const points = [...text];
  const start = points.findIndex((c) => /\S/.test(c));
  const body = { start, end: start + 12, quote: points.slice(start, start + 12).join(""), classification: "opinion", evidence: [] };
  const before = (await (await api.get(`/api/documents/${doc.id}/annotations`)).json()) as { annotations: unknown[] };
  const refused = [
    await api.post(`/api/documents/${doc.id}/annotations`, { data: body }),
    await api.delete(`/api/tokens/${token.id}`),
    await api.post("/api/me/responses/seen", { data: { upTo: new Date().toISOString() } }),
    await api.patch(`/api/documents/${doc.id}`, { data: { title: "Renamed by a reader" } }),
  ];
  for (const res of refused) {
    expect(res.status()).toBe(403);
    expect((await res.json()).error).toEqual({
      code: "FORBIDDEN",
      message: "This API token can only read (GET requests). Create a token that may write on the account page.",
      details: { reason: "TOKEN_READ_ONLY" },
    });
  }
  expect(((await (await api.get(`/api/documents/${doc.id}/annotations`)).json()) as { annotations: unknown[] }).annotations).toHaveLength(before.annotations.length);
  expect(((await (await owner.session.get("/api/tokens")).json()) as { tokens: TokenJson[] }).tokens[0]).toMatchObject({ id: token.id, status: "active" });
  // The same person's token that may write does.
  const writer = await withToken((await createToken(owner.session, { name: "writer", access: "write" })).secret);
  expect((await writer.post(`/api/documents/${doc.id}/annotations`, { data: body })).status()).toBe(201);
  // Bad input: an access that does not exist.
  const bad = await owner.session.post("/api/tokens", { data: { name: "odd", access: "admin" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toBe('access: access must be "read" or "write".');
  for (const ctx of [api, writer, owner.session]) await ctx.dispose();
});

test("a request authenticated by a token cannot create tokens", async () => {
  const owner = await makePerson("reviewer", "Minter");
  const { secret } = await createToken(owner.session, { name: "parent" });
  const api = await withToken(secret);
  const res = await api.post("/api/tokens", { data: { name: "child" } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error).toEqual({ code: "FORBIDDEN", message: "Create tokens from the account page." });
  const { tokens } = (await (await api.get("/api/tokens")).json()) as { tokens: TokenJson[] };
  expect(tokens.map((t) => t.name)).toEqual(["parent"]);
  for (const ctx of [api, owner.session]) await ctx.dispose();
});

test("an admin's token manages people but cannot give admin power: no new admin, no promotion to admin, no admin's password (403 SESSION_ONLY)", async () => {
  const admin = await apiAs(ACCOUNTS.admin);
  const id = crypto.randomBytes(4).toString("hex");
  const person = async (label: string, role: string, via: APIRequestContext) =>
    via.post("/api/users", { data: { name: `${label} ${id}`, email: `${label.toLowerCase().replace(/\W+/g, "-")}-${id}@e2e.apparatus`, role, password: PASSWORD } });
  const ownerRes = await person("Scripting Admin", "admin", admin);
  expect(ownerRes.status(), await ownerRes.text()).toBe(201);
  const owner = (await ownerRes.json()) as { id: string; email: string };
  const other = (await (await person("Other Admin", "admin", admin)).json()) as { id: string; email: string };
  const { secret } = await createToken(await apiAs(owner.email, PASSWORD), { name: "people script" });
  const api = await withToken(secret);
  const refused = async (res: Awaited<ReturnType<APIRequestContext["post"]>>) => {
    expect(res.status(), await res.text()).toBe(403);
    expect(((await res.json()) as { error: { details?: unknown } }).error.details).toEqual({ reason: "SESSION_ONLY" });
  };

  // what its owner may do otherwise, it may: a reviewer made, made an editor
  const reviewerRes = await person("Scripted Reviewer", "reviewer", api);
  expect(reviewerRes.status(), await reviewerRes.text()).toBe(201);
  const reviewer = (await reviewerRes.json()) as { id: string };
  expect((await api.patch(`/api/users/${reviewer.id}`, { data: { role: "editor" } })).status()).toBe(200);

  // admin power: refused, nothing changed
  await refused(await person("Minted Admin", "admin", api));
  const users = (await (await admin.get("/api/users")).json()) as { users: Array<{ id: string; email: string; role: string }> };
  expect(users.users.some((u) => u.email.startsWith(`minted-admin-${id}`))).toBe(false);
  await refused(await api.patch(`/api/users/${reviewer.id}`, { data: { role: "admin", name: "Renamed" } }));
  expect(await (await admin.get(`/api/users/${reviewer.id}`)).json()).toMatchObject({ role: "editor", name: `Scripted Reviewer ${id}` });
  await refused(await api.post(`/api/users/${other.id}/password`, { data: { password: "an attacker's password" } }));
  const stillSignsIn = await apiAs(other.email, PASSWORD);
  expect((await stillSignsIn.get("/api/me")).status()).toBe(200);

  // signed in, the same admin may
  expect((await admin.patch(`/api/users/${reviewer.id}`, { data: { role: "admin" } })).status()).toBe(200);
  await Promise.all([api.dispose(), admin.dispose(), stillSignsIn.dispose()]);
});

test("token creation and revocation are in the audit log, without the secret", async () => {
  const owner = await makePerson("reviewer", "Logged");
  const { token, secret } = await createToken(owner.session, { name: "audited" });
  expect((await owner.session.delete(`/api/tokens/${token.id}`)).status()).toBe(200);

  const admin = await apiAs(ACCOUNTS.admin);
  const res = await admin.get(`/api/audit?userId=${owner.id}`);
  const raw = await res.text();
  expect(raw).not.toContain(secret);
  const { events } = JSON.parse(raw) as { events: Array<{ type: string; actor: { id: string } | null; target: { id: string } | null; detail: Record<string, unknown> }> };
  const created = events.find((e) => e.type === "token_created");
  const revoked = events.find((e) => e.type === "token_revoked");
  expect(created).toMatchObject({ actor: { id: owner.id }, target: { id: owner.id }, detail: { tokenId: token.id, name: "audited", prefix: token.prefix, access: "write" } });
  expect(revoked).toMatchObject({ actor: { id: owner.id }, target: { id: owner.id }, detail: { tokenId: token.id, prefix: token.prefix } });
  const typed = (await (await admin.get(`/api/audit?userId=${owner.id}&type=token_revoked`)).json()) as { events: unknown[] };
  expect(typed.events).toHaveLength(1);
  for (const ctx of [admin, owner.session]) await ctx.dispose();
});

test("the account page creates a token, shows its secret once with a warning, and revokes it", async ({ page }) => {
  const owner = await makePerson("viewer", "Pager");
  await owner.session.dispose();
  await signIn(page, owner.email, PASSWORD);
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  await expect(page.getByText(owner.email)).toBeVisible();
  await expect(page.getByText("curl -H \"Authorization: Bearer apx_…\"")).toBeVisible();
  await expect(page.getByText("You have no API tokens.")).toBeVisible();

  await page.getByLabel("Token name").fill("from the page");
  // Read only unless asked otherwise: the least a script needs.
  await expect(page.getByLabel("Access")).toHaveValue("read");
  await page.getByLabel("Expires").selectOption("30");
  await page.getByRole("button", { name: "Create token" }).click();
  const secretBox = page.getByLabel("Token secret");
  await expect(secretBox).toBeVisible();
  const secret = await secretBox.inputValue();
  expect(secret).toMatch(/^apx_/);
  await expect(page.getByText("It is shown only once")).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy" })).toBeVisible();
  // Focus moves to the one-time display (named, with the warning as its description), not to the body.
  await expect(page.getByRole("region", { name: "New token “from the page”" })).toBeFocused();
  await expect(page.getByRole("region", { name: "New token “from the page”" })).toHaveAccessibleDescription(/Copy this token now/);

  const row = page.getByRole("row").filter({ hasText: "from the page" });
  await expect(row).toContainText(secret.slice(0, 12));
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Read only");
  const api = await withToken(secret);
  expect((await api.get("/api/me")).status()).toBe(200);
  expect((await api.post("/api/me/responses/seen", { data: { upTo: new Date().toISOString() } })).status()).toBe(403);

  // After a reload the secret is gone for good; the list still recognises the token by its prefix.
  await page.reload();
  await expect(page.getByLabel("Token secret")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  await expect(row).toContainText(secret.slice(0, 12));

  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Revoked “from the page”" })).toBeVisible();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  expect((await api.get("/api/me")).status()).toBe(401);
  await api.dispose();
});

test("a new token expires in 90 days unless asked otherwise, in the API and on the account page; never only when asked for", async ({ page }) => {
  const owner = await makePerson("reviewer", "Defaulter");
  const daysLeft = (token: TokenJson) => (Date.parse(token.expiresAt!) - Date.now()) / 86_400_000;
  const { token: byDefault } = await createToken(owner.session, { name: "no expiry given" });
  expect(daysLeft(byDefault)).toBeGreaterThan(89.9);
  expect(daysLeft(byDefault)).toBeLessThanOrEqual(90);
  const { token: forever } = await createToken(owner.session, { name: "asked for never", expiresInDays: null });
  expect(forever.expiresAt).toBeNull();

  await signIn(page, owner.email, PASSWORD);
  await page.goto("/account");
  await expect(page.getByLabel("Expires")).toHaveValue("90");
  await page.getByLabel("Token name").fill("page default");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByLabel("Token secret")).toBeVisible();
  const expected = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  const row = page.getByRole("row").filter({ hasText: "page default" });
  // The date shown is the expiry's day (UTC); allow the minute around midnight.
  await expect(row.getByRole("cell").nth(3)).toHaveText(new RegExp(`${expected}|${new Date(Date.now() + 90 * 86_400_000 + 120_000).toISOString().slice(0, 10)}`));
  await owner.session.dispose();
});
