import { test, expect, type APIRequestContext, type Browser } from "@playwright/test";
import { gunzipSync } from "node:zlib";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS, E2E_BASE_URL } from "./support/env";
import { createDocument, sampleText } from "./support/api";
import { ORPHAN_PAGE } from "../lib/annotations/types";
import { annotationsRegion, hydratedElement, openWithScriptsHeld } from "./support/reader";

// A document with more highlights than the reader page carries (500): the page fetches them from
// GET /api/documents/[id]/spans as it hydrates, and shows the cards it came with meanwhile. Its early
// script draws them before that from the numbers the page carries of them (up to 10,000).
const MANY = 520;
const tag = `many-${Date.now().toString(36)}`;
let doc: { id: string; text: string };
let ids: string[] = [];
test.describe.configure({ timeout: 180_000 });

/** Every sentence of the sample text (ASCII: code points are UTF-16 indexes), in document order. */
function sentences(text: string) {
  return [...text.matchAll(/[A-Z][^.\n]*\./g)].map((m) => ({ start: m.index, end: m.index + m[0].length, quote: m[0] }));
}

async function annotateMany(api: APIRequestContext, documentId: string, spans: Array<{ start: number; end: number; quote: string }>) {
  const made: Array<{ id: string; start: number }> = [];
  let next = 0;
  const worker = async () => {
    while (next < spans.length) {
      const s = spans[next++];
      const res = await api.post(`/api/documents/${documentId}/annotations`, { data: { ...s, classification: "sourced", evidence: [] } });
      expect(res.status()).toBe(201);
      made.push({ id: ((await res.json()) as { id: string }).id, start: s.start });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return made.sort((a, b) => a.start - b.start).map((a) => a.id);
}

test.beforeAll(async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  doc = await createDocument(rosa, `Many highlights ${tag}`, sampleText(tag, 80));
  const all = sentences(doc.text);
  expect(all.length).toBeGreaterThan(MANY);
  ids = await annotateMany(rosa, doc.id, all.slice(0, MANY));
  await rosa.dispose();
});

const highlights = (page: import("@playwright/test").Page) => page.locator("[data-highlights]");

/** A fresh browser context signed in as Victor (nothing cached), and the spans' requests it makes. */
async function victorCountingSpans(browser: Browser) {
  const api = await apiAs(ACCOUNTS.victor);
  const context = await browser.newContext({ storageState: await api.storageState() });
  await api.dispose();
  const requests: string[] = [];
  context.on("request", (r) => {
    if (new URL(r.url()).pathname === `/api/documents/${doc.id}/spans`) requests.push(r.url());
  });
  return { context, requests };
}

test("the page carries no spans, fetches them once, draws every highlight, and a permalink far down focuses its card", async ({ page }) => {
  const api = await apiAs(ACCOUNTS.victor);
  const html = await (await api.get(`/documents/${doc.id}`)).text();
  expect(html.includes(`/api/documents/${doc.id}/spans`)).toBe(true);
  expect(html.includes(ids[300])).toBe(false); // neither a card nor a span of the middle of the list
  await api.dispose();

  const requests: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname === `/api/documents/${doc.id}/spans`) requests.push(url.search);
  });
  await signIn(page, ACCOUNTS.victor);
  const last = ids[ids.length - 1];
  await page.goto(`/documents/${doc.id}?a=${last}`);
  await expect(highlights(page)).toHaveAttribute("data-highlights", String(MANY));
  const card = annotationsRegion(page).locator(`#a-${last}`);
  await expect(card).toBeFocused();
  await expect(card).toBeInViewport();
  await expect(annotationsRegion(page).getByRole("heading", { name: `Annotations (${MANY})` })).toBeVisible();
  await expect(page.getByRole("region", { name: "Reliability summary" })).toContainText(`${MANY}`);
  // j moves through every highlight, not only the first cards': from the last one there is none below.
  await page.keyboard.press("j");
  await expect(page.getByRole("status").filter({ hasText: "No more highlights below." })).toBeAttached();
  expect(requests).toEqual(["?packed=gzip"]);
});

