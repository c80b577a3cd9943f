import { test, expect, type Page } from "@playwright/test";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS } from "./support/env";
import { annotate, createDocument, sampleText } from "./support/api";
import { annotationsRegion, highlighted, holdNoteEditor, selectPhrase, toolbar } from "./support/reader";

// Drafts are never lost: Escape and leaving ask first, a reload brings the draft back, a new selection
// asks before replacing it, and the draft's passage is marked until it is saved or discarded.
const tag = `drafts-${Date.now().toString(36)}`;
let doc: { id: string; text: string };
// Several page loads per test on a shared machine.
test.describe.configure({ timeout: 120_000 });

test.beforeAll(async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  doc = await createDocument(rosa, `Reader drafts test ${tag}`, sampleText(tag, 8));
  await rosa.dispose();
});

async function open(page: Page) {
  await page.goto(`/documents/${doc.id}`);
  await expect(page.getByRole("region", { name: "Document text" })).toBeVisible();
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
}

async function startDraft(page: Page, phrase: string, note: string) {
  await selectPhrase(page, phrase);
  await toolbar(page).getByRole("button", { name: /Contested/ }).click();
  const panel = page.getByRole("region", { name: "New annotation" });
  await expect(panel.getByRole("textbox", { name: "Note" })).toBeFocused();
  await page.keyboard.type(note);
  return panel;
}

const count = async () => {
  const api = await apiAs(ACCOUNTS.rosa);
  const n = ((await (await api.get(`/api/documents/${doc.id}/annotations`)).json()) as { annotations: unknown[] }).annotations.length;
  await api.dispose();
  return n;
};

test("Escape on a draft with content asks first; an empty draft closes at once", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  await open(page);
  const before = await count();
  const panel = await startDraft(page, "Critics later argued", "The organisers denied it.");
  await expect.poll(() => highlighted(page, "draft")).toEqual(["Critics later argued"]);

  await page.keyboard.press("Escape");
  const ask = page.getByRole("alertdialog", { name: "Discard this draft?" });
  await expect(ask).toBeVisible();
  // The safe answer has the focus: Enter right after Escape keeps the draft.
  await expect(ask.getByRole("button", { name: "Keep editing" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(ask).toBeHidden();
  await expect(panel.getByRole("textbox", { name: "Note" })).toHaveText("The organisers denied it.");

  await page.keyboard.press("Escape");
  await page.getByRole("alertdialog", { name: "Discard this draft?" }).getByRole("button", { name: "Discard draft" }).click();
  await expect(panel).toBeHidden();
  await expect.poll(() => highlighted(page, "draft")).toEqual([]);
  expect(await count()).toBe(before);

  // Nothing typed: Escape just closes.
  await selectPhrase(page, "front page");
  await toolbar(page).getByRole("button", { name: /Opinion/ }).click();
  await expect(page.getByRole("region", { name: "New annotation" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("region", { name: "New annotation" })).toBeHidden();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);

  // A discarded draft does not come back.
  await page.reload();
  await expect(page.getByRole("region", { name: "Document text" })).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page.getByRole("region", { name: "New annotation" })).toHaveCount(0);
});

test("a reload asks first and brings the draft back, with its note, evidence and passage, until it is saved", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  await open(page);
  const before = await count();
  const panel = await startDraft(page, "nineteen delegates voted", "Count them again.");
  await panel.getByRole("button", { name: "Add evidence" }).click();
  await panel.getByLabel("Citation 1").fill("Minutes of the meeting, p. 2");
  await page.waitForTimeout(600); // typing is written to storage after a short pause

  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.type());
    void d.accept();
  });
  await page.reload();
  expect(dialogs).toEqual(["beforeunload"]);
  const restored = page.getByRole("region", { name: "New annotation" });
  await expect(restored.getByRole("textbox", { name: "Note" })).toHaveText("Count them again.");
  await expect(restored.getByLabel("Citation 1")).toHaveValue("Minutes of the meeting, p. 2");
  await expect(restored.getByRole("radio", { name: "Contested" })).toBeChecked();
  await expect(restored).toBeInViewport();
  await expect.poll(() => highlighted(page, "draft")).toEqual(["nineteen delegates voted"]);

  await restored.getByRole("button", { name: "Save" }).click();
  await expect(restored).toBeHidden();
  expect(await count()).toBe(before + 1);
  await page.reload();
  await expect(annotationsRegion(page).getByRole("article", { name: /Contested annotation by Rosa/ }).first()).toBeVisible();
  await expect(page.getByRole("region", { name: "New annotation" })).toHaveCount(0);
  expect(dialogs).toEqual(["beforeunload"]); // nothing unsaved: no question on the second reload
});

