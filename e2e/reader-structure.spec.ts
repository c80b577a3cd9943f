// The reader renders a document's structure (headings with an outline, lists, quotes, safe links,
// citation markers with their notes, image descriptions) over the same code point offsets, and the
// opt-in "Suggest" control lists suggested claims that a reviewer accepts (with the origin recorded)
// or dismisses (remembered for them). Set up through the API; the structure itself is tested in
// structure.spec.ts, the rendering here.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { apiFor, browserAs, makePerson, signedInState, type Person } from "./support/people";
import { clickHighlight, highlighted, toolbar } from "./support/reader";

test.describe.configure({ mode: "serial", timeout: 90_000 });

const RUN = crypto.randomUUID().slice(0, 8);
const TITLE = `Harbour board approves new cranes ${RUN}`;

let reviewer: Person;
let api: APIRequestContext;
let state: Awaited<ReturnType<typeof signedInState>>;
let doc: { id: string; text: string };

/** Code point offsets of the first occurrence of `phrase` in the stored text. */
function spanOf(text: string, phrase: string) {
  const i = text.indexOf(phrase);
  expect(i, phrase).toBeGreaterThanOrEqual(0);
  const start = [...text.slice(0, i)].length;
  return { start, end: start + [...phrase].length };
}

const textRegion = (page: Page) => page.getByRole("region", { name: "Document text" });

/** No serious or critical axe violations in what is on the page now (the outline, a tooltip, the suggestions). */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  const severe = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(severe).toEqual([]);
}

