import { test, expect, type Page } from "@playwright/test";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS, DEMO_PASSWORD } from "./support/env";
import { annotate, createDocument, sampleText } from "./support/api";
import { annotationsRegion, highlightPoint, holdNoteEditor, readerHydrated, selectPhrase, toolbar } from "./support/reader";

// Links to annotations, editing details (word snapping, duplicates, links in notes, Ctrl+Enter,
// history), previews, the summary's remembered state, the strip, and the paged annotations API.
const tag = `editing-${Date.now().toString(36)}`;
let doc: { id: string; text: string };
// Several page loads per test on a shared machine.
test.describe.configure({ timeout: 120_000 });
let linked: { id: string };

test.beforeAll(async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  doc = await createDocument(rosa, `Reader editing test ${tag}`, sampleText(tag, 40));
  // Far down the text, so following its link has to scroll.
  const far = doc.text.indexOf("Paragraph 33");
  const phrase = "Critics later argued that the figures had been inflated";
  const at = doc.text.indexOf(phrase, far);
  const start = [...doc.text.slice(0, at)].length;
  const res = await rosa.post(`/api/documents/${doc.id}/annotations`, {
    data: { start, end: start + phrase.length, quote: phrase, classification: "contested", evidence: [] },
  });
  expect(res.status()).toBe(201);
  linked = (await res.json()) as { id: string };
  await rosa.dispose();
});

const open = async (page: Page) => {
  await page.goto(`/documents/${doc.id}`);
  await expect(page.getByRole("region", { name: "Document text" })).toBeVisible();
};

test("a permalink opened signed out leads, after sign-in, to that annotation, scrolled to and focused", async ({ page }) => {
  await page.goto(`/documents/${doc.id}?a=${linked.id}`);
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(ACCOUNTS.victor);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/documents/${doc.id}\\?a=${linked.id}$`), { timeout: 45_000 }); // sign-in hashes a password
  const card = annotationsRegion(page).locator(`#a-${linked.id}`);
  await expect(card).toBeFocused();
  await expect(card).toBeInViewport();
  await expect(page.locator(".hl-box-current").first()).toBeInViewport();
});

test("a permalink to an annotation that is not there says so, on the page", async ({ page }) => {
  await signIn(page, ACCOUNTS.victor);
  await page.goto(`/documents/${doc.id}?a=cmnosuchannotation0000000`);
  const notice = page.getByRole("status").filter({ hasText: "The linked annotation is not in this document" });
  await expect(notice).toBeVisible();
  await notice.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toHaveCount(0);
});

test("Copy link copies the annotation's address, which opens the document on it", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, ACCOUNTS.victor);
  await page.goto(`/documents/${doc.id}?a=${linked.id}`);
  const card = annotationsRegion(page).locator(`#a-${linked.id}`);
  await expect(card).toBeFocused();
  await card.getByRole("button", { name: "Copy link" }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(new URL(`/documents/${doc.id}?a=${linked.id}`, page.url()).href);
  const other = await context.newPage();
  await other.goto(copied);
  await expect(annotationsRegion(other).locator(`#a-${linked.id}`)).toBeFocused();
  await other.close();
});

test("a mouse selection snaps to whole words; with Alt it stays exact", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  await open(page);
  // A drag before React has taken over the text is the browser's own, never snapped (the first page a
  // fresh browser context loads compiles the app's scripts before it hydrates).
  await readerHydrated(page);
  // From before the second "e" of "delegates" to before the "i" of "motion" in the first paragraph.
  const drag = async (alt: boolean) => {
    const [from, to] = await page.evaluate(() => {
      const node = document.querySelector('.doc-text p[data-start] [data-s]')!.firstChild as Text;
      const at = (i: number) => {
        const r = document.createRange();
        r.setStart(node, i);
        r.setEnd(node, i + 1);
        const b = r.getBoundingClientRect();
        // Just inside the character's left edge (so the caret goes before it), at whole pixels as a
        // mouse at 100% zoom reports: Chromium (150) starts no drag selection from a mouse press that
        // CDP dispatches at a fractional x, on any page, so a fractional point would test the harness.
        return { x: Math.floor(b.left) + 1, y: Math.round(b.top + b.height / 2) };
      };
      const a = node.data.indexOf("delegates") + 3;
      const b = node.data.indexOf("motion") + 3;
      node.parentElement!.scrollIntoView({ block: "center" });
      return [at(a), at(b)];
    });
    if (alt) await page.keyboard.down("Alt");
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.mouse.up();
    if (alt) await page.keyboard.up("Alt");
    await expect(toolbar(page)).toBeVisible();
  };
  const selected = () => page.evaluate(() => window.getSelection()!.toString());
  await drag(false);
  await expect.poll(selected).toBe("delegates voted for the motion");
  await toolbar(page).getByRole("button", { name: /Sourced/ }).click();
  await expect(page.getByRole("region", { name: "New annotation" }).locator("blockquote")).toHaveText("delegates voted for the motion");
  await page.keyboard.press("Escape");
  await page.mouse.click(5, 300); // clear the selection
  await drag(true);
  await page.waitForTimeout(200);
  expect(await selected()).toBe("egates voted for the mot");
});

