// Document versions through the page: a reviewer opens a document's versions from the library, uploads a
// revised text (a fixed typo inside an annotated passage, a reflowed paragraph, a deleted annotated
// sentence), sees how the annotations followed, the Needs check list, the changes between the versions,
// and version 1 read-only with the placements it had. Then the placements are fixed in the reader, from
// the list's links: the author confirms the fuzzy one and leaves an orphaned one so with a note, another
// author places his orphaned one again by selecting text on a phone (others see it live, and have no
// controls), which clears the list while version 1 keeps its placement. Re-placing by hand on a document of
// its own: fuzzy placements with Place here and with Enter, an orphaned one selected by keyboard, each
// exact at its new span. Refusals: the same text, an empty or binary file, a viewer.
// Independent of the other specs: its own document, annotated through the API.
import { test, expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import crypto from "node:crypto";
import { apiAs } from "./support/auth";
import { ACCOUNTS } from "./support/env";
import { apiFor, makePerson } from "./support/people";
import { highlighted, readerHydrated, selectPhrase, toolbar } from "./support/reader";
import { createUser } from "./support/users";

const RUN = crypto.randomUUID().slice(0, 8);
const TITLE = `Harvest report ${RUN}`;
const V1 =
  `[${RUN}] The 𝔄pparatus report 📜 says the harvest dubled in 1951, and the ministry agreed.\n\n` +
  "The second paragraph is wrapped\nacross three lines\nby the old layout.\n\n" +
  "Critics call it a fantasy. The minister resigned in 1952. Nobody checked the figures. The archive was sealed in 1953.";
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
const ids: Record<"typo" | "reflowed" | "deleted" | "kept" | "sealed", string> = { typo: "", reflowed: "", deleted: "", kept: "", sealed: "" };

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
  ids.sealed = await annotate(rosa, "The archive was sealed in 1953.", "opinion");
});

/** The API client's session in the browser (signing in through the form is not what this spec tests). */
async function useSession(page: Page, api: APIRequestContext) {
  await page.context().clearCookies();
  await page.context().addCookies((await api.storageState()).cookies);
}

const needsCheck = (page: Page) => page.getByRole("region", { name: "Needs check" });
const card = (page: Page, id: string) => page.locator(`li[data-annotation-id="${id}"]`);
const checkLink = (page: Page) => page.getByTestId("needs-check-link");
const placeBar = (page: Page) => page.getByRole("region", { name: "Re-place the annotation" });
/** A card's controls to fix its placement. */
const fixButtons = (c: Locator) => c.getByRole("button", { name: /^(Confirm placement|Re-place|Leave orphaned)$/ });

/** The change bar's scripts have run (its links then go from where the reader is). */
async function barHydrated(page: Page) {
  await expect
    .poll(() => page.evaluate(() => Object.keys(document.querySelector(".change-nav") ?? {}).some((k) => k.startsWith("__react"))), { message: "the change bar has hydrated" })
    .toBe(true);
}

/** Whether the element is what a click at its middle would reach (nothing lies over it). */
const reachable = (l: Locator) =>
  l.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && (el === hit || el.contains(hit));
  });

