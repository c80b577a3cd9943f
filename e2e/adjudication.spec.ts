// Adjudication end to end, through the API of a real server (the reader's own UI for rulings is another
// piece of work): disputes that resolve, an editor's ruling that reaches everyone live, the summary and
// the ClaimReview export that follow it, who may rule, and the open disputes page.
import { test, expect, type APIRequestContext } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { annotate } from "./support/api";
import { apiAs } from "./support/auth";
import { ACCOUNTS } from "./support/env";
import { openEventStream } from "./support/events";
import { apiFor, browserAs, makeDocument, makePerson, signedInState, type Person } from "./support/people";

test.describe.configure({ mode: "serial" });

interface Verdict {
  reviewer: { id: string; name: string };
  verdict: "agree" | "dispute";
  proposedClass: string | null;
  status: "open" | "resolved";
  resolution: "adopted" | "ruled" | null;
}
interface Ruling {
  classification: string;
  rationale: unknown;
  rationaleText: string;
  by: { id: string; name: string };
  at: string;
  createdAt: string;
}
interface Annotation {
  id: string;
  classification: string;
  disputes: number;
  verdicts: Verdict[];
  ruling: Ruling | null;
}
interface Summary {
  claims: Record<string, number>;
  openDisputes: number;
  rulings: number;
  disputed: Array<{ annotationId: string; disputes: number }>;
}

const TEXT = [
  "The committee said the budget doubled in 2019, citing its own annual report.",
  "Critics called the whole plan a fantasy from start to finish.",
  "The editor thinks it was the finest decade the town ever had.",
  `(Adjudication sample ${new Date().toISOString()}.)`,
].join("\n\n");
const SOURCED = "the budget doubled in 2019";
const CONTESTED = "Critics called the whole plan a fantasy";
const EDITORS_OWN = "the finest decade the town ever had";

let doc: { id: string; text: string; title: string };
let author: Person, disputer: Person, watcher: Person, editor: Person, viewer: Person;
const api = {} as Record<"author" | "disputer" | "watcher" | "editor" | "viewer" | "admin", APIRequestContext>;
let contested: { id: string };
let sourced: { id: string };

async function json<T>(res: Awaited<ReturnType<APIRequestContext["get"]>>, status = 200): Promise<T> {
  expect(res.status(), await res.text()).toBe(status);
  return (await res.json()) as T;
}
const summaryOf = async (who: APIRequestContext) => json<Summary>(await who.get(`/api/documents/${doc.id}/summary`));
const rationale = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "The annual report shows a " }, { type: "text", text: "rise of a third", marks: [{ type: "bold" }] }, { type: "text", text: ", not a doubling." }] }] };

test.beforeAll(async () => {
  [author, disputer, watcher, editor, viewer] = await Promise.all([
    makePerson("reviewer", "Author"),
    makePerson("reviewer", "Disputer"),
    makePerson("reviewer", "Watcher"),
    makePerson("editor", "Editor"),
    makePerson("viewer", "Reader"),
  ]);
  for (const [key, person] of Object.entries({ author, disputer, watcher, editor, viewer })) api[key as keyof typeof api] = await apiFor(person);
  api.admin = await apiAs(ACCOUNTS.admin);
  const made = await makeDocument("Adjudication sample", TEXT);
  doc = { ...made, text: TEXT };
  contested = await annotate(api.author, doc, CONTESTED, "contested");
  sourced = await annotate(api.author, doc, SOURCED, "sourced");
});

test.afterAll(async () => {
  await Promise.all(Object.values(api).map((c) => c.dispose()));
});

