import { test, expect, type Locator, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { apiAs } from "./support/auth";
import { ACCOUNTS, DEMO_PASSWORD, E2E_BASE_URL } from "./support/env";
import { annotate, createDocument, sampleText } from "./support/api";
import { annotationsRegion } from "./support/reader";

// A reviewer's whole job from the keyboard alone, at desktop and phone width: sign in, find the document,
// select a passage, annotate it (class, rich-text note with bold, a link and a list, evidence), edit it,
// reply, give a verdict, filter, move between annotations, open the summary, delete, export. No mouse
// is used: only keyboard.press and keyboard.type. At each step the focus is where the user expects it
// (never dropped to the page), visibly, on a control with a name; every state reached passes axe.
// Several page loads and many steps on a shared machine.
test.describe.configure({ timeout: 120_000 });

const run = Date.now().toString(36);
const SEVERE = new Set(["serious", "critical"]);

/** No serious or critical axe violation in the page as it is now (`state` names it in the failure). */
async function axe(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ["violations"] }).analyze();
  const severe = results.violations
    .filter((v) => SEVERE.has(v.impact ?? ""))
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(severe, `axe, ${state}:\n${severe.join("\n")}`).toEqual([]);
}

const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false);

/** Press `key` until `target` has the focus. */
async function pressUntil(page: Page, target: Locator, key = "Tab", max = 60): Promise<void> {
  for (let i = 0; i < max && !(await isFocused(target)); i++) await page.keyboard.press(key);
  await expect(target).toBeFocused();
}

/** The focus is on `target`, and it shows: an outline drawn around it (not the page's body). */
async function focusShownOn(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  const ring = await target.evaluate((el) => {
    const style = getComputedStyle(el);
    return el.matches(":focus-visible") && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  });
  expect(ring, "a visible focus ring").toBe(true);
}

/** Let the page catch up with the keys pressed so far: the note editor takes a selection moved by the
 * keyboard in from its selectionchange event, which the browser fires after the key (a person's next
 * key never comes before it; a script's can). */
const settle = (page: Page) => page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));

const status = (page: Page) => page.locator('[role="status"][aria-live="polite"]').filter({ hasText: /\S/ });

