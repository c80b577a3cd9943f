// Responses to one's work: the menu counts what is new (on a phone, the Menu button too), the page lists
// others' replies, verdicts and rulings newest first with the new ones marked, marks them seen, and links
// to each annotation in the reader. People and a document of their own, so no other spec's work counts.
import { test, expect, type Page } from "@playwright/test";
import { annotate } from "./support/api";
import { apiFor, browserAs, makeDocument, makePerson, type Person } from "./support/people";

let author: Person;
let replier: Person;
let disputer: Person;
let viewer: Person;
let doc: { id: string; title: string; text: string };
let claim: { id: string };

test.beforeAll(async () => {
  [author, replier, disputer, viewer] = await Promise.all([
    makePerson("reviewer", "Ruth Author"),
    makePerson("reviewer", "Rafael Replier"),
    makePerson("reviewer", "Dora Disputer"),
    makePerson("viewer", "Vic Viewer"),
  ]);
  doc = await makeDocument(
    `Responses sample ${crypto.randomUUID().slice(0, 8)}`,
    `The dock strike began on a Monday, the port records say. It was the decade's great dispute. (${crypto.randomUUID()})`,
  );
  const api = await apiFor(author);
  claim = await annotate(api, doc, "The dock strike began on a Monday", "sourced");
  await api.dispose();
});

const menuLink = (page: Page) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Responses/ });

test("new responses are counted in the menu, listed newest first and marked seen; each opens its annotation", async ({ browser }) => {
  const replies = await apiFor(replier);
  const disputes = await apiFor(disputer);
  expect((await replies.post(`/api/annotations/${claim.id}/replies`, { data: { body: "Which port records? The harbour master's?" } })).status()).toBe(201);
  expect((await disputes.put(`/api/annotations/${claim.id}/verdict`, { data: { verdict: "dispute", proposedClass: "contested" } })).status()).toBe(200);

  const context = await browserAs(browser, author, { width: 1280, height: 800 });
  const page = await context.newPage();
  await page.goto("/");
  await expect(menuLink(page)).toHaveAccessibleName("Responses 2 new");
  await menuLink(page).click();
  await expect(page).toHaveURL(/\/responses$/);
  await expect(page.getByRole("heading", { level: 1, name: "Responses" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("2 new since you last looked.");
  const cards = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: /^Open the annotation/ }) });
  await expect(cards).toHaveCount(2);
  await expect(cards.nth(0)).toContainText(/Dora Disputer \S+ disputes your annotation: would say\s*! Contested/);
  await expect(cards.nth(1)).toContainText(/Rafael Replier \S+ replied to your annotation/);
  await expect(cards.nth(1)).toContainText("“Which port records? The harbour master's?”");
  for (const card of await cards.all()) {
    await expect(card.getByText("New", { exact: true })).toBeVisible();
    await expect(card).toContainText("The dock strike began on a Monday");
    await expect(card.getByRole("link", { name: doc.title })).toBeVisible();
  }
  await page.screenshot({ path: "screenshots/responses-1280.png", fullPage: true });
  // seen: the menu's count goes; the page keeps its marks until it is loaded again
  await expect(menuLink(page)).toHaveAccessibleName("Responses");
  await page.reload();
  await expect(page.getByRole("status")).toHaveText("Nothing new since you last looked.");
  await expect(page.getByText("New", { exact: true })).toHaveCount(0);

  // Open the annotation: the reader, its card in focus
  await cards.nth(1).getByRole("link", { name: /^Open the annotation/ }).click();
  await expect(page).toHaveURL(new RegExp(`/documents/${doc.id}\\?a=${claim.id}$`));
  await expect(page.locator(`li[data-annotation-id="${claim.id}"]`).getByRole("article")).toBeFocused();

  // A phone: a new reply shows on the Menu button and on the link inside
  const phone = await browserAs(browser, author, { width: 390, height: 844 });
  const small = await phone.newPage();
  expect((await replies.post(`/api/annotations/${claim.id}/replies`, { data: { body: "Found it: the harbour master's log." } })).status()).toBe(201);
  await small.goto("/");
  const menu = small.getByRole("button", { name: /^Menu/ });
  await expect(menu).toHaveAccessibleName("Menu 1 new");
  await small.screenshot({ path: "screenshots/responses-menu-390.png" });
  await menu.click();
  await expect(menuLink(small)).toHaveAccessibleName("Responses 1 new");
  await menuLink(small).click();
  await expect(small.getByRole("status")).toHaveText("1 new since you last looked.");
  await small.screenshot({ path: "screenshots/responses-390.png", fullPage: true });
  await expect(menu).toHaveAccessibleName("Menu");
  await Promise.all([context.close(), phone.close(), replies.dispose(), disputes.dispose()]);
});

test("a viewer has no Responses link (they write nothing to respond to); the page says when there is nothing yet", async ({ browser }) => {
  const context = await browserAs(browser, viewer, { width: 1280, height: 800 });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Corpus" })).toBeVisible();
  await expect(menuLink(page)).toHaveCount(0);
  await page.goto("/responses");
  await expect(page.getByRole("status")).toHaveText(/^No responses yet\./);
  await context.close();
});
