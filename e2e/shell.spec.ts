import { test, expect, request as pwRequest, type Page } from "@playwright/test";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS, DEMO_PASSWORD, E2E_BASE_URL } from "./support/env";
import { apiFor, browserAs, makeDocument, makePerson, signedInState } from "./support/people";
import { selectPhrase, toolbar } from "./support/reader";

// The app shell and the pages around the reader: phone layout, menu, 404, favicon, admin tabs, the
// metadata edit page, the password change and the return to the page asked for after sign-in.

const PHONE = { width: 390, height: 844 };
const WIDTHS = [320, 360, 390, 768, 1024, 1440, 1920];

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Tables that scroll sideways inside their box: none on a phone (admin tables become cards) or a desktop. */
async function scrollingTables(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>(".table-scroll, .corpus-scroll")].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => `${e.firstElementChild?.className}: ${e.scrollWidth} > ${e.clientWidth}`),
  );
}

const SHELL_PATHS = (docId: string) => [
  "/", "/?q=October", "/documents/new", "/corpus", "/disputes", "/account", "/admin/users", "/admin/audit", "/admin/deleted", "/admin/import",
  `/documents/${docId}/edit`, `/documents/${docId}/versions`, "/no-such-page",
];

// One document for every width, made by the first width's test (or again in a worker restarted after a failure).
let widthCheckDocument: ReturnType<typeof makeDocument> | null = null;
function widthCheckDoc(): ReturnType<typeof makeDocument> {
  widthCheckDocument ??= (async () => {
    const doc = await makeDocument("Shell width check");
    // The audit log's longest type label: an admin deleting another's annotation.
    const rosa = await apiAs(ACCOUNTS.rosa);
    const made = await rosa.post(`/api/documents/${doc.id}/annotations`, { data: { start: 0, end: 5, quote: [...doc.text].slice(0, 5).join(""), classification: "opinion", evidence: [] } });
    expect(made.status(), await made.text()).toBe(201);
    const { id: madeId } = (await made.json()) as { id: string };
    await rosa.dispose();
    const admin = await apiAs(ACCOUNTS.admin);
    expect((await admin.delete(`/api/annotations/${madeId}`)).status()).toBeLessThan(300);
    await admin.dispose();
    return doc;
  })();
  return widthCheckDocument;
}

for (const width of WIDTHS) {
  test(`no page but the reader scrolls sideways at ${width} px`, async ({ browser }) => {
    test.setTimeout(120_000);
    const doc = await widthCheckDoc();
    const context = await browserAs(browser, { email: ACCOUNTS.admin, password: DEMO_PASSWORD }, { width, height: 900 });
    const page = await context.newPage();
    for (const path of SHELL_PATHS(doc.id)) {
      await page.goto(path);
      expect(await sidewaysOverflow(page), `${path} at ${width} px`).toBe(0);
      if (width <= 600 || width >= 1280) expect(await scrollingTables(page), `${path} at ${width} px`).toEqual([]);
    }
    await context.close();
    const anonymous = await browser.newContext({ viewport: { width, height: 900 } });
    const login = await anonymous.newPage();
    await login.goto("/login");
    expect(await sidewaysOverflow(login), `/login at ${width} px`).toBe(0);
    await anonymous.close();
  });
}

test("on a touch phone the compact controls of the library, the corpus and the people table are 44 px targets", async ({ browser }) => {
  const state = await signedInState({ email: ACCOUNTS.admin, password: DEMO_PASSWORD });
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, storageState: state });
  const page = await context.newPage();
  const heights = (selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().height)));
  const small = (list: number[]) => list.filter((h) => h < 44);
  await page.goto("/?q=October");
  expect(await heights(".library-search .filter-row select")).not.toEqual([]);
  expect(small(await heights(".library-search .filter-row select, .library-search .clear-link"))).toEqual([]);
  await page.goto("/corpus");
  expect(small(await heights(".dot-table .sort-link"))).toEqual([]);
  await page.goto("/admin/users");
  expect(small(await heights(".users-table select, .users-table .buttons button"))).toEqual([]);
  await context.close();
});