test("a dispute must propose another class: the current one is refused with 422 and changes nothing", async () => {
  const refused = await api.disputer.put(`/api/annotations/${contested.id}/verdict`, { data: { verdict: "dispute", proposedClass: "contested" } });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.message).toMatch(/already classified as contested: a dispute proposes a different class/);
  expect((await json<Annotation>(await api.watcher.get(`/api/annotations/${contested.id}`))).verdicts).toEqual([]);

  const disputed = await json<Annotation>(await api.disputer.put(`/api/annotations/${contested.id}/verdict`, { data: { verdict: "dispute", proposedClass: "opinion" } }));
  expect(disputed.disputes).toBe(1);
  expect(disputed.verdicts).toEqual([expect.objectContaining({ verdict: "dispute", proposedClass: "opinion", status: "open", resolution: null })]);
  expect((await summaryOf(api.watcher)).openDisputes).toBe(1);
});

test("the author adopts Opinion: the dispute is resolved, kept, no longer counted, and another reviewer's stream has it within 2 s", async () => {
  const stream = await openEventStream(api.watcher, doc.id);
  try {
    const started = Date.now();
    const adopted = await json<Annotation>(await api.author.patch(`/api/annotations/${contested.id}`, { data: { classification: "opinion" } }));
    expect(adopted).toMatchObject({ classification: "opinion", disputes: 0 });
    expect(adopted.verdicts).toEqual([expect.objectContaining({ proposedClass: "opinion", status: "resolved", resolution: "adopted" })]);
    const event = await stream.next((e) => e.type === "annotation.updated" && (e.payload as { annotation: Annotation }).annotation.id === contested.id, started + 2000);
    const live = (event.payload as { annotation: Annotation }).annotation;
    expect(live.disputes).toBe(0);
    expect(live.verdicts.map((v) => [v.reviewer.id, v.status, v.resolution])).toEqual([[disputer.id, "resolved", "adopted"]]);
  } finally {
    await stream.close();
  }
  // For everyone who reads it afterwards too, and the summary counts open disputes only.
  const read = await json<Annotation>(await api.watcher.get(`/api/annotations/${contested.id}`));
  expect(read.verdicts.map((v) => v.status)).toEqual(["resolved"]);
  const summary = await summaryOf(api.watcher);
  expect(summary.openDisputes).toBe(0);
  expect(summary.disputed.find((d) => d.annotationId === contested.id)).toBeUndefined();
});

test("an editor rules on another disputed annotation: the ruling reaches another reviewer's stream within 2 s, and the summary uses the ruled class", async () => {
  await json(await api.disputer.put(`/api/annotations/${sourced.id}/verdict`, { data: { verdict: "dispute", proposedClass: "contested" } }));
  expect((await summaryOf(api.watcher)).claims).toEqual({ sourced: 1, contested: 0, opinion: 1 });
  // It waits in the open disputes queue until then.
  const queue = await json<{ items: Array<{ annotation: { id: string }; permalink: string }> }>(await api.editor.get("/api/disputes"));
  expect(queue.items.find((i) => i.annotation.id === sourced.id)?.permalink).toBe(`/documents/${doc.id}?a=${sourced.id}`);

  const stream = await openEventStream(api.watcher, doc.id);
  try {
    const started = Date.now();
    const ruled = await json<Annotation>(await api.editor.put(`/api/annotations/${sourced.id}/ruling`, { data: { classification: "contested", rationale } }));
    expect(ruled.ruling).toMatchObject({ classification: "contested", rationale, rationaleText: "The annual report shows a rise of a third, not a doubling.", by: { id: editor.id, name: editor.name } });
    expect(ruled.classification).toBe("sourced"); // the author's class stays; the ruling is beside it
    expect(ruled.verdicts.map((v) => [v.status, v.resolution])).toEqual([["resolved", "ruled"]]);
    const event = await stream.next((e) => e.type === "annotation.updated" && (e.payload as { annotation: Annotation }).annotation.id === sourced.id, started + 2000);
    expect((event.payload as { annotation: Annotation }).annotation.ruling).toMatchObject({ classification: "contested", by: { id: editor.id } });
  } finally {
    await stream.close();
  }
  const summary = await summaryOf(api.watcher);
  expect(summary).toMatchObject({ claims: { sourced: 0, contested: 1, opinion: 1 }, rulings: 1, openDisputes: 0 });
  const after = await json<{ items: Array<{ annotation: { id: string } }> }>(await api.editor.get("/api/disputes"));
  expect(after.items.find((i) => i.annotation.id === sourced.id)).toBeUndefined();
  // No new dispute on a ruled annotation; the ruling went to the audit log.
  const refused = await api.watcher.put(`/api/annotations/${sourced.id}/verdict`, { data: { verdict: "dispute", proposedClass: "opinion" } });
  expect(refused.status()).toBe(422);
  const audit = await json<{ events: Array<{ actorId: string; targetId: string; detail: Record<string, unknown> }> }>(await api.admin.get("/api/audit?type=ruling_recorded"));
  expect(audit.events.find((e) => e.targetId === sourced.id)).toMatchObject({ actorId: editor.id, detail: { classification: "contested", documentId: doc.id, disputesResolved: 1 } });
});