test("following a link in the app with a draft open asks first; the draft is there on return", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  await open(page);
  await startDraft(page, "The newspaper printed", "Check the archive copy.");
  await page.waitForTimeout(600);

  const library = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Library" });
  await library.click();
  const ask = page.getByRole("alertdialog", { name: "Leave this page?" });
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Stay" }).click();
  await expect(page).toHaveURL(new RegExp(`/documents/${doc.id}`));
  await expect(page.getByRole("region", { name: "New annotation" })).toBeVisible();

  await library.click();
  await page.getByRole("alertdialog", { name: "Leave this page?" }).getByRole("button", { name: "Leave page" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto(`/documents/${doc.id}`);
  await expect(page.getByRole("region", { name: "New annotation" }).getByRole("textbox", { name: "Note" })).toHaveText("Check the archive copy.");
  await expect(page.getByRole("status").filter({ hasText: "Your unsaved draft was restored." })).toHaveCount(1);

  // Done with it: discard, so the next test starts clean.
  await page.getByRole("region", { name: "New annotation" }).getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("alertdialog", { name: "Discard this draft?" }).getByRole("button", { name: "Discard draft" }).click();
});

test("a new selection while a draft is open asks whether to replace it", async ({ page }) => {
  // The note editor arrives while the user is already choosing another passage (held back here, as a
  // slow network or a loaded machine does): it takes its place without taking the focus, and with it
  // the new selection, from the text.
  const editorScript = await holdNoteEditor(page);
  await signIn(page, ACCOUNTS.rosa);
  await open(page);
  const panel = await startDraft(page, "Several historians consider", "Which historians?");
  await expect.poll(editorScript.held).toBe(true);

  await selectPhrase(page, "a handful of leaders");
  editorScript.release();
  await expect(panel.locator(".ProseMirror")).toHaveText("Which historians?");
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe("a handful of leaders");
  await expect(toolbar(page)).toBeVisible();
  await toolbar(page).getByRole("button", { name: /Opinion/ }).click();
  const ask = page.getByRole("alertdialog", { name: "Replace your draft?" });
  await expect(ask).toContainText("Several historians consider");
  await ask.getByRole("button", { name: "Keep my draft" }).click();
  await expect(panel.locator("blockquote")).toHaveText("Several historians consider");
  await expect(panel.getByRole("textbox", { name: "Note" })).toHaveText("Which historians?");

  await selectPhrase(page, "a handful of leaders");
  await toolbar(page).getByRole("button", { name: /Opinion/ }).click();
  await page.getByRole("alertdialog", { name: "Replace your draft?" }).getByRole("button", { name: "Replace draft" }).click();
  const replaced = page.getByRole("region", { name: "New annotation" });
  await expect(replaced.locator("blockquote")).toHaveText("a handful of leaders");
  await expect(replaced.getByRole("radio", { name: "Opinion" })).toBeChecked();
  await expect.poll(() => highlighted(page, "draft")).toEqual(["a handful of leaders"]);
  await page.keyboard.press("Escape"); // empty: closes without asking
  await expect(replaced).toBeHidden();
});

test("a press on the toolbar while a new selection settles still opens the editor", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  await open(page);
  await selectPhrase(page, "a handful of leaders");
  const opinion = toolbar(page).getByRole("button", { name: /Opinion/ });
  await expect(opinion).toBeVisible();
  const box = (await opinion.boundingBox())!;
  // The same passage chosen again (as after "Keep my draft"): the reader reads it once the selection
  // settles, while the button is already held down. The press is not a new selection being made.
  await selectPhrase(page, "a handful of leaders");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(300);
  await page.mouse.up();
  const panel = page.getByRole("region", { name: "New annotation" });
  await expect(panel.locator("blockquote")).toHaveText("a handful of leaders");
  await expect(panel.getByRole("radio", { name: "Opinion" })).toBeChecked();
  await page.keyboard.press("Escape"); // empty: closes without asking
  await expect(panel).toBeHidden();
});

