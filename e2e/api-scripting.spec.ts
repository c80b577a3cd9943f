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
