import { test, expect, type Page } from "@playwright/test";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS } from "./support/env";
import { annotate, documentByTitle } from "./support/api";
import { annotationsRegion, highlighted, openDocument, selectPhrase, toolbar } from "./support/reader";
import { createUser } from "./support/users";

const DOC = "100 Years Later: The Lessons of October 1917";
const LIVE = { timeout: 2000 }; // the product promises changes within two seconds

async function waitLive(page: Page) {
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
}

test("two reviewers see each other's annotations, replies, disputes, edits and deletions live", async ({ browser }) => {
  const rosaCtx = await browser.newContext();
  const victorCtx = await browser.newContext();
  const rosa = await rosaCtx.newPage();
  const victor = await victorCtx.newPage();
  await signIn(rosa, ACCOUNTS.rosa);
  await signIn(victor, ACCOUNTS.victor);
  await openDocument(rosa, DOC);
  await openDocument(victor, DOC);
  await waitLive(rosa);
  await waitLive(victor);
  await expect(rosa.getByText("Also here: Victor Reviewer")).toBeVisible();

  // Rosa annotates; Victor sees it without reloading.
  await selectPhrase(rosa, "October 1917");
  await toolbar(rosa).getByRole("button", { name: /Sourced/ }).click();
  const panel = rosa.getByRole("region", { name: "New annotation" });
  await panel.getByRole("textbox", { name: "Note" }).fill("Date checks out.");
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(panel).toBeHidden();
  const victorEntry = annotationsRegion(victor).getByRole("article", { name: /Sourced annotation by Rosa Reviewer/ });
  await expect(victorEntry).toBeVisible(LIVE);
  await expect.poll(() => highlighted(victor, "sourced"), LIVE).toContain("October 1917");

  // Victor replies and disputes; Rosa sees both.
  await victorEntry.getByRole("button", { name: /Discussion/ }).click();
  await victorEntry.getByRole("textbox", { name: "Reply" }).fill("Which calendar, old or new style?");
  await victorEntry.getByRole("button", { name: "Send reply" }).click();
  await victorEntry.getByLabel("Your verdict").selectOption({ label: "Dispute: should be Contested" });
  const rosaEntry = annotationsRegion(rosa).getByRole("article", { name: /Sourced annotation by Rosa Reviewer/ });
  await expect(rosaEntry.getByTestId("dispute-count")).toHaveText("1 dispute", LIVE);
  await expect(rosaEntry.getByRole("button", { name: "Discussion (1)" })).toBeVisible(LIVE);
  await rosaEntry.getByRole("button", { name: "Discussion (1)" }).click();
  await expect(rosaEntry.getByText("Which calendar, old or new style?")).toBeVisible();

  // Victor takes his reply back: asked first, in place; it goes for Rosa too.
  await victorEntry.getByRole("button", { name: "Delete reply" }).click();
  await expect(victorEntry.getByRole("button", { name: "Confirm delete" })).toBeFocused();
  await victorEntry.getByRole("button", { name: "Keep" }).click();
  await expect(victorEntry.getByRole("button", { name: "Delete reply" })).toBeFocused();
  await expect(victorEntry.getByText("Which calendar, old or new style?")).toBeVisible();
  await victorEntry.getByRole("button", { name: "Delete reply" }).click();
  await victorEntry.getByRole("button", { name: "Confirm delete" }).click();
  await expect(victorEntry.getByText("Which calendar, old or new style?")).toHaveCount(0);
  await expect(rosaEntry.getByText("Which calendar, old or new style?")).toHaveCount(0, LIVE);

  // Rosa edits: Victor sees the new class; then she deletes and it disappears for him.
  await rosaEntry.getByRole("button", { name: "Edit" }).click();
  const edit = rosa.getByRole("region", { name: "Edit annotation" });
  await edit.getByRole("radio", { name: "Contested" }).check();
  await edit.getByRole("button", { name: "Save" }).click();
  const victorContested = annotationsRegion(victor).getByRole("article", { name: /Contested annotation by Rosa Reviewer/ });
  await expect(victorContested).toBeVisible(LIVE);
  // The edit keeps the earlier version.
  await victorContested.getByRole("button", { name: /History \(1 earlier version\)/ }).click();
  await expect(victorContested.getByRole("list", { name: "Earlier versions" })).toContainText("Sourced");
  await expect(victorContested.getByRole("list", { name: "Earlier versions" })).toContainText("Date checks out.");

  const rosaContested = annotationsRegion(rosa).getByRole("article", { name: /Contested annotation by Rosa Reviewer/ });
  await rosaContested.getByRole("button", { name: "Delete" }).click();
  await rosaContested.getByRole("button", { name: "Confirm delete" }).click();
  await expect(annotationsRegion(victor).getByRole("article", { name: /by Rosa Reviewer/ })).toHaveCount(0, LIVE);

  // An admin restores it, and it appears again for everyone.
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signIn(admin, ACCOUNTS.admin);
  await admin.goto("/admin/deleted");
  const row = admin.getByRole("row").filter({ hasText: "October 1917" });
  await row.getByRole("button", { name: "Restore" }).click();
  await expect(admin.getByRole("status")).toContainText("Restored");
  await expect(annotationsRegion(victor).getByRole("article", { name: /Contested annotation by Rosa Reviewer/ })).toBeVisible(LIVE);
  await expect(annotationsRegion(rosa).getByRole("article", { name: /Contested annotation by Rosa Reviewer/ })).toBeVisible(LIVE);
  await Promise.all([rosaCtx.close(), victorCtx.close(), adminCtx.close()]);
});

