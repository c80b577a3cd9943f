// Document versions through the page: a reviewer opens a document's versions from the library, uploads a
// revised text (a fixed typo inside an annotated passage, a reflowed paragraph, a deleted annotated
// sentence), sees how the annotations followed, the Needs check list, the changes between the versions,
// and version 1 read-only with the placements it had; fixing the orphaned one clears the list while
// version 1 keeps its placement. Refusals: the same text, an empty or binary file, a viewer.
// Independent of the other specs: its own document, annotated through the API.
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import crypto from "node:crypto";
import { apiAs } from "./support/auth";
import { ACCOUNTS } from "./support/env";
import { createUser } from "./support/users";

const RUN = crypto.randomUUID().slice(0, 8);
const TITLE = `Harvest report ${RUN}`;
const V1 =
  `[${RUN}] The 𝔄pparatus report 📜 says the harvest dubled in 1951, and the ministry agreed.\n\n` +
  "The second paragraph is wrapped\nacross three lines\nby the old layout.\n\n" +
  "Critics call it a fantasy. The minister resigned in 1952. Nobody checked the figures.";
const V2 =
  `[${RUN}] The 𝔄pparatus report 📜 says the harvest doubled in 1951, and the ministry agreed.\n\n` +
  "The second paragraph is wrapped across three lines by the old layout.\n\n" +
  "Critics call it a fantasy. Nobody checked the figures.";

function spanOf(text: string, needle: string) {
  const at = text.indexOf(needle);
  expect(at, needle).toBeGreaterThanOrEqual(0);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...needle].length, quote: needle };
}

let rosa: APIRequestContext;
let victor: APIRequestContext;
let docId = "";
const ids: Record<"typo" | "reflowed" | "deleted" | "kept", string> = { typo: "", reflowed: "", deleted: "", kept: "" };

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  [rosa, victor] = await Promise.all([apiAs(ACCOUNTS.rosa), apiAs(ACCOUNTS.victor)]);
  const res = await rosa.post("/api/documents", { data: { text: V1, title: TITLE, kind: "report" } });
  expect(res.status(), await res.text()).toBe(201);
  docId = ((await res.json()) as { id: string }).id;
  const annotate = async (api: APIRequestContext, needle: string, classification: string) => {
    const r = await api.post(`/api/documents/${docId}/annotations`, { data: { ...spanOf(V1, needle), classification } });
    expect(r.status(), await r.text()).toBe(201);
    return ((await r.json()) as { id: string }).id;
  };
  ids.typo = await annotate(rosa, "the harvest dubled in 1951", "contested");
  ids.reflowed = await annotate(rosa, "wrapped\nacross three lines", "opinion");
  ids.deleted = await annotate(victor, "The minister resigned in 1952.", "sourced");
  ids.kept = await annotate(victor, "𝔄pparatus report 📜", "sourced");
});

/** The API client's session in the browser (signing in through the form is not what this spec tests). */
async function useSession(page: Page, api: APIRequestContext) {
  await page.context().clearCookies();
  await page.context().addCookies((await api.storageState()).cookies);
}

const needsCheck = (page: Page) => page.getByRole("region", { name: "Needs check" });

