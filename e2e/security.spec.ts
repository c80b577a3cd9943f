import { test, expect, type Page } from "@playwright/test";
import { apiAs, signInWithForm } from "./support/auth";
import { ACCOUNTS } from "./support/env";
import { annotate, documentByTitle } from "./support/api";
import { annotationsRegion, openDocument } from "./support/reader";
import { createUser } from "./support/users";

const DOC = "More on IMT (unfinished)";

function watchForViolations(page: Page) {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return problems;
}

test("pages carry a Content-Security-Policy and security headers, and the app runs under it", async ({ page }) => {
  const problems = watchForViolations(page);
  const res = await page.goto("/login");
  const headers = res!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  await signInWithForm(page, ACCOUNTS.rosa);
  await openDocument(page, DOC);
  await expect(page.getByTestId("live-status")).toHaveText("● Live"); // hydrated and connected
  await page.goto("/corpus");
  await page.goto("/");
  expect(problems).toEqual([]);
});

test("the session cookie is HttpOnly and SameSite", async ({ page }) => {
  await signInWithForm(page, ACCOUNTS.rosa);
  const session = (await page.context().cookies()).find((c) => c.name.includes("apparatus.session"));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
});

test("a state-changing request from another origin is refused", async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const doc = await documentByTitle(rosa, DOC);
  const a = await annotate(rosa, doc, "IMT", "opinion");
  const res = await rosa.delete(`/api/annotations/${a.id}`, { headers: { origin: "https://evil.example" } });
  expect(res.status()).toBe(403);
  const res2 = await rosa.delete(`/api/annotations/${a.id}`, { headers: { "sec-fetch-site": "cross-site" } });
  expect(res2.status()).toBe(403);
  expect((await rosa.get(`/api/annotations/${a.id}`)).status()).toBe(200);
  await rosa.dispose();
});

test("hostile notes and replies are stored inert and render inert", async ({ page }) => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const doc = await documentByTitle(rosa, DOC);
  const hostile = '<script>window.__pwned = 1; alert(1)</script><img src=x onerror="window.__pwned=2">';
  // A javascript: link is refused outright.
  const i = doc.text.indexOf("letter");
  const start = [...doc.text.slice(0, i)].length;
  const base = { start, end: start + 6, quote: "letter", classification: "contested", evidence: [] };
  const bad = await rosa.post(`/api/documents/${doc.id}/annotations`, {
    data: { ...base, note: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] } },
  });
  expect(bad.status()).toBe(422);
  // Markup typed as text is kept as text.
  const a = await annotate(rosa, doc, "letter", "contested", {
    note: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: hostile }] }] },
    evidence: [{ citation: hostile }],
  });
  const reply = await rosa.post(`/api/annotations/${a.id}/replies`, { data: { body: hostile } });
  expect(reply.status()).toBe(201);
  expect((await reply.json()).bodyText).toBe(hostile);
  // An evidence URL must be http(s).
  expect((await rosa.patch(`/api/annotations/${a.id}`, { data: { evidence: [{ url: "javascript:alert(1)" }] } })).status()).toBe(400);

  const problems = watchForViolations(page);
  await signInWithForm(page, ACCOUNTS.victor);
  await openDocument(page, DOC);
  const entry = annotationsRegion(page).getByRole("article", { name: /Contested annotation by Rosa/ }).filter({ hasText: "window.__pwned" });
  await expect(entry.first()).toBeVisible();
  await entry.first().getByRole("button", { name: /Discussion/ }).click();
  await expect(entry.first().locator(".reply")).toContainText("<img src=x onerror=");
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator(".annotation-list script, .annotation-list img").count()).toBe(0);
  expect(problems).toEqual([]);
  await rosa.dispose();
});

test("repeated failed sign-ins for one account get 429 for a while, and the audit log records it", async ({ page }) => {
  const email = createUser("reviewer", "Throttled Reviewer");
  for (let i = 0; i < 5; i++) {
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong-password-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  }
  // Even the right password is refused now, with a clear message.
  await page.getByLabel("Password").fill("correct-horse-battery");
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials")),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  expect(response.status()).toBe(429);
  await expect(page.locator("form").getByRole("alert")).toContainText("Too many failed sign-ins");
  await expect(page).toHaveURL(/\/login/);

  const admin = await apiAs(ACCOUNTS.admin);
  const { events } = (await (await admin.get("/api/audit?type=sign_in_throttled")).json()) as { events: Array<{ detail: unknown }> };
  expect(JSON.stringify(events)).toContain(email);
  const failed = (await (await admin.get("/api/audit?type=sign_in_failed")).json()) as { events: unknown[] };
  expect(JSON.stringify(failed.events)).toContain(email);
  await admin.dispose();
});