const BUSY = "The server is busy. Try again in a moment.";
/** The next fix of this annotation's placement fails (as when the server is overloaded). */
async function failOnce(page: Page, id: string) {
  await page.route(`**/api/annotations/${id}/anchor`, (route) => route.fulfill({ status: 503, json: { error: { code: "UNAVAILABLE", message: BUSY } } }), { times: 1 });
}
/** Errors in the page's console, but for the failed requests made on purpose (failOnce). */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().includes("status of 503")) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

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
  const added = form.getByRole("status").filter({ hasText: "Version 2 added" });
  await expect(added).toHaveText("Version 2 added. Its annotations: 2 exact, 0 moved, 1 fuzzy, 2 orphaned. 3 annotations need a check: see Needs check, above.");
  // The button was disabled while the version went in: the focus is on what came of it, not lost to the
  // page, and its link leads up to the list (which comes before the form, on a phone too).
  await expect(added).toBeFocused();
  await added.getByRole("link", { name: "Needs check" }).click();
  await expect(page.getByRole("heading", { name: "Needs check" })).toBeFocused();
  await expect(page.getByRole("heading", { name: "Needs check" })).toBeInViewport();

  // the list of versions: who, when, the note
  const list = page.getByRole("region", { name: "All versions" });
  const v2 = list.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Version 2 (current)" }) });
  await expect(v2).toContainText("by Rosa Reviewer");
  await expect(v2).toContainText("uploaded as plain text");
  await expect(v2).toContainText("Typo fixed, paragraph reflowed, a sentence cut.");
  await expect(list.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Version 1", exact: true }) })).toContainText("No change note.");

  // Needs check: the fuzzy typo (old and new quote, a score) and the orphaned sentences
  const check = needsCheck(page);
  await expect(check.getByRole("listitem")).toHaveCount(3);
  const fuzzy = check.getByRole("listitem").filter({ hasText: "Fuzzy" });
  await expect(fuzzy).toContainText(/score 0\.\d\d/);
  await expect(fuzzy).toContainText("Was: the harvest dubled in 1951");
  await expect(fuzzy).toContainText("Now: the harvest doubled in 1951");
  const orphaned = check.getByRole("listitem").filter({ hasText: "Orphaned" }).filter({ hasText: "minister" });
  await expect(orphaned).toContainText("Was: The minister resigned in 1952.");
  await expect(orphaned).toContainText("not found in the current text");

  // the changes from version 1 to 2
  const changes = page.getByRole("region", { name: "From version 1 to version 2" });
  await expect(changes.locator("del").filter({ hasText: "dubled" })).toHaveCount(1);
  await expect(changes.locator("ins").filter({ hasText: "doubled" })).toHaveCount(1);
  await expect(changes.locator("del").filter({ hasText: "The minister resigned in 1952." })).toHaveCount(1);
  await expect(changes.locator("del").filter({ hasText: "The archive was sealed in 1953." })).toHaveCount(1);
  await page.screenshot({ path: "screenshots/versions-1440.png", fullPage: true });

  // version 1, read-only, with the five placements it had
  await list.getByRole("link", { name: "Read version 1" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${TITLE}, version 1` })).toBeVisible();
  await expect(page.getByRole("note")).toContainText("An earlier version, read-only: the current one is version 2.");
  const text = page.getByRole("region", { name: "Text of version 1" }).last();
  await expect(text).toContainText("the harvest dubled in 1951");
  await expect(text.locator("mark")).toHaveText(["𝔄pparatus report 📜", "the harvest dubled in 1951", "wrapped\nacross three lines", "The minister resigned in 1952.", "The archive was sealed in 1953."]);
  await expect(page.getByRole("main").getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("main").getByRole("button")).toHaveCount(0);
  await page.screenshot({ path: "screenshots/version-1-1440.png", fullPage: true });

  // version 2 read-only marks the fuzzy placement with a dashed outline
  await page.goto(`/documents/${docId}/versions/2`);
  await expect(page.getByRole("note")).toContainText("This is the current version, shown read-only.");
  await expect(page.locator(".version-text mark.hl-fuzzy")).toHaveText("the harvest doubled in 1951");

  // The reader's version menu names the current version and opens an earlier one. Its list lies over the
  // text: opening it moves nothing; Escape closes it and gives the focus back, and so does a click elsewhere.
  await page.goto(`/documents/${docId}`);
  await readerHydrated(page);
  const menu = page.locator(".version-menu");
  const menuButton = menu.locator("summary");
  await expect(menuButton).toHaveText("Version 2 of 2");
  const textTop = () => page.evaluate(() => document.querySelector(".doc-text")!.getBoundingClientRect().top + window.scrollY);
  const top = await textTop();
  await menuButton.click();
  const versions = menu.getByRole("list", { name: "Versions of this text" });
  await expect(versions.getByRole("link", { name: "Version 2 (current)" })).toHaveAttribute("aria-current", "page");
  await expect(versions).toContainText("Typo fixed");
  expect(await textTop()).toBe(top);
  await page.screenshot({ path: "screenshots/reader-version-menu-1440.png" });
  await versions.getByRole("link", { name: "Version 1", exact: true }).focus();
  await page.keyboard.press("Escape");
  await expect(versions).toBeHidden();
  await expect(menuButton).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(versions).toBeVisible();
  await page.getByRole("heading", { level: 1, name: TITLE }).click();
  await expect(versions).toBeHidden();
  // the focus leaving it (Tab past its last link) closes it: nothing focused is left under it
  await menuButton.click();
  await menu.getByRole("link", { name: "Compare versions, or add one" }).focus();
  await page.keyboard.press("Tab");
  await expect(versions).toBeHidden();
  // on a phone: open, still over the text, inside the screen
  await page.setViewportSize({ width: 390, height: 844 });
  const phoneTop = await textTop();
  await menuButton.click();
  await expect(versions).toBeVisible();
  expect(await textTop()).toBe(phoneTop);
  const edges = async () => {
    const box = (await menu.locator(".version-menu-panel").boundingBox())!;
    return [box.x >= 0, box.x + box.width <= 390];
  };
  await expect.poll(edges).toEqual([true, true]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  // The row of details wraps on a phone, "⚠ 3 need a check" on a line under the menu's button: the list
  // opens below the whole row, so the link is neither covered nor out of reach.
  const [panelBox, linkBox, buttonBox] = await Promise.all([menu.locator(".version-menu-panel"), checkLink(page), menuButton].map(async (l) => (await l.boundingBox())!));
  expect(linkBox.y, "the needs-check link wrapped under the menu's button").toBeGreaterThan(buttonBox.y + buttonBox.height / 2);
  expect(panelBox.y).toBeGreaterThanOrEqual(linkBox.y + linkBox.height);
  expect(await reachable(checkLink(page))).toBe(true);
  await page.screenshot({ path: "screenshots/reader-version-menu-390.png" });
  await page.setViewportSize({ width: 1440, height: 900 });
  await versions.getByRole("link", { name: "Version 1", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${TITLE}, version 1` })).toBeVisible();
});

