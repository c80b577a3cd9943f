import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS } from "./support/env";
import { annotationsRegion } from "./support/reader";

// The list's filters and the orphaned annotations' cards, on a document whose orphaned annotations all come
// with the page (the list filters them itself): a filter chosen before the page hydrates holds.
const tag = `orphan-filters-${Date.now().toString(36)}`;
const V1 = `[${tag}] The pier opened in 1902. The pier was rebuilt after the storm of 1911. The band played on Sundays. The tram reached it in 1920. The cafe closed in 1931. Tolls were dropped in 1950.`;
const V2 = `[${tag}] The pier opened in 1902. Tolls were dropped in 1950.`;
let docId = "";
const ids: Record<"rebuilt" | "band" | "tram" | "cafe", string> = { rebuilt: "", band: "", tram: "", cafe: "" };

function spanOf(text: string, needle: string) {
  const at = text.indexOf(needle);
  expect(at, needle).toBeGreaterThanOrEqual(0);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...needle].length, quote: needle };
}

test.beforeAll(async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const victor = await apiAs(ACCOUNTS.victor);
  const res = await rosa.post("/api/documents", { data: { text: V1, title: `Pier orphans ${tag}`, kind: "report" } });
  expect(res.status(), await res.text()).toBe(201);
  docId = ((await res.json()) as { id: string }).id;
  const make = async (api: APIRequestContext, needle: string, classification: string) => {
    const r = await api.post(`/api/documents/${docId}/annotations`, { data: { ...spanOf(V1, needle), classification } });
    expect(r.status(), await r.text()).toBe(201);
    return ((await r.json()) as { id: string }).id;
  };
  // Rosa's three contested and one opinion are orphaned by the new version, as is Victor's contested one.
  ids.rebuilt = await make(rosa, "The pier was rebuilt after the storm of 1911.", "contested");
  ids.band = await make(rosa, "The band played on Sundays.", "contested");
  ids.tram = await make(rosa, "The tram reached it in 1920.", "opinion");
  ids.cafe = await make(victor, "The cafe closed in 1931.", "contested");
  await make(rosa, "Tolls were dropped in 1950.", "sourced");
  expect((await rosa.post(`/api/documents/${docId}/versions`, { data: { text: V2, format: "text" } })).status()).toBe(201);
  await rosa.dispose();
  await victor.dispose();
});

const orphanHeading = (page: Page, n: number) => annotationsRegion(page).getByRole("heading", { name: `Not found in this version’s text (${n})` });
const cardIds = (page: Page) => annotationsRegion(page).locator("li.entry-orphaned").evaluateAll((els) => els.map((e) => e.getAttribute("data-annotation-id")));

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