test("an edit in progress is a draft too: it survives a reload", async ({ page }) => {
  const api = await apiAs(ACCOUNTS.rosa);
  const i = doc.text.indexOf("common programme");
  const start = [...doc.text.slice(0, i)].length;
  const created = await api.post(`/api/documents/${doc.id}/annotations`, {
    data: { start, end: start + "common programme".length, quote: "common programme", classification: "opinion", evidence: [] },
  });
  expect(created.status()).toBe(201);
  await api.dispose();

  await signIn(page, ACCOUNTS.rosa);
  await open(page);
  const card = annotationsRegion(page).getByRole("article", { name: /Opinion annotation by Rosa/ });
  await card.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("region", { name: "Edit annotation" });
  await expect(edit).toBeInViewport();
  await edit.getByRole("radio", { name: "Sourced" }).check();
  await edit.getByRole("textbox", { name: "Note" }).click();
  await page.keyboard.type("It was printed in full.");
  await page.waitForTimeout(600);
  page.on("dialog", (d) => void d.accept());
  await page.reload();
  const back = page.getByRole("region", { name: "Edit annotation" });
  await expect(back.getByRole("radio", { name: "Sourced" })).toBeChecked();
  await expect(back.getByRole("textbox", { name: "Note" })).toHaveText("It was printed in full.");
  await back.getByRole("button", { name: "Save" }).click();
  await expect(annotationsRegion(page).getByRole("article", { name: /Sourced annotation by Rosa/ })).toBeFocused();
});

test("two open editors of one annotation: the later save is refused with the draft kept, and a second save replaces knowingly", async ({ page, browser }) => {
  const api = await apiAs(ACCOUNTS.rosa);
  const { id } = await annotate(api, doc, "the turning point of the whole campaign", "opinion");
  await api.dispose();

  // Rosa has the annotation open for editing in two windows (separate browser profiles: separate drafts).
  await signIn(page, ACCOUNTS.rosa);
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, ACCOUNTS.rosa);
  const panels: Array<ReturnType<Page["getByRole"]>> = [];
  for (const p of [page, other]) {
    await p.goto(`/documents/${doc.id}?a=${id}`);
    await expect(p.getByTestId("live-status")).toHaveText("● Live");
    await p.locator(`[data-annotation-id="${id}"]`).getByRole("button", { name: "Edit" }).click();
    panels.push(p.getByRole("region", { name: "Edit annotation" }));
  }
  const [mine, theirs] = panels;

  // the other window saves first
  await theirs.getByRole("textbox", { name: "Note" }).click();
  await other.keyboard.type("Saved from the other window.");
  await theirs.getByRole("button", { name: "Save" }).click();
  await expect(theirs).toBeHidden();

  // this window's save, made on the version it opened, is refused: nothing saved, the draft stays
  await mine.getByRole("radio", { name: "Contested" }).check();
  await mine.getByRole("button", { name: "Save" }).click();
  await expect(mine.getByRole("alert")).toContainText("This annotation was changed elsewhere (another tab or window) since you opened it; it is now version 2");
  await expect(mine.getByRole("radio", { name: "Contested" })).toBeChecked();
  const api2 = await apiAs(ACCOUNTS.rosa);
  expect(await (await api2.get(`/api/annotations/${id}`)).json()).toMatchObject({ classification: "opinion", version: 2, noteText: "Saved from the other window." });

  // saving again replaces that version, knowingly
  await mine.getByRole("button", { name: "Save" }).click();
  await expect(mine).toBeHidden();
  expect(await (await api2.get(`/api/annotations/${id}`)).json()).toMatchObject({ classification: "contested", version: 3 });
  await api2.dispose();
  await otherContext.close();
});