test("at 390×844 the header folds into a menu with the user's name and Sign out, which works", async ({ browser }) => {
  const person = await makePerson("reviewer", "Phone user");
  const context = await browserAs(browser, person, PHONE);
  const page = await context.newPage();
  await page.goto("/");
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();
  expect(await sidewaysOverflow(page)).toBe(0);

  // Open, close with Escape (focus back on the button), open again and navigate: it closes itself.
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByText(person.name)).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(menu).toBeFocused();
  await menu.click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Corpus" }).click();
  await expect(page).toHaveURL(/\/corpus$/);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  expect(await sidewaysOverflow(page)).toBe(0);

  // Sign out from the menu ends the session.
  await menu.click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  expect((await page.request.get("/api/me")).status()).toBe(401);
  await context.close();
});

test("at 390 px the library is a list of cards, not the wide table; at 1440 px it is the table", async ({ browser }) => {
  const state = await signedInState({ email: ACCOUNTS.rosa, password: DEMO_PASSWORD });
  const phone = await browserAs(browser, state, PHONE);
  const page = await phone.newPage();
  await page.goto("/");
  const cards = page.getByRole("list", { name: "Documents" });
  await expect(cards).toBeVisible();
  await expect(page.getByRole("table")).toBeHidden();
  // The first card, whatever earlier tests added (the seeds may be on a later page by now).
  const first = cards.getByRole("listitem").first().getByRole("link").first();
  await expect(first).toBeVisible();
  const box = await cards.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
  await first.click();
  await expect(page).toHaveURL(/\/documents\//);
  await phone.close();

  const desktop = await browserAs(browser, state, { width: 1440, height: 900 });
  const wide = await desktop.newPage();
  await wide.goto("/");
  await expect(wide.getByRole("table")).toBeVisible();
  await expect(wide.getByRole("list", { name: "Documents" })).toBeHidden();
  await desktop.close();
});

test("the library rounds coverage like the reader: a sliver is <1%, not 0%", async ({ browser }) => {
  // A long document with one short annotation: coverage well under half a percent.
  const text = Array.from({ length: 400 }, (_, i) => `Sentence number ${i + 1} of a long and uneventful text.`).join(" ");
  const doc = await makeDocument(`Sliver coverage ${Date.now()}`, text);
  const rosa = await apiAs(ACCOUNTS.rosa);
  const res = await rosa.post(`/api/documents/${doc.id}/annotations`, { data: { start: 0, end: 8, quote: "Sentence", classification: "sourced", evidence: [] } });
  expect(res.status(), await res.text()).toBe(201);
  await rosa.dispose();
  const context = await browserAs(browser, { email: ACCOUNTS.rosa, password: DEMO_PASSWORD });
  const page = await context.newPage();
  await page.goto(`/?q=${encodeURIComponent(`"${doc.title}"`)}`);
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: doc.title, exact: true }) });
  await expect(row.locator("td.col-coverage")).toHaveText("<1%");
  await page.goto(`/documents/${doc.id}`);
  await expect(page.getByTestId("coverage")).toHaveText("<1%");
  await context.close();
});

