import { expect, type BrowserContext, type Page } from "@playwright/test";

/** Open a document from the library by its title. */
export async function openDocument(page: Page, title: string): Promise<void> {
  await page.goto("/");
  await page.getByRole("link", { name: title, exact: true }).click();
  await expect(page.getByRole("region", { name: "Document text" })).toBeVisible();
}

/**
 * Select text as a mouse drag would: from `fromChars` UTF-16 units before the end of paragraph `p`
 * to `toChars` units into paragraph `q` (indexes of the rendered paragraphs). Returns the selected
 * tail of the first paragraph and head of the last.
 */
export async function selectAcross(page: Page, p: number, fromEnd: number, q: number, intoNext: number): Promise<{ tail: string; head: string }> {
  return page.evaluate(
    ([p, fromEnd, q, intoNext]) => {
      const root = document.querySelector('[aria-label="Document text"]')!;
      const paras = root.querySelectorAll("p[data-start]");
      const lastText = (el: Element) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let node: Node | null = null;
        let n: Node | null;
        while ((n = walker.nextNode())) node = n;
        return node as Text;
      };
      const firstText = (el: Element) => document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode() as Text;
      const a = lastText(paras[p]);
      const b = firstText(paras[q]);
      const range = document.createRange();
      range.setStart(a, a.data.length - fromEnd);
      range.setEnd(b, intoNext);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return { tail: a.data.slice(a.data.length - fromEnd), head: b.data.slice(0, intoNext) };
    },
    [p, fromEnd, q, intoNext] as const,
  );
}

/**
 * Wait until React has taken over the reader's text region. Before that the server-rendered page is
 * visible but inert: a selection or a click on a button is never heard of (on a loaded machine
 * hydration can come seconds after the text is visible).
 */
export async function readerHydrated(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => Object.keys(document.querySelector('[aria-label="Document text"]') ?? {}).some((k) => k.startsWith("__react"))), {
      message: "the reader has hydrated",
      timeout: 30_000,
    })
    .toBe(true);
}

/** Select `length` characters starting at UTF-16 offset `offset` of the first text node containing `needle`. */
export async function selectPhrase(page: Page, needle: string): Promise<void> {
  // A selection made before React has taken over the text region is one the reader never heard of.
  await readerHydrated(page);
  await page.evaluate((needle) => {
    // A mouse selection in the text takes the focus from whatever had it (the note editor, a field); a
    // selection set from a script does not, and an editor that keeps the focus puts its own selection
    // back on its next update (a draft's note just typed: under load, after the toolbar's read).
    (document.activeElement as HTMLElement | null)?.blur();
    const root = document.querySelector('[aria-label="Document text"]')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node: Text | null;
    while ((node = walker.nextNode() as Text | null)) {
      const i = node.data.indexOf(needle);
      if (i >= 0) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + needle.length);
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(range);
        return;
      }
    }
    throw new Error(`"${needle}" not found in one text node`);
  }, needle);
}

export const annotationsRegion = (page: Page) => page.getByRole("region", { name: "Annotations" });
export const toolbar = (page: Page) => page.getByRole("toolbar", { name: "Annotate selection" });

/** A layer the reader draws: a class, an overlap depth, the draft, or a kind of suggestion (Suggest on). */
export type HighlightKind = "sourced" | "contested" | "opinion" | "overlap-2" | "overlap-3" | "draft" | `suggest-${string}`;

/**
 * The text each drawn highlight of a kind covers (the reader draws them with the CSS Custom Highlight
 * API, so they are ranges, not elements). Whitespace is collapsed; a range over two paragraphs joins them.
 */
export async function highlighted(page: Page, kind: HighlightKind): Promise<string[]> {
  return page.evaluate((name) => {
    const h = CSS.highlights.get(name);
    if (!h) return [];
    return [...h].map((r) => {
      const live = document.createRange();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      return live.toString().replace(/\s+/g, " ").trim();
    });
  }, `apx-${kind}`);
}

/**
 * Where on screen the `nth` highlight of a kind is (the middle of its first line), scrolled into view;
 * waits for the reader to have drawn it (highlights are registered once the page has hydrated).
 */