test("a reply being written is kept in the browser: it is there after a reload, and gone once sent", async ({ page }) => {
  const api = await apiAs(ACCOUNTS.rosa);
  const { id } = await annotate(api, doc, "nineteen delegates voted for the motion", "sourced");
  await api.dispose();

  await signIn(page, ACCOUNTS.rosa);
  const card = () => page.locator(`[data-annotation-id="${id}"]`);
  const openThread = async () => {
    await page.goto(`/documents/${doc.id}?a=${id}`);
    await expect(page.getByTestId("live-status")).toHaveText("● Live");
    await card().getByRole("button", { name: /^Discussion/ }).click();
    return card().getByRole("textbox", { name: "Reply" });
  };
  let reply = await openThread();
  await reply.click();
  await page.keyboard.type("Which minutes, the first or the second set?");
  // The thread's replies, loaded when it opens, come after the reply is sent (a slow answer): the list,
  // read before the reply was stored, must not hide it.
  let releaseThread!: () => void;
  const threadHeld = new Promise<void>((resolve) => (releaseThread = resolve));
  await page.route(`**/api/annotations/${id}/replies`, async (route) => {
    if (route.request().method() === "GET") {
      const response = await route.fetch();
      await threadHeld;
      await route.fulfill({ response });
    } else await route.continue();
  });
  reply = await openThread(); // a reload (or a session that ended) loses nothing
  await expect(reply).toHaveText("Which minutes, the first or the second set?");
  await expect(card().getByText("Loading…")).toBeVisible();
  const sent = page.waitForResponse((r) => r.url().endsWith(`/api/annotations/${id}/replies`) && r.request().method() === "POST");
  await card().getByRole("button", { name: "Send reply" }).click();
  expect((await sent).status()).toBe(201);
  releaseThread();
  await expect(card().locator(".reply")).toHaveCount(1);
  await page.unroute(`**/api/annotations/${id}/replies`);
  await expect(reply).toHaveText("");
  reply = await openThread();
  await expect(reply).toHaveText("");
});

test("an annotation deleted by an admin while its author edits it: said at once, and the edit is kept as a new annotation on the same passage", async ({ page }) => {
  const api = await apiAs(ACCOUNTS.rosa);
  const { id } = await annotate(api, doc, "the figures had been inflated by the organisers", "opinion");
  const before = (await (await api.get(`/api/annotations/${id}`)).json()) as { start: number; end: number };
  await api.dispose();

  await signIn(page, ACCOUNTS.rosa);
  await page.goto(`/documents/${doc.id}?a=${id}`);
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  await page.locator(`[data-annotation-id="${id}"]`).getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("region", { name: "Edit annotation" });
  await edit.getByRole("radio", { name: "Contested" }).check();
  await edit.getByRole("textbox", { name: "Note" }).click();
  await page.keyboard.type("The second set was printed in 1961.");

  // at once (typing not yet written out included): an admin deletes it
  const admin = await apiAs(ACCOUNTS.admin);
  expect((await admin.delete(`/api/annotations/${id}`)).status()).toBe(204);
  const kept = page.getByRole("region", { name: "New annotation" });
  await expect(kept.getByRole("alert")).toHaveText(
    "The annotation on “the figures had been inflated by the organisers” was deleted (by an admin, or by you in another window) while you were editing it. Your changes are kept as a new annotation on the same passage: save it, or cancel to discard it.",
  );
  await expect(edit).toHaveCount(0);
  await expect(kept.locator("blockquote")).toHaveText("the figures had been inflated by the organisers");
  await expect(kept.getByRole("radio", { name: "Contested" })).toBeChecked();
  await expect(kept.getByRole("textbox", { name: "Note" })).toHaveText("The second set was printed in 1961.");
  await expect(kept.getByRole("textbox", { name: "Note" })).toBeFocused(); // typing goes on where it was

  // saved: a new annotation on the same passage, with what was typed
  await kept.getByRole("button", { name: "Save" }).click();
  await expect(kept).toHaveCount(0);
  await expect(annotationsRegion(page).getByRole("article", { name: /Contested annotation by Rosa/ }).filter({ hasText: "The second set was printed in 1961." })).toBeFocused();
  const list = (await (await admin.get(`/api/documents/${doc.id}/annotations`)).json()) as {
    annotations: Array<{ id: string; start: number; end: number; classification: string; noteText: string }>;
  };
  const saved = list.annotations.filter((a) => a.start === before.start && a.end === before.end);
  expect(saved).toHaveLength(1);
  expect(saved[0]).toMatchObject({ classification: "contested", noteText: "The second set was printed in 1961." });
  expect(saved[0].id).not.toBe(id);
  await admin.dispose();
});

