import { test, expect, type Page } from "@playwright/test";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS } from "./support/env";
import { annotate, createDocument, sampleText } from "./support/api";
import { annotationsRegion } from "./support/reader";

// Everything from the keyboard alone: no mouse is used in these tests once signed in.
const tag = `keys-${Date.now().toString(36)}`;
let doc: { id: string; text: string };
// Several page loads per test on a shared machine.
test.describe.configure({ timeout: 120_000 });

test.beforeAll(async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  doc = await createDocument(rosa, `Reader keyboard test ${tag}`, sampleText(tag, 10));
  await annotate(rosa, doc, "agreed on a common programme", "sourced", { evidence: [{ citation: "Minutes, p. 1" }] });
  await annotate(rosa, doc, "the figures had been inflated", "contested", {
    note: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "No count was published." }] }] },
  });
  await annotate(rosa, doc, "the turning point of the whole campaign", "opinion");
  await rosa.dispose();
});

const textRegion = (page: Page) => page.getByRole("region", { name: "Document text" });
const status = (page: Page) => page.locator('[role="status"][aria-live="polite"]');

async function tabUntil(page: Page, isThere: () => Promise<boolean>, max = 40, key = "Tab") {
  for (let i = 0; i < max; i++) {
    if (await isThere()) return;
    await page.keyboard.press(key);
  }
  expect(await isThere(), "reached by Tab").toBe(true);
}

test("skip link, visible caret, j/k between highlights with a preview, Enter opens, then reply and verdict", async ({ page }) => {
  await signIn(page, ACCOUNTS.victor);
  await page.goto(`/documents/${doc.id}`);
  await expect(page.getByTestId("live-status")).toHaveText("● Live");

  // The skip link takes focus past the header and the title to the text.
  const skip = page.getByRole("link", { name: "Skip to the text" });
  await tabUntil(page, () => skip.evaluate((el) => el === document.activeElement));
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(textRegion(page)).toBeFocused();

  // A caret shows where the arrow keys are in the text.
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("text-caret")).toBeVisible();

  // j / k move between highlights; each is announced and previewed, and outlined in the text.
  await page.keyboard.press("j");
  await expect(status(page)).toContainText("Sourced by Rosa Reviewer, highlight 1 of 3");
  const preview = page.getByRole("tooltip");
  await expect(preview).toContainText("Sourced");
  await expect(preview).toContainText("Rosa Reviewer");
  await expect(page.locator(".hl-box-current").first()).toBeVisible();
  await page.keyboard.press("j");
  await expect(status(page)).toContainText("Contested by Rosa Reviewer, highlight 2 of 3");
  await expect(preview).toContainText("No count was published.");
  await expect(preview).toContainText("0 agree · 0 disputes · 0 replies");
  await page.keyboard.press("n");
  await expect(status(page)).toContainText("highlight 3 of 3");
  await page.keyboard.press("k");
  await expect(status(page)).toContainText("highlight 2 of 3");

  // ? lists the shortcuts; Escape closes the list and returns to the text.
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Next highlight");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await expect(textRegion(page)).toBeFocused();

  // Enter opens the card of the current highlight, with focus on it.
  await page.keyboard.press("Enter");
  const card = annotationsRegion(page).getByRole("article", { name: /Contested annotation by Rosa Reviewer/ });
  await expect(card).toBeFocused();
  await expect(card).toBeInViewport();

  // Reply in rich text, sent with Ctrl+Enter.
  const discussion = card.getByRole("button", { name: "Discussion (0)" });
  await tabUntil(page, () => discussion.evaluate((el) => el === document.activeElement));
  await page.keyboard.press("Enter");
  const reply = card.getByRole("textbox", { name: "Reply" });
  await expect(card.locator(".reply-form .ProseMirror")).toBeVisible(); // bold needs the rich editor, not the box it replaces
  await tabUntil(page, () => reply.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)));
  await page.keyboard.type("Which ");
  await page.keyboard.press("Control+b");
  await page.keyboard.type("edition");
  await page.keyboard.press("Control+b");
  await page.keyboard.type("?");
  await page.keyboard.press("Control+Enter");
  const replies = card.getByRole("list", { name: "Replies" });
  await expect(replies).toContainText("Which edition?");
  await expect(replies.locator("strong")).toHaveText("edition");
  await expect(card.getByRole("button", { name: "Discussion (1)" })).toBeVisible();

  // A verdict from the keyboard: back to the select (it comes before the thread) and type the option.
  await expect(reply).toBeFocused();
  const verdict = card.getByLabel("Your verdict");
  await tabUntil(page, () => verdict.evaluate((el) => el === document.activeElement), 20, "Shift+Tab");
  await page.keyboard.type("Agree");
  await expect(card.getByTestId("agree-count")).toHaveText("1 agree");

  // Escape from the card goes back to the text, where j continues.
  await page.keyboard.press("Escape");
  await expect(textRegion(page)).toBeFocused();
  await page.keyboard.press("j");
  await expect(status(page)).toContainText("highlight 3 of 3");
});