test("saving a duplicate of one's own annotation warns first; a link in a note is made in a dialog and ends where it was made", async ({ page }) => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  await annotate(rosa, doc, "Several historians consider this meeting", "opinion");
  const total = async () => ((await (await rosa.get(`/api/documents/${doc.id}/annotations`)).json()) as { annotations: unknown[] }).annotations.length;
  const before = await total();
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.type());
    void d.dismiss();
  });

  await signIn(page, ACCOUNTS.rosa);
  await open(page);
  await selectPhrase(page, "Several historians consider this meeting");
  await toolbar(page).getByRole("button", { name: /Opinion/ }).click();
  const panel = page.getByRole("region", { name: "New annotation" });
  await page.keyboard.type("see ");
  await panel.getByRole("button", { name: "Link" }).click();
  const linkDialog = panel.getByRole("group", { name: "Link" });
  await linkDialog.getByLabel("Link address").fill("https://example.org/minutes");
  await page.keyboard.press("Enter");
  await expect(linkDialog).toBeHidden();
  await page.keyboard.type(" and more");
  await page.keyboard.press("Control+Enter");
  await expect(panel.getByRole("alert")).toContainText("You already marked this exact passage as Opinion.");
  expect(await total()).toBe(before);
  await panel.getByRole("button", { name: "Save anyway" }).click();
  await expect(panel).toBeHidden();
  expect(await total()).toBe(before + 1);

  const card = annotationsRegion(page).getByRole("article", { name: /Opinion annotation by Rosa/ }).filter({ hasText: "and more" });
  await expect(card.getByRole("link", { name: "https://example.org/minutes" })).toHaveAttribute("href", "https://example.org/minutes");
  await expect(card.locator(".note-view")).toHaveText("see https://example.org/minutes and more");
  expect(dialogs).toEqual([]); // no prompt()
  await rosa.dispose();
});

test("a link typed without https:// gets it, and a Link dialog left open does not stop Save", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  await open(page);
  // A passage no other test annotates (an overlap would change what their hovers and cards show).
  await selectPhrase(page, `Paragraph 3 (${tag})`);
  await toolbar(page).getByRole("button", { name: /Sourced/ }).click();
  const panel = page.getByRole("region", { name: "New annotation" });
  // No space typed before it: the inserted address is a word of its own all the same ("at https://…", not "athttps://…").
  await page.keyboard.type("archived at");
  await panel.getByRole("button", { name: "Link" }).click();
  const linkDialog = panel.getByRole("group", { name: "Link" });
  await linkDialog.getByLabel("Link address").fill("example.org/archive");
  await linkDialog.getByRole("button", { name: "Apply link" }).click();
  await expect(linkDialog).toBeHidden();
  // Opened again and left as it opened ("https://"): Save still saves (the browser's URL check once blocked the form).
  await panel.getByRole("button", { name: "Link" }).click();
  await expect(linkDialog.getByLabel("Link address")).toHaveValue("https://");
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(panel).toBeHidden();
  const card = annotationsRegion(page).getByRole("article", { name: /Sourced annotation by Rosa/ }).filter({ hasText: "archived at" });
  await expect(card.getByRole("link", { name: "https://example.org/archive" })).toHaveAttribute("href", "https://example.org/archive");
  await expect(card).toContainText("archived at https://example.org/archive");
});