test("a reply being written to an annotation that is deleted: said at once, with the unsent reply to copy, kept until dismissed", async ({ page }) => {
  const victor = await apiAs(ACCOUNTS.victor);
  const { id } = await annotate(victor, doc, "printed the resolution on its front page", "sourced");
  await signIn(page, ACCOUNTS.rosa);
  await page.goto(`/documents/${doc.id}?a=${id}`);
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  const card = page.locator(`[data-annotation-id="${id}"]`);
  await card.getByRole("button", { name: /^Discussion/ }).click();
  await card.getByRole("textbox", { name: "Reply" }).click();
  await page.keyboard.type("Early by whose clock?");
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("apparatus:reply-draft:")).length)).toBeGreaterThan(0);

  expect((await victor.delete(`/api/annotations/${id}`)).status()).toBe(204);
  await victor.dispose();
  const notice = page.getByTestId("lost-work");
  await expect(notice.getByRole("alert")).toHaveText(
    "The annotation on “printed the resolution on its front page” was deleted (by its author or an admin) before your reply was sent. Your reply is below, to copy; it stays in this browser until you dismiss this.",
  );
  await expect(card).toHaveCount(0);
  await expect(notice).toBeFocused(); // the card that had the focus is gone
  await expect(notice.getByRole("textbox", { name: "Your reply, not sent" })).toHaveValue("Early by whose clock?");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await notice.getByRole("button", { name: "Copy text" }).click();
  await expect(notice.getByRole("status")).toHaveText("Copied.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("Early by whose clock?");

  // kept across a reload until dismissed; then gone from this browser
  await page.reload();
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  await expect(notice.getByRole("textbox", { name: "Your reply, not sent" })).toHaveValue("Early by whose clock?");
  await notice.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toHaveCount(0);
  expect(await page.evaluate((annotationId) => Object.keys(localStorage).filter((k) => k.includes(annotationId) || k.startsWith("apparatus:lost-work:")), id)).toEqual([]);
  await page.reload();
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  await expect(notice).toHaveCount(0);
});

// ---- Drafts across a new version of the text, and a document deleted under them.
// A text of its own per test: a version or a deletion must not disturb the other tests' document.
const tideText = (n: string) =>
  `Tide table ${tag} ${n}\n\nHigh water at the harbour was recorded at 6.42 on Monday.\n\nThe pilot said the channel silted up in 1909.\n\nDredging resumed after the war.`;

async function tideDocument(n: string) {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const created = await createDocument(rosa, `Tide table ${tag} ${n}`, tideText(n));
  await rosa.dispose();
  return created;
}
async function addVersion(id: string, text: string) {
  const edith = await apiAs(ACCOUNTS.edith);
  const res = await edith.post(`/api/documents/${id}/versions`, { data: { text, note: "more detail" } });
  expect(res.status(), await res.text()).toBe(201);
  await edith.dispose();
}
/** Every dialog the page raises (the browser's "Leave site?" is type beforeunload), accepted. */
function recordDialogs(page: Page) {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.type());
    void d.accept();
  });
  return dialogs;
}

test("a new version under an open draft: the page reloads without asking, says so, and the draft moves to its passage and saves", async ({ page }) => {
  const tide = await tideDocument("moved");
  await signIn(page, ACCOUNTS.rosa);
  await page.goto(`/documents/${tide.id}`);
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  const dialogs = recordDialogs(page);
  await selectPhrase(page, "the channel silted up in 1909");
  await toolbar(page).getByRole("button", { name: /Contested/ }).click();
  const panel = page.getByRole("region", { name: "New annotation" });
  await expect(panel.getByRole("textbox", { name: "Note" })).toBeFocused();
  await page.keyboard.type("Which survey says so?");
  await page.waitForTimeout(600); // written to storage after a short pause

  // Words inserted before the passage: its old offsets now point at other words.
  await addVersion(tide.id, tideText("moved").replace("High water", "Low and high water").replace("Monday.", "Monday, per the harbour master."));
  await expect(page.getByTestId("version-notice")).toContainText(/Version 2 was added by Edith \w+ — the text and the annotations’ places are now those of version 2/);
  await expect(panel.getByTestId("draft-notice")).toHaveText("Your draft was moved to its passage in the new version.");
  await expect.poll(() => highlighted(page, "draft")).toEqual(["the channel silted up in 1909"]);
  await expect(panel.getByRole("textbox", { name: "Note" })).toHaveText("Which survey says so?");
  await expect(panel.getByRole("radio", { name: "Contested" })).toBeChecked();
  expect(dialogs).toEqual([]); // the automatic reload never asks "Leave site?"

  // Kept so: a reload finds the draft where it now belongs.
  await page.reload();
  await expect.poll(() => highlighted(page, "draft")).toEqual(["the channel silted up in 1909"]);
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(panel).toBeHidden();
  const rosa = await apiAs(ACCOUNTS.rosa);
  const { annotations } = (await (await rosa.get(`/api/documents/${tide.id}/annotations`)).json()) as { annotations: Array<{ quote: string; noteText: string }> };
  await rosa.dispose();
  expect(annotations.map((a) => a.quote)).toEqual(["the channel silted up in 1909"]);
});

