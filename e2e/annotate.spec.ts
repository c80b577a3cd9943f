import { test, expect } from "@playwright/test";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS } from "./support/env";
import { annotationsRegion, clickHighlight, highlighted, openDocument, selectAcross, selectPhrase, toolbar } from "./support/reader";

const DOC = "The Spark";

test.describe.configure({ mode: "serial" });

test("a reviewer annotates a passage across two paragraphs with a formatted note and evidence, and it survives a reload", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  await openDocument(page, DOC);
  const selected = await selectAcross(page, 3, 12, 4, 15);
  await expect(toolbar(page)).toBeVisible();
  await toolbar(page).getByRole("button", { name: /Contested/ }).click();

  const panel = page.getByRole("region", { name: "New annotation" });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("radio", { name: "Contested" })).toBeChecked();
  const note = panel.getByRole("textbox", { name: "Note" });
  // Formatting keys need the rich editor: until it has loaded (a busy machine), a plain box takes the
  // typing and has no bold.
  await expect(panel.locator(".ProseMirror")).toBeVisible();
  await note.click();
  await note.pressSequentially("Needs a ");
  await page.keyboard.press("Control+b");
  await note.pressSequentially("primary");
  await page.keyboard.press("Control+b");
  await note.pressSequentially(" source.");
  await panel.getByRole("button", { name: "Add evidence" }).click();
  await panel.getByLabel("URL 1").fill("https://example.org/spark-history");
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(panel).toBeHidden();

  await page.reload();
  const list = annotationsRegion(page);
  const entry = list.getByRole("article", { name: /Contested annotation by Rosa Reviewer/ });
  await expect(entry).toHaveCount(1);
  await expect(entry.locator("strong")).toHaveText("primary");
  await expect(entry.getByRole("link", { name: "https://example.org/spark-history" })).toBeVisible();
  await expect(entry.getByText("Evidence", { exact: true })).toBeVisible();

  // The stored quote is exactly what was selected (line breaks included).
  const api = await apiAs(ACCOUNTS.rosa);
  const docId = new URL(page.url()).pathname.split("/").pop()!;
  const { annotations } = await (await api.get(`/api/documents/${docId}/annotations`)).json();
  expect(annotations).toHaveLength(1);
  const { text } = await (await api.get(`/api/documents/${docId}`)).json();
  const quote: string = annotations[0].quote;
  expect(quote).toBe([...text].slice(annotations[0].start, annotations[0].end).join(""));
  expect(quote.startsWith(selected.tail)).toBe(true);
  expect(quote.endsWith(selected.head)).toBe(true);
  expect(quote).toContain("\n");
  await expect(entry.locator("q")).toHaveText(quote.replace(/\s+/g, " "));
  // Drawn over exactly that passage (its two paragraphs; the break between them is not drawn).
  const bare = (s: string) => s.replace(/\s+/g, "");
  await expect.poll(async () => (await highlighted(page, "contested")).map(bare)).toEqual([bare(quote)]);
  await api.dispose();
});

test("an overlapping Opinion annotation inside it shows alongside", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  await openDocument(page, DOC);
  const text = await page.locator("p[data-start]").nth(4).innerText();
  await selectPhrase(page, text.slice(3, 11));
  await toolbar(page).getByRole("button", { name: /Opinion/ }).click();
  await page.getByRole("region", { name: "New annotation" }).getByRole("button", { name: "Save" }).click();
  const list = annotationsRegion(page);
  await expect(list.getByRole("article")).toHaveCount(2);
  await expect(list.getByRole("article", { name: /Opinion annotation/ })).toBeVisible();
  // Both classes are drawn, and the overlap is marked as one.
  await expect.poll(() => highlighted(page, "opinion")).toEqual([text.slice(3, 11).replace(/\s+/g, " ").trim()]);
  await expect.poll(async () => (await highlighted(page, "contested")).length).toBe(1);
  await expect.poll(() => highlighted(page, "overlap-2")).toEqual([text.slice(3, 11).replace(/\s+/g, " ").trim()]);
});