test("fixing placements in the reader: confirm, leave orphaned with a note, place again on a phone; others see it live and get no controls", async ({ browser, page }) => {
  test.setTimeout(240_000);
  const desk = { width: 1280, height: 800 };
  const errors: string[][] = [];
  const as = async (api: APIRequestContext, viewport = desk, hasTouch = false) => {
    const context = await browser.newContext({ viewport, hasTouch, storageState: await api.storageState() });
    const opened = await context.newPage();
    errors.push(consoleErrors(opened));
    return opened;
  };
  const verity = await makePerson("viewer", "Verity");
  const viewerApi = await apiFor(verity);

  // Victor (another reviewer) and a viewer watch the document: only Victor's own orphaned annotation has fixes for him.
  const other = await as(victor);
  await other.goto(`/documents/${docId}`);
  await expect(other.getByTestId("live-status")).toHaveText("● Live");
  await expect(checkLink(other)).toHaveText("⚠ 3 need a check");
  await expect(card(other, ids.typo).getByTestId("anchor-notice")).toHaveText(/^⚠ Placed approximately \(score 0\.\d\d\) — check it$/);
  for (const id of [ids.typo, ids.sealed]) await expect(fixButtons(card(other, id))).toHaveCount(0);
  await expect(fixButtons(card(other, ids.deleted))).toHaveText(["Re-place", "Leave orphaned"]);
  const viewer = await as(viewerApi);
  await viewer.goto(`/documents/${docId}`);
  await expect(card(viewer, ids.sealed).getByTestId("anchor-notice")).toContainText("Not found in this version’s text — check it");
  for (const id of [ids.typo, ids.deleted, ids.sealed]) await expect(fixButtons(card(viewer, id))).toHaveCount(0);
  await viewer.context().close();
  await viewerApi.dispose();
  // an admin or an editor may fix anyone's placement (the server's rule): the controls are there on Rosa's and Victor's cards
  for (const account of [ACCOUNTS.admin, ACCOUNTS.edith]) {
    const deskApi = await apiAs(account);
    const deskPage = await as(deskApi);
    await deskPage.goto(`/documents/${docId}`);
    await expect(fixButtons(card(deskPage, ids.typo))).toHaveText(["Confirm placement", "Re-place"]);
    for (const id of [ids.deleted, ids.sealed]) await expect(fixButtons(card(deskPage, id))).toHaveText(["Re-place", "Leave orphaned"]);
    await deskPage.context().close();
    await deskApi.dispose();
  }

  // Rosa follows the fuzzy annotation's link in Needs check to its card.
  const author = await as(rosa);
  await author.goto(`/documents/${docId}/versions`);
  await expect(needsCheck(author).getByText(/Open one in the document/)).toBeVisible();
  await needsCheck(author).getByRole("link", { name: "Check it in the document: “the harvest dubled in 1951”" }).click();
  await expect(author).toHaveURL(new RegExp(`/documents/${docId}\\?a=${ids.typo}$`));
  const typo = card(author, ids.typo);
  await expect(typo.getByRole("article")).toBeFocused();
  await expect(typo.getByTestId("anchor-notice")).toContainText(/Placed approximately \(score 0\.\d\d\)\. Was: the harvest dubled in 1951/);
  await expect(fixButtons(typo)).toHaveText(["Confirm placement", "Re-place"]);
  await author.screenshot({ path: "screenshots/reader-fix-controls-1280.png" });

  // Re-place, then Escape: everything as it was.
  await typo.getByRole("button", { name: "Re-place" }).click();
  const authorBar = placeBar(author);
  await expect(authorBar).toContainText("Select the new passage for the harvest dubled in 1951 in the text.");
  await expect(authorBar.getByRole("button", { name: "Place here" })).toBeDisabled();
  await expect(author.getByRole("region", { name: "Document text" })).toBeFocused();
  // the keyboard selects from the text, which now has focus
  for (let i = 0; i < 6; i++) await author.keyboard.press("Shift+ArrowRight");
  await expect(authorBar).toContainText("Place it on");
  await expect(authorBar.getByRole("button", { name: "Place here" })).toBeEnabled();
  await author.screenshot({ path: "screenshots/reader-place-here-1280.png" });
  await author.keyboard.press("Escape");
  await expect(authorBar).toHaveCount(0);
  await expect(typo.getByRole("article")).toBeFocused();
  await expect(fixButtons(typo)).toHaveText(["Confirm placement", "Re-place"]);
  expect(await author.evaluate(() => window.getSelection()?.isCollapsed ?? true)).toBe(true);

  // Confirm: a failure is said on the card and changes nothing; then it is exact, here and on Victor's page.
  await failOnce(author, ids.typo);
  await typo.getByRole("button", { name: "Confirm placement" }).click();
  await expect(typo.getByRole("alert")).toHaveText(BUSY);
  await expect(typo.getByTestId("anchor-notice")).toContainText("Placed approximately");
  await expect(checkLink(author)).toHaveText("⚠ 3 need a check");
  await typo.getByRole("button", { name: "Confirm placement" }).click();
  await expect(typo.getByTestId("anchor-done")).toHaveText("✓ Placement confirmed.");
  await expect(typo.getByTestId("anchor-notice")).toHaveCount(0);
  await expect(typo.getByRole("alert")).toHaveCount(0);
  await expect(checkLink(author)).toHaveText("⚠ 2 need a check");
  expect(await author.evaluate(() => CSS.highlights.get("apx-fuzzy")?.size ?? 0)).toBe(0);
  await expect(card(other, ids.typo).getByTestId("anchor-notice")).toHaveCount(0);
  await expect(checkLink(other)).toHaveText("⚠ 2 need a check");

  // Leave orphaned, with a note: Cancel first, then Save; everyone sees who left it so, and why.
  const sealed = card(author, ids.sealed);
  const leave = sealed.getByRole("button", { name: "Leave orphaned" });
  await leave.click();
  const form = sealed.getByRole("form", { name: "Leave orphaned" });
  const note = form.getByRole("textbox", { name: "Why leave it orphaned? (optional)" });
  await expect(note).toBeFocused();
  await expect(note).toHaveAttribute("maxlength", "2000");
  await note.fill("Not this one");
  await form.getByRole("button", { name: "Cancel" }).click();
  await expect(form).toHaveCount(0);
  await expect(leave).toBeFocused();
  await expect(sealed.getByTestId("anchor-notice")).toContainText("Orphaned Not found in this version’s text.");
  await leave.click();
  await expect(note).toHaveValue("");
  await note.fill("The sentence was cut from the report on purpose.");
  await form.scrollIntoViewIfNeeded();
  await author.screenshot({ path: "screenshots/reader-leave-orphaned-1280.png" });
  await form.getByRole("button", { name: "Save" }).click();
  const left = "Left orphaned by Rosa Reviewer: The sentence was cut from the report on purpose.";
  await expect(sealed.getByTestId("left-orphaned")).toHaveText(left);
  await expect(sealed.getByRole("article")).toBeFocused();
  await expect(fixButtons(sealed)).toHaveText(["Re-place"]);
  await expect(checkLink(author)).toHaveText("⚠ 1 needs a check");
  await expect(card(other, ids.sealed).getByTestId("left-orphaned")).toHaveText(left);
  await expect(checkLink(other)).toHaveText("⚠ 1 needs a check");

  // Victor, on a phone, from Needs check to his orphaned annotation's card, and places it again by selecting text.
  const phone = await as(victor, { width: 390, height: 844 }, true);
  await phone.goto(`/documents/${docId}/versions`);
  await expect(needsCheck(phone).getByRole("listitem")).toHaveCount(1);
  // As on a slow phone (the CPU 8× slower while the card is opened): the sheet may be shown a frame or
  // more after the card is asked to take the focus, which it must still get.
  const cdp = await phone.context().newCDPSession(phone);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 8 });
  await needsCheck(phone).getByRole("link", { name: /^Check it in the document/ }).tap();
  const deleted = card(phone, ids.deleted);
  await expect(deleted.getByRole("article")).toBeFocused({ timeout: 20_000 });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  const linkNotice = phone.locator(".link-notice");
  await expect(linkNotice).toContainText("The linked annotation has no place in this version's text");
  await expect(deleted).toBeInViewport();
  await expect(fixButtons(deleted)).toHaveText(["Re-place", "Leave orphaned"]);
  await phone.screenshot({ path: "screenshots/reader-fix-controls-390.png" });
  await deleted.getByRole("button", { name: "Re-place" }).tap();
  const bar = placeBar(phone);
  await expect(bar).toBeInViewport({ ratio: 1 });
  await expect(phone.getByRole("region", { name: "Reader panel" })).toBeHidden();
  await bar.getByRole("button", { name: "Cancel" }).tap();
  await expect(bar).toHaveCount(0);
  await expect(deleted.getByRole("article")).toBeFocused();
  await expect(deleted).toHaveClass(/entry-orphaned/);
  await deleted.getByRole("button", { name: "Re-place" }).tap();
  await selectPhrase(phone, "Nobody checked the figures.");
  await expect(bar).toContainText("Place it on Nobody checked the figures.?");
  await expect(toolbar(phone)).toHaveCount(0);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  await phone.screenshot({ path: "screenshots/reader-place-here-390.png" });
  await failOnce(phone, ids.deleted);
  await bar.getByRole("button", { name: "Place here" }).tap();
  await expect(bar.getByRole("alert")).toHaveText(BUSY);
  await expect(bar).toContainText("Place it on Nobody checked the figures.?");
  await expect(checkLink(phone)).toHaveText("⚠ 1 needs a check");
  await bar.getByRole("button", { name: "Place here" }).tap();
  await expect(bar).toHaveCount(0);
  const placed = card(phone, ids.deleted);
  await expect(placed.getByRole("article")).toBeFocused();
  await expect(placed).not.toHaveClass(/entry-orphaned/);
  await expect(placed.locator(".quote-button q")).toHaveText("Nobody checked the figures.");
  await expect(placed.getByTestId("anchor-done")).toHaveText("✓ Placed on the selected passage.");
  // the link's notice said it had no place in the text: it has one now, so the notice goes
  await expect(linkNotice).toHaveCount(0);
  await expect.poll(() => highlighted(phone, "sourced")).toContain("Nobody checked the figures.");
  await expect(checkLink(phone)).toHaveCount(0);
  // Back to Needs check: read again, so the one just placed is gone (the router's copy of the page listed it).
  await phone.goBack();
  await expect(phone).toHaveURL(new RegExp(`/documents/${docId}/versions$`));
  await expect(needsCheck(phone)).toContainText("No annotation needs a check");
  // ... and live on the others' pages
  for (const p of [author, other]) {
    await expect(card(p, ids.deleted).locator(".quote-button q")).toHaveText("Nobody checked the figures.");
    await expect(checkLink(p)).toHaveCount(0);
  }
  for (const p of [author, other, phone]) await p.context().close();
  expect(errors.flat()).toEqual([]);

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

