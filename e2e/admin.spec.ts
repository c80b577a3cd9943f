import { test, expect, request as pwRequest, type APIRequestContext, type Page } from "@playwright/test";
import crypto from "node:crypto";
import { annotate, createDocument } from "./support/api";
import { apiAs, signIn, signInWithForm } from "./support/auth";
import { ACCOUNTS, E2E_BASE_URL } from "./support/env";

// Every test makes its own people (unique emails) through the admin API, so tests and spec files stay independent.
const PASSWORD = "first-password-123";
const unique = () => crypto.randomBytes(4).toString("hex");

interface UserJson {
  id: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
}

async function asAdmin(): Promise<APIRequestContext> {
  return apiAs(ACCOUNTS.admin);
}

async function makePerson(admin: APIRequestContext, role: "admin" | "reviewer" | "viewer", label: string): Promise<UserJson> {
  const id = unique();
  const res = await admin.post("/api/users", {
    data: { name: `${label} ${id}`, email: `${label.toLowerCase().replace(/\W+/g, "-")}-${id}@e2e.apparatus`, role, password: PASSWORD },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as UserJson;
}

/** Sign in over HTTP and report what /api/me answers afterwards (200 when the credentials worked). */
async function trySignIn(email: string, password: string): Promise<{ status: number; ctx: APIRequestContext }> {
  const ctx = await pwRequest.newContext({ baseURL: E2E_BASE_URL });
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await ctx.post("/api/auth/callback/credentials", { form: { email, password, csrfToken, json: "true" } });
  return { status: (await ctx.get("/api/me")).status(), ctx };
}

const userRow = (page: Page, user: UserJson) => page.getByRole("row").filter({ hasText: user.email });

test("an admin creates a viewer and a reviewer on the people page", async ({ page }) => {
  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/users");
  await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");

  const made: Array<{ name: string; email: string; role: string }> = [];
  for (const role of ["viewer", "reviewer"] as const) {
    const id = unique();
    const person = { name: `Page ${role} ${id}`, email: `page-${role}-${id}@e2e.apparatus`, role };
    await page.getByLabel("Name", { exact: true }).fill(person.name);
    await page.getByLabel("Email", { exact: true }).fill(person.email);
    await page.getByLabel("Role", { exact: true }).selectOption(role);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Created ${person.name}` })).toBeVisible();
    // ready for the next one
    await expect(page.getByLabel("Name", { exact: true })).toBeFocused();
    const row = page.getByRole("row").filter({ hasText: person.email });
    await expect(row.getByLabel(`Role for ${person.name}`)).toHaveValue(role);
    await expect(row).toContainText("Active");
    made.push(person);
  }

  // They exist on the server (after a reload too), and each can sign in with the role given.
  await page.reload();
  for (const person of made) await expect(page.getByRole("row").filter({ hasText: person.email })).toBeVisible();
  for (const person of made) {
    const { status, ctx } = await trySignIn(person.email, PASSWORD);
    expect(status).toBe(200);
    expect(((await (await ctx.get("/api/me")).json()) as { role: string }).role).toBe(person.role);
    await ctx.dispose();
  }
});

test("the create form refuses bad input with clear messages and the API answers 400/409", async ({ page }) => {
  const admin = await asAdmin();
  const existing = await makePerson(admin, "reviewer", "Taken");
  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/users");
  await page.getByLabel("Name", { exact: true }).fill("Short Password");
  await page.getByLabel("Email", { exact: true }).fill(`short-${unique()}@e2e.apparatus`);
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("Passwords need at least 10 characters.")).toBeVisible();

  await page.getByLabel("Email", { exact: true }).fill(existing.email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("form", { name: "Create a user" }).getByRole("alert")).toHaveText(`A user with the email ${existing.email} already exists.`);

  const short = await admin.post("/api/users", { data: { name: "X", email: `x-${unique()}@e2e.apparatus`, role: "viewer", password: "short" } });
  expect(short.status()).toBe(400);
  expect((await short.json()).error).toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("at least 10 characters") });
  const badRole = await admin.patch(`/api/users/${existing.id}`, { data: { role: "superuser" } });
  expect(badRole.status()).toBe(400);
  const nothing = await admin.patch(`/api/users/${existing.id}`, { data: {} });
  expect(nothing.status()).toBe(400);
  const missing = await admin.patch("/api/users/no-such-user", { data: { role: "viewer" } });
  expect(missing.status()).toBe(404);
  const dup = await admin.post("/api/users", { data: { name: "Dup", email: existing.email.toUpperCase(), role: "viewer", password: PASSWORD } });
  expect(dup.status()).toBe(409);
  await admin.dispose();
});

test("an admin changes a role and the user's open session has the new role at its next request", async ({ page }) => {
  const admin = await asAdmin();
  const person = await makePerson(admin, "reviewer", "Demoted");
  const session = await apiAs(person.email, PASSWORD);

  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/users");
  const row = userRow(page, person);
  await row.getByLabel(`Role for ${person.name}`).selectOption("viewer");
  await row.getByRole("button", { name: "Change role" }).click();
  await expect(row.getByRole("status")).toHaveText(`${person.name} is now a viewer.`);
  await expect(row.getByLabel(`Role for ${person.name}`)).toHaveValue("viewer");

  const me = (await (await session.get("/api/me")).json()) as { role: string };
  expect(me.role).toBe("viewer");
  expect(((await (await admin.get(`/api/users/${person.id}`)).json()) as UserJson).role).toBe("viewer");
  await session.dispose();
  await admin.dispose();
});

test("an arrow key on a role select only proposes the change: nothing is sent until Change role, Cancel reverts, and focus stays on the row", async ({ page }) => {
  const admin = await asAdmin();
  const person = await makePerson(admin, "reviewer", "Arrowed");
  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/users");
  const row = userRow(page, person);
  const select = row.getByLabel(`Role for ${person.name}`);
  const patches: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "PATCH" && r.url().includes(`/api/users/${person.id}`)) patches.push(r.postData() ?? "");
  });

  await select.focus();
  await page.keyboard.press("ArrowDown");
  await expect(select).toHaveValue("viewer");
  await expect(select).toBeFocused();
  const apply = row.getByRole("button", { name: "Change role" });
  await expect(apply).toBeVisible();
  await page.waitForTimeout(300);
  expect(patches).toEqual([]);
  expect(((await (await admin.get(`/api/users/${person.id}`)).json()) as UserJson).role).toBe("reviewer");

  // Cancel puts the select back, and focus on it
  await row.getByRole("button", { name: "Cancel" }).click();
  await expect(select).toHaveValue("reviewer");
  await expect(apply).toHaveCount(0);
  await expect(select).toBeFocused();
  expect(patches).toEqual([]);

  // by keyboard: choose, Tab to Change role, Enter; focus does not drop to the page
  await page.keyboard.press("ArrowUp");
  await expect(select).toHaveValue("editor");
  await page.keyboard.press("Tab");
  await expect(apply).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(row.getByRole("status")).toHaveText(`${person.name} is now an editor.`);
  expect(patches).toEqual([JSON.stringify({ role: "editor" })]);
  await expect(apply).toHaveCount(0);
  await expect(select).toBeFocused();
  expect(((await (await admin.get(`/api/users/${person.id}`)).json()) as UserJson).role).toBe("editor");
  await admin.dispose();
});

test("an admin resets a password: the user signs in with the new one, not the old, their sessions end and their tokens stop working", async ({ page }) => {
  const admin = await asAdmin();
  const person = await makePerson(admin, "reviewer", "Forgetful");
  const before = await apiAs(person.email, PASSWORD);
  const { secret } = (await (await before.post("/api/tokens", { data: { name: "made before the reset" } })).json()) as { secret: string };
  const token = await pwRequest.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  expect((await token.get("/api/me")).status()).toBe(200);

  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/users");
  const row = userRow(page, person);
  await row.getByRole("button", { name: "Reset password" }).click();
  await row.getByLabel(`New password for ${person.name}`).fill("short");
  await row.getByRole("button", { name: "Set password" }).click();
  await expect(row.getByRole("alert")).toHaveText("Passwords need at least 10 characters.");
  await row.getByLabel(`New password for ${person.name}`).fill("second-password-456");
  await row.getByRole("button", { name: "Set password" }).click();
  await expect(row.getByRole("status")).toContainText("New password set.");
  await expect(row.getByRole("status")).toContainText("their API tokens were revoked");

  expect((await before.get("/api/me")).status()).toBe(401);
  expect((await token.get("/api/me")).status()).toBe(401);
  await token.dispose();
  const fresh = await trySignIn(person.email, "second-password-456");
  expect(fresh.status).toBe(200);
  const stale = await trySignIn(person.email, PASSWORD);
  expect(stale.status).toBe(401);
  for (const ctx of [before, fresh.ctx, stale.ctx, admin]) await ctx.dispose();
});

test("an admin corrects a name and an address: the person signs in with the new address, keeps their session, and the audit log says from what to what", async ({ page }) => {
  const admin = await asAdmin();
  const person = await makePerson(admin, "reviewer", "Misspelt");
  const taken = await makePerson(admin, "viewer", "Holder");
  const theirSession = await apiAs(person.email, PASSWORD);

  // the API: bad, taken and reserved addresses are refused, and change nothing (the name sent beside them neither)
  for (const [data, status, message] of [
    [{ email: "not an address" }, 400, /does not look like an email address/],
    [{ email: 42 }, 400, /./],
    [{ name: "Renamed", email: taken.email }, 409, /already exists/],
    [{ email: "someone@placeholder.apparatus.invalid" }, 422, /kept for authors an import could not match/],
  ] as const) {
    const res = await admin.patch(`/api/users/${person.id}`, { data });
    expect(res.status(), JSON.stringify(data)).toBe(status);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
  }
  expect(await (await admin.get(`/api/users/${person.id}`)).json()).toMatchObject({ name: person.name, email: person.email });

  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/users");
  const row = userRow(page, person);
  await row.getByRole("button", { name: "Edit name and email" }).click();
  const form = row.getByRole("form", { name: `Name and email of ${person.name}` });
  await expect(form.getByLabel("Name")).toBeFocused();
  await form.getByLabel("Email").fill("still not one");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("alert")).toHaveText("That does not look like an email address.");
  const name = `Correctly Spelt ${unique()}`;
  const email = `correct-${unique()}@e2e.apparatus`;
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Email").fill(` ${email.toUpperCase()} `);
  await form.getByRole("button", { name: "Save" }).click();
  const saved = page.getByRole("row").filter({ hasText: email });
  await expect(saved.getByRole("status")).toHaveText(`Saved. ${name} signs in as ${email} from now on.`);
  await expect(saved.getByRole("rowheader")).toHaveText(name);
  await expect(saved.getByRole("button", { name: "Edit name and email" })).toBeVisible();
  // Cancel puts focus back on the button
  await saved.getByRole("button", { name: "Edit name and email" }).click();
  await saved.getByRole("button", { name: "Cancel" }).click();
  await expect(saved.getByRole("button", { name: "Edit name and email" })).toBeFocused();

  // the session they had goes on; a new sign-in takes the new address, not the old
  expect(await (await theirSession.get("/api/me")).json()).toMatchObject({ id: person.id, name, email });
  expect((await trySignIn(email, PASSWORD)).status).toBe(200);
  expect((await trySignIn(person.email, PASSWORD)).status).toBe(401);

  const { events } = (await (await admin.get(`/api/audit?userId=${person.id}&type=user_email_changed`)).json()) as { events: Array<{ detail: unknown }> };
  expect(events.map((e) => e.detail)).toEqual([{ from: person.email, to: email }]);
  await page.goto(`/admin/audit?userId=${person.id}&type=user_email_changed`);
  const line = page.getByRole("table").getByRole("row").filter({ hasText: "Email changed" });
  await expect(line).toContainText(`From ${person.email} to ${email}`);
  for (const ctx of [theirSession, admin]) await ctx.dispose();
});

test("a reviewer gets 403 from the users and audit APIs and is sent from the admin pages to the library, told why", async ({ page }) => {
  const admin = await asAdmin();
  const reviewer = await makePerson(admin, "reviewer", "Curious");
  const api = await apiAs(reviewer.email, PASSWORD);
  expect((await api.get("/api/users")).status()).toBe(403);
  expect((await api.post("/api/users", { data: { name: "Me", email: `me-${unique()}@e2e.apparatus`, role: "admin", password: PASSWORD } })).status()).toBe(403);
  expect((await api.patch(`/api/users/${reviewer.id}`, { data: { role: "admin" } })).status()).toBe(403);
  expect((await api.post(`/api/users/${reviewer.id}/password`, { data: { password: "whatever-long-1" } })).status()).toBe(403);
  const audit = await api.get("/api/audit");
  expect(audit.status()).toBe(403);
  expect((await audit.json()).error.code).toBe("FORBIDDEN");

  await signInWithForm(page, reviewer.email, PASSWORD);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  // Sent to the library, which says why (not silently).
  for (const [path, page_, notice] of [
    ["/admin/users", "users", "Only admins can open Users"],
    ["/admin/audit", "audit", "Only admins can open the audit log"],
  ] as const) {
    await page.goto(path);
    await expect(page).toHaveURL(`${E2E_BASE_URL}/?denied=${page_}`);
    await expect(page.getByRole("status").filter({ hasText: notice })).toContainText("you are signed in as a reviewer");
  }
  await api.dispose();
  await admin.dispose();
});

test("a deactivated reviewer's open session gets 401 and its page goes to sign-in; the account cannot sign in until reactivated, and is told so", async ({ page, browser }) => {
  test.slow(); // several password KDF runs and two browsers on a shared CI machine
  const admin = await asAdmin();
  const person = await makePerson(admin, "reviewer", "Leaving");
  const api = await apiAs(person.email, PASSWORD);
  const theirContext = await browser.newContext();
  const theirPage = await theirContext.newPage();
  await signInWithForm(theirPage, person.email, PASSWORD);

  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/users");
  const row = userRow(page, person);
  // Deactivate asks first; Keep changes nothing and gives focus back to Deactivate
  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(row).toContainText(`Deactivate ${person.name}? Their sessions end now.`);
  await expect(row.getByRole("button", { name: "Confirm deactivate" })).toBeFocused();
  await row.getByRole("button", { name: "Keep" }).click();
  await expect(row.getByRole("button", { name: "Confirm deactivate" })).toHaveCount(0);
  await expect(row.getByRole("button", { name: "Deactivate" })).toBeFocused();
  expect((await api.get("/api/me")).status()).toBe(200);

  await row.getByRole("button", { name: "Deactivate" }).click();
  await row.getByRole("button", { name: "Confirm deactivate" }).click();
  await expect(row.getByRole("status")).toHaveText(`${person.name} is deactivated; their sessions have ended.`);
  await expect(row).toContainText("Deactivated");
  await expect(row.getByRole("button", { name: "Reactivate" })).toBeVisible();
  await expect(row.getByRole("status")).toBeFocused();

  const res = await api.get("/api/me");
  expect(res.status()).toBe(401);
  expect((await res.json()).error.code).toBe("UNAUTHENTICATED");
  await theirPage.goto("/");
  await expect(theirPage).toHaveURL(/\/login/);

  // the right password is told the account is deactivated; a wrong one learns nothing about the account
  await theirPage.getByLabel("Email").fill(person.email);
  await theirPage.getByLabel("Password").fill(`${PASSWORD}-wrong`);
  await theirPage.getByRole("button", { name: "Sign in" }).click();
  await expect(theirPage.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  await theirPage.getByLabel("Password").fill(PASSWORD);
  await theirPage.getByRole("button", { name: "Sign in" }).click();
  await expect(theirPage.locator("form").getByRole("alert")).toHaveText("This account is deactivated. Ask an admin to reactivate it.");
  await expect(theirPage).toHaveURL(/\/login/);

  await row.getByRole("button", { name: "Reactivate" }).click();
  await expect(row.getByRole("status")).toHaveText(`${person.name} can sign in again.`);
  await expect(row.getByRole("status")).toBeFocused();
  await signInWithForm(theirPage, person.email, PASSWORD);
  await theirContext.close();
  await api.dispose();
  await admin.dispose();
});

test("an admin cannot deactivate or demote themself: the page offers no control and the API refuses clearly", async ({ page }) => {
  const admin = await asAdmin();
  const me = (await (await admin.get("/api/me")).json()) as { id: string; name: string };
  const off = await admin.patch(`/api/users/${me.id}`, { data: { active: false } });
  expect(off.status()).toBe(422);
  expect((await off.json()).error.message).toBe("You cannot deactivate your own account. Ask another admin to do it.");
  const demote = await admin.patch(`/api/users/${me.id}`, { data: { role: "reviewer" } });
  expect(demote.status()).toBe(422);
  expect((await demote.json()).error.message).toBe("You cannot change your own role. Ask another admin to do it.");
  expect(((await (await admin.get("/api/me")).json()) as { role: string }).role).toBe("admin");

  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/users");
  const row = page.getByRole("row").filter({ hasText: ACCOUNTS.admin });
  await expect(row.getByLabel(`Role for ${me.name}`)).toBeDisabled();
  await expect(row.getByRole("button", { name: "Deactivate" })).toBeDisabled();
  await expect(row).toContainText("Another admin must change your role or deactivate you.");
  await admin.dispose();
});

test("sign-ins, failed sign-ins, sign-outs, role changes, deactivations and password resets are in the audit log with actor and target", async ({ page }) => {
  test.slow(); // several password KDF runs and two browsers on a shared CI machine
  const admin = await asAdmin();
  const adminMe = (await (await admin.get("/api/me")).json()) as { id: string; name: string };
  const person = await makePerson(admin, "reviewer", "Audited");

  // The person signs in, fails once, and signs out.
  const theirs = await apiAs(person.email, PASSWORD);
  const failed = await trySignIn(person.email, "wrong-password-000");
  expect(failed.status).toBe(401);
  const { csrfToken } = (await (await theirs.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await theirs.post("/api/auth/signout", { form: { csrfToken, json: "true" } });
  expect((await theirs.get("/api/me")).status()).toBe(401);

  // The admin changes the role, resets the password and deactivates the account.
  expect((await admin.patch(`/api/users/${person.id}`, { data: { role: "viewer" } })).status()).toBe(200);
  expect((await admin.post(`/api/users/${person.id}/password`, { data: { password: "another-password-789" } })).status()).toBe(200);
  expect((await admin.patch(`/api/users/${person.id}`, { data: { active: false } })).status()).toBe(200);

  type Event = { id: number; type: string; actor: { id: string; name: string } | null; target: { id: string; name: string } | null; ip: string | null; detail: Record<string, unknown> | null };
  const res = await admin.get(`/api/audit?userId=${person.id}`);
  expect(res.status()).toBe(200);
  const { events } = (await res.json()) as { events: Event[] };
  const byType = (type: string) => events.filter((e) => e.type === type);
  expect(events.map((e) => e.type)).toEqual([
    "user_deactivated",
    "password_reset",
    "role_changed",
    "sign_out",
    "sign_in_failed",
    "sign_in",
    "user_created",
  ]);
  for (const type of ["sign_in", "sign_out"]) expect(byType(type)[0]).toMatchObject({ actor: { id: person.id }, target: { id: person.id } });
  expect(byType("sign_in_failed")[0]).toMatchObject({ actor: null, target: { id: person.id }, detail: { reason: "wrong_password" } });
  for (const type of ["user_created", "role_changed", "password_reset", "user_deactivated"]) {
    expect(byType(type)[0], type).toMatchObject({ actor: { id: adminMe.id, name: adminMe.name }, target: { id: person.id, name: person.name } });
  }
  expect(byType("role_changed")[0].detail).toEqual({ from: "reviewer", to: "viewer" });
  expect(byType("sign_in")[0].ip).toBeTruthy();
  expect(JSON.stringify(events)).not.toContain("another-password-789");

  // Filters and cursor paging over the API.
  const onlyRoles = (await (await admin.get(`/api/audit?userId=${person.id}&type=role_changed`)).json()) as { events: Event[] };
  expect(onlyRoles.events.map((e) => e.type)).toEqual(["role_changed"]);
  const page1 = (await (await admin.get(`/api/audit?userId=${person.id}&limit=3`)).json()) as { events: Event[]; nextCursor: string; prevCursor: string | null };
  expect(page1.events.map((e) => e.type)).toEqual(["user_deactivated", "password_reset", "role_changed"]);
  expect(page1.prevCursor).toBeNull();
  const page2 = (await (await admin.get(`/api/audit?userId=${person.id}&limit=3&cursor=${page1.nextCursor}`)).json()) as { events: Event[]; prevCursor: string };
  expect(page2.events.map((e) => e.type)).toEqual(["sign_out", "sign_in_failed", "sign_in"]);
  const back = (await (await admin.get(`/api/audit?userId=${person.id}&limit=3&cursor=${page2.prevCursor}`)).json()) as { events: Event[] };
  expect(back.events.map((e) => e.id)).toEqual(page1.events.map((e) => e.id));
  expect((await admin.get("/api/audit?from=not-a-date")).status()).toBe(400);
  expect((await admin.get("/api/audit?type=coffee")).status()).toBe(400);

  // The audit page: filter by person through the form (the state lands in the URL), then by type, then page.
  await signInWithForm(page, ACCOUNTS.admin);
  await page.goto("/admin/users");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  // the intro names what the log records: not only security events
  for (const what of ["sign-ins", "API tokens", "annotations", "rulings", "documents", "versions", "imports"]) {
    await expect(page.getByRole("region", { name: "Audit log" }).locator("p").first()).toContainText(what);
  }
  await page.getByLabel("Person").selectOption(person.id);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`userId=${person.id}`));
  const table = page.getByRole("table");
  for (const label of ["Signed in", "Failed sign-in", "Signed out", "Role changed", "Password reset", "User deactivated", "User created"]) {
    await expect(table.getByRole("row").filter({ hasText: label }).first()).toBeVisible();
  }
  const roleRow = table.getByRole("row").filter({ hasText: "Role changed" });
  await expect(roleRow).toContainText(adminMe.name);
  await expect(roleRow).toContainText(person.name);
  await expect(roleRow).toContainText("reviewer");

  await page.getByLabel("Type").selectOption("role_changed");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/type=role_changed/);
  await expect(page).toHaveURL(new RegExp(`userId=${person.id}`));
  await expect(table.getByRole("row")).toHaveCount(2); // header + one event
  await expect(page.getByLabel("Type")).toHaveValue("role_changed");

  await page.goto(`/admin/audit?userId=${person.id}&limit=3`);
  await expect(table.getByRole("row")).toHaveCount(4);
  await expect(table).toContainText("User deactivated");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(table).toContainText("Signed out");
  await expect(table).not.toContainText("User deactivated");
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(table).toContainText("User deactivated");

  await page.goto("/admin/audit?from=2026-13-45");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Some filters were ignored");
  for (const ctx of [theirs, failed.ctx, admin]) await ctx.dispose();
});

test("restoring a deleted annotation keeps focus on the list: the next row's Restore, or the status when none is left", async ({ page }) => {
  const admin = await asAdmin();
  const title = `Restore focus ${unique()}`;
  const doc = await createDocument(admin, title, `The first sentence to restore. The second sentence to restore. ${crypto.randomUUID()}`);
  for (const phrase of ["The first sentence", "The second sentence"]) {
    const made = await annotate(admin, doc, phrase, "opinion");
    expect((await admin.delete(`/api/annotations/${made.id}`)).status()).toBeLessThan(300);
  }
  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/deleted");
  const rows = page.getByRole("row").filter({ hasText: title });
  await expect(rows).toHaveCount(2);
  await rows.first().getByRole("button", { name: "Restore" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Restored" })).toBeVisible();
  await expect(rows).toHaveCount(1);
  const focused = page.locator(":focus");
  await expect(focused).toHaveCount(1);
  await expect(focused).toHaveText(/^Restore$|^Restored/);
  await admin.dispose();
});

test("on a phone a deleted annotation's card says who deleted it beside 'Deleted', not under it", async ({ page }) => {
  const admin = await asAdmin();
  const title = `Deleted card ${unique()}`;
  const doc = await createDocument(admin, title, `A sentence deleted on a phone. ${crypto.randomUUID()}`);
  const made = await annotate(admin, doc, "A sentence deleted", "opinion");
  expect((await admin.delete(`/api/annotations/${made.id}`)).status()).toBeLessThan(300);
  await page.setViewportSize({ width: 320, height: 844 });
  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/deleted");
  const row = page.getByRole("row").filter({ hasText: title });
  const author = row.locator('td[data-label="Author"]');
  const deleted = row.locator('td[data-label="Deleted"]');
  await expect(deleted).toContainText("by Ada Admin");
  // The cell is a grid (label column, value column): " by …" as bare text was laid out in the label column.
  const lefts = await deleted.evaluate((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    return [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.left - td.getBoundingClientRect().left));
  });
  const valueLeft = await author.evaluate((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    return Math.round(range.getBoundingClientRect().left - td.getBoundingClientRect().left);
  });
  expect(Math.min(...lefts)).toBeGreaterThanOrEqual(valueLeft - 1);
  await admin.dispose();
});

test("on a 320 px phone a long address wraps after its @ or before a dot, not inside a word", async ({ page }) => {
  const admin = await asAdmin();
  const person = await makePerson(admin, "reviewer", "Long Address");
  // too long for the column, each piece short enough for it (a piece wider than the column breaks inside, as a last resort)
  const email = `m.vontrotta${unique()}@history.uni-somewhere.example`;
  expect((await admin.patch(`/api/users/${person.id}`, { data: { email } })).status()).toBe(200);
  await page.setViewportSize({ width: 320, height: 844 });
  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/users");
  const cell = page.getByRole("row").filter({ hasText: person.name }).locator('td[data-label="Email"]');
  await expect(cell).toHaveText(email);
  // Where each line of the cell starts: the characters whose top is below the one before them.
  const breaks = await cell.evaluate((td) => {
    const starts: number[] = [];
    let text = "";
    let lastTop = -1;
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.textContent!.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const top = Math.round(range.getBoundingClientRect().top);
        if (lastTop >= 0 && top > lastTop + 2) starts.push(text.length);
        lastTop = top;
        text += node.textContent![i];
      }
    }
    return { text, starts };
  });
  expect(breaks.text).toBe(email);
  expect(breaks.starts.length).toBeGreaterThan(0); // it does not fit on one line at this width
  for (const at of breaks.starts) expect(email[at - 1] === "@" || email[at] === ".", `a line starts at “${email.slice(at)}”`).toBe(true);
  await admin.dispose();
});

test("the people page narrows the list by name or address as the admin types", async ({ page }) => {
  const admin = await asAdmin();
  const tag = unique();
  const [one, two] = [await makePerson(admin, "reviewer", `Findable ${tag}`), await makePerson(admin, "viewer", `Other ${tag}`)];
  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/users");
  const find = page.getByRole("searchbox", { name: "Find a person" });
  const rows = page.locator("tbody tr");
  const total = await rows.count();
  await find.fill(`findable ${tag}`.toUpperCase());
  await expect(rows).toHaveCount(1);
  await expect(userRow(page, one)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "shown" })).toHaveText(`1 of ${total} shown`);
  await find.fill(tag); // both, by the address too
  await expect(rows).toHaveCount(2);
  await expect(userRow(page, two)).toBeVisible();
  await find.fill(`nobody-${tag}`);
  await expect(rows).toHaveText([`No one's name or address contains “nobody-${tag}”.`]);
  await find.fill("");
  await expect(rows).toHaveCount(total);
  await admin.dispose();
});