test("the whole annotate flow works with the keyboard only", async ({ page }) => {
  await signIn(page, ACCOUNTS.victor);
  await openDocument(page, "Anti-Stalinist left");
  const textRegion = page.getByRole("region", { name: "Document text" });
  await textRegion.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
  for (let i = 0; i < 6; i++) await page.keyboard.press("Shift+ArrowRight");
  await expect(toolbar(page)).toBeVisible();
  await page.keyboard.press("1");
  const panel = page.getByRole("region", { name: "New annotation" });
  await expect(panel.getByRole("radio", { name: "Sourced" })).toBeChecked();
  await expect(panel.getByRole("textbox", { name: "Note" })).toBeFocused();
  await page.keyboard.type("Checked against the cited work.");
  // Tab forward to Save and press Enter.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    if (await panel.getByRole("button", { name: "Save" }).evaluate((el) => el === document.activeElement)) break;
  }
  await page.keyboard.press("Enter");
  await expect(panel).toBeHidden();
  const entry = annotationsRegion(page).getByRole("article", { name: /Sourced annotation by Victor Reviewer/ });
  await expect(entry).toContainText("Checked against the cited work.");
  // Escape cancels the panel.
  await textRegion.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press("Shift+ArrowRight");
  await expect(toolbar(page)).toBeVisible();
  await page.keyboard.press("3");
  await expect(page.getByRole("region", { name: "New annotation" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("region", { name: "New annotation" })).toBeHidden();
  await expect(annotationsRegion(page).getByRole("article")).toHaveCount(1);
});

test("the author edits and deletes; another reviewer sees no controls and the API answers 403", async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.rosa);
  await openDocument(page, DOC);
  const list = annotationsRegion(page);
  const opinion = list.getByRole("article", { name: /Opinion annotation by Rosa/ });
  await opinion.getByRole("button", { name: "Edit" }).click();
  const panel = page.getByRole("region", { name: "Edit annotation" });
  await panel.getByRole("radio", { name: "Sourced" }).check();
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(list.getByRole("article", { name: /Sourced annotation by Rosa/ })).toBeVisible();

  // Victor sees Rosa's annotations read-only.
  const other = await browser.newContext();
  const victorPage = await other.newPage();
  await signIn(victorPage, ACCOUNTS.victor);
  await openDocument(victorPage, DOC);
  const victorList = annotationsRegion(victorPage);
  await expect(victorList.getByRole("article")).toHaveCount(2);
  await expect(victorList.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(victorList.getByRole("button", { name: "Delete" })).toHaveCount(0);
  const docId = new URL(page.url()).pathname.split("/").pop()!;
  const victor = await apiAs(ACCOUNTS.victor);
  const { annotations } = await (await victor.get(`/api/documents/${docId}/annotations`)).json();
  for (const a of annotations) {
    expect((await victor.patch(`/api/annotations/${a.id}`, { data: { classification: "opinion" } })).status()).toBe(403);
    expect((await victor.delete(`/api/annotations/${a.id}`)).status()).toBe(403);
  }
  await victor.dispose();
  await other.close();

  // The author deletes.
  // asked in place, from the keyboard: the answer takes the focus, Keep gives it back
  const sourced = list.getByRole("article", { name: /Sourced annotation by Rosa/ });
  await sourced.getByRole("button", { name: "Delete" }).focus();
  await page.keyboard.press("Enter");
  await expect(sourced.getByRole("button", { name: "Confirm delete" })).toBeFocused();
  await sourced.getByRole("button", { name: "Keep" }).click();
  await expect(sourced.getByRole("button", { name: "Delete" })).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await expect(list.getByRole("article")).toHaveCount(1);
  await page.reload();
  await expect(annotationsRegion(page).getByRole("article")).toHaveCount(1);
});

test("clicking a highlight focuses its entry and links to it; choosing an entry outlines its highlight", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  await openDocument(page, DOC);
  await clickHighlight(page, "contested");
  const focused = annotationsRegion(page).locator("li.entry.focused");
  await expect(focused).toHaveCount(1);
  await expect(focused.getByRole("article")).toBeFocused();
  await expect(focused).toBeInViewport();
  const id = await focused.getAttribute("data-annotation-id");
  await expect(page).toHaveURL(new RegExp(`[?&]a=${id}$`));
  await page.keyboard.press("Escape");
  await expect(page.getByRole("region", { name: "Document text" })).toBeFocused();
  await annotationsRegion(page).getByRole("button", { name: /show in text/ }).first().click();
  // The selected highlight keeps its class colour and gets an outline.
  await expect(page.locator(".hl-box-current").first()).toBeVisible();
  expect(await highlighted(page, "contested")).toHaveLength(1);
});