/** A mouse drag over `phrase` (the first text node holding it), from inside its first character to inside its last. */
async function dragOver(page: Page, phrase: string) {
  await readerHydrated(page);
  // Where the phrase is once the page has stopped scrolling (Re-place scrolls to a fuzzy placement, smoothly).
  let at = await phraseEnds(page, phrase);
  for (let tries = 0; ; tries++) {
    await page.waitForTimeout(150); // more than a frame: two reads in one frame always agree
    const now = await phraseEnds(page, phrase);
    if (JSON.stringify(now) === JSON.stringify(at)) break;
    expect(tries, "the page keeps scrolling").toBeLessThan(40);
    at = now;
  }
  await page.mouse.move(at.x0, at.y0);
  await page.mouse.down();
  await page.mouse.move((at.x0 + at.x1) / 2, (at.y0 + at.y1) / 2, { steps: 4 });
  await page.mouse.move(at.x1, at.y1, { steps: 4 });
  await page.mouse.up();
}
/** Points just inside the first and the last character of `phrase`, on screen. */
async function phraseEnds(page: Page, phrase: string) {
  return page.evaluate((phrase) => {
    const root = document.querySelector('[aria-label="Document text"]')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node: Text | null;
    while ((node = walker.nextNode() as Text | null)) {
      const i = node.data.indexOf(phrase);
      if (i < 0) continue;
      const box = (from: number) => {
        const range = document.createRange();
        range.setStart(node!, from);
        range.setEnd(node!, from + 1);
        return range.getBoundingClientRect();
      };
      const first = box(i);
      const last = box(i + phrase.length - 1);
      return { x0: first.left + 1, y0: first.top + first.height / 2, x1: last.right - 1, y1: last.top + last.height / 2 };
    }
    throw new Error(`"${phrase}" not found in one text node`);
  }, phrase);
}

