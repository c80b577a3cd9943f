// Rulings, resolved disputes and placements to check, in the reader: an editor rules on a reviewer's
// annotation from its card (the author, a reviewer, sees it live and gets no controls), changes and
// withdraws it; a dispute the author settled reads as resolved; after a new version, a fuzzy placement
// is drawn dashed and says "check it", an orphaned annotation stays listed with its last quote, and the
// header counts what needs a check. Set up through the API; the browser only for what is tested.
import { test, expect, type Browser, type Locator, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import crypto from "node:crypto";
import { annotate } from "./support/api";
import { apiFor, browserAs, makeDocument, makePerson, signedInState, type Person } from "./support/people";

test.describe.configure({ mode: "serial" });

const RUN = crypto.randomUUID().slice(0, 8);
const V1 = [
  "The committee said the budget dubled in 2019, citing its own annual report.",
  "Critics called the whole plan a fantasy from start to finish.",
  "The editor thinks it was the finest decade the town ever had.",
  "The mayor resigned in 2020 after the vote.",
  `(Reader rulings sample ${RUN}.)`,
].join("\n\n");
// Version 2: the typo fixed inside an annotated passage (fuzzy), the mayor's sentence cut (orphaned).
const V2 = V1.replace("dubled", "doubled").replace("The mayor resigned in 2020 after the vote.\n\n", "");
const LIVE = { timeout: 2_000 };

let author: Person, editor: Person, disputer: Person;
let editorState: Awaited<ReturnType<typeof signedInState>>;
let authorState: Awaited<ReturnType<typeof signedInState>>;
let docId = "";
const ids = { ruled: "", adopted: "", typo: "", cut: "" };

test.beforeAll(async () => {
  [author, editor, disputer] = await Promise.all([makePerson("reviewer", "Author"), makePerson("editor", "Editor"), makePerson("reviewer", "Disputer")]);
  const [authorApi, disputerApi] = await Promise.all([apiFor(author), apiFor(disputer)]);
  const doc = await makeDocument(`Reader rulings ${RUN}`, V1);
  docId = doc.id;
  const withText = { id: doc.id, text: V1 };
  ids.ruled = (await annotate(authorApi, withText, "Critics called the whole plan a fantasy", "contested")).id;
  ids.adopted = (await annotate(authorApi, withText, "the finest decade the town ever had", "opinion")).id;
  ids.typo = (await annotate(authorApi, withText, "the budget dubled in 2019", "sourced")).id;
  ids.cut = (await annotate(authorApi, withText, "The mayor resigned in 2020", "sourced")).id;
  // An open dispute (the ruling will settle it) and one the author settles by adopting the class.
  for (const [id, proposedClass] of [[ids.ruled, "opinion"], [ids.adopted, "sourced"]]) {
    const res = await disputerApi.put(`/api/annotations/${id}/verdict`, { data: { verdict: "dispute", proposedClass } });
    expect(res.status(), await res.text()).toBe(200);
  }
  const adopted = await authorApi.patch(`/api/annotations/${ids.adopted}`, { data: { classification: "sourced" } });
  expect(adopted.status(), await adopted.text()).toBe(200);
  const version = await authorApi.post(`/api/documents/${doc.id}/versions`, { data: { text: V2 } });
  expect(version.status(), await version.text()).toBe(201);
  const { annotations } = (await (await authorApi.get(`/api/documents/${doc.id}/annotations`)).json()) as { annotations: Array<{ id: string; anchor: { state: string } }> };
  expect(Object.fromEntries(annotations.map((a) => [a.id, a.anchor.state]))).toMatchObject({ [ids.typo]: "fuzzy", [ids.cut]: "orphaned", [ids.ruled]: "exact" });
  [editorState, authorState] = await Promise.all([signedInState(editor), signedInState(author)]);
  await Promise.all([authorApi.dispose(), disputerApi.dispose()]);
});

async function openReader(browser: Browser, state: typeof editorState, viewport = { width: 1440, height: 900 }) {
  const context = await browserAs(browser, state, viewport);
  const page = await context.newPage();
  await page.goto(`/documents/${docId}`);
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  if (viewport.width < 1024) await page.getByRole("navigation", { name: "Reader panels" }).getByRole("button", { name: /Annotations/ }).click();
  return { context, page };
}
const card = (page: Page, id: string) => page.locator(`li[data-annotation-id="${id}"]`);
// "Ruled:", the class's badge (an icon, then the class), who ruled
const ruledBy = (cls: string) => new RegExp(`Ruled:\\s*\\S+ ${cls}\\s*by ${editor.name}`);
const dispute = (c: Locator) => c.getByRole("list", { name: "Disputes" }).getByRole("listitem");

test("an editor rules from the card, changes and withdraws the ruling; the author sees each within 2 s and has no controls", async ({ browser }) => {
  test.setTimeout(90_000);
  const ed = await openReader(browser, editorState);
  const au = await openReader(browser, authorState);
  const mine = card(au.page, ids.ruled);
  const theirs = card(ed.page, ids.ruled);
  await expect(dispute(mine)).toHaveText([/Open\s+Disputer .* would say Opinion/]);
  // the author never gets the controls, on their own annotation
  await expect(mine.getByRole("button", { name: "Rule", exact: true })).toHaveCount(0);

  // Rule: the form takes focus; a missing rationale is said in words
  const rule = theirs.getByRole("button", { name: "Rule", exact: true });
  await rule.click();
  const form = theirs.getByRole("form", { name: "Rule on this annotation" });
  await expect(form.getByRole("heading", { name: "Rule on this annotation" })).toBeFocused();
  await expect(form.getByRole("radio", { name: "Contested" })).toBeChecked();
  await form.getByRole("button", { name: "Cancel" }).click();
  await expect(form).toHaveCount(0);
  await expect(rule).toBeFocused();
  await rule.click();
  await form.getByRole("radio", { name: "Opinion" }).check();
  await form.getByRole("button", { name: "Save ruling" }).click();
  await expect(form.getByRole("alert")).toHaveText("A ruling needs a rationale: say why this is the right class.");
  await expect(form.getByRole("textbox", { name: "Rationale" })).toBeFocused(); // to where it is missing
  await form.getByRole("textbox", { name: "Rationale" }).fill("Nobody is quoted: it is the writer's own view.");
  await form.getByRole("button", { name: "Save ruling" }).click();

  const block = theirs.getByTestId("ruling");
  await expect(block).toHaveText(ruledBy("Opinion"));
  await expect(block).toContainText("Nobody is quoted: it is the writer's own view.");
  await expect(theirs.getByTestId("class-line")).toHaveText(/Author:\s*! Contested\s*·\s*Ruling:\s*≈ Opinion/);
  await expect(theirs.getByRole("button", { name: "Change ruling" })).toBeFocused();

  // the author, live: the ruling, both classes, the dispute settled by it; still no controls
  await expect(mine.getByTestId("ruling")).toHaveText(ruledBy("Opinion"), LIVE);
  await expect(mine.getByTestId("ruling")).toContainText("Nobody is quoted");
  await expect(mine.getByTestId("class-line")).toContainText("Ruling:");
  await expect(dispute(mine)).toHaveText([/Resolved\s+Disputer .* proposed Opinion — settled by the ruling \(Opinion\)/]);
  await expect(mine.getByTestId("dispute-count")).toHaveText("0 disputes");
  await expect(mine.getByRole("button", { name: /Rule|Change ruling|Withdraw ruling/ })).toHaveCount(0);

  // the list's Class filter goes by the claim's class, as the highlight and the summary do: the ruling's
  const list = au.page.getByRole("region", { name: "Annotations" });
  const classFilter = list.getByLabel("Class");
  await expect(mine).toHaveClass(/\bentry-opinion\b/);
  await classFilter.selectOption("opinion");
  await expect(mine).toBeVisible();
  await expect(list.getByRole("heading", { name: /^Annotations \(\d+ of \d+\)$/ })).toBeVisible();
  await classFilter.selectOption("contested");
  await expect(mine).toHaveCount(0);
  await classFilter.selectOption("");
  await expect(mine).toBeVisible();

  // Change: the form starts from the ruling; ruling the author's class upholds it
  await theirs.getByRole("button", { name: "Change ruling" }).click();
  const change = theirs.getByRole("form", { name: "Change the ruling" });
  await expect(change.getByRole("radio", { name: "Opinion" })).toBeChecked();
  await expect(change.getByRole("textbox", { name: "Rationale" })).toContainText("Nobody is quoted");
  await change.getByRole("radio", { name: "Contested" }).check();
  await change.getByRole("textbox", { name: "Rationale" }).fill("On reflection: critics are named in the report, so it is contested.");
  await change.getByRole("button", { name: "Save ruling" }).click();
  await expect(block).toHaveText(ruledBy("Contested"));
  await expect(mine.getByTestId("ruling")).toHaveText(ruledBy("Contested"), LIVE);
  await expect(mine.getByTestId("ruling")).toContainText("critics are named in the report");
  await expect(mine.getByText("upheld by ruling")).toBeVisible();

  // Withdraw, after a confirmation: the card is as before, the dispute open again, everywhere
  await theirs.getByRole("button", { name: "Withdraw ruling" }).click();
  const confirm = ed.page.getByRole("alertdialog", { name: "Withdraw this ruling?" });
  await confirm.getByRole("button", { name: "Withdraw ruling" }).click();
  await expect(block).toHaveCount(0);
  await expect(rule).toBeFocused();
  await expect(mine.getByTestId("ruling")).toHaveCount(0, LIVE);
  await expect(dispute(mine)).toHaveText([/Open\s+Disputer .* would say Opinion/], LIVE);
  await expect(mine.getByTestId("dispute-count")).toHaveText("1 dispute");
  await Promise.all([ed.context.close(), au.context.close()]);
});

test("a dispute the author settled reads as resolved, and a dispute for the class it has is not offered", async ({ browser }) => {
  const { context, page } = await openReader(browser, editorState);
  const c = card(page, ids.adopted);
  await expect(dispute(c)).toHaveText([/Resolved\s+Disputer .* proposed Sourced — the author adopted Sourced/]);
  await expect(dispute(c)).toHaveAttribute("data-status", "resolved");
  await expect(c.getByTestId("dispute-count")).toHaveText("0 disputes");
  await expect(c).toContainText("1 resolved");
  const choice = c.getByRole("combobox", { name: "Your verdict" });
  await expect(choice.getByRole("option")).toHaveText(["No verdict", "Agree", "Dispute: should be Contested", "Dispute: should be Opinion"]);
  await context.close();
});

test("a fuzzy placement is drawn dashed and asks for a check; the orphaned one stays listed; the header links to the check", async ({ browser }) => {
  const { context, page } = await openReader(browser, editorState);
  const fuzzy = await page.evaluate(() => {
    const highlight = CSS.highlights.get("apx-fuzzy");
    const texts = [...(highlight ?? [])].map((r) => {
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      return range.toString();
    });
    const style = getComputedStyle(document.querySelector(".doc-text")!, "::highlight(apx-fuzzy)");
    return { texts, line: style.textDecorationLine, style: style.textDecorationStyle };
  });
  expect(fuzzy).toEqual({ texts: ["the budget doubled in 2019"], line: "overline", style: "dashed" });

  // An editor fixes others' placements (the author may have moved on): the cards offer it, where a
  // reviewer's say "check it" with a link (versions.spec.ts)
  const typo = card(page, ids.typo);
  await expect(typo.getByTestId("anchor-notice").locator("p")).toHaveText(/^⚠ Placed approximately \(score 0\.\d\d\)\. Was: the budget dubled in 2019$/);
  await expect(typo.getByRole("button", { name: /^(Confirm placement|Re-place)$/ })).toHaveText(["Confirm placement", "Re-place"]);

  const cut = card(page, ids.cut);
  await expect(cut).toHaveClass(/entry-orphaned/);
  await expect(cut.getByTestId("anchor-notice").locator("p")).toHaveText("Orphaned Not found in this version’s text.");
  await expect(cut.getByRole("button", { name: /^(Re-place|Leave orphaned)$/ })).toHaveText(["Re-place", "Leave orphaned"]);
  await expect(cut.locator(".orphan-quote q")).toHaveText("The mayor resigned in 2020");
  // the editor may rule on it too, and its permalink finds it
  await expect(cut.getByRole("button", { name: "Rule", exact: true })).toBeVisible();
  await page.goto(`/documents/${docId}?a=${ids.cut}`);
  await expect(page.locator(`#a-${ids.cut}`)).toBeFocused();

  await page.getByTestId("needs-check-link").click();
  await expect(page).toHaveURL(new RegExp(`/documents/${docId}/versions#needs-check-heading$`));
  await expect(page.getByRole("region", { name: "Needs check" }).getByRole("listitem")).toHaveCount(2);
  await context.close();
});

test("phone and desktop: a ruling, the Rule form, a resolved dispute and a fuzzy highlight; no serious axe violations", async ({ browser }, testInfo) => {
  test.setTimeout(90_000);
  // A ruling to look at (on the annotation the first test left without one).
  const editorApi = await apiFor(editor);
  const rationale = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Nobody is quoted: it is the " }, { type: "text", text: "writer's own view", marks: [{ type: "bold" }] }, { type: "text", text: "." }] }] };
  const ruled = await editorApi.put(`/api/annotations/${ids.ruled}/ruling`, { data: { classification: "opinion", rationale } });
  expect(ruled.status(), await ruled.text()).toBe(200);
  await editorApi.dispose();
  for (const viewport of [{ width: 390, height: 844 }, { width: 1440, height: 900 }]) {
    const { context, page } = await openReader(browser, editorState, viewport);
    const w = viewport.width;
    await expect(card(page, ids.ruled).getByTestId("ruling")).toBeVisible();
    await card(page, ids.ruled).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `screenshots/reader-ruling-${w}.png` });
    await card(page, ids.adopted).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `screenshots/reader-resolved-dispute-${w}.png` });
    await card(page, ids.cut).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `screenshots/reader-orphaned-${w}.png` });
    await card(page, ids.typo).getByRole("button", { name: "Rule", exact: true }).click();
    const form = card(page, ids.typo).getByRole("form", { name: "Rule on this annotation" });
    await expect(form.getByRole("textbox", { name: "Rationale" })).toBeVisible();
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `screenshots/reader-rule-form-${w}.png` });
    const results = await new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ["violations"] }).analyze();
    const severe = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    await testInfo.attach(`axe-${w}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: "application/json" });
    expect(severe, severe.join("\n")).toEqual([]);
    if (w < 1024) await page.getByRole("button", { name: "Close" }).click();
    await page.locator(".doc-text p").first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `screenshots/reader-fuzzy-${w}.png` });
    if (w >= 1024) {
      // A ruled highlight is drawn in the ruling's class (the author's Contested became Opinion), and its preview says so.
      expect(await page.evaluate(() => CSS.highlights.get("apx-contested")?.size ?? 0)).toBe(0);
      const box = await page.evaluate(() => {
        const r = [...CSS.highlights.get("apx-opinion")!][0];
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        const rect = range.getClientRects()[0];
        return { x: rect.left + 20, y: rect.top + rect.height / 2 };
      });
      await page.mouse.move(box.x, box.y);
      await expect(page.getByRole("tooltip")).toContainText(/Ruled:\s*\S+ Opinion/);
      await page.screenshot({ path: `screenshots/reader-preview-${w}.png` });
    }
    await context.close();
  }
});

test("the summary's strip draws the ruled passage in the ruling's class, as its highlight: the reader's strip is the summary API's", async ({ browser }) => {
  // The first annotation was ruled Opinion over its author's Contested by the test before.
  const api = await apiFor(editor);
  const summary = (await (await api.get(`/api/documents/${docId}/summary`)).json()) as {
    strip: Array<{ start: number; end: number; classification: "sourced" | "contested" | "opinion" }>;
    shares: Record<string, number>;
  };
  await api.dispose();
  const at = [...V2.slice(0, V2.indexOf("Critics called"))].length;
  expect(summary.strip).toContainEqual({ start: at, end: at + [..."Critics called the whole plan a fantasy"].length, classification: "opinion" });
  expect(summary.strip.some((r) => r.classification === "contested")).toBe(false);
  expect(summary.shares.contested).toBeGreaterThan(0); // the share of annotated text keeps the author's class
  const { context, page } = await openReader(browser, editorState);
  const marks = page.getByRole("region", { name: "Reliability summary" }).getByRole("toolbar", { name: "Document strip" }).getByRole("button");
  await expect(marks).toHaveCount(summary.strip.length);
  const drawn = await marks.evaluateAll((buttons) => buttons.map((b) => [Number(b.getAttribute("data-start")), b.getAttribute("aria-label")!.split(",")[0]]));
  const name = { sourced: "Sourced", contested: "Contested", opinion: "Opinion" };
  expect(drawn).toEqual(summary.strip.map((r) => [r.start, name[r.classification]]));
  // Its claim is counted Opinion, its annotation Contested: the table says why the columns differ.
  const region = page.getByRole("region", { name: "Reliability summary" });
  await expect(region.getByTestId("claims-contested")).toHaveText("0");
  await expect(region.getByTestId("count-contested")).toHaveText("1");
  await expect(region.getByTestId("ruled-note")).toHaveText(". Annotations count in their authors’ classes; a ruled claim takes the ruling’s class.");
  await context.close();
});

test("the author confirms the fuzzy placement elsewhere: the dashed line and one of the checks go, live", async ({ browser }) => {
  const { context, page } = await openReader(browser, editorState);
  await expect(page.getByTestId("needs-check-link")).toHaveText("⚠ 2 need a check");
  const authorApi = await apiFor(author);
  const confirmed = await authorApi.post(`/api/annotations/${ids.typo}/anchor`, { data: { confirm: true } });
  expect(confirmed.status(), await confirmed.text()).toBe(200);
  await authorApi.dispose();
  await expect(page.getByTestId("needs-check-link")).toHaveText("⚠ 1 needs a check", LIVE);
  await expect(card(page, ids.typo).getByTestId("anchor-notice")).toHaveCount(0);
  expect(await page.evaluate(() => CSS.highlights.get("apx-fuzzy")?.size)).toBe(0);
  await context.close();
});

test("a ruling being written is kept in the browser per annotation: there after a reload, gone once saved or cancelled", async ({ browser }) => {
  test.setTimeout(90_000);
  const authorApi = await apiFor(author);
  const { id } = await annotate(authorApi, { id: docId, text: V2 }, "citing its own annual report", "sourced");
  await authorApi.dispose();
  const { context, page } = await openReader(browser, editorState);
  const c = card(page, id);
  const form = c.getByRole("form", { name: "Rule on this annotation" });
  const rationale = form.getByRole("textbox", { name: "Rationale" });
  const drafts = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("apparatus:ruling-draft:")));
  /** A reload (or a session that ended and came back), then the card's Rule button. */
  const reopen = async () => {
    await page.goto(`/documents/${docId}?a=${id}`);
    await expect(page.getByTestId("live-status")).toHaveText("● Live");
    await c.getByRole("button", { name: "Rule", exact: true }).click();
    await expect(rationale).toBeVisible();
  };

  // Typed, then a reload: the class chosen and the rationale are still there; saving clears the draft.
  await c.getByRole("button", { name: "Rule", exact: true }).click();
  await form.getByRole("radio", { name: "Opinion" }).check();
  await rationale.click();
  await page.keyboard.type("The report is the committee's own: it supports nothing.");
  await reopen();
  await expect(form.getByRole("radio", { name: "Opinion" })).toBeChecked();
  await expect(rationale).toHaveText("The report is the committee's own: it supports nothing.");
  await form.getByRole("button", { name: "Save ruling" }).click();
  await expect(c.getByTestId("ruling")).toHaveText(ruledBy("Opinion"));
  expect(await drafts()).toEqual([]);
  // (withdrawn elsewhere, so that the next Rule form starts from nothing)
  const editorApi = await apiFor(editor);
  expect((await editorApi.delete(`/api/annotations/${id}/ruling`)).status()).toBe(200);
  await reopen();
  await expect(form.getByRole("radio", { name: "Sourced" })).toBeChecked();
  await expect(rationale).toHaveText("");

  // Typed, reloaded, then cancelled on purpose: gone.
  await rationale.click();
  await page.keyboard.type("Second thoughts");
  await reopen();
  await expect(rationale).toHaveText("Second thoughts");
  await form.getByRole("button", { name: "Cancel" }).click();
  await expect(form).toHaveCount(0);
  expect(await drafts()).toEqual([]);
  await reopen();
  await expect(rationale).toHaveText("");
  await expect(form.getByRole("radio", { name: "Sourced" })).toBeChecked();

  // The draft belongs to its annotation: another card's Rule form starts from its own ruling.
  await rationale.click();
  await page.keyboard.type("Only for this one");
  const other = card(page, ids.adopted).getByRole("form", { name: "Rule on this annotation" });
  await card(page, ids.adopted).getByRole("button", { name: "Rule", exact: true }).click();
  await expect(other.getByRole("textbox", { name: "Rationale" })).toHaveText("");
  await expect(other.getByRole("radio", { name: "Sourced" })).toBeChecked();
  await other.getByRole("button", { name: "Cancel" }).click();
  await expect(rationale).toHaveText("Only for this one");
  await rationale.press("Escape");
  await expect(form).toHaveCount(0);
  expect(await drafts()).toEqual([]);
  await editorApi.dispose();
  await context.close();
});

test("a ruling another editor saved while this one was written is not overwritten unseen: refused once, then replaced knowingly", async ({ browser }) => {
  const authorApi = await apiFor(author);
  const { id } = await annotate(authorApi, { id: docId, text: V2 }, "from start to finish", "contested");
  await authorApi.dispose();
  const { context, page } = await openReader(browser, editorState);
  const c = card(page, id);
  await c.getByRole("button", { name: "Rule", exact: true }).click();
  // (its heading becomes "Change the ruling" once the other ruling arrives live)
  const form = c.locator("form.ruling-form");
  await form.getByRole("radio", { name: "Opinion" }).check();
  await form.getByRole("textbox", { name: "Rationale" }).click();
  await page.keyboard.type("Mine, written first.");
  // Meanwhile another editor rules.
  const other = await makePerson("editor", "Other editor");
  const otherApi = await apiFor(other);
  const theirs = await otherApi.put(`/api/annotations/${id}/ruling`, { data: { classification: "contested", rationale: "Theirs, saved first.", replaces: null } });
  expect(theirs.status(), await theirs.text()).toBe(200);
  await otherApi.dispose();
  // Theirs is shown in the form as it arrives (class, who, rationale), so it can be read without leaving it.
  const meanwhile = form.getByRole("region", { name: "Ruled meanwhile" });
  await expect(meanwhile).toContainText(`${other.name} ruled meanwhile`, LIVE);
  await expect(meanwhile).toContainText("Contested");
  await expect(meanwhile).toContainText("Theirs, saved first.");
  // Saving says so and keeps the form (and what was typed); saving again replaces theirs.
  await form.getByRole("button", { name: "Save ruling" }).click();
  await expect(form.getByRole("alert")).toContainText(`${other.name} ruled on this annotation while you were writing`);
  await expect(meanwhile).toContainText("Theirs, saved first.");
  await expect(form.getByRole("textbox", { name: "Rationale" })).toHaveText("Mine, written first.");
  await form.getByRole("button", { name: "Save ruling" }).click();
  await expect(c.getByTestId("ruling")).toHaveText(ruledBy("Opinion"));
  await context.close();
});

test("a ruling another editor changed while the withdrawal was being confirmed is not withdrawn unseen", async ({ browser }) => {
  const authorApi = await apiFor(author);
  const { id } = await annotate(authorApi, { id: docId, text: V2 }, "from start to finish", "sourced");
  await authorApi.dispose();
  const other = await makePerson("editor", "Changing editor");
  const otherApi = await apiFor(other);
  const first = await otherApi.put(`/api/annotations/${id}/ruling`, { data: { classification: "opinion", rationale: "An opinion, at first." } });
  expect(first.status(), await first.text()).toBe(200);
  const { context, page } = await openReader(browser, editorState);
  const c = card(page, id);
  await expect(c.getByTestId("ruling")).toContainText("An opinion, at first.");
  await c.getByRole("button", { name: "Withdraw ruling" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Withdraw this ruling?" });
  await expect(confirm).toBeVisible();
  // While the dialog is open, the other editor changes the ruling.
  const changed = await otherApi.put(`/api/annotations/${id}/ruling`, { data: { classification: "contested", rationale: "Contested, on reflection." } });
  expect(changed.status(), await changed.text()).toBe(200);
  await confirm.getByRole("button", { name: "Withdraw ruling" }).click();
  await expect(c.getByTestId("ruling").getByRole("alert")).toContainText(`${other.name} changed the ruling on this annotation (contested) after you read it`);
  await expect(c.getByTestId("ruling")).toContainText("Contested, on reflection.", LIVE);
  // Having read it, withdrawing again withdraws the ruling now there.
  await c.getByRole("button", { name: "Withdraw ruling" }).click();
  await confirm.getByRole("button", { name: "Withdraw ruling" }).click();
  await expect(c.getByTestId("ruling")).toHaveCount(0);
  await otherApi.dispose();
  await context.close();
});

test("a ruling being written on an annotation deleted meanwhile is not lost: said at once, with the rationale to copy", async ({ browser }) => {
  const authorApi = await apiFor(author);
  const { id } = await annotate(authorApi, { id: docId, text: V2 }, "The editor thinks it was", "opinion");
  const { context, page } = await openReader(browser, editorState);
  const c = card(page, id);
  await c.getByRole("button", { name: "Rule", exact: true }).click();
  const form = c.getByRole("form", { name: "Rule on this annotation" });
  await form.getByRole("radio", { name: "Contested" }).check();
  await form.getByRole("textbox", { name: "Rationale" }).click();
  await page.keyboard.type("The town's own records say otherwise.");
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("apparatus:ruling-draft:")).length)).toBe(1);

  expect((await authorApi.delete(`/api/annotations/${id}`)).status()).toBe(204);
  await authorApi.dispose();
  const notice = page.getByTestId("lost-work");
  await expect(notice.getByRole("alert")).toHaveText(
    "The annotation on “The editor thinks it was” was deleted (by its author or an admin) before your ruling was saved. Your ruling is below, to copy; it stays in this browser until you dismiss this.",
    LIVE,
  );
  await expect(c).toHaveCount(0);
  await expect(notice.getByRole("textbox", { name: "Your ruling, not saved" })).toHaveValue("Ruling: Contested\nThe town's own records say otherwise.");
  // kept across a reload until dismissed; then gone from this browser
  await page.reload();
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  await expect(notice.getByRole("textbox", { name: "Your ruling, not saved" })).toHaveValue(/The town's own records say otherwise\./);
  await notice.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("apparatus:ruling-draft:") || k.startsWith("apparatus:lost-work:")))).toEqual([]);
  await context.close();
});
