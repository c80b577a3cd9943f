import { test, expect, type Page } from "@playwright/test";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS } from "./support/env";
import { annotate, createDocument } from "./support/api";
import { annotationsRegion } from "./support/reader";

// The list's filters and the orphaned annotations' cards, on a document whose orphaned annotations all come
// with the page (the list filters them itself): a filter chosen before the page hydrates holds, and a card
// being worked on stays shown when the filters stop matching it (it said nothing and vanished, an unsaved
// edit with it), saying so, while the counts leave it out.
const tag = `orphan-filters-${Date.now().toString(36)}`;
const V1 = `[${tag}] The pier opened in 1902. The pier was rebuilt after the storm of 1911. The band played on Sundays. The tram reached it in 1920. The cafe closed in 1931. Tolls were dropped in 1950.`;
const V2 = `[${tag}] The pier opened in 1902. Tolls were dropped in 1950.`;
let docId = "";
const ids: Record<"rebuilt" | "band" | "tram" | "cafe", string> = { rebuilt: "", band: "", tram: "", cafe: "" };

test.beforeAll(async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const victor = await apiAs(ACCOUNTS.victor);
  const doc = await createDocument(rosa, `Pier orphans ${tag}`, V1);
  docId = doc.id;
  // Rosa's two contested and one opinion are orphaned by the new version, as is Victor's contested one.
  ids.rebuilt = (await annotate(rosa, doc, "The pier was rebuilt after the storm of 1911.", "contested")).id;
  ids.band = (await annotate(rosa, doc, "The band played on Sundays.", "contested")).id;
  ids.tram = (await annotate(rosa, doc, "The tram reached it in 1920.", "opinion")).id;
  ids.cafe = (await annotate(victor, doc, "The cafe closed in 1931.", "contested")).id;
  await annotate(rosa, doc, "Tolls were dropped in 1950.", "sourced");
  expect((await rosa.post(`/api/documents/${docId}/versions`, { data: { text: V2, format: "text" } })).status()).toBe(201);
  await rosa.dispose();
  await victor.dispose();
});

const orphanHeading = (page: Page, n: number) => annotationsRegion(page).getByRole("heading", { name: `Not found in this version’s text (${n})` });
const card = (page: Page, id: string) => annotationsRegion(page).locator(`li[data-annotation-id="${id}"]`);
const cardIds = (page: Page) => annotationsRegion(page).locator("li.entry-orphaned").evaluateAll((els) => els.map((e) => e.getAttribute("data-annotation-id")));
const mismatch = (page: Page, id: string) => card(page, id).getByTestId("filter-mismatch");

/** The card at 390 px (in the sheet) and 1280 px, for a person to look at; back at 1280 px. */
async function screenshots(page: Page, id: string, path: (name: string) => string, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    const tab = page.locator(`button[data-tab="annotations"]`);
    if (width === 390 && (await tab.getAttribute("aria-expanded")) !== "true") await tab.click();
    await card(page, id).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path(`${name}-${width}.png`) });
  }
}

/** Rosa's Edit on an orphaned card, and a note typed in its editor (not saved). */
async function startEditing(page: Page, id: string, note: string) {
  await card(page, id).getByRole("button", { name: "Edit" }).click();
  const editor = card(page, id).getByRole("region", { name: "Edit annotation" });
  await expect(editor.getByRole("textbox", { name: "Note" })).toBeFocused();
  await page.keyboard.type(note);
  return editor;
}