test("re-placing by hand: a fuzzy placement with Place here, another with Enter, an orphaned one selected by keyboard with Enter; each is exact at its new span", async ({ browser }) => {
  test.setTimeout(120_000);
  // Its own document: two typos fixed inside annotated passages (fuzzy), one annotated sentence cut (orphaned).
  const W1 =
    `[${RUN}] The council said the rainfall dubled in 1988, according to the river authority.\n\n` +
    "That winter the bridge was closd twice for repairs. The mayor blamed the contractors.\n\n" +
    "The ferry ran every hour. The contractors denied it in court.";
  const W2 =
    `[${RUN}] The council said the rainfall doubled in 1988, according to the river authority.\n\n` +
    "That winter the bridge was closed twice for repairs.\n\n" +
    "The ferry ran every hour. The contractors denied it in court.";
  const res = await rosa.post("/api/documents", { data: { text: W1, title: `Bridge report ${RUN}`, kind: "report" } });
  expect(res.status(), await res.text()).toBe(201);
  const id = ((await res.json()) as { id: string }).id;
  const annotate = async (needle: string) => {
    const r = await rosa.post(`/api/documents/${id}/annotations`, { data: { ...spanOf(W1, needle), classification: "contested" } });
    expect(r.status(), await r.text()).toBe(201);
    return ((await r.json()) as { id: string }).id;
  };
  const rainfall = await annotate("the rainfall dubled in 1988");
  const bridge = await annotate("the bridge was closd twice");
  const mayor = await annotate("The mayor blamed the contractors.");
  const added = await rosa.post(`/api/documents/${id}/versions`, { data: { text: W2 } });
  expect(added.status(), await added.text()).toBe(201);
  const anchorOf = async (annotationId: string) => {
    const r = await rosa.get(`/api/annotations/${annotationId}`);
    expect(r.status()).toBe(200);
    const a = (await r.json()) as { start: number | null; end: number | null; quote: string; anchor: { state: string; version: number; resolution?: { action: string; by: { name: string } } } };
    return { start: a.start, end: a.end, quote: a.quote, state: a.anchor.state, version: a.anchor.version, action: a.anchor.resolution?.action, by: a.anchor.resolution?.by.name };
  };
  expect(await anchorOf(rainfall)).toMatchObject({ state: "fuzzy", quote: "the rainfall doubled in 1988" });
  expect(await anchorOf(bridge)).toMatchObject({ state: "fuzzy", quote: "the bridge was closed twice" });
  expect(await anchorOf(mayor)).toMatchObject({ state: "orphaned", start: null });
  /** What the annotation should be once placed on `needle` of version 2 by Rosa. */
  const placedOn = (needle: string) => ({ ...spanOf(W2, needle), state: "exact", version: 2, action: "re-placed", by: "Rosa Reviewer" });

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, storageState: await rosa.storageState() });
  const page = await context.newPage();
  const errors = consoleErrors(page);
  await page.goto(`/documents/${id}`);
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  await expect(checkLink(page)).toHaveText("⚠ 3 need a check");
  const bar = placeBar(page);
  const placeHere = bar.getByRole("button", { name: "Place here" });

  // (a) The fuzzy one, on a wider passage than its approximate placement: a mouse drag, then Place here.
  const first = card(page, rainfall);
  await expect(first.getByTestId("anchor-notice")).toContainText("Placed approximately");
  // where the text is on the page (not on screen: Re-place scrolls): the bar, appearing and going, moves none of it
  const textTop = () => page.evaluate(() => document.querySelector(".doc-text")!.getBoundingClientRect().top + window.scrollY);
  const top = await textTop();
  await first.getByRole("button", { name: "Re-place" }).click();
  await expect(bar).toContainText("Select the new passage for the rainfall dubled in 1988 in the text.");
  await expect(bar).toBeInViewport({ ratio: 1 });
  expect(await textTop()).toBe(top);
  await dragOver(page, "rainfall doubled in 1988, according to the river authority");
  await expect(bar).toContainText("Place it on rainfall doubled in 1988, according to the river authority?");
  await placeHere.click();
  await expect(bar).toHaveCount(0);
  expect(await textTop()).toBe(top);
  await expect(first.getByTestId("anchor-done")).toHaveText("✓ Placed on the selected passage.");
  await expect(first.getByRole("article")).toBeFocused();
  await expect(first.getByTestId("anchor-notice")).toHaveCount(0);
  await expect(first.locator(".quote-button q")).toHaveText("rainfall doubled in 1988, according to the river authority");
  expect(await anchorOf(rainfall)).toEqual(placedOn("rainfall doubled in 1988, according to the river authority"));
  await expect(checkLink(page)).toHaveText("⚠ 2 need a check");
  await expect.poll(() => page.evaluate(() => CSS.highlights.get("apx-fuzzy")?.size ?? 0)).toBe(1);

  // (b) The other fuzzy one with Enter: Enter with nothing selected places nothing; after a drag it places.
  const second = card(page, bridge);
  await second.getByRole("button", { name: "Re-place" }).click();
  await expect(page.getByRole("region", { name: "Document text" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(placeHere).toBeDisabled();
  await expect(page.getByRole("region", { name: "Document text" })).toBeFocused(); // still selecting: focus stays in the text
  await expect(page.getByRole("status").filter({ hasText: "Nothing is selected" })).toHaveText(
    "Nothing is selected: select the annotation's new passage in the text, then press Enter.",
  );
  await expect(bar).toContainText("Select the new passage for the bridge was closd twice in the text.");
  await dragOver(page, "bridge was closed twice for repairs");
  await expect(bar).toContainText("Place it on bridge was closed twice for repairs?");
  await page.keyboard.press("Enter");
  await expect(bar).toHaveCount(0);
  await expect(second.getByTestId("anchor-done")).toHaveText("✓ Placed on the selected passage.");
  await expect(second.getByRole("article")).toBeFocused();
  expect(await anchorOf(bridge)).toEqual(placedOn("bridge was closed twice for repairs"));
  await expect.poll(() => page.evaluate(() => CSS.highlights.get("apx-fuzzy")?.size ?? 0)).toBe(0);

  // (c) The orphaned one, selected with the keyboard from the start of the text's region, then Enter.
  const third = card(page, mayor);
  await expect(third).toHaveClass(/entry-orphaned/);
  await third.getByRole("button", { name: "Re-place" }).click();
  await selectPhrase(page, "The contractors denied it");
  await expect(bar).toContainText("Place it on The contractors denied it?");
  // the caret's end moves on with Shift+arrows (the selection is the text's, keyboard or mouse)
  for (let i = 0; i < " in court".length; i++) await page.keyboard.press("Shift+ArrowRight");
  await expect(bar).toContainText("Place it on The contractors denied it in court?");
  await page.keyboard.press("Enter");
  await expect(bar).toHaveCount(0);
  await expect(third).not.toHaveClass(/entry-orphaned/);
  await expect(third.getByTestId("anchor-done")).toHaveText("✓ Placed on the selected passage.");
  expect(await anchorOf(mayor)).toEqual(placedOn("The contractors denied it in court"));
  await expect(checkLink(page)).toHaveCount(0);
  await context.close();
  expect(errors).toEqual([]);
});

test("an orphaned annotation is edited (class, note, evidence) and deleted in its card by its author, and deleted by an admin; others get neither", async ({ browser }) => {
  test.setTimeout(120_000);
  // Its own document: two annotated sentences cut by the new version (both orphaned), one by each reviewer.
  const O1 = `[${RUN}] The pier opened in 1902. The pier was rebuilt after the storm of 1911. The band played on Sundays.`;
  const O2 = `[${RUN}] The pier opened in 1902. The band played on Sundays.`;
  const res = await rosa.post("/api/documents", { data: { text: O1, title: `Pier history ${RUN}`, kind: "report" } });
  expect(res.status(), await res.text()).toBe(201);
  const id = ((await res.json()) as { id: string }).id;
  const make = async (api: APIRequestContext, needle: string) => {
    const r = await api.post(`/api/documents/${id}/annotations`, { data: { ...spanOf(O1, needle), classification: "contested" } });
    expect(r.status(), await r.text()).toBe(201);
    return ((await r.json()) as { id: string }).id;
  };
  const hers = await make(rosa, "The pier was rebuilt");
  const his = await make(victor, "after the storm of 1911.");
  expect((await rosa.post(`/api/documents/${id}/versions`, { data: { text: O2 } })).status()).toBe(201);

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, storageState: await rosa.storageState() });
  const page = await context.newPage();
  const errors = consoleErrors(page);
  await page.goto(`/documents/${id}`);
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  const mine = card(page, hers);
  await expect(mine).toHaveClass(/entry-orphaned/);
  // another reviewer's orphaned annotation: neither Edit nor Delete
  await expect(card(page, his).getByRole("button", { name: "Re-place" })).toHaveCount(0);
  await expect(card(page, his).getByRole("button", { name: /^(Edit|Delete)$/ })).toHaveCount(0);

  // Edit: the editor in the card, with its last quote; an edit in progress survives a reload
  await mine.getByRole("button", { name: "Edit" }).click();
  const editor = mine.getByRole("region", { name: "Edit annotation" });
  await expect(editor.locator("blockquote")).toHaveText("The pier was rebuilt");
  await expect(editor.getByRole("textbox", { name: "Note" })).toBeFocused();
  await page.keyboard.type("The storm damage was repaired, not rebuilt.");
  await editor.getByRole("radio", { name: "Sourced" }).check();
  await editor.getByRole("button", { name: "Add evidence" }).click();
  await editor.getByLabel("Citation 1").fill("Harbour board minutes, 1912");
  await page.waitForTimeout(600);
  page.once("dialog", (d) => void d.accept());
  await page.reload();
  await expect(page.getByText("Your unsaved draft was restored.")).toBeAttached();
  const back = card(page, hers).getByRole("region", { name: "Edit annotation" });
  await expect(back.getByRole("radio", { name: "Sourced" })).toBeChecked();
  await expect(back.getByRole("textbox", { name: "Note" })).toHaveText("The storm damage was repaired, not rebuilt.");
  await expect(back.getByLabel("Citation 1")).toHaveValue("Harbour board minutes, 1912");
  await back.getByRole("button", { name: "Save" }).click();
  await expect(back).toHaveCount(0);
  const saved = mine.getByRole("article", { name: "Orphaned Sourced annotation by Rosa Reviewer" });
  await expect(saved).toBeFocused();
  await expect(saved).toContainText("The storm damage was repaired, not rebuilt.");
  await expect(saved.getByRole("list", { name: "Evidence" })).toHaveText("Harbour board minutes, 1912");
  await expect(saved).toContainText("edited");
  const now = (await (await rosa.get(`/api/annotations/${hers}`)).json()) as { start: number | null; classification: string; noteText: string; version: number; anchor: { state: string } };
  expect(now).toMatchObject({ start: null, classification: "sourced", noteText: "The storm damage was repaired, not rebuilt.", version: 2, anchor: { state: "orphaned" } });

  // Delete: asked in place (Keep gives the focus back), then gone
  await saved.getByRole("button", { name: "Delete" }).click();
  await expect(saved.getByRole("button", { name: "Confirm delete" })).toBeFocused();
  await saved.getByRole("button", { name: "Keep" }).click();
  await expect(saved.getByRole("button", { name: "Delete" })).toBeFocused();
  await saved.getByRole("button", { name: "Delete" }).click();
  await saved.getByRole("button", { name: "Confirm delete" }).click();
  await expect(mine).toHaveCount(0);
  expect((await rosa.get(`/api/annotations/${hers}`)).status()).toBe(404);
  await context.close();

  // An admin deletes another's orphaned annotation (no Edit: not theirs)
  const admin = await apiAs(ACCOUNTS.admin);
  const adminContext = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await admin.storageState() });
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`/documents/${id}?a=${his}`);
  await expect(adminPage.getByTestId("live-status")).toHaveText("● Live");
  const theirs = card(adminPage, his);
  await expect(theirs.getByRole("article")).toBeFocused();
  await expect(theirs.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await theirs.getByRole("button", { name: "Delete" }).click();
  await theirs.getByRole("button", { name: "Confirm delete" }).click();
  await expect(theirs).toHaveCount(0);
  expect((await admin.get(`/api/annotations/${his}`)).status()).toBe(404);
  await adminContext.close();
  await admin.dispose();
  expect(errors).toEqual([]);
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

test("a version that only re-wraps the text shows no changes and no excerpt; a one-character insertion reads '1 character inserted'", async ({ page }) => {
  const text = `Whitespace check ${crypto.randomUUID()}.\nThe committee met on Monday and agreed.\nNobody objected to the plan.`;
  const created = await rosa.post("/api/documents", { data: { text, title: `Whitespace ${crypto.randomUUID().slice(0, 8)}`, kind: "report" } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const rewrapped = text.replace("\nThe committee", " The committee").replace("agreed.", "agreed.  ");
  expect((await rosa.post(`/api/documents/${id}/versions`, { data: { text: rewrapped } })).status()).toBe(201);
  expect((await rosa.post(`/api/documents/${id}/versions`, { data: { text: rewrapped.replace("the plan.", "the plan!.") } })).status()).toBe(201);

  await useSession(page, rosa);
  await page.goto(`/documents/${id}/versions?from=1&to=2#changes`);
  await expect(page.getByText("The two texts differ only in whitespace.")).toBeVisible();
  await expect(page.getByRole("region", { name: "From version 1 to version 2" })).toHaveCount(0);
  await expect(page.locator(".diff-legend")).toHaveCount(0);

  await page.goto(`/documents/${id}/versions?from=2&to=3#changes`);
  await expect(page.locator(".diff-stats")).toContainText("1 character inserted, 0 deleted.");
  await expect(page.getByRole("region", { name: "From version 2 to version 3" }).locator("ins")).toHaveText(["[inserted: !]"]); // the bracketed words are for screen readers
});

test("a long diff is part of the page: its changes are counted, and Previous change / Next change go through them", async ({ browser, page }) => {
  test.setTimeout(120_000);
  // Forty paragraphs; the new version changes five places far apart (a phrase replaced word by word is one change).
  const paragraphs = Array.from(
    { length: 40 },
    (_, i) => `Paragraph ${i + 1} ${RUN}: the ledger of year ${1900 + i} was kept by clerk number ${i * 37 + 11}, and its figures agree with register ${1950 + i}. Nothing further was recorded on folio ${i + 100}.`,
  );
  const edited = [...paragraphs];
  edited[3] = edited[3].replace("was kept by", "was copied by");
  edited[12] = edited[12].replace("Nothing further was recorded", "A second hand added a note");
  edited.splice(20, 1);
  edited[27] += " The clerk later disputed this in a long letter to the harbour board, signed and dated.";
  edited[36] = edited[36].replace("agree with", "contradict");
  const created = await rosa.post("/api/documents", { data: { text: paragraphs.join("\n\n"), title: `Ledgers ${RUN}`, kind: "report" } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await rosa.post(`/api/documents/${id}/versions`, { data: { text: edited.join("\n\n") } })).status()).toBe(201);
  const url = `/documents/${id}/versions?from=1&to=2`;

  // Before the page's scripts run (here: without them), the bar's links work: Next goes to the first
  // change, which lands below the bar, marked.
  const still = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, storageState: await rosa.storageState() });
  const plain = await still.newPage();
  await plain.goto(`${url}#changes`);
  const plainNav = plain.getByRole("group", { name: "Go through the changes" });
  await expect(plainNav.getByRole("link", { name: "Previous change" })).toHaveAttribute("aria-disabled", "true");
  await plainNav.getByRole("link", { name: "Next change" }).click();
  await expect(plain).toHaveURL(/#change-1$/);
  const first = plain.locator("#change-1");
  await expect(first).toBeInViewport();
  expect((await first.boundingBox())!.y).toBeGreaterThanOrEqual((await plainNav.boundingBox())!.y + (await plainNav.boundingBox())!.height);
  expect(await first.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("solid");
  await still.close();

  await page.setViewportSize({ width: 1280, height: 900 });
  await useSession(page, rosa);
  await page.goto(`${url}#changes`);
  await expect(page.locator(".diff-stats")).toContainText("5 changes: ");
  const diff = page.getByRole("region", { name: "From version 1 to version 2" });
  // no scroll area of its own: the page scrolls
  expect(await diff.evaluate((el) => [getComputedStyle(el).overflowY, el.scrollHeight - el.clientHeight])).toEqual(["visible", 0]);
  // the unchanged text around the changes is cut between words, never inside one
  const omitted = diff.locator(".diff-omitted");
  expect(await omitted.count()).toBeGreaterThanOrEqual(3);
  const v1 = paragraphs.join("\n\n");
  const pieces = await omitted.evaluateAll((marks) => marks.map((m) => [m.previousSibling?.textContent ?? "", m.nextSibling?.textContent ?? ""]));
  for (const [before, after] of pieces) {
    // what is shown before an omission ends at the end of a word, what follows it starts at the start of one
    if (before) expect(v1.indexOf(before), before).toBeGreaterThanOrEqual(0);
    if (before) expect(/\s$/.test(before) || /^\s/.test(v1.slice(v1.indexOf(before) + before.length)), `“${before.slice(-20)}” ends a word`).toBe(true);
    if (after) expect(v1.indexOf(after), after).toBeGreaterThanOrEqual(0);
    if (after) expect(/^\s/.test(after) || /\s$/.test(v1.slice(0, v1.indexOf(after))), `“${after.slice(0, 20)}” starts a word`).toBe(true);
  }
  const nav = page.getByRole("group", { name: "Go through the changes" });
  const previous = nav.getByRole("link", { name: "Previous change" });
  const next = nav.getByRole("link", { name: "Next change" });
  const status = nav.getByRole("status");
  await barHydrated(page);
  await expect(status).toHaveText("5 changes");
  await expect(previous).toHaveAttribute("aria-disabled", "true");
  const current = diff.locator("[data-current]");
  await expect(current).toHaveCount(0);

  // by keyboard: the focus stays on the link, each press marks the next change and scrolls it into view
  await next.focus();
  await page.keyboard.press("Enter");
  await expect(status).toHaveText("Change 1 of 5: “kept” deleted, “copied” inserted");
  await expect(current).toHaveText("[deleted: kept][inserted: copied]");
  await page.keyboard.press("Enter");
  await expect(status).toContainText("Change 2 of 5");
  await expect(current).toContainText("added a note");
  await expect(current.locator("del, ins")).toHaveCount(8); // "Nothing further was recorded" → "A second hand added a note", word by word: one change
  await expect(next).toBeFocused();
  for (let i = 0; i < 3; i++) await page.keyboard.press("Enter");
  await expect(status).toContainText("Change 5 of 5");
  await expect(current).toHaveText("[deleted: agree with][inserted: contradict]");
  await expect(current).toBeInViewport();
  await expect(diff.locator("[data-change]").first()).not.toBeInViewport();
  // the bar stays on screen, right under the header
  await expect(nav).toBeInViewport();
  const under = () => page.evaluate(() => document.querySelector(".change-nav")!.getBoundingClientRect().top - document.querySelector(".app-header")!.getBoundingClientRect().bottom);
  expect(Math.abs(await under())).toBeLessThan(0.5);
  // at the end: Next says so and does nothing; the focus stays
  await expect(next).toHaveAttribute("aria-disabled", "true");
  await page.keyboard.press("Enter");
  await expect(status).toContainText("Change 5 of 5");
  await expect(next).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(previous).toBeFocused();
  await page.keyboard.press("Enter");
  // what changed is said in whole words
  await expect(status).toHaveText("Change 4 of 5: “The clerk later disputed this in a long letter to the…” inserted");
  await expect(current.locator("ins")).toHaveCount(1);
  await expect(current).toBeInViewport();
  await expect(diff.locator("[data-current]")).toHaveCount(1);
  await page.screenshot({ path: "screenshots/versions-diff-navigation-1280.png" });

  // Scrolled by hand (the mouse wheel): from the top of the page Next goes to the first change; then,
  // the page scrolled down past changes 1 to 4, Next goes to the first change below (not to change 2),
  // and Previous to the last one above.
  /** The page has stopped scrolling (a smooth scroll to a change is over). */
  const settled = async () => {
    let last = -1;
    await expect
      .poll(async () => {
        const y = await page.evaluate(() => window.scrollY);
        const still = y === last;
        last = y;
        return still;
      }, { intervals: [150] })
      .toBe(true);
  };
  /** Scrolls by `dy(…)` px (measured once the page is still) with the mouse wheel. */
  const byWheel = async (dy: () => Promise<number>) => {
    await settled();
    await page.mouse.move(200, 450);
    await page.mouse.wheel(0, await dy());
    await settled();
  };
  const toTop = () => byWheel(async () => -(await page.evaluate(() => window.scrollY)) - 100);
  const bottomOf = (k: number) => page.evaluate((k) => document.querySelector(`[data-change="${k}"]`)!.getBoundingClientRect().bottom, k);
  const scrollPast = (k: number) => byWheel(async () => (await bottomOf(k)) + 40);
  await toTop();
  await expect(previous).toHaveAttribute("aria-disabled", "true");
  await next.click();
  await expect(status).toContainText("Change 1 of 5");
  await scrollPast(4);
  expect(await bottomOf(4), "change 4 scrolled past").toBeLessThan(0);
  await expect(next).toHaveAttribute("href", "#change-5");
  await next.click();
  await expect(status).toContainText("Change 5 of 5");
  await expect(current).toHaveText("[deleted: agree with][inserted: contradict]");
  await toTop();
  await scrollPast(2);
  await previous.click();
  await expect(status).toContainText("Change 2 of 5");
  await expect(current).toContainText("added a note");
  await expect(current).toBeInViewport();
  // the change under the bar is the current one: Next goes past it
  await byWheel(() =>
    page.evaluate(() => document.querySelector('[data-change="3"]')!.getBoundingClientRect().top - document.querySelector(".change-nav")!.getBoundingClientRect().bottom + 4),
  );
  const [three, bar] = await Promise.all([diff.locator('[data-change="3"]'), nav].map(async (l) => (await l.boundingBox())!));
  expect(three.y, "change 3 under the bar's lower edge").toBeLessThan(bar.y + bar.height);
  expect(three.y + three.height).toBeGreaterThan(bar.y + bar.height);
  await next.click();
  await expect(status).toContainText("Change 4 of 5");
  // a link to a change (one followed before the scripts ran, or given to someone) is where the reader is
  await page.goto(`${url}#change-3`);
  await barHydrated(page);
  await expect(diff.locator("#change-3")).toHaveAttribute("data-current", "true");
  await next.click();
  await expect(status).toContainText("Change 4 of 5");

  // A header taller than usual (a wrapped line, a larger text): the bar sticks right under it, wherever its edge is.
  await page.addStyleTag({ content: ".app-header { padding-block: 1.6rem; }" });
  await next.click();
  await expect(status).toContainText("Change 5 of 5");
  await settled();
  expect(Math.abs(await under())).toBeLessThan(0.5);
  await expect(current).toBeInViewport();

  // on a phone: both links and the position on one line, right under the header, no sideways scroll, targets of 24 px at least
  await page.reload();
  await barHydrated(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await toTop();
  await scrollPast(3);
  await previous.click();
  await expect(status).toContainText("Change 3 of 5");
  await expect(current).toContainText("the ledger of year 1920"); // paragraph 21, cut
  await expect(current).toBeInViewport();
  expect(Math.abs(await under())).toBeLessThan(0.5);
  const [a, b, c] = await Promise.all([previous, next, status].map(async (l) => (await l.boundingBox())!));
  expect(Math.abs(a.y - b.y)).toBeLessThan(2);
  expect(c.y).toBeLessThan(a.y + a.height);
  expect(Math.min(a.height, b.height)).toBeGreaterThanOrEqual(24);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  await page.screenshot({ path: "screenshots/versions-diff-navigation-390.png" });
});