test("the ClaimReview export (corpus and document) contains the ruling with every property Google requires", async () => {
  for (const url of ["/api/export?format=claimreview", `/api/documents/${doc.id}/export?format=claimreview`]) {
    const res = await api.viewer.get(url);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/ld+json");
    expect(res.headers()["content-disposition"]).toMatch(/attachment; filename="apparatus-.*-claimreview-\d{4}-\d{2}-\d{2}\.json"/);
    const reviews = (await res.json()) as Array<Record<string, unknown>>;
    const review = reviews.find((r) => String(r.url).endsWith(`/documents/${doc.id}?a=${sourced.id}`));
    expect(review, url).toBeTruthy();
    // Google's required properties: claimReviewed, reviewRating (a Rating with alternateName), url.
    expect(review).toMatchObject({
      "@context": "https://schema.org",
      "@type": "ClaimReview",
      claimReviewed: SOURCED,
      reviewRating: { "@type": "Rating", alternateName: "Disputed or unsupported", name: "Contested" },
      url: expect.stringMatching(/^http:\/\/localhost:\d+\/documents\//),
    });
    // And the recommended ones the issue asks for: the organisation, the date, the claim where it appeared.
    expect(review).toMatchObject({
      author: { "@type": "Organization", name: expect.any(String), url: expect.stringMatching(/^https?:\/\//) },
      datePublished: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      itemReviewed: { "@type": "Claim", appearance: { "@type": "CreativeWork", name: doc.title } },
      reviewBody: "The annual report shows a rise of a third, not a doubling.",
    });
    // Unruled annotations are not published.
    expect(reviews.some((r) => String(r.url).endsWith(`?a=${contested.id}`))).toBe(false);
  }
});

test("roles: a reviewer cannot rule, an editor cannot rule on their own annotation, a viewer sees rulings; admins rule too", async () => {
  const body = { classification: "opinion", rationale: "Evaluative." };
  const byReviewer = await api.disputer.put(`/api/annotations/${contested.id}/ruling`, { data: body });
  expect(byReviewer.status()).toBe(403);
  expect((await api.disputer.delete(`/api/annotations/${sourced.id}/ruling`)).status()).toBe(403);
  const own = await annotate(api.editor, doc, EDITORS_OWN, "opinion");
  const onOwn = await api.editor.put(`/api/annotations/${own.id}/ruling`, { data: body });
  expect(onOwn.status()).toBe(403);
  expect((await onOwn.json()).error.message).toMatch(/your own annotation/);
  expect((await api.viewer.put(`/api/annotations/${contested.id}/ruling`, { data: body })).status()).toBe(403);
  // A viewer reads the ruling, in the annotation and in the document's list.
  expect((await json<Annotation>(await api.viewer.get(`/api/annotations/${sourced.id}`))).ruling).toMatchObject({ classification: "contested", by: { name: editor.name } });
  const { annotations } = await json<{ annotations: Annotation[] }>(await api.viewer.get(`/api/documents/${doc.id}/annotations`));
  expect(annotations.find((a) => a.id === sourced.id)?.ruling?.classification).toBe("contested");
  // The queue is for editors and admins.
  expect((await api.viewer.get("/api/disputes")).status()).toBe(403);
  expect((await api.disputer.get("/api/disputes")).status()).toBe(403);
  expect((await api.admin.get("/api/disputes")).status()).toBe(200);
  // An admin rules on someone else's annotation (and may then withdraw the editor's ruling there).
  const byAdmin = await json<Annotation>(await api.admin.put(`/api/annotations/${own.id}/ruling`, { data: body }));
  expect(byAdmin.ruling?.classification).toBe("opinion");
  const withdrawn = await json<Annotation>(await api.admin.delete(`/api/annotations/${own.id}/ruling`));
  expect(withdrawn.ruling).toBeNull();
});

test("the open disputes page lists what waits for a ruling, for editors (in their menu) and admins, not for reviewers", async ({ browser }) => {
  // Something to list: the watcher disputes another of the author's annotations.
  const waiting = await annotate(api.author, doc, "citing its own annual report", "sourced");
  await json(await api.watcher.put(`/api/annotations/${waiting.id}/verdict`, { data: { verdict: "dispute", proposedClass: "opinion" } }));

  const out = path.join(process.cwd(), "screenshots");
  fs.mkdirSync(out, { recursive: true });
  const editorState = await signedInState(editor);
  for (const width of [390, 1440]) {
    const context = await browserAs(browser, editorState, { width, height: width < 800 ? 844 : 900 });
    const page = await context.newPage();
    await page.goto("/");
    if (width < 800) await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Open disputes" }).click();
    await expect(page).toHaveURL(/\/disputes$/);
    await expect(page.getByRole("heading", { level: 1, name: "Open disputes" })).toBeVisible();
    const card = page.getByRole("listitem").filter({ hasText: "citing its own annual report" });
    await expect(card).toBeVisible();
    await expect(card.getByText(`${watcher.name} would say`)).toBeVisible();
    await expect(card.getByRole("link", { name: /Open to rule/ })).toHaveAttribute("href", `/documents/${doc.id}?a=${waiting.id}`);
    await page.screenshot({ path: path.join(out, `disputes-${width}.png`), fullPage: true });
    await context.close();
  }
  // A reviewer has no link and is sent back to the library, which says why.
  const context = await browserAs(browser, await signedInState(watcher));
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Corpus" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Open disputes" })).toHaveCount(0);
  await page.goto("/disputes");
  await expect(page).toHaveURL(/\/\?denied=disputes$/);
  await expect(page.getByRole("status").filter({ hasText: "Only admins and editors can open Open disputes" })).toBeVisible();
  await context.close();
});