test("the highlights are drawn from the page's own numbers of them before its scripts run; the spans' one request, found the same, keeps them", async ({ browser }) => {
  const { context, requests } = await victorCountingSpans(browser);
  // The spans' answer is held too: what is drawn meanwhile comes from the page alone.
  let answer!: () => void;
  const answered = new Promise<void>((r) => (answer = r));
  await context.route(`**/api/documents/${doc.id}/spans?packed=gzip`, async (route) => {
    await answered;
    await route.continue();
  });
  const { page, release } = await openWithScriptsHeld(context, `/documents/${doc.id}`);
  const text = page.locator(".doc-text");
  await expect(text).toHaveAttribute("data-highlights", String(MANY));
  expect(await page.evaluate(() => window.__apxEarly?.drawn?.source)).toBe("numbers");
  const hydrated = () => hydratedElement(page, ".doc-text");
  expect(await hydrated()).toBe(false);
  await page.evaluate(() => ((window as unknown as { __early: unknown }).__early = CSS.highlights.get("apx-sourced")));
  answer();
  await expect.poll(() => page.evaluate(() => typeof window.__apxEarly?.drawn?.source)).toBe("object"); // the answer, found the same
  release();
  await expect.poll(hydrated).toBe(true);
  await expect(annotationsRegion(page).getByRole("heading", { name: `Annotations (${MANY})` })).toBeVisible();
  await expect.poll(() => page.evaluate(() => CSS.highlights.has("apx-overlap-2"))).toBe(true);
  expect(await page.evaluate(() => CSS.highlights.get("apx-sourced") === (window as unknown as { __early: unknown }).__early)).toBe(true);
  await expect(text).toHaveAttribute("data-highlights", String(MANY));
  expect(requests).toHaveLength(1);
  await context.close();
});

