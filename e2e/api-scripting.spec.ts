// The README's API as a script meets it: an API token made the way the README says (POST /api/tokens from
// a signed-in session), then plain requests with `Authorization: Bearer`, the way curl sends them.
import { test, expect, request as pwRequest, type APIRequestContext } from "@playwright/test";
import { apiAs } from "./support/auth";
import { documentByTitle } from "./support/api";
import { ACCOUNTS, E2E_BASE_URL } from "./support/env";

async function tokenClient(email: string): Promise<APIRequestContext> {
  const session = await apiAs(email);
  const res = await session.post("/api/tokens", { data: { name: "fact-checking desk" } });
  expect(res.status(), await res.text()).toBe(201);
  const { secret } = (await res.json()) as { secret: string };
  await session.dispose();
  return pwRequest.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
}

test("POST /api/import takes the export as the body; a form upload of it is told so, not 'not valid JSON'", async () => {
  const admin = await tokenClient(ACCOUNTS.admin);
  const doc = await documentByTitle(admin, "The Spark");
  const exported = await admin.get(`/api/documents/${doc.id}/export?format=native`);
  expect(exported.status()).toBe(200);
  const file = await exported.body();

  // curl -F file=@export.json
  const form = await admin.post("/api/import", { multipart: { file: { name: "export.json", mimeType: "application/json", buffer: file } } });
  expect(form.status()).toBe(400);
  expect((await form.json()).error).toEqual({
    code: "INVALID_INPUT",
    message: "Send the export file itself as the request body (Content-Type: application/json; curl --data-binary @export.json), not as a form upload.",
  });

  // curl --data-binary @export.json -H 'content-type: application/json'
  const raw = await admin.post("/api/import", { data: file, headers: { "content-type": "application/json" } });
  expect(raw.status(), await raw.text()).toBe(200);
  expect((await raw.json()).documents).toMatchObject({ created: 0, matched: 1 });
  await admin.dispose();
});

test("a refused token is told why: expired (the default is 90 days), revoked, unknown, or not a Bearer header", async () => {
  const session = await apiAs(ACCOUNTS.victor);
  const soon = new Date(Date.now() + 2_000).toISOString();
  const made = await session.post("/api/tokens", { data: { name: "expires at once", expiresAt: soon } });
  expect(made.status(), await made.text()).toBe(201);
  const expiring = (await made.json()) as { token: { id: string; expiresAt: string }; secret: string };
  const other = (await (await session.post("/api/tokens", { data: { name: "to revoke" } })).json()) as { token: { id: string }; secret: string };
  const as = (authorization: string) => pwRequest.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { authorization } });

  const revoked = await session.delete(`/api/tokens/${other.token.id}`);
  expect(revoked.status()).toBe(200);
  const { revokedAt } = (await revoked.json()) as { revokedAt: string };
  await new Promise((resolve) => setTimeout(resolve, Math.max(2_100, Date.parse(expiring.token.expiresAt) - Date.now() + 100))); // past both; token checks are cached for 1 s

  const cases: Array<[string, string, string]> = [
    [`Bearer ${expiring.secret}`, "TOKEN_EXPIRED", `This API token expired at ${expiring.token.expiresAt}; create a new one on the account page.`],
    [`Bearer ${other.secret}`, "TOKEN_REVOKED", `This API token was revoked at ${revokedAt}; create a new one on the account page.`],
    [`Bearer apx_${"x".repeat(43)}`, "TOKEN_UNKNOWN", "This API token is not known: check that it was copied whole, or create one on the account page."],
    [`Basic ${Buffer.from("victor:apparatus-demo").toString("base64")}`, "BAD_AUTHORIZATION", "The Authorization header must be `Bearer <token>`, with an API token from the account page."],
  ];
  for (const [authorization, reason, message] of cases) {
    const api = await as(authorization);
    const res = await api.get("/api/me");
    expect(res.status(), reason).toBe(401);
    expect((await res.json()).error, reason).toEqual({ code: "UNAUTHENTICATED", message, details: { reason } });
    await api.dispose();
  }
  await session.dispose();
});

test("GET …/structure?version=N is that version's structure, as ?version=N is for the text and the annotations", async () => {
  const reviewer = await tokenClient(ACCOUNTS.rosa);
  const first = `# Claims\n\nThe first text has one paragraph under a heading. ${Date.now()}`;
  const added = await reviewer.post("/api/documents", { data: { text: first, format: "markdown", title: `Structure versions ${Date.now()}`, kind: "blog" } });
  expect(added.status(), await added.text()).toBe(201);
  const { id } = (await added.json()) as { id: string };
  const second = await reviewer.post(`/api/documents/${id}/versions`, { data: { text: `Only a plain paragraph now. ${Date.now()}`, format: "text" } });
  expect(second.status(), await second.text()).toBe(201);

  const types = async (query: string) => {
    const res = await reviewer.get(`/api/documents/${id}/structure${query}`);
    expect(res.status(), query).toBe(200);
    const body = (await res.json()) as { version: number; structure: { ranges: Array<{ type: string }> } };
    return { version: body.version, types: [...new Set(body.structure.ranges.map((r) => r.type))].sort() };
  };
  expect(await types("")).toEqual({ version: 2, types: ["paragraph"] });
  expect(await types("?version=2")).toEqual({ version: 2, types: ["paragraph"] });
  expect(await types("?version=1")).toEqual({ version: 1, types: ["heading", "paragraph"] });

  const missing = await reviewer.get(`/api/documents/${id}/structure?version=3`);
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.message).toMatch(/^Version 3 not found; “Structure versions \d+” has versions 1 to 2\.$/);
  const bad = await reviewer.get(`/api/documents/${id}/structure?version=first`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toBe("version: version must be a version number.");
  await reviewer.dispose();
});
