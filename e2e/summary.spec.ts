import { test, expect, type APIRequestContext } from "@playwright/test";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS } from "./support/env";
import { formatPercent, reliabilityIndex } from "../components/summary/format";

// A seed no other spec annotates; expectations are still taken relative to what the API returns first.
const DOC = "Worker IMT Recruit Forced Out of Party by IMT Nanobureaucracy";
const SEED_TITLES = [
  "The Spark",
  "100 Years Later: The Lessons of October 1917",
  "More on IMT (unfinished)",
  "Worker IMT Recruit Forced Out of Party by IMT Nanobureaucracy",
  "Anti-Stalinist left",
];
const SUMMARY_KEYS = ["documentId", "length", "counts", "reviewers", "coverage", "shares", "reliability", "agreement", "agreementReviewers", "disputed"];

type Counts = { sourced: number; contested: number; opinion: number };
interface Summary {
  documentId: string;
  length: number;
  counts: Counts;
  reviewers: number;
  coverage: number;
  shares: Counts;
  reliability: number | null;
  agreement: number | null;
  agreementReviewers: number;
  disputed: Array<{ annotationId: string; disputes: number; replies: number }>;
  strip?: Array<{ start: number; end: number; classification: keyof Counts }>;
}

async function documentIdByTitle(api: APIRequestContext, title: string): Promise<string> {
  const res = await api.get(`/api/documents?pageSize=100&sort=title&dir=asc`);
  expect(res.status()).toBe(200);
  const { documents } = (await res.json()) as { documents: Array<{ id: string; title: string }> };
  const doc = documents.find((d) => d.title === title);
  expect(doc, `seed "${title}"`).toBeTruthy();
  return doc!.id;
}

async function summaryOf(api: APIRequestContext, id: string): Promise<Summary> {
  const res = await api.get(`/api/documents/${id}/summary`);
  expect(res.status()).toBe(200);
  return (await res.json()) as Summary;
}

test.describe.configure({ mode: "serial" });

test("the summary API counts two reviewers' annotations, their overlap and agreement, and drops deleted ones", async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const victor = await apiAs(ACCOUNTS.victor);
  const id = await documentIdByTitle(rosa, DOC);
  const { text } = (await (await rosa.get(`/api/documents/${id}`)).json()) as { text: string };
  const cps = [...text];
  const before = await summaryOf(rosa, id);
  expect(before.length).toBe(cps.length);

  const annotate = async (api: APIRequestContext, start: number, end: number, classification: keyof Counts) => {
    const quote = cps.slice(start, end).join("");
    expect(quote.trim()).not.toBe("");
    const res = await api.post(`/api/documents/${id}/annotations`, { data: { start, end, quote, classification, evidence: [] } });
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  // Rosa: sourced [10, 60); Victor: contested [40, 100). They overlap on [40, 60).
  const a = await annotate(rosa, 10, 60, "sourced");
  const b = await annotate(victor, 40, 100, "contested");

  const after = await summaryOf(victor, id);
  expect(Object.keys(after).sort()).toEqual([...SUMMARY_KEYS, "strip"].sort());
  expect(after.documentId).toBe(id);
  expect(after.length).toBe(cps.length);
  expect(after.counts).toEqual({
    sourced: before.counts.sourced + 1,
    contested: before.counts.contested + 1,
    opinion: before.counts.opinion,
  });
  expect(after.reviewers).toBeGreaterThanOrEqual(2);
  expect(after.coverage).toBeGreaterThan(0);
  expect(after.coverage).toBeLessThanOrEqual(1);
  expect(after.shares.sourced + after.shares.contested + after.shares.opinion).toBeCloseTo(1, 9);
  expect(after.reliability).not.toBeNull();
  expect(after.agreement).not.toBeNull();
  expect(after.agreementReviewers).toBeGreaterThanOrEqual(2);
  expect(Array.isArray(after.disputed)).toBe(true);
  for (const run of after.strip!) {
    expect(run.start).toBeLessThan(run.end);
    expect(["sourced", "contested", "opinion"]).toContain(run.classification);
  }

  if (before.counts.sourced + before.counts.contested + before.counts.opinion === 0) {
    // Hand-computed for a document with only these two: covered [10, 100); [40, 60) is a sourced/contested
    // tie, so contested. Reliability = 30 / 90. Alpha over the 20 shared code points, each (sourced, contested):
    // n_s = n_c = 20, n = 40 → (39·0 − 2·20·19) / (40·39 − 2·20·19) = −760 / 800.
    expect(after.coverage).toBeCloseTo(90 / cps.length, 12);
    expect(after.shares.sourced).toBeCloseTo(30 / 90, 12);
    expect(after.shares.contested).toBeCloseTo(60 / 90, 12);
    expect(after.shares.opinion).toBe(0);
    expect(after.reliability).toBeCloseTo(30 / 90, 12);
    expect(after.agreement).toBeCloseTo(-0.95, 12);
    expect(after.agreementReviewers).toBe(2);
    expect(after.strip).toEqual([
      { start: 10, end: 40, classification: "sourced" },
      { start: 40, end: 100, classification: "contested" },
    ]);
  }

  // Deleted annotations leave the summary.
  expect((await rosa.delete(`/api/annotations/${a}`)).status()).toBe(204);
  expect((await victor.delete(`/api/annotations/${b}`)).status()).toBe(204);
  const cleaned = await summaryOf(rosa, id);
  expect(cleaned.counts).toEqual(before.counts);
  expect(cleaned.coverage).toBeCloseTo(before.coverage, 12);
  await rosa.dispose();
  await victor.dispose();
});