export async function highlightPoint(page: Page, kind: HighlightKind, nth = 0): Promise<{ x: number; y: number }> {
  let point: { x: number; y: number } | null = null;
  await expect
    .poll(
      async () =>
        (point = await page.evaluate(
          ([name, nth]) => {
            const h = CSS.highlights.get(name as string);
            const r = h ? [...h][nth as number] : undefined;
            if (!r) return null;
            const live = document.createRange();
            live.setStart(r.startContainer, r.startOffset);
            live.setEnd(r.endContainer, r.endOffset);
            (r.startContainer.parentElement as HTMLElement).scrollIntoView({ block: "center" });
            const first = [...live.getClientRects()].find((b) => b.width > 4) ?? live.getBoundingClientRect();
            return { x: first.left + Math.min(first.width / 2, 20), y: first.top + first.height / 2 };
          },
          [`apx-${kind}`, nth] as const,
        )),
      { message: `highlight ${kind} #${nth}` },
    )
    .toBeTruthy();
  return point!;
}

/** Click (or tap) the `nth` highlight of a kind. */
export async function clickHighlight(page: Page, kind: HighlightKind, nth = 0): Promise<void> {
  const { x, y } = await highlightPoint(page, kind, nth);
  await page.mouse.click(x, y);
}

/** The page scrolls sideways (its content is wider than the viewport). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/**
 * Opens `path` in a new page of `context` with the page's script chunks held back until `release()`: only
 * the HTML and its inline scripts run (style sheets are let through: an inline script waits for them, as
 * the text's paint does). The context should be fresh, so that no script is cached and every one is held.
 */
export async function openWithScriptsHeld(context: BrowserContext, path: string): Promise<{ page: Page; release: () => void }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await context.route(/\/_next\/static\/chunks\/.*\.js(\?|$)/, async (route) => {
    await released;
    await route.continue();
  });
  const page = await context.newPage();
  // Not until DOMContentLoaded: that waits for the held scripts.
  await page.goto(path, { waitUntil: "commit" });
  return { page, release };
}

/**
 * Holds the note editor's script (Tiptap, loaded apart from the reader) back until `release()`. Set it up
 * before the page opens: the reader asks for the editor as soon as it is idle. `held()` says whether the
 * request has come (the route sees a chunk only once its body is fetched, which under load can be late).
 */
export async function holdNoteEditor(page: Page): Promise<{ held: () => boolean; release: () => void }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  await page.route(/\/_next\/static\/chunks\/.*\.js(\?|$)/, async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes("ProseMirror")) {
      held = true;
      await released;
    }
    await route.fulfill({ response, body });
  });
  return { held: () => held, release };
}

/** Whether React has hydrated the element (it has a fiber). */
export const hydratedElement = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactFiber")));

/**
 * Select the first occurrence of `needle` as a finger does on a phone, through the reader's own touch path:
 * a long press on its first word (Chrome on Android: pointerdown from the touch, the browser selects the
 * word, then it cancels the pointer: pointercancel, no pointerup), then the selection's handles dragged to
 * the needle's end (selectionchange alone: the handles are the browser's, the page hears no pointer). A
 * headless browser makes no selection of its own for a long press, so the script sets what the phone would.
 */
export async function touchSelectPhrase(page: Page, needle: string): Promise<void> {
  await readerHydrated(page);
  const point = await page.evaluate(selectInText, { needle, whole: false, select: false });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [point] });
  await page.evaluate(selectInText, { needle, whole: false, select: true }); // the long press selects the word under the finger
  await cdp.send("Input.dispatchTouchEvent", { type: "touchCancel", touchPoints: [] });
  await page.evaluate(selectInText, { needle, whole: true, select: true }); // the handles, dragged
  await cdp.detach();
}

/** (In the page.) The first word of `needle`, or all of it, in the text: selected, or scrolled to; its middle. */
function selectInText({ needle, whole, select }: { needle: string; whole: boolean; select: boolean }): { x: number; y: number } {
  const root = document.querySelector('[aria-label="Document text"]')!;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node: Text | null;
  while ((node = walker.nextNode() as Text | null)) {
    const i = node.data.indexOf(needle);
    if (i < 0) continue;
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + (whole ? needle.length : needle.search(/\s|$/)));
    if (select) window.getSelection()!.setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
    else (node.parentElement as HTMLElement).scrollIntoView({ block: "center" });
    const box = range.getClientRects()[0];
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  }
  throw new Error(`"${needle}" not found in one text node`);
}