for (const width of [1280, 390] as const) {
  // One page for the whole walk, step after step (each test goes on from where the one before left off).
  test.describe.serial(`at ${width} px`, () => {
    const phone = width < 800;
    const word = `kbd${run}w${width}`;
    const title = `Keyboard annotator ${word}`;
    let doc: { id: string; text: string };
    let page: Page;
    let text: Locator, editor: Locator, note: Locator, addEvidence: Locator, mine: Locator, edit: Locator, del: Locator, rosas: Locator, verdict: Locator;
    test.beforeAll(async ({ browser }) => {
      page = await browser.newPage({ baseURL: E2E_BASE_URL, viewport: { width, height: phone ? 844 : 900 } });
      text = page.getByRole("region", { name: "Document text" });
      editor = page.getByRole("region", { name: "New annotation" });
      note = editor.getByRole("textbox", { name: "Note" });
      addEvidence = editor.getByRole("button", { name: "Add evidence" });
      mine = annotationsRegion(page).getByRole("article", { name: /Contested annotation by Victor Reviewer/ });
      edit = mine.getByRole("button", { name: "Edit", exact: true });
      del = mine.getByRole("button", { name: "Delete", exact: true });
      rosas = annotationsRegion(page).getByRole("article", { name: /Sourced annotation by Rosa Reviewer/ });
      verdict = rosas.getByLabel("Your verdict");
    });
    test.afterAll(async () => {
      await page.context().close();
    });

    test(`sign in, find the document, select a passage and annotate it, the note in rich text (${width} px)`, async () => {
      const rosa = await apiAs(ACCOUNTS.rosa);
      doc = await createDocument(rosa, title, sampleText(word, 6));
      await annotate(rosa, doc, "agreed on a common programme", "sourced", { evidence: [{ citation: "Minutes, p. 1" }] });
      await annotate(rosa, doc, "the turning point of the whole campaign", "opinion");
      await rosa.dispose();

      // ---- sign in: the email field has the focus; Tab to the password; Enter signs in.
      await page.goto("/login");
      await expect(page.getByLabel("Email")).toBeFocused();
      await page.keyboard.type(ACCOUNTS.victor);
      await page.keyboard.press("Tab");
      await expect(page.getByLabel("Password")).toBeFocused();
      // A wrong password first: said, tied to both fields (marked invalid), the password selected for the next try.
      await page.keyboard.type("not-the-password");
      await page.keyboard.press("Enter");
      await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Wrong email or password.");
      for (const field of [page.getByLabel("Email"), page.getByLabel("Password")]) {
        await expect(field).toHaveAttribute("aria-invalid", "true");
        await expect(field).toHaveAccessibleDescription("Wrong email or password.");
      }
      await focusShownOn(page.getByLabel("Password"));
      await axe(page, "sign-in refused");
      await page.keyboard.type(DEMO_PASSWORD);
      await page.keyboard.press("Enter");
      await page.waitForURL((url) => url.pathname !== "/login", { timeout: 45_000 });

      // ---- find the document in the library and open it.
      const search = page.getByRole("searchbox", { name: "Search titles and texts" });
      await pressUntil(page, search);
      await focusShownOn(search);
      await page.keyboard.type(word);
      await page.keyboard.press("Enter");
      await page.waitForURL(/[?&]q=/);
      const link = page.getByRole("link", { name: title, exact: true });
      await pressUntil(page, link);
      await focusShownOn(link);
      await axe(page, "library search results");
      await page.keyboard.press("Enter");
      await page.waitForURL(`**/documents/${doc.id}`);
      await expect(page.getByTestId("live-status")).toHaveText("● Live");
      await axe(page, "reader");

      // ---- the skip link to the annotations shows where it went (the list's heading, with a ring).
      if (!phone) {
        await pressUntil(page, page.getByRole("link", { name: "Skip to the annotations" }));
        await page.keyboard.press("Enter");
        await focusShownOn(page.getByRole("region", { name: "Annotations" }).getByRole("heading", { level: 2 }).first());
      }

      // ---- select a passage with the keyboard (skip link, caret, Shift+Ctrl+arrows), then 2 = Contested.
      await pressUntil(page, page.getByRole("link", { name: "Skip to the text" }), phone ? "Tab" : "Shift+Tab");
      await page.keyboard.press("Enter");
      await focusShownOn(text);
      await page.keyboard.press("ArrowRight");
      await expect(page.getByTestId("text-caret")).toBeVisible();
      await page.keyboard.press("Home");
      for (let i = 0; i < 3; i++) await page.keyboard.press("Control+Shift+ArrowRight");
      const toolbar = page.getByRole("toolbar", { name: "Annotate selection" });
      await expect(toolbar).toBeVisible();
      await expect(toolbar.getByRole("button", { name: /Contested/ })).toHaveAttribute("aria-keyshortcuts", "2");
      await axe(page, "selection toolbar");
      await page.keyboard.press("2");

      // ---- the editor: the note has the focus; bold, a link and a list from the keyboard.
      await expect(editor.getByRole("radio", { name: "Contested" })).toBeChecked();
      await focusShownOn(note);
      await axe(page, "new annotation editor");
      await page.keyboard.type("Not ");
      await page.keyboard.press("Control+b");
      await page.keyboard.type("supported");
      await page.keyboard.press("Control+b");
      await page.keyboard.type(" by the minutes");
      for (let i = 0; i < 2; i++) await page.keyboard.press("Control+Shift+ArrowLeft");
      // (the editor takes the selection in from the page's on its next selectionchange)
      await expect.poll(() => page.evaluate(() => String(window.getSelection()))).toBe("the minutes");
      await settle(page);
      await page.keyboard.press("Shift+Tab"); // to the formatting toolbar (one Tab stop; arrows inside)
      const formatting = editor.getByRole("toolbar", { name: "Note formatting" });
      await expect(formatting.getByRole("button", { name: "Bold" })).toBeFocused();
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowRight");
      await focusShownOn(formatting.getByRole("button", { name: "Link" }));
      await page.keyboard.press("Enter");
      const address = editor.getByRole("textbox", { name: "Link address" });
      await focusShownOn(address);
      await axe(page, "link dialog");
      // An address that cannot be a link is refused, said, and tied to the field, marked invalid.
      await page.keyboard.type("javascript:alert(1)");
      await page.keyboard.press("Enter");
      await focusShownOn(address);
      await expect(address).toHaveAttribute("aria-invalid", "true");
      await expect(address).toHaveAccessibleDescription("Only http, https and mailto links are allowed.");
      await page.keyboard.press("Control+a");
      await page.keyboard.type("example.org/minutes");
      await page.keyboard.press("Enter");
      await expect(note).toBeFocused();
      await expect(note.getByRole("link", { name: "the minutes" })).toHaveAttribute("href", "https://example.org/minutes");
      await page.keyboard.press("End");
      await settle(page);
      await page.keyboard.press("Enter");
      await page.keyboard.type("- first gap");
      await page.keyboard.press("Enter");
      await page.keyboard.type("second gap");
      await expect(note.getByRole("listitem")).toHaveText(["first gap", "second gap"]);
      await expect(note.getByRole("link", { name: "the minutes" })).toBeVisible();
    });

    test(`Tab leaves the note, from a list item too, which stays as it was; Ctrl+] and Ctrl+[ nest it and take it out (${width} px)`, async () => {
      // ---- Tab leaves the note, from a list item too, which stays as it was (Ctrl+] nests it).
      await page.keyboard.press("Tab");
      await focusShownOn(addEvidence);
      await expect(note.locator("li li")).toHaveCount(0);
      await page.keyboard.press("Shift+Tab");
      await expect(note).toBeFocused();
      await expect(note.locator("li li")).toHaveCount(0);
      await page.keyboard.press("Control+]");
      await expect(note.locator("li li")).toHaveText("second gap");
      await page.keyboard.press("Control+[");
      await expect(note.locator("li li")).toHaveCount(0);
    });

    test(`evidence rows take the focus and give it back; Ctrl+Enter goes to an address to fix; saved, the card has the focus (${width} px)`, async () => {
      // ---- evidence: an added row takes the focus; a removed one gives it to its neighbour.
      await pressUntil(page, addEvidence);
      await page.keyboard.press("Enter");
      await focusShownOn(editor.getByRole("textbox", { name: "Citation 1" }));
      await page.keyboard.type("Minutes of 3 March, p. 4");
      await page.keyboard.press("Tab");
      const url1 = editor.getByRole("textbox", { name: "URL 1" });
      await expect(url1).toBeFocused();
      await page.keyboard.type("archive.example.org/3-march");
      // Its problem is said once the field is left, not while it is being typed.
      await expect(url1).not.toHaveAttribute("aria-invalid", "true");
      await pressUntil(page, addEvidence);
      await expect(url1).toHaveAttribute("aria-invalid", "true");
      await expect(url1).toHaveAccessibleDescription("Use an address starting with http:// or https://.");
      await page.keyboard.press("Enter");
      await expect(editor.getByRole("textbox", { name: "Citation 2" })).toBeFocused();
      await pressUntil(page, editor.getByRole("button", { name: "Remove evidence 2" }));
      await page.keyboard.press("Enter");
      await expect(editor.getByRole("textbox", { name: "Citation 2" })).toHaveCount(0);
      await focusShownOn(editor.getByRole("textbox", { name: "Citation 1" }));

      // Ctrl+Enter with an address that cannot be saved goes to it, its message tied to it.
      await page.keyboard.press("Control+Enter");
      await focusShownOn(url1);
      await expect(url1).toHaveAttribute("aria-invalid", "true");
      await expect(url1).toHaveAccessibleDescription("Use an address starting with http:// or https://.");
      await axe(page, "editor with an invalid evidence address");
      await page.keyboard.press("Home");
      await page.keyboard.type("https://");
      await expect(url1).not.toHaveAttribute("aria-invalid", "true");

      // ---- save: announced, and the new card has the focus.
      await page.keyboard.press("Control+Enter");
      await expect(status(page).filter({ hasText: "Annotation saved." })).toHaveCount(1);
      await focusShownOn(mine);
      await expect(mine.locator("strong")).toHaveText("supported");
      await expect(mine.getByRole("link", { name: "the minutes" })).toHaveAttribute("href", "https://example.org/minutes");
      await expect(mine.getByRole("listitem").filter({ hasText: "gap" })).toHaveCount(2);
      await expect(mine).toContainText("Minutes of 3 March, p. 4");
      await axe(page, "saved card");
    });

    test(`an edit: Escape gives the focus back to Edit; saved, back to the card (${width} px)`, async () => {
      // ---- edit: Escape gives the focus back to Edit; Ctrl+Enter saves, the card has the focus again.
      await pressUntil(page, edit);
      await page.keyboard.press("Enter");
      const editing = page.getByRole("region", { name: "Edit annotation" });
      await expect(editing.getByRole("textbox", { name: "Note" })).toBeFocused();
      await page.keyboard.press("Escape");
      await expect(editing).toHaveCount(0);
      await focusShownOn(edit);
      await page.keyboard.press("Enter");
      await expect(editing.getByRole("textbox", { name: "Note" })).toBeFocused();
      await page.keyboard.press("Control+End");
      await page.keyboard.type(" (checked)");
      await page.keyboard.press("Control+Enter");
      await expect(status(page).filter({ hasText: "Annotation updated." })).toHaveCount(1);
      await focusShownOn(mine);
      await expect(mine).toContainText("(checked)");
    });

    test(`a deletion asked in place: Escape is Keep, with the focus back on Delete (${width} px)`, async () => {
      // ---- Delete asks in place; Escape is Keep and gives the focus back to Delete.
      await pressUntil(page, del);
      await page.keyboard.press("Enter");
      await focusShownOn(mine.getByRole("button", { name: "Confirm delete" }));
      await axe(page, "delete asked in place");
      await page.keyboard.press("Escape");
      await focusShownOn(del);
      await expect(mine).toBeVisible();
    });

    test(`j and k between highlights, a verdict, a reply, the shortcuts, the class filter (${width} px)`, async () => {
      // ---- Escape from the card: back to the text (and on a phone, the sheet closes); j/k move.
      await page.keyboard.press("Escape");
      await expect(text).toBeFocused();
      if (phone) await expect(annotationsRegion(page)).toBeHidden();
      await page.keyboard.press("j"); // from the card just left
      await expect(status(page)).toContainText("Sourced by Rosa Reviewer, highlight 2 of 3");
      await page.keyboard.press("k");
      await expect(status(page)).toContainText("Contested by Victor Reviewer, highlight 1 of 3");
      await page.keyboard.press("j");
      await expect(status(page)).toContainText("Sourced by Rosa Reviewer, highlight 2 of 3");
      await axe(page, "highlight preview");
      await page.keyboard.press("Enter");
      await focusShownOn(rosas);

      // ---- a verdict and a reply on Rosa's annotation.
      await pressUntil(page, verdict);
      await page.keyboard.type("Agree");
      await expect(rosas.getByTestId("agree-count")).toHaveText("1 agree");
      const discussion = rosas.getByRole("button", { name: "Discussion (0)" });
      await pressUntil(page, discussion);
      await page.keyboard.press("Enter");
      const reply = rosas.getByRole("textbox", { name: "Reply" });
      await expect(rosas.locator(".reply-form .ProseMirror")).toBeVisible();
      await pressUntil(page, reply);
      await page.keyboard.type("Page 1 says so.");
      await page.keyboard.press("Control+Enter");
      await expect(rosas.getByRole("list", { name: "Replies" })).toContainText("Page 1 says so.");
      await axe(page, "discussion open");

      // ---- Escape in the reply box leaves it for its card (what is typed there stays); from the card, Escape
      // goes back to the text. Then the shortcuts list: ? opens it, Escape closes it and the focus comes back.
      await expect(reply).toBeFocused();
      await page.keyboard.type("Unsent");
      await page.keyboard.press("Escape");
      await expect(rosas).toBeFocused();
      await expect(reply).toHaveText("Unsent");
      await page.keyboard.press("Escape");
      await expect(text).toBeFocused();
      await page.keyboard.press("?");
      const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
      await expect(help.getByRole("button", { name: "Close" })).toBeFocused();
      await axe(page, "shortcuts dialog");
      await page.keyboard.press("Escape");
      await expect(help).toBeHidden();
      await expect(text).toBeFocused();

      // ---- filter the list by class (a select, typed into), then back to all.
      if (phone) {
        const bar = page.getByRole("navigation", { name: "Reader panels" });
        const annotationsTab = bar.getByRole("button", { name: /Annotations/ });
        await pressUntil(page, annotationsTab);
        await page.keyboard.press("Enter");
        await expect(annotationsRegion(page).getByRole("heading", { name: /Annotations/ })).toBeFocused();
      }
      const classFilter = annotationsRegion(page).getByRole("combobox", { name: "Class" });
      await pressUntil(page, classFilter);
      await focusShownOn(classFilter);
      await page.keyboard.type("Opinion");
      await expect(classFilter).toHaveValue("opinion");
      // (the open card, Rosa's sourced one, stays listed, saying it does not match; it is not counted as matching)
      await expect(annotationsRegion(page).getByRole("heading", { name: /Annotations/ })).toContainText("(1 of 3)");
      await expect(annotationsRegion(page).getByTestId("filter-mismatch")).toHaveText(/does not match the filters/);
      await expect(annotationsRegion(page).getByRole("article", { name: /Opinion annotation by Rosa Reviewer/ })).toBeVisible();
      await expect(mine).toHaveCount(0);
      await page.keyboard.press("Home"); // the first option, All classes
      await expect(classFilter).toHaveValue("");
      await expect(annotationsRegion(page).getByRole("article")).toHaveCount(3);
    });

    test(`deleting one's own annotation: the focus goes to the card that takes its place (${width} px)`, async () => {
      // ---- delete one's own annotation: the focus goes to the card that takes its place.
      await pressUntil(page, del);
      await page.keyboard.press("Enter");
      await page.keyboard.press("Enter"); // Confirm delete
      await expect(status(page).filter({ hasText: "Annotation deleted." })).toHaveCount(1);
      await expect(mine).toHaveCount(0);
      await focusShownOn(rosas);
    });

    test(`the summary: shown and hidden, on a phone a sheet with the focus in it that Escape closes (${width} px)`, async () => {
      // ---- the summary: a phone's Summary tab opens its sheet with the focus on it; Escape closes it.
      if (phone) {
        await page.keyboard.press("Escape");
        await expect(text).toBeFocused();
        const summaryTab = page.getByRole("navigation", { name: "Reader panels" }).getByRole("button", { name: "Summary" });
        await pressUntil(page, summaryTab);
        await page.keyboard.press("Enter");
        const heading = page.getByRole("heading", { name: "Reliability summary" });
        await focusShownOn(heading);
        await expect(summaryTab).toHaveAttribute("aria-expanded", "true");
        await axe(page, "summary sheet");
        await page.keyboard.press("Escape");
        await expect(summaryTab).toHaveAttribute("aria-expanded", "false");
        await focusShownOn(summaryTab);
      } else {
        const hide = page.getByRole("button", { name: "Hide the reliability summary" });
        await pressUntil(page, hide);
        await expect(page.getByRole("region", { name: "Reliability summary" })).toBeVisible();
        await page.keyboard.press("Enter");
        await focusShownOn(page.getByRole("button", { name: "Show the reliability summary" }));
        await expect(page.getByRole("region", { name: "Reliability summary" })).toHaveCount(0);
        await page.keyboard.press("Enter");
        await expect(page.getByRole("region", { name: "Reliability summary" })).toBeVisible();
      }
    });

    test(`export: a format chosen from the keyboard downloads, and the focus goes back to the button (${width} px)`, async () => {
      // ---- export: the menu opens from the keyboard; choosing a format downloads it and the focus
      // goes back to the button (the menu closes under it).
      const exportButton = page.getByRole("button", { name: "Export JSON" });
      await pressUntil(page, exportButton, "Shift+Tab", 80);
      await page.keyboard.press("Enter");
      await expect(exportButton).toHaveAttribute("aria-expanded", "true");
      await page.keyboard.press("Tab");
      await focusShownOn(page.getByRole("link", { name: "Native format" }));
      await axe(page, "export menu open");
      const download = page.waitForEvent("download");
      await page.keyboard.press("Enter");
      expect((await download).suggestedFilename()).toMatch(/\.json$/);
      await expect(exportButton).toHaveAttribute("aria-expanded", "false");
      await focusShownOn(exportButton);
      // Escape closes the menu too, with the focus on its button.
      await page.keyboard.press("Enter");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Escape");
      await expect(exportButton).toHaveAttribute("aria-expanded", "false");
      await focusShownOn(exportButton);
    });

    test(`a reply deleted from the keyboard gives the focus to its thread's Discussion button (${width} px)`, async () => {
      await pressUntil(page, text);
      await page.keyboard.press("Enter"); // the current highlight's card: Rosa's, opened when the other was deleted
      await focusShownOn(rosas);
      const thread = rosas.getByRole("button", { name: /^Discussion/ });
      if ((await thread.getAttribute("aria-expanded")) !== "true") {
        await pressUntil(page, thread);
        await page.keyboard.press("Enter");
      }
      await expect(rosas.getByRole("list", { name: "Replies" })).toContainText("Page 1 says so.");
      await pressUntil(page, rosas.getByRole("button", { name: "Delete reply" }));
      await page.keyboard.press("Enter");
      await focusShownOn(rosas.getByRole("button", { name: "Confirm delete" }));
      await page.keyboard.press("Enter");
      await expect(rosas.getByRole("list", { name: "Replies" })).not.toContainText("Page 1 says so.");
      await focusShownOn(rosas.getByRole("button", { name: "Discussion (0)" }));
    });
  });
}
