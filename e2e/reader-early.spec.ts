// Highlights drawn before the reader hydrates: the page's early script (components/reader/early-highlights.ts)
// draws them as soon as the text is parsed, with the page's scripts held back here; once they run, the
// reader takes the same highlights over without drawing them again. Offsets are code points: the text
// has astral characters (two UTF-16 units each) before and inside the passages.
import { test, expect, type Browser, type Page } from "@playwright/test";
import { annotate } from "./support/api";
import { apiFor, browserAs, makeDocument, makePerson, signedInState, type Person } from "./support/people";
import { openWithScriptsHeld } from "./support/reader";

const RUN = Date.now().toString(36);
const V1 = [
  `𝔗𝔥𝔢 𝔠𝔬𝔪𝔪𝔦𝔱𝔱𝔢𝔢 said the budget dubled in 2019 🙂, citing its annual report (${RUN}).`,
  "Critics called the whole plan 🚂 a fantasy from start to finish.",
  "The editor thinks it was the 𝒻𝒾𝓃𝑒𝓈𝓉 decade the town ever had.",
].join("\n\n");
// Version 2 fixes the typo inside an annotated passage: that annotation is placed approximately (fuzzy).
const V2 = V1.replace("dubled", "doubled");

let reviewerState: Awaited<ReturnType<typeof signedInState>>;
let docId = "";
// The passages as the highlights must cover them (the fuzzy one as placed on version 2), by kind.
const expected = {
  "apx-sourced": ["the budget doubled in 2019 🙂"],
  "apx-contested": [] as string[],
  "apx-opinion": ["the whole plan 🚂 a fantasy", "the 𝒻𝒾𝓃𝑒𝓈𝓉 decade"],
  "apx-fuzzy": ["the budget doubled in 2019 🙂"],
};

test.beforeAll(async () => {
  const [reviewer, editor]: Person[] = await Promise.all([makePerson("reviewer", "Early reviewer"), makePerson("editor", "Early editor")]);
  const [api, editorApi] = await Promise.all([apiFor(reviewer), apiFor(editor)]);
  const doc = await makeDocument(`Early highlights ${RUN}`, V1);
  docId = doc.id;
  const withText = { id: doc.id, text: V1 };
  await annotate(api, withText, "the budget dubled in 2019 🙂", "sourced");
  // Drawn in its ruling's class (opinion), not the author's (contested).
  const ruled = await annotate(api, withText, "the whole plan 🚂 a fantasy", "contested");
  const ruling = await editorApi.put(`/api/annotations/${ruled.id}/ruling`, { data: { classification: "opinion", rationale: "The passage is the author's view." } });
  expect(ruling.status(), await ruling.text()).toBe(200);
  await annotate(api, withText, "the 𝒻𝒾𝓃𝑒𝓈𝓉 decade", "opinion");
  const version = await api.post(`/api/documents/${doc.id}/versions`, { data: { text: V2 } });
  expect(version.status(), await version.text()).toBe(201);
  reviewerState = await signedInState(reviewer);
  await Promise.all([api.dispose(), editorApi.dispose()]);
});

/** The reader page with its scripts held back until `release()`: only the HTML and its inline script run. */
async function openHeld(browser: Browser, viewport = { width: 1280, height: 900 }) {
  // A fresh context: nothing of the page's scripts is cached in it, so every one of them is held.
  const context = await browserAs(browser, reviewerState, viewport);
  return { ...(await openWithScriptsHeld(context, `/documents/${docId}`)), context };
}

/** What each highlight covers (its ranges' text), whether React has hydrated the text, and its count. */
const drawn = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector<HTMLElement>(".doc-text")!;
    const covers = (name: string) =>
      [...(CSS.highlights.get(name) ?? [])].map((r) => {
        const live = document.createRange();
        live.setStart(r.startContainer, r.startOffset);
        live.setEnd(r.endContainer, r.endOffset);
        return live.toString();
      });
    return {
      count: root.dataset.highlights,
      hydrated: Object.keys(root).some((k) => k.startsWith("__reactFiber")),
      kinds: Object.fromEntries(["apx-sourced", "apx-contested", "apx-opinion", "apx-fuzzy"].map((k) => [k, covers(k).sort()])),
    };
  });