test("keys typed while the note editor is still loading are kept: a plain box takes them and the editor goes on from them", async ({ page }) => {
  const editorScript = await holdNoteEditor(page);
  await signIn(page, ACCOUNTS.rosa);
  await open(page);
  // A passage no other test annotates.
  await selectPhrase(page, `Paragraph 5 (${tag})`);
  await toolbar(page).getByRole("button", { name: /Sourced/ }).click();
  const panel = page.getByRole("region", { name: "New annotation" });
  await page.keyboard.type("typed at once");
  await expect(panel.getByRole("textbox", { name: "Note" })).toHaveValue("typed at once");
  await expect.poll(editorScript.held).toBe(true);
  // Typing goes on while the editor arrives and replaces the box: no key is lost on the way.
  editorScript.release();
  await page.keyboard.type(", and after it arrived", { delay: 15 });
  const editor = panel.locator(".ProseMirror");
  await expect(editor).toBeFocused();
  await page.keyboard.type(", and after");
  await expect(editor).toHaveText("typed at once, and after it arrived, and after");
  await panel.getByRole("button", { name: "Bold" }).click(); // the editor's own toolbar, enabled
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(panel).toBeHidden();
  const card = annotationsRegion(page).getByRole("article", { name: /Sourced annotation by Rosa/ }).filter({ hasText: "typed at once" });
  await expect(card.locator(".note-view")).toHaveText("typed at once, and after it arrived, and after");
});