test("withdrawing a ruling reopens the disputes it resolved and is audited", async () => {
  const withdrawn = await json<Annotation>(await api.editor.delete(`/api/annotations/${sourced.id}/ruling`));
  expect(withdrawn.ruling).toBeNull();
  expect(withdrawn.verdicts.map((v) => [v.status, v.resolution])).toEqual([["open", null]]);
  expect(withdrawn.disputes).toBe(1);
  expect((await summaryOf(api.watcher)).rulings).toBe(0);
  const audit = await json<{ events: Array<{ targetId: string; actorId: string }> }>(await api.admin.get("/api/audit?type=ruling_withdrawn"));
  expect(audit.events.find((e) => e.targetId === sourced.id)?.actorId).toBe(editor.id);
});

test("the open disputes page does not offer an editor to rule on their own annotation: it says another editor rules", async ({ browser }) => {
  const mine = await annotate(api.editor, doc, "The editor thinks", "opinion");
  await json(await api.watcher.put(`/api/annotations/${mine.id}/verdict`, { data: { verdict: "dispute", proposedClass: "contested" } }));
  const context = await browserAs(browser, await signedInState(editor));
  const page = await context.newPage();
  await page.goto("/disputes");
  const card = page.getByRole("listitem").filter({ hasText: "The editor thinks" });
  await expect(card.getByText("You classified it")).toBeVisible();
  await expect(card.getByText("Your annotation: another editor or an admin rules on it.")).toBeVisible();
  await expect(card.getByRole("link", { name: /Open to rule/ })).toHaveCount(0);
  await expect(card.getByRole("link", { name: /^Open/ })).toHaveAttribute("href", `/documents/${doc.id}?a=${mine.id}`);
  // Another's annotation is still to rule on.
  await expect(page.getByRole("listitem").filter({ hasText: "citing its own annual report" }).getByRole("link", { name: /Open to rule/ })).toBeVisible();
  await context.close();
  // Listed for the others: an admin rules on it, and it leaves the queue.
  await json(await api.admin.put(`/api/annotations/${mine.id}/ruling`, { data: { classification: "contested", rationale: "Checked." } }));
});