test("the highlights are drawn before the page's scripts run, and the reader keeps them without drawing them again", async ({ browser }) => {
  const { page, release, context } = await openHeld(browser);
  await expect(page.locator(".doc-text")).toHaveAttribute("data-highlights", "3");
  const before = await drawn(page);
  expect(before.hydrated).toBe(false);
  expect(before.count).toBe("3");
  expect(before.kinds).toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, [...v].sort()])));
  // Each kind's Highlight object, to tell whether the reader replaces them when it hydrates.
  await page.evaluate(() => {
    (window as unknown as { __early: unknown[] }).__early = ["apx-sourced", "apx-contested", "apx-opinion", "apx-fuzzy"].map((k) => CSS.highlights.get(k));
  });
  release();
  await expect.poll(async () => (await drawn(page)).hydrated).toBe(true);
  // The overlaps are the reader's own (drawn after hydration): present means it has run its drawing.
  await expect.poll(() => page.evaluate(() => CSS.highlights.has("apx-overlap-2"))).toBe(true);
  expect(await drawn(page)).toEqual({ ...before, hydrated: true });
  const same = await page.evaluate(() =>
    ["apx-sourced", "apx-contested", "apx-opinion", "apx-fuzzy"].map((k, i) => CSS.highlights.get(k) === (window as unknown as { __early: unknown[] }).__early[i]),
  );
  expect(same).toEqual([true, true, true, true]);
  await context.close();
});

/** The bar of the panel's sheet at the bottom of a phone's screen: its buttons' names and its box. */
const sheetBar = (page: Page) =>
  page.evaluate(() => {
    const bar = document.querySelector<HTMLElement>("nav.sheet-bar");
    const box = bar?.getBoundingClientRect();
    return {
      buttons: [...(bar?.querySelectorAll("button") ?? [])].map((b) => b.textContent?.replace(/\s+/g, " ").trim()),
      shown: !!box && box.height > 0 && getComputedStyle(bar!).display !== "none",
      atBottom: !!box && Math.abs(box.bottom - window.innerHeight) <= 1,
    };
  });

test("on a phone, the page before its scripts run shows its text, highlights and the panel's bar, with the sheet closed", async ({ browser }) => {
  const { page, release, context } = await openHeld(browser, { width: 390, height: 844 });
  await expect(page.locator(".doc-text")).toHaveAttribute("data-highlights", "3");
  expect((await drawn(page)).hydrated).toBe(false);
  // The server renders for a wide screen; the sheet that panel becomes on a phone waits, closed.
  await expect(page.locator(".side")).toBeHidden();
  await expect(page.locator(".doc-text p").first()).toBeInViewport();
  // The bar is in the server's HTML, where it stays: nothing moves in under the text when the page hydrates.
  await expect.poll(() => sheetBar(page)).toEqual({ buttons: ["Annotations (3)", "Summary"], shown: true, atBottom: true });
  expect((await drawn(page)).hydrated).toBe(false);
  release();
  await expect.poll(async () => (await drawn(page)).hydrated).toBe(true);
  await expect(page.locator(".side")).toBeHidden();
  expect((await sheetBar(page)).atBottom).toBe(true);
  await page.getByRole("button", { name: /^Annotations/ }).click();
  await expect(page.getByRole("region", { name: "Reader panel" })).toBeVisible();
  await context.close();
});

test("on a wide screen the sheet's bar and Close button are not shown, before the scripts run or after", async ({ browser }) => {
  const { page, release, context } = await openHeld(browser);
  await expect(page.locator(".doc-text")).toHaveAttribute("data-highlights", "3");
  await expect(page.locator("nav.sheet-bar")).toBeAttached(); // in the server's HTML, not shown
  expect((await sheetBar(page)).shown).toBe(false);
  await expect(page.getByRole("navigation", { name: "Reader panels" })).toBeHidden();
  release();
  await expect.poll(async () => (await drawn(page)).hydrated).toBe(true);
  expect((await sheetBar(page)).shown).toBe(false);
  await expect(page.getByRole("navigation", { name: "Reader panels" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Close", exact: true })).toBeHidden();
  await context.close();
});

test("without the early script (a page reached inside the app) the reader draws the same highlights itself", async ({ browser }) => {
  const context = await browserAs(browser, reviewerState, { width: 1280, height: 900 });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("link", { name: `Early highlights ${RUN}`, exact: true }).click();
  await expect(page.getByRole("region", { name: "Document text" })).toBeVisible();
  await expect(page.locator(".doc-text")).toHaveAttribute("data-highlights", "3");
  const after = await drawn(page);
  expect(after.kinds).toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, [...v].sort()])));
  await context.close();
});