test("a reviewer adds a revised version from the library: states, Needs check, changes, version 1 read-only", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await useSession(page, rosa);
  await page.goto(`/?q=${encodeURIComponent(`"${RUN}"`)}`);
  await page.getByRole("link", { name: `Versions of ${TITLE}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Versions of “${TITLE}”` })).toBeVisible();
  await expect(page.getByText("There is only one version so far: nothing to compare.")).toBeVisible();

  const form = page.getByRole("region", { name: "Add a new version" });
  await form.getByLabel("File", { exact: true }).setInputFiles({ name: "harvest-v2.txt", mimeType: "text/plain", buffer: Buffer.from(V2) });
  await expect(page.getByLabel("Text that will be stored")).toContainText("the harvest doubled in 1951");
  await form.getByLabel("Change note (optional)").fill("Typo fixed, paragraph reflowed, a sentence cut.");
  await form.getByRole("button", { name: "Add version 2" }).click();
  await expect(form.getByRole("status").filter({ hasText: "Version 2 added" })).toHaveText(
    "Version 2 added. Its annotations: 2 exact, 0 moved, 1 fuzzy, 1 orphaned. 2 annotations need a check (listed below).",
  );

  // the list of versions: who, when, the note
  const list = page.getByRole("region", { name: "All versions" });
  const v2 = list.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Version 2 (current)" }) });
  await expect(v2).toContainText("by Rosa Reviewer");
  await expect(v2).toContainText("uploaded as plain text");
  await expect(v2).toContainText("Typo fixed, paragraph reflowed, a sentence cut.");
  await expect(list.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Version 1", exact: true }) })).toContainText("No change note.");

  // Needs check: the fuzzy typo (old and new quote, a score) and the orphaned sentence
  const check = needsCheck(page);
  await expect(check.getByRole("listitem")).toHaveCount(2);
  const fuzzy = check.getByRole("listitem").filter({ hasText: "Fuzzy" });
  await expect(fuzzy).toContainText(/score 0\.\d\d/);
  await expect(fuzzy).toContainText("Was: the harvest dubled in 1951");
  await expect(fuzzy).toContainText("Now: the harvest doubled in 1951");
  const orphaned = check.getByRole("listitem").filter({ hasText: "Orphaned" });
  await expect(orphaned).toContainText("Was: The minister resigned in 1952.");
  await expect(orphaned).toContainText("not found in the current text");

  // the changes from version 1 to 2
  const changes = page.getByRole("region", { name: "From version 1 to version 2" });
  await expect(changes.locator("del").filter({ hasText: "dubled" })).toHaveCount(1);
  await expect(changes.locator("ins").filter({ hasText: "doubled" })).toHaveCount(1);
  await expect(changes.locator("del").filter({ hasText: "The minister resigned in 1952." })).toHaveCount(1);
  await page.screenshot({ path: "screenshots/versions-1440.png", fullPage: true });

  // version 1, read-only, with the four placements it had
  await list.getByRole("link", { name: "Read version 1" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${TITLE}, version 1` })).toBeVisible();
  await expect(page.getByRole("note")).toContainText("An earlier version, read-only: the current one is version 2.");
  const text = page.getByRole("region", { name: "Text of version 1" }).last();
  await expect(text).toContainText("the harvest dubled in 1951");
  await expect(text.locator("mark")).toHaveText(["𝔄pparatus report 📜", "the harvest dubled in 1951", "wrapped\nacross three lines", "The minister resigned in 1952."]);
  await expect(page.getByRole("main").getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("main").getByRole("button")).toHaveCount(0);
  await page.screenshot({ path: "screenshots/version-1-1440.png", fullPage: true });

  // version 2 read-only marks the fuzzy placement with a dashed outline
  await page.goto(`/documents/${docId}/versions/2`);
  await expect(page.getByRole("note")).toContainText("This is the current version, shown read-only.");
  await expect(page.locator(".version-text mark.hl-fuzzy")).toHaveText("the harvest doubled in 1951");

  // The reader's version menu names the current version and opens an earlier one.
  await page.goto(`/documents/${docId}`);
  const menu = page.locator(".version-menu");
  await menu.getByText("Version 2 of 2").click();
  const versions = menu.getByRole("list", { name: "Versions of this text" });
  await expect(versions.getByRole("link", { name: "Version 2 (current)" })).toHaveAttribute("aria-current", "page");
  await expect(versions).toContainText("Typo fixed");
  await page.screenshot({ path: "screenshots/reader-version-menu-1440.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(versions).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  await page.screenshot({ path: "screenshots/reader-version-menu-390.png" });
  await page.setViewportSize({ width: 1440, height: 900 });
  await versions.getByRole("link", { name: "Version 1", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${TITLE}, version 1` })).toBeVisible();
});