test("history shows what each edit changed as a word diff", async ({ page }) => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const a = await annotate(rosa, doc, "printed the resolution on its front page", "sourced", {
    note: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Seen in the archive copy." }] }] },
  });
  const res = await rosa.patch(`/api/annotations/${a.id}`, {
    data: { classification: "contested", note: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Not seen in the microfilm copy." }] }] } },
  });
  expect(res.status()).toBe(200);
  await rosa.dispose();

  await signIn(page, ACCOUNTS.victor);
  await page.goto(`/documents/${doc.id}?a=${a.id}`);
  const card = annotationsRegion(page).locator(`#a-${a.id}`);
  await card.getByRole("button", { name: "History (1 earlier version)" }).click();
  const history = card.getByRole("list", { name: "Earlier versions" });
  await expect(history).toContainText("Version 1 → 2");
  await expect(history.locator("del")).toContainText(["archive"]);
  await expect(history.locator("ins")).toContainText(["Not", "microfilm"]);
  await expect(history).toContainText("Sourced");
  await expect(history).toContainText("Contested");

  // Edited again while the history is open: the list follows, each version against the one after it.
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  const again = await apiAs(ACCOUNTS.rosa);
  const edited = await again.patch(`/api/annotations/${a.id}`, {
    data: { note: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Not seen in the microfilm copy of 1961." }] }] } },
  });
  expect(edited.status()).toBe(200);
  await again.dispose();
  await expect(card.getByRole("button", { name: "History (2 earlier versions)" })).toBeVisible();
  await expect(history.locator("li > p.muted")).toHaveText([/^Version 1 → 2 /, /^Version 2 → 3 /]);
  await expect(history.locator("li").nth(1).locator("ins")).toContainText(["of 1961"]);
});

test("hovering a highlight previews it; a strip mark selects its annotation; the summary stays collapsed once collapsed", async ({ page }) => {
  await signIn(page, ACCOUNTS.victor);
  await open(page);
  const preview = page.getByRole("tooltip");
  // A hand's pointer moves on and off; one scripted move can land while the page is still laying out
  // (seen once under load), so the move onto the highlight is made again until the preview shows.
  await expect(async () => {
    const { x, y } = await highlightPoint(page, "contested");
    await page.mouse.move(x - 4, y);
    await page.mouse.move(x, y);
    await expect(preview).toContainText("Contested", { timeout: 2_000 });
  }).toPass();
  await expect(preview).toContainText("Rosa Reviewer");
  await page.mouse.move(5, 5);
  await expect(preview).toBeHidden();

  const summary = page.getByRole("region", { name: "Reliability summary" });
  const strip = summary.getByRole("toolbar", { name: "Document strip" });
  const mark = strip.getByRole("button").last();
  const box = await mark.boundingBox();
  expect(box!.width).toBeGreaterThanOrEqual(8);
  await mark.focus();
  await page.keyboard.press("Enter");
  await expect(annotationsRegion(page).locator("li.entry.focused")).toHaveCount(1);
  await expect(page).toHaveURL(/[?&]a=/);

  await page.getByRole("button", { name: "Hide the reliability summary" }).click();
  await expect(summary).toBeHidden();
  await page.reload();
  await expect(page.getByRole("button", { name: "Show the reliability summary" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Reliability summary" })).toBeHidden();
  await page.getByRole("button", { name: "Show the reliability summary" }).click();
  await expect(page.getByRole("region", { name: "Reliability summary" })).toBeVisible();
});

test("the annotations API pages in document order and fetches chosen ids; bad queries answer 400", async () => {
  // Its own annotations: after another test's failure, a new worker starts with a new document.
  const rosa = await apiAs(ACCOUNTS.rosa);
  await annotate(rosa, doc, "The committee met in February 1917", "sourced");
  await annotate(rosa, doc, "nineteen delegates voted for the motion", "contested");
  await rosa.dispose();
  const api = await apiAs(ACCOUNTS.victor);
  const all = ((await (await api.get(`/api/documents/${doc.id}/annotations`)).json()) as { annotations: Array<{ id: string }> }).annotations;
  expect(all.length).toBeGreaterThanOrEqual(3);
  const seen: string[] = [];
  let cursor = "";
  for (let i = 0; i < 20; i++) {
    const res = await api.get(`/api/documents/${doc.id}/annotations?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status()).toBe(200);
    const page = (await res.json()) as { annotations: Array<{ id: string }>; nextCursor: string | null };
    seen.push(...page.annotations.map((a) => a.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  expect(seen).toEqual(all.map((a) => a.id));
  const chosen = await api.get(`/api/documents/${doc.id}/annotations?ids=${all[2].id},nope,${all[0].id}`);
  expect(((await chosen.json()) as { annotations: Array<{ id: string }> }).annotations.map((a) => a.id)).toEqual([all[0].id, all[2].id]);
  for (const bad of ["limit=0", "limit=501", "limit=x", "cursor=abc", "ids=", `ids=${all[0].id}&limit=2`, "ids=a%20b", `limit=2&cursor=${"x".repeat(65)}`, "limit=2&cursor=unknown"]) {
    const res = await api.get(`/api/documents/${doc.id}/annotations?${bad}`);
    expect(res.status(), bad).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code, bad).toBe("INVALID_INPUT");
  }
  expect((await api.get(`/api/documents/no-such-document/annotations?limit=2`)).status()).toBe(404);
  await api.dispose();
});

test("a long document arrives in two parts, stays findable anywhere, and keeps its scroll position", async ({ page }) => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const long = await createDocument(rosa, `Reader long document ${tag}`, `${sampleText(`${tag}-long`, 900)}\n\nThe very last words: ${tag}-end.`);
  await annotate(rosa, long, `${tag}-end`, "opinion");
  await rosa.dispose();
  const textBytes = Buffer.byteLength(long.text);
  expect(textBytes).toBeGreaterThan(300_000);

  await signIn(page, ACCOUNTS.rosa);
  const sizes: number[] = [];
  page.on("response", async (res) => {
    const url = new URL(res.url());
    if (url.pathname === `/documents/${long.id}` || url.pathname === `/api/documents/${long.id}`) sizes.push((await res.body()).byteLength);
  });
  await page.goto(`/documents/${long.id}`);
  const region = page.getByRole("region", { name: "Document text" });
  await expect(region).toBeVisible();
  // The rest arrives; then browser find reaches the last words, and they are highlighted.
  await expect(region).toContainText(`${tag}-end`, { timeout: 20_000 });
  expect(await page.evaluate((word) => (window as unknown as { find: (s: string) => boolean }).find(word), `${tag}-end`)).toBe(true);
  await expect.poll(() => page.evaluate(() => Number(document.querySelector<HTMLElement>(".doc-text")!.dataset.highlights))).toBe(1);
  // What was sent for it: the page and the rest of the text, well under twice the text.
  await expect.poll(() => sizes.length).toBe(2);
  expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(textBytes * 1.5);

  // Scroll to the middle; going down and back up again lands on the same paragraph.
  const firstVisible = () =>
    page.evaluate(() => {
      const p = document.elementFromPoint(document.querySelector(".doc-text")!.getBoundingClientRect().left + 40, 300)?.closest("p[data-start]");
      return p?.getAttribute("data-start") ?? null;
    });
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
  await page.waitForTimeout(300);
  const middle = await firstVisible();
  expect(middle).not.toBeNull();
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 1500);
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -1500);
  await page.waitForTimeout(300);
  expect(await firstVisible()).toBe(middle);
});