test("a filter chosen before the page hydrates holds: the list shows what the select says", async ({ page }) => {
  // On a slow phone the select can be changed before React takes over the page; the list then showed
  // every annotation under a select that said Opinion.
  await signIn(page, ACCOUNTS.rosa);
  let release = () => {};
  const scripts = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_next\/static\/chunks\/.*\.js/, async (route) => {
    await scripts;
    await route.continue();
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/documents/${docId}`, { waitUntil: "commit" });
  const klass = annotationsRegion(page).getByRole("combobox", { name: "Class" });
  await klass.selectOption("opinion");
  await annotationsRegion(page).getByRole("checkbox", { name: "Mine" }).check();
  release();
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  await expect(orphanHeading(page, 1)).toBeVisible();
  await expect(klass).toHaveValue("opinion");
  expect(await cardIds(page)).toEqual([ids.tram]);
  await expect(annotationsRegion(page).getByRole("heading", { name: "Annotations (1 of 5)" })).toBeVisible();
  // and the choice goes on working as any other
  await klass.selectOption("");
  await expect(orphanHeading(page, 3)).toBeVisible();
  await annotationsRegion(page).getByRole("checkbox", { name: "Mine" }).uncheck();
  await expect(orphanHeading(page, 4)).toBeVisible();
});

test("an orphaned card being edited or open stays shown when the filters stop matching it, said so and left out of the counts", async ({ page }, testInfo) => {
  await signIn(page, ACCOUNTS.rosa);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/documents/${docId}`);
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  const region = annotationsRegion(page);
  const klass = region.getByRole("combobox", { name: "Class" });
  await klass.selectOption("contested");
  await expect(orphanHeading(page, 3)).toBeVisible();

  // The reviewer changes the filter while editing a note: the card and its unsaved note stay.
  const editor = await startEditing(page, ids.rebuilt, "Rebuilt, or repaired?");
  await klass.selectOption("opinion");
  await expect(orphanHeading(page, 1)).toBeVisible();
  await expect(region.getByRole("heading", { name: "Annotations (1 of 5)" })).toBeVisible();
  await expect(editor.getByRole("textbox", { name: "Note" })).toHaveText("Rebuilt, or repaired?");
  await expect(mismatch(page, ids.rebuilt)).toHaveText(/does not match the filters/);
  expect((await cardIds(page)).sort()).toEqual([ids.rebuilt, ids.tram].sort());
  await screenshots(page, ids.rebuilt, (name) => testInfo.outputPath(name), "orphan-editing-unmatched");
  // Saved with another class that does not match either: it stays, open, until closed.
  await editor.getByRole("radio", { name: "Sourced" }).check();
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor).toHaveCount(0);
  const saved = card(page, ids.rebuilt).getByRole("article");
  await expect(saved).toContainText("Rebuilt, or repaired?");
  await expect(saved).toBeFocused();
  await expect(mismatch(page, ids.rebuilt)).toHaveText(/does not match the filters/);
  await expect(orphanHeading(page, 1)).toBeVisible();
  await screenshots(page, ids.rebuilt, (name) => testInfo.outputPath(name), "orphan-open-unmatched");
  await mismatch(page, ids.rebuilt).getByRole("button", { name: "Close this card" }).click();
  await expect(card(page, ids.rebuilt)).toHaveCount(0);
  await expect(region.getByRole("heading", { name: /^Annotations/ })).toBeFocused();
  expect(await cardIds(page)).toEqual([ids.tram]);

  // An editor rules it, live, while its author edits it under a filter it then no longer matches.
  await klass.selectOption("contested");
  await expect(orphanHeading(page, 2)).toBeVisible();
  const second = await startEditing(page, ids.band, "Only in summer.");
  const edith = await apiAs(ACCOUNTS.edith);
  const rationale = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "The programme says so." }] }] };
  expect((await edith.put(`/api/annotations/${ids.band}/ruling`, { data: { classification: "sourced", rationale } })).status()).toBe(200);
  await edith.dispose();
  await expect(orphanHeading(page, 1)).toBeVisible();
  await expect(second.getByRole("textbox", { name: "Note" })).toHaveText("Only in summer.");
  await expect(mismatch(page, ids.band)).toHaveText(/does not match the filters/);
  await second.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("alertdialog", { name: "Discard this draft?" }).getByRole("button", { name: "Discard draft" }).click();
  await expect(second).toHaveCount(0);
  await mismatch(page, ids.band).getByRole("button", { name: "Close this card" }).click();
  await expect(card(page, ids.band)).toHaveCount(0);
  expect(await cardIds(page)).toEqual([ids.cafe]);
});