test("Back to the open disputes page or the library after work in the reader shows them as they are now, not as they were", async ({ browser }) => {
  const waiting = await annotate(api.author, doc, "annual report", "sourced");
  await json(await api.disputer.put(`/api/annotations/${waiting.id}/verdict`, { data: { verdict: "dispute", proposedClass: "opinion" } }));
  const context = await browserAs(browser, await signedInState(editor));
  const page = await context.newPage();
  await page.goto("/disputes");
  const card = page.getByRole("listitem").filter({ has: page.locator("blockquote", { hasText: /^annual report$/ }) });
  await card.getByRole("link", { name: /Open to rule/ }).click();
  await expect(page).toHaveURL(new RegExp(`a=${waiting.id}`));
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  await json(await api.editor.put(`/api/annotations/${waiting.id}/ruling`, { data: { classification: "opinion", rationale: "Opinion." } }));
  await page.goBack();
  await expect(page).toHaveURL(/\/disputes$/);
  await expect(card).toHaveCount(0);

  // The queue left open in a tab while another editor rules: shown again after a minute away, it is read
  // again (a shorter absence changes nothing).
  const another = await annotate(api.author, doc, "from start to finish", "sourced");
  await json(await api.disputer.put(`/api/annotations/${another.id}/verdict`, { data: { verdict: "dispute", proposedClass: "opinion" } }));
  await page.reload();
  const anotherCard = page.getByRole("listitem").filter({ has: page.locator("blockquote", { hasText: /^from start to finish$/ }) });
  await expect(anotherCard).toHaveCount(1);
  await json(await api.editor.put(`/api/annotations/${another.id}/ruling`, { data: { classification: "opinion", rationale: "Opinion." } }));
  const away = (ms: number) =>
    page.evaluate((ms) => {
      const shown = (state: "hidden" | "visible") => {
        Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
      };
      shown("hidden");
      const real = Date.now.bind(Date);
      Date.now = () => real() + ms;
      shown("visible");
    }, ms);
  await away(5_000);
  await page.waitForTimeout(500);
  await expect(anotherCard).toHaveCount(1);
  await away(61_000);
  await expect(anotherCard).toHaveCount(0);

  // The library: a document opened from it, annotated meanwhile, and Back.
  await page.goto(`/?q=${encodeURIComponent('"Adjudication sample"')}`);
  const row = page.getByRole("row").filter({ hasText: doc.title });
  await row.getByRole("link", { name: doc.title, exact: true }).click();
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  await annotate(api.author, doc, "finest decade", "opinion");
  await page.goBack();
  const list = await json<{ documents: Array<{ id: string; annotationCount: number }> }>(await api.editor.get(`/api/documents?q=${encodeURIComponent('"Adjudication sample"')}`));
  const now = list.documents.find((d) => d.id === doc.id)!.annotationCount;
  // (the Annotations cell: the count, then the claims)
  await expect(row.getByRole("cell").filter({ hasText: new RegExp(`^${now}(, \\d+ claims?)?$`) })).toHaveCount(1);
  await context.close();
});
