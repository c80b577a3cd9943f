import { test, expect } from "@playwright/test";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { signInWithForm, apiAs } from "./support/auth";
import { ACCOUNTS, DEMO_PASSWORD } from "./support/env";

const SEED_TITLES = [
  "The Spark",
  "100 Years Later: The Lessons of October 1917",
  "More on IMT (unfinished)",
  "Worker IMT Recruit Forced Out of Party by IMT Nanobureaucracy",
  "Anti-Stalinist left",
];

test("a reviewer signs in, sees the five seed titles and opens a document", async ({ page }) => {
  await signInWithForm(page, ACCOUNTS.rosa);
  for (const title of SEED_TITLES) await expect(page.getByRole("link", { name: title, exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Anti-Stalinist left", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Anti-Stalinist left" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Document text" })).toContainText("Kronstadt rebellion");
});

test("a wrong password shows an error and stays on the sign-in page", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ACCOUNTS.rosa);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);
  // The focus is back on the password, described by the error, ready for the next try (it fell to the page).
  const password = page.getByLabel("Password");
  await expect(password).toBeFocused();
  await expect(password).toHaveAccessibleDescription("Wrong email or password.");
  // and someone who has forgotten it is told where to turn
  await expect(page.getByText(/^Forgot your password/)).toContainText("an admin of this installation adds people and sets new passwords");
});

test("an unknown email gets the same message as a wrong password", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("nobody@example.org");
  await page.getByLabel("Password").fill("whatever-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
});

test("an empty email or password is said at once, on its field, and nothing is sent", async ({ page }) => {
  const sent: string[] = [];
  page.on("request", (r) => r.url().includes("/api/auth/callback") && sent.push(r.url()));
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  const email = page.getByLabel("Email");
  await expect(page.locator("form").getByRole("alert")).toHaveText("Enter your email address.");
  await expect(email).toBeFocused();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription("Enter your email address.");
  await expect(page.getByLabel("Password")).not.toHaveAttribute("aria-invalid", "true");
  await email.fill(`  ${ACCOUNTS.rosa}  `);
  await page.keyboard.press("Enter");
  const password = page.getByLabel("Password");
  await expect(page.locator("form").getByRole("alert")).toHaveText("Enter your password.");
  await expect(password).toBeFocused();
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(email).not.toHaveAttribute("aria-invalid", "true");
  expect(sent).toEqual([]);
  // The address as typed, spaces around it left out, signs in.
  await password.fill(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/$/);
});

test("signing out ends the session and protected pages redirect to sign-in", async ({ page }) => {
  await signInWithForm(page, ACCOUNTS.victor);
  const cookies = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  // The old session cookie, replayed, no longer works: the session itself ended on the server.
  await page.context().addCookies(cookies);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("the sign-in page lists the demo accounts in demo mode", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Demo mode" })).toBeVisible();
  await expect(page.getByText(ACCOUNTS.admin)).toBeVisible();
});

test("a protected API route without a session answers 401 JSON", async ({ request }) => {
  const res = await request.get("/api/documents");
  expect(res.status()).toBe(401);
  expect(res.headers()["content-type"]).toContain("application/json");
  const body = await res.json();
  expect(body.error.code).toBe("UNAUTHENTICATED");
});

test("the stored text of every seed has the same SHA-256 as its file", async () => {
  const api = await apiAs(ACCOUNTS.rosa);
  const list = (await (await api.get("/api/documents")).json()) as { documents: Array<{ id: string; title: string; textHash: string }> };
  const manifest = JSON.parse(fs.readFileSync(path.join("seeds", "manifest.json"), "utf8")) as {
    documents: Array<{ file: string; title: string }>;
  };
  for (const entry of manifest.documents) {
    const doc = list.documents.find((d) => d.title === entry.title);
    expect(doc, entry.title).toBeTruthy();
    const res = await api.get(`/api/documents/${doc!.id}`);
    const { text } = (await res.json()) as { text: string };
    const fileHash = crypto.createHash("sha256").update(fs.readFileSync(path.join("seeds", entry.file))).digest("hex");
    expect(crypto.createHash("sha256").update(text, "utf8").digest("hex")).toBe(fileHash);
    expect(doc!.textHash).toBe(fileHash);
  }
  await api.dispose();
});