test("a new version is announced after the reload, with a link to what changed", async ({ page }) => {
  const tide = await tideDocument("notice");
  await signIn(page, ACCOUNTS.victor);
  await page.goto(`/documents/${tide.id}`);
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  await addVersion(tide.id, tideText("notice").replace("Dredging resumed", "Dredging by the council resumed"));
  const notice = page.getByTestId("version-notice");
  await expect(notice).toBeVisible();
  await expect(page.getByRole("status").filter({ has: notice })).toHaveCount(1); // in a live region: read out
  await expect(notice.getByRole("link", { name: "See what changed" })).toHaveAttribute("href", `/documents/${tide.id}/versions?from=1&to=2`);
  await expect(page.getByRole("region", { name: "Document text" })).toContainText("Dredging by the council resumed");
  await notice.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toBeHidden();
  await page.reload(); // said once, not at every visit
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  await expect(page.getByTestId("version-notice")).toHaveCount(0);
});

test("a new version that removes the draft's passage keeps the note and class, saves nothing, and takes a new selection", async ({ page }) => {
  const tide = await tideDocument("gone");
  await signIn(page, ACCOUNTS.rosa);
  await page.goto(`/documents/${tide.id}`);
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  await selectPhrase(page, "the channel silted up in 1909");
  await toolbar(page).getByRole("button", { name: /Opinion/ }).click();
  const panel = page.getByRole("region", { name: "New annotation" });
  await expect(panel.getByRole("textbox", { name: "Note" })).toBeFocused();
  await page.keyboard.type("Hearsay from one pilot.");
  await page.waitForTimeout(600);

  // The paragraph is gone, context and all (a rewritten passage between unchanged context would be placed
  // approximately, as the annotations are: "moved to the passage that best matches it").
  await addVersion(tide.id, tideText("gone").replace("The pilot said the channel silted up in 1909.\n\n", ""));
  await expect(page.getByTestId("version-notice")).toBeVisible();
  await expect(panel.getByTestId("draft-blocked")).toContainText("The passage of this draft is not in the new version of the text");
  await expect(panel.getByRole("textbox", { name: "Note" })).toHaveText("Hearsay from one pilot.");
  await expect(panel.getByRole("button", { name: "Save" })).toBeDisabled();
  await expect.poll(() => highlighted(page, "draft")).toEqual([]);

  // Selected again: the note moves to the new passage, with the class chosen, and saves there.
  await selectPhrase(page, "Dredging resumed after the war");
  await toolbar(page).getByRole("button", { name: /Opinion/ }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0); // nothing to replace: the draft itself moves
  await expect(panel.getByTestId("draft-notice")).toHaveText("Your draft is now on the passage you selected.");
  await expect(panel.getByRole("textbox", { name: "Note" })).toHaveText("Hearsay from one pilot.");
  await expect.poll(() => highlighted(page, "draft")).toEqual(["Dredging resumed after the war"]);
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(panel).toBeHidden();
  const rosa = await apiAs(ACCOUNTS.rosa);
  const { annotations } = (await (await rosa.get(`/api/documents/${tide.id}/annotations`)).json()) as { annotations: Array<{ quote: string; classification: string }> };
  await rosa.dispose();
  expect(annotations.map((a) => [a.quote, a.classification])).toEqual([["Dredging resumed after the war", "opinion"]]);
});