test.beforeAll(async () => {
  reviewer = await makePerson("reviewer", "structure");
  [api, state] = await Promise.all([apiFor(reviewer), signedInState(reviewer)]);
  // A page with a nav bar, headings at three levels, a list, a quote, an image, a safe and a javascript: link, and a footnote.
  const html = fs.readFileSync(path.join("e2e", "fixtures", "harbour-report.html"), "utf8").replace("<h1>Harbour board approves new cranes</h1>", `<h1>${TITLE}</h1>`);
  const res = await api.post("/api/documents", {
    multipart: { title: TITLE, kind: "newspaper", file: { name: "harbour.html", mimeType: "text/html", buffer: Buffer.from(html) } },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const body = (await (await api.get(`/api/documents/${id}`)).json()) as { text: string };
  doc = { id, text: body.text };
  expect(doc.text).not.toContain("Home | About");
});

test.afterAll(async () => {
  await api?.dispose();
});

test("headings, an outline that jumps to them, a list, a quote, an image description, a safe link and a footnote on hover and focus", async ({ browser }) => {
  const context = await browserAs(browser, state);
  const page = await context.newPage();
  await page.goto(`/documents/${doc.id}`);
  const text = textRegion(page);

  // Source h1/h2/h3 under the page's own h1: h2/h3/h4, with ids to link to.
  await expect(text.getByRole("heading", { level: 2, name: TITLE })).toBeVisible();
  await expect(text.getByRole("heading", { level: 3 })).toHaveText(["What was decided", "Notes"]);
  await expect(text.getByRole("heading", { level: 4, name: "Who objected" })).toHaveAttribute("id", "h-who-objected");
  await expect(text.getByRole("list").first().getByRole("listitem")).toHaveText(["• new cranes for the north quay;", "• a safety review before they run;", "• monthly reports to the union."]);
  await expect(text.locator("blockquote")).toHaveText("We were not consulted about any of this, and we will say so at the next meeting.");
  await expect(text.getByRole("img", { name: "Image: A chart of crane deliveries by month" })).toBeAttached();

  // The outline lists the headings; following one moves focus (and the view) to its heading.
  const outline = page.getByRole("navigation", { name: "Outline" });
  await outline.getByText("Outline").click();
  await expect(outline.getByRole("link")).toHaveText([TITLE, "What was decided", "Who objected", "Notes"]);
  await outline.getByRole("link", { name: "Notes" }).click();
  const notes = text.getByRole("heading", { name: "Notes" });
  await expect(notes).toBeFocused();
  await expect(notes).toBeInViewport();
  expect(new URL(page.url()).hash).toBe("#h-notes");

  // The link: a real link to its URL, in a new tab, without opener or referrer, not draggable (a drag selects text).
  const link = text.getByRole("link", { name: "the board's website" });
  await expect(link).toHaveAttribute("href", "https://harbour.example.org/minutes/2024-06");
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer");
  await expect(link).toHaveAttribute("draggable", "false");
  // The javascript: link of the source is plain text.
  await expect(text.getByText("scripted link")).toBeVisible();
  await expect(text.getByRole("link", { name: "scripted link" })).toHaveCount(0);
  expect(await text.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual(["https://harbour.example.org/minutes/2024-06"]);

  // The footnote marker shows its note on hover, and on focus (described by the tooltip); Escape hides it.
  const marker = text.locator(".doc-cite", { hasText: "[1]" });
  const tip = page.getByRole("tooltip");
  await marker.hover();
  await expect(tip).toContainText("Minutes of the harbour board, 4 June 2024, item 7.");
  await page.mouse.move(5, 5);
  await expect(tip).toBeHidden();
  await marker.focus();
  await expect(tip).toContainText("Minutes of the harbour board, 4 June 2024, item 7.");
  await expect(marker).toHaveAttribute("aria-describedby", (await tip.getAttribute("id"))!);
  await expectAccessible(page);
  await page.keyboard.press("Escape");
  await expect(tip).toBeHidden();
  await expect(marker).not.toHaveAttribute("aria-describedby");
  await context.close();
});

test("an annotation selected across a link, a list and a heading has the stored text's offsets and quote", async ({ browser }) => {
  const context = await browserAs(browser, state);
  const page = await context.newPage();
  await page.goto(`/documents/${doc.id}`);
  await expect(textRegion(page).getByRole("heading", { name: "Who objected" })).toBeVisible();
  // From inside the link to the end of the heading "Who objected", as a drag would select it.
  await page.evaluate(() => {
    const root = document.querySelector('[aria-label="Document text"]')!;
    const link = root.querySelector("a.doc-link")!;
    const start = document.createTreeWalker(link, NodeFilter.SHOW_TEXT).nextNode() as Text;
    const heading = [...root.querySelectorAll("h4")].find((h) => h.textContent === "Who objected")!;
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    let end: Text | null = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) end = n as Text;
    const range = document.createRange();
    range.setStart(start, start.data.indexOf("board's"));
    range.setEnd(end!, end!.data.length);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
  });
  await expect(toolbar(page)).toBeVisible();
  await toolbar(page).getByRole("button", { name: /Opinion/ }).click();
  const panel = page.getByRole("region", { name: "New annotation" });
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(panel).toBeHidden();

  const phrase = doc.text.slice(doc.text.indexOf("board's website"), doc.text.indexOf("Who objected") + "Who objected".length);
  expect(phrase).toContain("• new cranes for the north quay;\n\n");
  const { annotations } = (await (await api.get(`/api/documents/${doc.id}/annotations`)).json()) as { annotations: Array<{ start: number; end: number; quote: string; classification: string }> };
  expect(annotations).toHaveLength(1);
  expect(annotations[0]).toMatchObject({ ...spanOf(doc.text, phrase), quote: phrase, classification: "opinion" });
  await context.close();
});

test("on a phone the outline is collapsed, opens, and closes again after jumping to a heading", async ({ browser }) => {
  const context = await browserAs(browser, state, { width: 390, height: 844 });
  const page = await context.newPage();
  await page.goto(`/documents/${doc.id}`);
  const outline = page.getByRole("navigation", { name: "Outline" });
  await expect(outline.getByRole("link", { name: "Who objected" })).toBeHidden();
  await outline.getByText("Outline").click();
  await outline.getByRole("link", { name: "Who objected" }).click();
  const heading = textRegion(page).getByRole("heading", { name: "Who objected" });
  await expect(heading).toBeFocused();
  await expect(heading).toBeInViewport();
  await expect(outline.getByRole("link", { name: "Who objected" })).toBeHidden();
  await context.close();
});

test("a viewer, who cannot annotate, gets no Suggest control", async ({ browser }) => {
  const context = await browserAs(browser, await makePerson("viewer", "structure"));
  const page = await context.newPage();
  await page.goto(`/documents/${doc.id}`);
  await expect(textRegion(page).getByRole("heading", { name: "Who objected" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Outline" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Suggest" })).toHaveCount(0);
  await context.close();
});

test("Anti-Stalinist left: Suggest offers the cited sentences as likely sourced; one is accepted with its origin recorded, one dismissed for good", async ({ browser }) => {
  const { documents } = (await (await api.get("/api/documents?pageSize=100")).json()) as { documents: Array<{ id: string; title: string }> };
  const seed = documents.find((d) => d.title === "Anti-Stalinist left")!;
  type Offered = { start: number; end: number; quote: string; kind: string; reason: string };
  const offered = async (query = "") => ((await (await api.get(`/api/documents/${seed.id}/suggestions${query}`)).json()) as { suggestions: Offered[] }).suggestions;
  const before = await offered();
  const sourced = before.filter((s) => s.kind === "likely-sourced");
  expect(sourced.length).toBeGreaterThan(10);

  const context = await browserAs(browser, state);
  const page = await context.newPage();
  await page.goto(`/documents/${seed.id}`);
  // Off by default; a viewer-facing page shows no suggestions until asked.
  const toggle = page.getByRole("button", { name: "Suggest" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByRole("region", { name: /Suggestions/ })).toHaveCount(0);
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");

  // As many likely-sourced suggestions listed and marked in the text as the API offers this reviewer.
  const panel = page.getByRole("region", { name: /Suggestions/ });
  const items = panel.locator('li[data-kind="likely-sourced"]');
  await expect(items).toHaveCount(sourced.length);
  await expect(panel.locator("li.suggestion")).toHaveCount(before.length);
  await expect.poll(() => page.evaluate(() => CSS.highlights.get("apx-suggest-likely-sourced")?.size ?? 0)).toBe(sourced.length);
  await expect(items.first()).toContainText(sourced[0].reason);
  await expectAccessible(page);

  // Clicking a suggestion's mark in the text focuses its entry in the list (where Enter or 1/2/3 accept it).
  // One that no annotation covers (a click on an annotation opens its card), found among the drawn marks by its text.
  const taken = ((await (await api.get(`/api/documents/${seed.id}/annotations`)).json()) as { annotations: Array<{ start: number; end: number }> }).annotations;
  const free = sourced.slice(1).find((s) => !taken.some((a) => a.start < s.end && s.start < a.end))!;
  const squash = (t: string) => t.replace(/\s+/g, " ").trim();
  const marks = await highlighted(page, "suggest-likely-sourced");
  const nth = marks.findIndex((m) => m.length > 0 && squash(free.quote).startsWith(m));
  expect(nth).toBeGreaterThanOrEqual(0);
  await clickHighlight(page, "suggest-likely-sourced", nth);
  await expect(panel.locator(`li[data-key="${free.start}-${free.end}"]`)).toBeFocused();

  // Enter on the first: the editor opens on its passage as Sourced, its references as evidence; saved, it records the suggestion.
  await items.first().focus();
  await page.keyboard.press("Enter");
  const editor = page.getByRole("region", { name: "New annotation" });
  await expect(editor).toBeVisible();
  await expect(editor.getByRole("radio", { name: "Sourced" })).toBeChecked();
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor).toBeHidden();
  const { annotations } = (await (await api.get(`/api/documents/${seed.id}/annotations`)).json()) as {
    annotations: Array<{ id: string; start: number; end: number; quote: string; author: { id: string }; suggestion: { kind: string; reason: string } | null; evidence: Array<{ citation?: string }> }>;
  };
  const mine = annotations.filter((a) => a.author.id === reviewer.id);
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({ start: sourced[0].start, end: sourced[0].end, quote: sourced[0].quote, suggestion: { kind: "likely-sourced", reason: sourced[0].reason } });
  expect(mine[0].evidence.length).toBeGreaterThan(0);
  // Annotated now: no longer offered.
  await expect(items).toHaveCount(sourced.length - 1);

  // d dismisses the next one; after a reload (Suggest stays on) it is still gone, for this reviewer only.
  const next = sourced[1];
  await expect(items.first()).toContainText(next.reason);
  await items.first().focus();
  await page.keyboard.press("d");
  await expect(items).toHaveCount(sourced.length - 2);
  await page.reload();
  await expect(page.getByRole("button", { name: "Suggest" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("region", { name: /Suggestions/ }).locator('li[data-kind="likely-sourced"]')).toHaveCount(sourced.length - 2);
  expect((await offered()).some((s) => s.start === next.start)).toBe(false);
  expect((await offered("?dismissed=1")).find((s) => s.start === next.start)).toMatchObject({ dismissed: true });
  await context.close();

  // Tidy up: the seed is shared with other specs.
  expect((await api.delete(`/api/annotations/${mine[0].id}`)).status()).toBe(204);
});