test("a reply edited in two tabs: the second save is refused with the first tab's text shown, then replaces it knowingly", async ({ browser }) => {
  const rosaApi = await apiAs(ACCOUNTS.rosa);
  const doc = await documentByTitle(rosaApi, DOC);
  const { id } = await annotate(rosaApi, doc, "Bolshevik", "contested");
  await rosaApi.dispose();
  const victorApi = await apiAs(ACCOUNTS.victor);
  const posted = await victorApi.post(`/api/annotations/${id}/replies`, { data: { body: "Which party congress?" } });
  expect(posted.status(), await posted.text()).toBe(201);
  await victorApi.dispose();

  const ctx = await browser.newContext();
  const tabs = [await ctx.newPage(), await ctx.newPage()];
  await signIn(tabs[0], ACCOUNTS.victor);
  const editors = [];
  for (const tab of tabs) {
    await tab.goto(`/documents/${doc.id}?a=${id}`);
    await waitLive(tab);
    const card = tab.locator(`[data-annotation-id="${id}"]`);
    await card.getByRole("button", { name: /^Discussion/ }).click();
    await card.getByRole("button", { name: "Edit reply" }).click();
    editors.push({ card, box: card.getByRole("textbox", { name: "Edit reply" }) });
  }
  const [first, second] = editors;
  await first.box.fill("Which party congress, the sixth?");
  await first.card.getByRole("button", { name: "Save reply" }).click();
  await expect(first.card.getByText("Which party congress, the sixth?")).toBeVisible();

  await second.box.fill("Which congress: the seventh?");
  await second.card.getByRole("button", { name: "Save reply" }).click();
  await expect(second.card.getByRole("alert")).toContainText("This reply was changed elsewhere");
  await expect(second.card.getByRole("figure")).toContainText("Saved elsewhere:");
  await expect(second.card.getByRole("figure")).toContainText("Which party congress, the sixth?");
  await expect(second.box).toHaveText("Which congress: the seventh?");
  await second.card.getByRole("button", { name: "Save reply" }).click();
  await expect(second.card.getByRole("textbox", { name: "Edit reply" })).toHaveCount(0);
  await expect(second.card.locator(".reply")).toContainText("Which congress: the seventh?");
  await expect(first.card.locator(".reply")).toContainText("Which congress: the seventh?", LIVE);
  await ctx.close();
});