test("an unknown address and a missing document get the app's 404 page, without details", async ({ page }) => {
  // Rendered per request like every page, so its scripts carry the CSP nonce (a prerendered 404's did not: blocked).
  const blocked: string[] = [];
  page.on("console", (m) => /Content Security Policy/.test(m.text()) && blocked.push(m.text()));
  const response = await page.goto("/no-such-page");
  expect(response!.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the library" })).toBeVisible();
  await expect(page).toHaveTitle(/Page not found · Apparatus/);
  await page.waitForLoadState("load");
  expect(blocked).toEqual([]);

  await signIn(page, ACCOUNTS.rosa);
  const missing = await page.goto("/documents/no-such-document");
  expect(missing!.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  // Inside the workbench: its header only (the 404's own bare header was a second one), one main, one #content.
  await expect(page.locator("header")).toHaveCount(1);
  await expect(page.getByRole("main")).toHaveCount(1);
  await expect(page.locator("#content")).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Sign out", includeHidden: true })).toBeAttached();
  await expect(page.locator("body")).not.toContainText(/Error:|at \w+ \(|node_modules/);
  await page.getByRole("link", { name: "Go to the library" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Library" })).toBeVisible();
  expect(blocked).toEqual([]);
});

test("/admin opens the admin's first screen", async ({ page }) => {
  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { level: 1, name: "Admin" })).toBeVisible();
});

test("/favicon.ico answers 200 with an icon, and pages link an icon", async ({ request, page }) => {
  const ico = await request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect(ico.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  expect((await ico.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  await page.goto("/login");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect((await request.get(href!)).status()).toBe(200);
});

test("every admin page has the same admin tabs, in the same place; on a phone all of them in sight", async ({ page }) => {
  await signIn(page, ACCOUNTS.admin);
  const places = new Set<string>();
  for (const [path, current] of [
    ["/admin/users", "Users"],
    ["/admin/audit", "Audit log"],
    ["/admin/deleted", "Deleted annotations"],
    ["/admin/import", "Import"],
  ] as const) {
    await page.goto(path);
    const tabs = page.getByRole("navigation", { name: "Admin" });
    await expect(tabs.getByRole("link")).toHaveText(["Users", "Audit log", "Deleted annotations", "Import"]);
    await expect(tabs.getByRole("link", { name: current })).toHaveAttribute("aria-current", "page");
    const box = (await tabs.boundingBox())!;
    places.add(`${Math.round(box.x)} ${Math.round(box.width)}`);
  }
  // Users was a narrower page than the others: the tabs jumped sideways between them.
  expect([...places]).toHaveLength(1);
  await page.setViewportSize(PHONE);
  await page.goto("/admin/users");
  for (const link of await page.getByRole("navigation", { name: "Admin" }).getByRole("link").all()) {
    const box = (await link.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
});

test("an admin edits a document's metadata from the library; bad input shows clear errors and changes nothing", async ({ page }) => {
  const doc = await makeDocument(`Metadata to edit ${Date.now()}`);
  const admin = await apiAs(ACCOUNTS.admin);
  const stored = async () => (await (await admin.get(`/api/documents/${doc.id}`)).json()) as Record<string, unknown>;
  const before = await stored();

  await signIn(page, ACCOUNTS.admin);
  await page.goto(`/?q=${encodeURIComponent(`"${doc.title}"`)}`);
  await page.getByRole("link", { name: `Edit details of ${doc.title}` }).click();
  await expect(page).toHaveURL(new RegExp(`/documents/${doc.id}/edit$`));
  await expect(page.getByRole("heading", { level: 1, name: "Edit document details" })).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveValue(doc.title);

  // The date's format is said under the field (and to screen readers), not only as a placeholder.
  await expect(page.getByLabel("Publication date")).toHaveAccessibleDescription("As precise as known: 2017, 2017-11 or 2017-11-27");

  // Bad input: each field says what is wrong, and the stored document is untouched.
  await page.getByLabel("Title").fill("   ");
  await page.getByLabel("Publication date").fill("2017-13-45");
  await page.getByLabel("Source URL").fill("ftp://example.org/file");
  await page.getByRole("button", { name: "Save details" }).click();
  const form = page.getByRole("form", { name: "Document details" });
  await expect(form.getByRole("alert")).toContainText("Nothing was saved");
  await expect(page.getByText("A title is required.")).toBeVisible();
  await expect(page.getByText(/Publication date must look like|publication date does not exist/)).toBeVisible();
  await expect(page.getByText("The source URL must be an http(s) address.")).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Publication date")).toHaveAccessibleDescription(/^As precise as known: .+ (Publication date must look like|publication date does not exist)/);
  expect(await stored()).toEqual(before);

  // Good input is saved, and only what changed is sent.
  const title = `${doc.title} (edited)`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Publication date").fill("2017-11");
  await page.getByLabel("Source URL").fill("https://example.org/source");
  await page.getByLabel("Author").fill("A. N. Author");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Saved the details of “${title}”.` })).toBeVisible();
  expect(await stored()).toMatchObject({ title, publishedAt: "2017-11", sourceUrl: "https://example.org/source", author: "A. N. Author", text: before.text });
  await page.reload();
  await expect(page.getByLabel("Title")).toHaveValue(title);
  await admin.dispose();
});

test("the details form does not overwrite a field another admin changed meanwhile: it says to what, keeps what was typed, and saves on a second try", async ({ page }) => {
  const doc = await makeDocument(`Details edited twice ${Date.now()}`);
  const admin = await apiAs(ACCOUNTS.admin);
  const stored = async () => (await (await admin.get(`/api/documents/${doc.id}`)).json()) as Record<string, unknown>;
  await signIn(page, ACCOUNTS.admin);
  await page.goto(`/documents/${doc.id}/edit`);
  await expect(page.getByLabel("Title")).toHaveValue(doc.title);
  // Another admin renames it and names its author while this form is open.
  const theirs = `${doc.title}, theirs`;
  expect((await admin.patch(`/api/documents/${doc.id}`, { data: { title: theirs, author: "Ida Tarbell" } })).status()).toBe(200);

  const mine = `${doc.title}, mine`;
  await page.getByLabel("Title").fill(mine);
  await page.getByLabel("Publisher").fill("The Desk");
  await page.getByRole("button", { name: "Save details" }).click();
  const form = page.getByRole("form", { name: "Document details" });
  await expect(form.getByRole("alert").filter({ hasText: "Someone else changed the title of this document since you opened it. Nothing was saved." })).toBeVisible();
  await expect(page.getByText(`Changed meanwhile to “${theirs}”. Save again to replace it with yours.`)).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Title")).toHaveValue(mine); // what was typed is kept
  await expect(page.getByLabel("Author")).toHaveValue("Ida Tarbell"); // a field not edited here shows theirs
  expect(await stored()).toMatchObject({ title: theirs, author: "Ida Tarbell", publisher: null });

  // Saving again, knowing theirs, replaces it; their author stays.
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Saved the details of “${mine}”.` })).toBeVisible();
  expect(await stored()).toMatchObject({ title: mine, author: "Ida Tarbell", publisher: "The Desk" });
  await admin.dispose();
});

test("a reader open on a document shows an admin's new title and details at once (the live stream), the tab's title too", async ({ page }) => {
  const doc = await makeDocument(`Details live ${Date.now()}`);
  const admin = await apiAs(ACCOUNTS.admin);
  await signIn(page, ACCOUNTS.rosa);
  await page.goto(`/documents/${doc.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(doc.title);
  await expect(page).toHaveTitle(`${doc.title} · Apparatus`);
  const title = `${doc.title}, corrected`;
  const patch = await admin.patch(`/api/documents/${doc.id}`, { data: { title, author: "Ida Tarbell", sourceUrl: "https://example.org/original" } });
  expect(patch.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page).toHaveTitle(`${title} · Apparatus`);
  await expect(page.getByText("by Ida Tarbell")).toBeVisible();
  await expect(page.getByRole("link", { name: "source" })).toHaveAttribute("href", "https://example.org/original");
  // A page opened later, or resuming its stream, has them from the start.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await admin.dispose();
});

test("a reviewer cannot open the metadata edit page (sent to the library, which says why) and the API refuses them; an unknown id is 404", async ({ page }) => {
  const doc = await makeDocument(`Metadata not for reviewers ${Date.now()}`);
  await signIn(page, ACCOUNTS.rosa);
  await page.goto(`/documents/${doc.id}/edit`);
  await expect(page).toHaveURL(/\/\?denied=edit-document$/);
  await expect(page.getByRole("status").filter({ hasText: "Only admins can edit a document's details" })).toBeVisible();
  await expect(page.getByRole("link", { name: `Edit details of ${doc.title}` })).toHaveCount(0);
  const patch = await page.request.patch(`/api/documents/${doc.id}`, { data: { title: "Hijacked" } });
  expect(patch.status()).toBe(403);

  await page.context().clearCookies();
  await signIn(page, ACCOUNTS.admin);
  const missing = await page.goto("/documents/no-such-document/edit");
  expect(missing!.status()).toBe(404);
});

test("a user sees where else they are signed in and signs out everywhere else: this session and their tokens stay, a token cannot do it", async ({ page }) => {
  const person = await makePerson("reviewer", "Shared Computer");
  const lab = await apiFor(person);
  await signIn(page, person.email, person.password);
  await page.goto("/account");
  const panel = page.getByRole("region", { name: "Where you are signed in" });
  await expect(panel).toContainText("Here, and in one other browser or device.");
  await expect(panel).toContainText("12 hours after signing in");
  const { secret } = (await (await lab.post("/api/tokens", { data: { name: "stays" } })).json()) as { secret: string };
  const token = await pwRequest.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  expect(await (await token.get("/api/me/sessions")).json()).toEqual({ others: 2 }); // a token's caller has no session of its own
  const refused = await token.delete("/api/me/sessions");
  expect([refused.status(), ((await refused.json()) as { error: { message: string } }).error.message]).toEqual([403, "Sign out your other sessions on the account page, signed in."]);
  expect((await lab.get("/api/me")).status()).toBe(200);

  await panel.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(panel.getByRole("status")).toHaveText("Signed out of one other browser or device. This one stays signed in.");
  await expect(panel.getByRole("status")).toBeFocused();
  await expect(panel).toContainText("Only here, in this browser.");
  await expect(panel.getByRole("button")).toHaveCount(0);
  expect((await lab.get("/api/me")).status()).toBe(401);
  expect((await page.request.get("/api/me")).status()).toBe(200);
  expect((await token.get("/api/me")).status()).toBe(200);
  await page.reload();
  await expect(panel).toContainText("Only here, in this browser.");

  const admin = await apiAs(ACCOUNTS.admin);
  const { events } = (await (await admin.get(`/api/audit?userId=${person.id}&type=sessions_ended`)).json()) as { events: Array<{ detail: unknown }> };
  expect(events.map((e) => e.detail)).toEqual([{ sessionsEnded: 1 }]);
  for (const ctx of [lab, token, admin]) await ctx.dispose();
});

test("a user changes their own password: the current one is required, weak ones are refused, other sessions end and this one stays", async ({ page }) => {
  const person = await makePerson("reviewer", "Changer");
  const elsewhere = await apiFor(person);
  await signIn(page, person.email, person.password);
  await page.goto("/account");
  const form = page.getByRole("region", { name: "Password" });

  // Wrong current password: refused, nothing ends.
  await form.getByLabel("Current password").fill("not-my-password");
  await form.getByLabel("New password", { exact: true }).fill("a-brand-new-password");
  await form.getByLabel("New password again").fill("a-brand-new-password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("alert")).toHaveText("The current password is not correct.");
  await expect(form.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
  expect((await elsewhere.get("/api/me")).status()).toBe(200);

  // Too short, and the two copies differing: refused in the browser.
  await form.getByLabel("Current password").fill(person.password);
  await form.getByLabel("New password", { exact: true }).fill("short");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("Passwords need at least 10 characters.")).toBeVisible();
  await form.getByLabel("New password", { exact: true }).fill("a-brand-new-password");
  await form.getByLabel("New password again").fill("a-different-password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("The two new passwords are not the same.")).toBeVisible();

  // And by the API: a weak password is 400 and changes nothing.
  const weak = await elsewhere.post("/api/me/password", { data: { currentPassword: person.password, newPassword: "short" } });
  expect(weak.status()).toBe(400);
  expect((await weak.json()).error.message).toContain("at least 10 characters");
  const extra = await elsewhere.post("/api/me/password", { data: { currentPassword: person.password, newPassword: "a-brand-new-password", role: "admin" } });
  expect(extra.status()).toBe(400);
  const notABoolean = await elsewhere.post("/api/me/password", { data: { currentPassword: person.password, newPassword: "a-brand-new-password", revokeTokens: "yes" } });
  expect(notABoolean.status()).toBe(400);
  expect((await elsewhere.get("/api/me")).status()).toBe(200);

  // A token made with the old password (by whoever knew it)…
  const { secret: oldToken } = (await (await elsewhere.post("/api/tokens", { data: { name: "made with the old password" } })).json()) as { secret: string };
  const withOldToken = await pwRequest.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${oldToken}` } });
  expect((await withOldToken.get("/api/me")).status()).toBe(200);

  // The real change, with the box to revoke the tokens ticked as it comes: the token goes too.
  await expect(form.getByLabel("Also revoke my API tokens")).toBeChecked();
  await form.getByLabel("New password again").fill("a-brand-new-password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toContainText("Your password was changed.");
  await expect(form.getByRole("status")).toContainText("your API tokens were revoked");
  expect((await elsewhere.get("/api/me")).status()).toBe(401);
  expect((await withOldToken.get("/api/me")).status()).toBe(401);
  await withOldToken.dispose();
  expect((await page.request.get("/api/me")).status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();

  // The new password signs in, the old one no longer does.
  const fresh = await pwRequest.newContext({ baseURL: E2E_BASE_URL });
  const { csrfToken } = (await (await fresh.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await fresh.post("/api/auth/callback/credentials", { form: { email: person.email, password: person.password, csrfToken, json: "true" } });
  expect((await fresh.get("/api/me")).status()).toBe(401);
  await fresh.dispose();
  const again = await apiAs(person.email, "a-brand-new-password");

  // A token cannot change a password.
  const { secret } = (await (await again.post("/api/tokens", { data: { name: "no password changes" } })).json()) as { secret: string };
  const viaToken = await pwRequest.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  const refused = await viaToken.post("/api/me/password", { data: { currentPassword: "a-brand-new-password", newPassword: "another-new-password" } });
  expect(refused.status()).toBe(403);

  // Audited, without the passwords.
  const admin = await apiAs(ACCOUNTS.admin);
  const audit = (await (await admin.get(`/api/audit?userId=${person.id}`)).json()) as { events: Array<{ type: string; detail: unknown }> };
  const types = audit.events.map((e) => e.type);
  expect(types).toContain("password_changed");
  expect(types).toContain("password_change_failed");
  expect(JSON.stringify(audit.events)).not.toContain("a-brand-new-password");
  for (const ctx of [elsewhere, again, viaToken, admin]) await ctx.dispose();
});

test("sign-in returns to the page that was asked for, with its query; a next that leaves the site goes to the library", async ({ page }) => {
  const doc = await makeDocument(`Return after sign-in ${Date.now()}`);
  const asked = `/documents/${doc.id}?at=2&len=8`;
  await page.goto(asked);
  await expect(page).toHaveURL(/\/login\?next=/);
  expect(new URL(page.url()).searchParams.get("next")).toBe(asked);
  await page.getByLabel("Email").fill(ACCOUNTS.rosa);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${asked.replace(/[?]/g, "\\?")}$`));

  await page.context().clearCookies();
  await page.goto("/admin/audit?type=sign_in");
  expect(new URL(page.url()).searchParams.get("next")).toBe("/admin/audit?type=sign_in");

  for (const hostile of ["//evil.example/", "https://evil.example/", "/\\evil.example"]) {
    await page.context().clearCookies();
    await page.goto(`/login?next=${encodeURIComponent(hostile)}`);
    await page.getByLabel("Email").fill(ACCOUNTS.rosa);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Library" })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(E2E_BASE_URL);
  }
});

test("signing out in another tab sends an open document to sign-in, which says why, and signing in comes back to it with its draft", async ({ page }) => {
  const doc = await makeDocument(`Signed out elsewhere ${Date.now()}`);
  await signIn(page, ACCOUNTS.victor);
  await page.goto(`/documents/${doc.id}`);
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  // a draft in progress (kept in this browser)
  await selectPhrase(page, "end-to-end tests");
  await toolbar(page).getByRole("button", { name: /Contested/ }).click();
  await page.keyboard.type("Half written.");
  await page.waitForTimeout(500);
  const tab = await page.context().newPage();
  await tab.goto("/");
  await tab.getByRole("button", { name: "Sign out" }).click();
  await expect(tab).toHaveURL(/\/login/);
  await expect(page).toHaveURL(/\/login\?ended=1&next=/, { timeout: 10_000 });
  expect(new URL(page.url()).searchParams.get("next")).toBe(`/documents/${doc.id}`);
  await expect(page.getByRole("status")).toContainText("Your session has ended");
  await page.getByLabel("Email").fill(ACCOUNTS.victor);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/documents/${doc.id}$`));
  await expect(page.getByRole("region", { name: "New annotation" }).getByRole("textbox", { name: "Note" })).toHaveText("Half written.");
  await tab.close();
});