test("a document deleted while a draft is open: the page says so, stops offering writes, keeps the draft, and carries on when it is restored", async ({ page }) => {
  const tide = await tideDocument("deleted");
  const rosa = await apiAs(ACCOUNTS.rosa);
  await annotate(rosa, tide, "recorded at 6.42", "sourced");
  await rosa.dispose();
  await signIn(page, ACCOUNTS.rosa);
  await page.goto(`/documents/${tide.id}`);
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  await startDraftOn(page, "the channel silted up in 1909", "Which survey says so?");

  const admin = await apiAs(ACCOUNTS.admin);
  expect((await admin.delete(`/api/documents/${tide.id}`)).status()).toBe(204);
  const notice = page.getByTestId("deleted-notice");
  await expect(notice).toContainText("This document was deleted by an admin: nothing can be saved or changed here. Your draft is kept in this browser.");
  await expect(notice).toHaveAttribute("role", "alert");
  await expect(page.getByTestId("live-status")).toHaveText("Document deleted");
  const panel = page.getByRole("region", { name: "New annotation" });
  await expect(panel.getByRole("button", { name: "Save" })).toBeDisabled();
  await expect(panel.getByRole("textbox", { name: "Note" })).toHaveText("Which survey says so?");
  // No writing controls: no toolbar on a selection, no Suggest, no Edit or Delete on a card.
  await expect(page.getByRole("button", { name: "Suggest" })).toHaveCount(0);
  await expect(annotationsRegion(page).getByRole("button", { name: /^(Edit|Delete)$/ })).toHaveCount(0);
  await selectPhrase(page, "Dredging resumed");
  await expect(toolbar(page)).toHaveCount(0);

  // Meanwhile the server refuses writes to it from anywhere.
  const victor = await apiAs(ACCOUNTS.victor);
  const dredging = [...tide.text.slice(0, tide.text.indexOf("Dredging resumed"))].length;
  const dredgingInput = { start: dredging, end: dredging + "Dredging resumed".length, quote: "Dredging resumed", classification: "opinion" };
  expect((await victor.post(`/api/documents/${tide.id}/annotations`, { data: dredgingInput })).status()).toBe(404);

  // Restored by an admin: without a reload, the page finds out, goes live again and the draft saves.
  expect((await admin.post(`/api/documents/${tide.id}/restore`)).status()).toBeLessThan(300);
  await admin.dispose();
  await expect(page.getByTestId("live-status")).toHaveText("● Live", { timeout: 20_000 });
  await expect(page.getByTestId("deleted-notice")).toHaveCount(0);
  await expect(page.getByTestId("restored-notice")).toHaveText("This document was restored: your draft can be saved, and annotations can be added and changed again. Dismiss");
  await expect(panel.getByRole("textbox", { name: "Note" })).toHaveText("Which survey says so?");
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(panel).toBeHidden();
  // The stream carries on: another reviewer's annotation appears without a reload.
  await annotate(victor, tide, "Dredging resumed", "opinion");
  await victor.dispose();
  await expect.poll(() => highlighted(page, "opinion")).toContain("Dredging resumed");
  await page.getByTestId("restored-notice").getByRole("button", { name: "Dismiss" }).click();
  await expect(page.getByTestId("restored-notice")).toHaveCount(0);
});

test("a document deleted while the page could not hear it: found out when its stream is refused, never shown as Live; a restore found out too", async ({ page }) => {
  const tide = await tideDocument("deleted-unheard");
  await signIn(page, ACCOUNTS.rosa);
  // The page's stream is held back until the document is deleted: the server then refuses it (404).
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/events\?since=/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/documents/${tide.id}`);
  await expect(page.getByRole("region", { name: "Document text" })).toBeVisible();
  await expect(page.getByTestId("live-status")).toHaveText("Connecting…");
  const admin = await apiAs(ACCOUNTS.admin);
  expect((await admin.delete(`/api/documents/${tide.id}`)).status()).toBe(204);
  await admin.dispose();
  release();
  await expect(page.getByTestId("live-status")).toHaveText("Document deleted", { timeout: 20_000 });
  await expect(page.getByTestId("deleted-notice")).toContainText("This document was deleted by an admin:");
  await expect(page.getByRole("button", { name: "Suggest" })).toHaveCount(0);

  // Restored: the page, which never saw a deletion event, finds that out too and goes live.
  const restorer = await apiAs(ACCOUNTS.admin);
  expect((await restorer.post(`/api/documents/${tide.id}/restore`)).status()).toBeLessThan(300);
  await restorer.dispose();
  await expect(page.getByTestId("live-status")).toHaveText("● Live", { timeout: 20_000 });
  await expect(page.getByTestId("restored-notice")).toHaveText("This document was restored: annotations can be added and changed again. Dismiss");
  await expect(page.getByRole("button", { name: "Suggest" })).toBeVisible();
});

async function startDraftOn(page: Page, phrase: string, note: string) {
  await selectPhrase(page, phrase);
  await toolbar(page).getByRole("button", { name: /Contested/ }).click();
  await expect(page.getByRole("region", { name: "New annotation" }).getByRole("textbox", { name: "Note" })).toBeFocused();
  await page.keyboard.type(note);
  await page.waitForTimeout(600);
}