test("a viewer has no writing controls and the API answers 403 to every write", async ({ browser }) => {
  const email = createUser("viewer", "Vera Viewer");
  const rosa = await apiAs(ACCOUNTS.rosa);
  const doc = await documentByTitle(rosa, DOC);
  const a = await annotate(rosa, doc, "Bolshevik", "opinion");

  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, email, "correct-horse-battery");
  await openDocument(page, DOC);
  await expect(annotationsRegion(page).getByRole("article").first()).toBeVisible();
  await selectPhrase(page, "revolution");
  await page.waitForTimeout(400);
  await expect(toolbar(page)).toHaveCount(0);
  const list = annotationsRegion(page);
  await expect(list.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(list.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await expect(list.getByLabel("Your verdict")).toHaveCount(0);
  await list.getByRole("button", { name: /Discussion/ }).first().click();
  await expect(list.getByRole("textbox", { name: "Reply" })).toHaveCount(0);

  const viewer = await apiAs(email, "correct-horse-battery");
  const body = { start: a.start, end: a.end, quote: a.quote, classification: "sourced", evidence: [] };
  expect((await viewer.post(`/api/documents/${doc.id}/annotations`, { data: body })).status()).toBe(403);
  expect((await viewer.patch(`/api/annotations/${a.id}`, { data: { classification: "sourced" } })).status()).toBe(403);
  expect((await viewer.delete(`/api/annotations/${a.id}`)).status()).toBe(403);
  expect((await viewer.post(`/api/annotations/${a.id}/replies`, { data: { body: "hi" } })).status()).toBe(403);
  expect((await viewer.put(`/api/annotations/${a.id}/verdict`, { data: { verdict: "agree" } })).status()).toBe(403);

  // A reviewer cannot change another's reply either.
  const reply = await (await rosa.post(`/api/annotations/${a.id}/replies`, { data: { body: "Rosa's reply" } })).json();
  const victor = await apiAs(ACCOUNTS.victor);
  expect((await victor.patch(`/api/replies/${reply.id}`, { data: { body: "changed" } })).status()).toBe(403);
  expect((await victor.delete(`/api/replies/${reply.id}`)).status()).toBe(403);
  // …and nobody gives a verdict on their own annotation; one verdict per reviewer, changeable and removable.
  expect((await rosa.put(`/api/annotations/${a.id}/verdict`, { data: { verdict: "agree" } })).status()).toBe(403);
  expect((await (await victor.put(`/api/annotations/${a.id}/verdict`, { data: { verdict: "agree" } })).json()).agrees).toBe(1);
  const changed = await (await victor.put(`/api/annotations/${a.id}/verdict`, { data: { verdict: "dispute", proposedClass: "contested" } })).json();
  expect([changed.agrees, changed.disputes]).toEqual([0, 1]);
  expect((await (await victor.delete(`/api/annotations/${a.id}/verdict`)).json()).disputes).toBe(0);
  await Promise.all([viewer.dispose(), victor.dispose(), rosa.dispose(), ctx.close()]);
});

test("the event stream refuses a resume point that is no event id, and resumes one past the newest event at the newest", async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const doc = await documentByTitle(rosa, DOC);
  for (const since of ["abc", "-1", "1e308", "99999999999999999999"]) {
    const res = await rosa.get(`/api/documents/${doc.id}/events?since=${encodeURIComponent(since)}`);
    expect(res.status(), since).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("event id");
  }
  expect((await rosa.get(`/api/documents/${doc.id}/events`, { headers: { "last-event-id": "12.5" } })).status()).toBe(400);
  // Far past the newest event: the next change still arrives (it was dropped as already delivered).
  const cookies = (await rosa.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const controller = new AbortController();
  const res = await fetch(new URL(`/api/documents/${doc.id}/events?since=999999999999`, test.info().project.use.baseURL!), { headers: { cookie: cookies }, signal: controller.signal });
  const reader = res.body!.getReader();
  let text = "";
  while (!text.includes("event: ready")) text += new TextDecoder().decode((await reader.read()).value);
  const later = await annotate(rosa, doc, "Revolution", "sourced");
  while (!text.includes(later.id)) text += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  expect(text).toContain(`"type":"annotation.created"`);
  await rosa.dispose();
});

test("the event stream replays what a client missed, from its last event id", async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const doc = await documentByTitle(rosa, DOC);
  const first = await annotate(rosa, doc, "workers", "contested");
  const second = await annotate(rosa, doc, "emancipation", "opinion");
  // Read the stream from the start of this document's history and look for both events.
  const cookies = (await rosa.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const controller = new AbortController();
  const res = await fetch(new URL(`/api/documents/${doc.id}/events?since=0`, test.info().project.use.baseURL!), {
    headers: { cookie: cookies, "accept-encoding": "gzip, deflate, br, zstd" }, // as a browser asks
    signal: controller.signal,
  });
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  // Sent as written: a compressor flush per event on every open stream would sit between a commit and
  // its delivery (scripts/lib/compression.mjs).
  expect(res.headers.get("content-encoding")).toBeNull();
  const reader = res.body!.getReader();
  let text = "";
  while (!text.includes("event: ready")) text += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  expect(text).toContain(first.id);
  expect(text).toContain(second.id);
  expect(text).toMatch(/id: \d+/);
  await rosa.dispose();
});