test("the summary APIs answer 401 without a session and 404 for an unknown document", async ({ request }) => {
  for (const url of ["/api/documents/anything/summary", "/api/summary"]) {
    const res = await request.get(url);
    expect(res.status()).toBe(401);
    expect((await res.json()).error.code).toBe("UNAUTHENTICATED");
  }
  const rosa = await apiAs(ACCOUNTS.rosa);
  const res = await rosa.get("/api/documents/no-such-document/summary");
  expect(res.status()).toBe(404);
  expect((await res.json()).error.code).toBe("NOT_FOUND");
  await rosa.dispose();
});

test("GET /api/summary has one summary per live document, with title and kind and without the strip", async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const res = await rosa.get("/api/summary");
  expect(res.status()).toBe(200);
  const { documents } = (await res.json()) as { documents: Array<Summary & { title: string; kind: string }> };
  for (const title of SEED_TITLES) expect(documents.map((d) => d.title)).toContain(title);
  for (const d of documents) expect(Object.keys(d).sort()).toEqual([...SUMMARY_KEYS, "title", "kind"].sort());
  // Each entry equals the document's own summary.
  const worker = documents.find((d) => d.title === DOC)!;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { strip, ...single } = await summaryOf(rosa, worker.documentId);
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { title, kind, ...fromCorpus } = worker;
  expect(fromCorpus).toEqual(single);
  await rosa.dispose();
});

test("the corpus page shows every seed with the API's numbers, sorts, and links to the reader", async ({ page }) => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const { documents } = (await (await rosa.get("/api/summary")).json()) as { documents: Array<Summary & { title: string }> };
  await rosa.dispose();

  await page.goto("/corpus");
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, ACCOUNTS.rosa);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Corpus" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Corpus" })).toBeVisible();
  const table = page.getByRole("table");
  for (const title of SEED_TITLES) {
    const d = documents.find((x) => x.title === title)!;
    const row = table.getByRole("row").filter({ has: page.getByRole("link", { name: title, exact: true }) });
    await expect(row).toHaveCount(1);
    const index = reliabilityIndex(d.reliability);
    await expect(row.getByTestId("corpus-reliability")).toHaveText(index === null ? "—none" : String(index));
    await expect(row.getByTestId("corpus-coverage")).toHaveText(formatPercent(d.coverage));
    const total = d.counts.sourced + d.counts.contested + d.counts.opinion;
    await expect(row.getByTestId("corpus-annotations")).toHaveText(total.toLocaleString("en"));
    await expect(row.getByRole("img")).toHaveAccessibleName(/Sourced \d+%, Contested \d+%, Opinion \d+%|No annotated text yet/);
  }
  await expect(page.getByRole("heading", { name: "How these numbers are computed" })).toBeVisible();

  // Sort by title: rows in alphabetical order; the header says so.
  await table.getByRole("link", { name: /^Document/ }).click();
  await expect(page).toHaveURL(/sort=title&dir=asc/);
  await expect(table.getByRole("columnheader", { name: /Document/ })).toHaveAttribute("aria-sort", "ascending");
  const titles = await table.locator("tbody th a").allTextContents();
  expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));

  // Sort by coverage, highest first.
  await table.getByRole("link", { name: /^Coverage/ }).click();
  await expect(page).toHaveURL(/sort=coverage&dir=desc/);
  const firstTitle = await table.locator("tbody th a").first().textContent();
  const maxCoverage = Math.max(...documents.map((d) => d.coverage));
  expect(documents.find((d) => d.title === firstTitle)!.coverage).toBe(maxCoverage);

  await table.getByRole("link", { name: DOC, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: DOC })).toBeVisible();
});