test("fixing the orphaned and the fuzzy annotation clears Needs check; version 1 keeps its placements", async ({ page }) => {
  test.setTimeout(120_000);
  // the reader's controls call this API: re-select the deleted sentence's annotation elsewhere, confirm the typo
  const placed = await victor.post(`/api/annotations/${ids.deleted}/anchor`, { data: spanOf(V2, "Nobody checked the figures.") });
  expect(placed.status(), await placed.text()).toBe(200);
  expect(await placed.json()).toMatchObject({ quote: "Nobody checked the figures.", anchor: { state: "exact", version: 2, resolution: { action: "re-placed" } } });
  const confirmed = await rosa.post(`/api/annotations/${ids.typo}/anchor`, { data: { confirm: true } });
  expect(confirmed.status(), await confirmed.text()).toBe(200);

  await page.setViewportSize({ width: 390, height: 844 });
  await useSession(page, victor);
  await page.goto(`/documents/${docId}/versions`);
  await expect(needsCheck(page)).toContainText("No annotation needs a check");
  await page.screenshot({ path: "screenshots/versions-390.png", fullPage: true });
  await page.goto(`/documents/${docId}/versions/1`);
  await expect(page.getByRole("region", { name: "Text of version 1" }).last().locator("mark").filter({ hasText: "The minister resigned in 1952." })).toHaveCount(1);
  await page.screenshot({ path: "screenshots/version-1-390.png", fullPage: true });

  const old = await rosa.get(`/api/documents/${docId}/annotations?version=1`);
  const before = (await old.json()) as { annotations: Array<{ id: string; quote: string; anchor: { version: number } }> };
  expect(before.annotations.find((a) => a.id === ids.deleted)).toMatchObject({ quote: "The minister resigned in 1952.", anchor: { version: 1 } });
  expect(((await (await rosa.get(`/api/documents/${docId}?version=1`)).json()) as { text: string }).text).toBe(V1);
});

test("bad input is refused on the page and changes nothing; a viewer cannot add a version", async ({ page }) => {
  test.setTimeout(180_000);
  await useSession(page, rosa);
  await page.goto(`/documents/${docId}/versions`);
  const form = page.getByRole("region", { name: "Add a new version" });
  // the same text as the current version: the preview says so, the server refuses it
  await form.getByLabel("Paste text").check();
  await form.getByLabel("New text").fill(V2);
  await expect(form.getByText("This is the current text of this document: there is nothing new to add.")).toBeVisible();
  await form.getByRole("button", { name: "Add version 3" }).click();
  await expect(form.getByRole("alert")).toContainText("This text is the same as the current version (2)");
  // a binary file named .txt and an empty one
  await form.getByLabel("Upload a file").check();
  await form.getByLabel("File", { exact: true }).setInputFiles({ name: "report.txt", mimeType: "text/plain", buffer: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)]) });
  await expect(form.getByRole("alert").first()).toContainText(/executable/);
  await form.getByRole("button", { name: "Add version 3" }).click();
  await expect(form.getByRole("alert").last()).toContainText(/executable/);
  await form.getByLabel("File", { exact: true }).setInputFiles({ name: "empty.txt", mimeType: "text/plain", buffer: Buffer.alloc(0) });
  await expect(form.getByRole("alert").first()).toContainText(/empty/);
  // nothing was added
  const listed = (await (await rosa.get(`/api/documents/${docId}/versions`)).json()) as { currentVersion: number; versions: unknown[] };
  expect([listed.currentVersion, listed.versions.length]).toEqual([2, 2]);
  // an unknown version is a 404 page
  const missing = await page.goto(`/documents/${docId}/versions/9`);
  expect(missing?.status()).toBe(404);

  // a viewer reads the versions but is offered no form, and the API refuses
  const password = "viewer-password-versions";
  const email = createUser("viewer", "Vera Versions", password);
  const viewer = await apiAs(email, password);
  const refused = await viewer.post(`/api/documents/${docId}/versions`, { data: { text: `${V2}\n\nMore.` } });
  expect(refused.status()).toBe(403);
  await useSession(page, viewer);
  await page.goto(`/documents/${docId}/versions`);
  await expect(page.getByRole("heading", { name: "All versions" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Add a new version" })).toHaveCount(0);
});