test("a page that carries no numbers of its spans (over 10,000) draws them from the spans' one request before its scripts run; the reader takes that request", async ({ browser }) => {
  const { context, requests } = await victorCountingSpans(browser);
  // As the page of a document with more than 10,000 annotations comes: its early script without numbers.
  await context.route(`**/documents/${doc.id}`, async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    // In the script only: the page's payload keeps them (its rows are counted in bytes), so React finds a
    // script it did not render and renders the page anew as it hydrates, drawing the highlights itself.
    const stripped = html.replace(/\{"spans":"[0-9a-z,-]*","url":"/, '{"spans":null,"url":"');
    expect(stripped.length).toBeLessThan(html.length - MANY);
    const headers = Object.fromEntries(Object.entries(response.headers()).filter(([k]) => k !== "content-encoding" && k !== "content-length"));
    await route.fulfill({ status: response.status(), headers, body: stripped });
  });
  const { page, release } = await openWithScriptsHeld(context, `/documents/${doc.id}`);
  const text = page.locator(".doc-text");
  await expect(text).toHaveAttribute("data-highlights", String(MANY));
  expect(await page.evaluate(() => typeof window.__apxEarly?.drawn?.source)).toBe("object"); // the answer
  expect(await hydratedElement(page, ".doc-text")).toBe(false);
  release();
  await expect.poll(() => hydratedElement(page, ".doc-text")).toBe(true);
  await expect(annotationsRegion(page).getByRole("heading", { name: `Annotations (${MANY})` })).toBeVisible();
  await expect(page.locator(".doc-text")).toHaveAttribute("data-highlights", String(MANY));
  expect(requests).toHaveLength(1); // the reader took the script's request
  await context.close();
});

test("changes made while the spans are on their way are applied on top of them, in order", async ({ page }) => {
  let fetched!: () => void;
  const wasFetched = new Promise<void>((r) => (fetched = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  // The spans are read now, before the changes below, and delivered after them.
  await page.route(`**/api/documents/${doc.id}/spans?packed=gzip`, async (route) => {
    const response = await route.fetch();
    fetched();
    await released;
    await route.fulfill({ response });
  });
  await signIn(page, ACCOUNTS.victor);
  await page.goto(`/documents/${doc.id}`);
  await wasFetched;
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  // meanwhile, the page's own numbers of its spans are drawn
  await expect(page.locator(".doc-text")).toHaveAttribute("data-highlights", String(MANY));

  const rosa = await apiAs(ACCOUNTS.rosa);
  const spare = sentences(doc.text).slice(MANY, MANY + 2);
  const added = await annotateMany(rosa, doc.id, spare);
  expect((await rosa.delete(`/api/annotations/${ids[0]}`)).status()).toBe(204);
  await rosa.dispose();
  await page.waitForTimeout(1500); // the three events reach the page while its spans are held
  release();

  await expect(highlights(page)).toHaveAttribute("data-highlights", String(MANY + 1));
  await expect(annotationsRegion(page).getByRole("heading", { name: `Annotations (${MANY + 1})` })).toBeVisible();
  await expect(annotationsRegion(page).locator(`#a-${ids[0]}`)).toHaveCount(0);
  await page.goto(`/documents/${doc.id}?a=${added[1]}`);
  await expect(annotationsRegion(page).locator(`#a-${added[1]}`)).toBeFocused();
});

test("the spans API: compact tuples with their authors, an ETag that answers 304, 401 signed out, 404 for no document", async ({ playwright }) => {
  const api = await apiAs(ACCOUNTS.edith);
  const res = await api.get(`/api/documents/${doc.id}/spans`);
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("private, no-cache, no-transform");
  const body = (await res.json()) as { authors: Array<{ id: string; name: string }>; spans: Array<[string, number, number, ...number[]]> };
  expect(body.authors.map((a) => a.name)).toEqual(["Rosa Reviewer"]);
  expect(body.spans.length).toBeGreaterThan(MANY - 10);
  const [id, start, end] = body.spans[0];
  expect(typeof id).toBe("string");
  expect(doc.text.slice(start, end)).toMatch(/\.$/);
  const etag = res.headers()["etag"];
  expect(etag).toMatch(/^"[\w-]+"$/);
  expect((await api.get(`/api/documents/${doc.id}/spans`, { headers: { "if-none-match": etag } })).status()).toBe(304);
  expect((await api.get(`/api/documents/${doc.id}/spans`, { headers: { "if-none-match": '"other"' } })).status()).toBe(200);
  // Packed: the same JSON, gzipped once per version, as application/gzip (the reader unpacks it).
  const packed = await api.get(`/api/documents/${doc.id}/spans?packed=gzip`);
  expect(packed.headers()["content-type"]).toBe("application/gzip");
  expect(JSON.parse(gunzipSync(await packed.body()).toString())).toEqual(body);
  expect((await api.get(`/api/documents/${doc.id}/spans?packed=gzip`, { headers: { "if-none-match": packed.headers()["etag"] } })).status()).toBe(304);
  for (const bad of ["packed=br", "packed=", "other=1"]) expect((await api.get(`/api/documents/${doc.id}/spans?${bad}`)).status(), bad).toBe(400);
  expect((await api.get(`/api/documents/no-such-document/spans`)).status()).toBe(404);
  await api.dispose();
  const anonymous = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
  expect((await anonymous.get(`/api/documents/${doc.id}/spans`)).status()).toBe(401);
  await anonymous.dispose();
});

test("after a version that loses every passage, the reader counts all the orphaned annotations and lists each one, a page at a time", async ({ page }, testInfo) => {
  // It counted and listed only the first 500 of them: the rest could not be seen or resolved.
  const rosa = await apiAs(ACCOUNTS.rosa);
  const live = ((await (await rosa.get(`/api/documents/${doc.id}/spans`)).json()) as { spans: Array<[string]> }).spans.map((s) => s[0]);
  expect(live.length).toBeGreaterThan(500);
  // One beyond the first 500 has an open dispute: the reader's summary counts it before its card is fetched.
  const victor = await apiAs(ACCOUNTS.victor);
  const disputed = live[live.length - 1];
  expect((await victor.put(`/api/annotations/${disputed}/verdict`, { data: { verdict: "dispute", proposedClass: "opinion" } })).status()).toBe(200);
  await victor.dispose();
  const res = await rosa.post(`/api/documents/${doc.id}/versions`, { data: { text: `Nothing of the earlier text is left here. ${tag}`, format: "text" } });
  expect(res.status()).toBe(201);
  // The API's pages: ?anchor=orphaned&limit=&cursor=, with how many come after each.
  const first = (await (await rosa.get(`/api/documents/${doc.id}/annotations?anchor=orphaned&limit=500`)).json()) as { annotations: Array<{ id: string }>; nextCursor: string; rest: { count: number } };
  expect(first.annotations).toHaveLength(500);
  expect(first.rest.count).toBe(live.length - 500);
  await rosa.dispose();

  await signIn(page, ACCOUNTS.rosa);
  await page.goto(`/documents/${doc.id}`);
  const region = annotationsRegion(page);
  const n = live.length.toLocaleString("en");
  await expect(region.getByRole("heading", { name: `Annotations (${n})` })).toBeVisible();
  await expect(region.getByRole("heading", { name: `Not found in this version’s text (${n})` })).toBeVisible();
  await expect(page.getByTestId("needs-check-link")).toHaveText(`⚠ ${n} need a check`);
  const cards = region.locator("li.entry-orphaned");
  await expect(cards).toHaveCount(ORPHAN_PAGE);
  const summary = page.getByRole("region", { name: "Reliability summary" });
  // The summary is computed after hydration, in the background (~0.3 s here). Waited for with waitFor, not
  // expect: every poll of an expect that finds no element takes an aria snapshot of the whole page
  // (Playwright 1.65), 0.3–0.7 s of the page's main thread with 500 cards, back to back, which kept React from
  // rendering the summary for 5 s idle and over 10 s on a loaded machine.
  await page.getByTestId("open-disputes").waitFor();
  await expect(summary.getByTestId("open-disputes")).toHaveText("1 open dispute");
  const entry = summary.locator(".summary-disputed li");
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("not in this version’s text");
  // Its card is fetched to show it.
  await entry.getByRole("button", { name: /Show its card/ }).click();
  await expect(page.locator(`#a-${disputed}`)).toBeFocused();
  await expect(cards).toHaveCount(ORPHAN_PAGE + 1);
  const more = region.getByRole("button", { name: /^(Show \d+ more orphaned annotations?|Loading…)$/ });
  // the one fetched alone is counted once: listed, not among those to fetch
  await expect(more).toHaveText(`Show ${live.length - ORPHAN_PAGE - 1} more orphaned annotations`);
  await expect(region.getByRole("heading", { name: `Annotations (${n})` })).toBeVisible();
  await expect(page.getByTestId("needs-check-link")).toHaveText(`⚠ ${n} need a check`);
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    if (width === 390) await page.locator(`button[data-tab="annotations"]`).click();
    await more.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`orphans-more-${width}.png`) });
    if (width === 390) await page.keyboard.press("Escape");
  }
  while (await more.count()) {
    const before = await cards.count();
    await more.click();
    await expect(cards).not.toHaveCount(before);
  }
  await expect(cards).toHaveCount(live.length);
  // every one, once, in the order of their last placement (the spans' order before the version)
  expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute("data-annotation-id")))).toEqual(live);
  await expect(region.getByRole("heading", { name: `Not found in this version’s text (${n})` })).toBeVisible();
  // the last one can be resolved like the first (its author's controls)
  const last = region.locator(`#entry-${live[live.length - 1]}`);
  await last.scrollIntoViewIfNeeded();
  await expect(last.getByRole("button", { name: "Leave orphaned" })).toBeVisible();
});
