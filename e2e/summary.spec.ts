import { createHash } from "node:crypto";
import { test, expect, type APIRequestContext } from "@playwright/test";
import { apiAs, signIn, signInWithForm } from "./support/auth";
import { ACCOUNTS } from "./support/env";
import { CLASS_ORDER, formatInterval, formatPercent, reliabilityIndex, sharePercents } from "../components/summary/format";
import { wilsonInterval } from "../lib/summary/interval";
import { annotate as annotatePhrase, createDocument, documentByTitle } from "./support/api";
import { plural } from "../lib/plural";
import { compareNames } from "../lib/sort-key";
import { openDocument } from "./support/reader";

// A seed no other spec annotates; expectations are still taken relative to what the API returns first.
const DOC = "Worker IMT Recruit Forced Out of Party by IMT Nanobureaucracy";
const SEED_TITLES = [
  "The Spark",
  "100 Years Later: The Lessons of October 1917",
  "More on IMT (unfinished)",
  "Worker IMT Recruit Forced Out of Party by IMT Nanobureaucracy",
  "Anti-Stalinist left",
];
const SUMMARY_KEYS = [
  "documentId",
  "version",
  "textSha256",
  "length",
  "counts",
  "reviewers",
  "coverage",
  "shares",
  "claims",
  "reliability",
  "reliabilityLow",
  "reliabilityHigh",
  "minimumClaims",
  "agreement",
  "agreementReviewers",
  "openDisputes",
  "rulings",
  "disputed",
];

type Counts = { sourced: number; contested: number; opinion: number };
interface Summary {
  documentId: string;
  length: number;
  counts: Counts;
  reviewers: number;
  coverage: number;
  shares: Counts;
  claims: Counts;
  reliability: number | null;
  reliabilityLow: number | null;
  reliabilityHigh: number | null;
  minimumClaims: number;
  openDisputes: number;
  rulings: number;
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
  expect(after.claims).toEqual({
    sourced: before.claims.sourced + 1,
    contested: before.claims.contested + 1,
    opinion: before.claims.opinion,
  }); // [10,60) and [40,100) share 20 code points, less than half of the shorter 50: two claims
  expect(after.reliability).not.toBeNull();
  expect(after.reliabilityLow!).toBeLessThanOrEqual(after.reliability!);
  expect(after.reliabilityHigh!).toBeGreaterThanOrEqual(after.reliability!);
  expect(after.minimumClaims).toBe(5);
  expect(after.agreement).not.toBeNull();
  expect(after.agreementReviewers).toBeGreaterThanOrEqual(2);
  expect(Array.isArray(after.disputed)).toBe(true);
  for (const run of after.strip!) {
    expect(run.start).toBeLessThan(run.end);
    expect(["sourced", "contested", "opinion"]).toContain(run.classification);
  }

  if (before.counts.sourced + before.counts.contested + before.counts.opinion === 0) {
    // Hand-computed for a document with only these two: covered [10, 100); [40, 60) is a sourced/contested
    // tie, so contested there. Two claims, one sourced: reliability 1 / 2, Wilson interval 9.5–90.5. Alpha over the 20 shared code points, each (sourced, contested):
    // n_s = n_c = 20, n = 40 → (39·0 − 2·20·19) / (40·39 − 2·20·19) = −760 / 800.
    expect(after.coverage).toBeCloseTo(90 / cps.length, 12);
    expect(after.shares.sourced).toBeCloseTo(30 / 90, 12);
    expect(after.shares.contested).toBeCloseTo(60 / 90, 12);
    expect(after.shares.opinion).toBe(0);
    expect(after.reliability).toBe(0.5);
    expect(after.reliabilityLow).toBeCloseTo(0.09453120573423074, 12); // SciPy: binomtest(1, 2).proportion_ci(method="wilson")
    expect(after.reliabilityHigh).toBeCloseTo(0.9054687942657693, 12);
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

test("a document's summary is of its current text: ?version= of an earlier version is refused (422), never answered with the current figures", async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const text = `Summary versions ${Date.now()}. The bridge opened in 1901.`;
  const doc = await createDocument(rosa, `Summary versions ${Date.now()}`, text);
  await annotatePhrase(rosa, doc, "The bridge opened in 1901.", "sourced");
  const added = await rosa.post(`/api/documents/${doc.id}/versions`, { data: { text: `${text} It was rebuilt in 1950.` } });
  expect(added.status(), await added.text()).toBe(201);
  const current = await rosa.get(`/api/documents/${doc.id}/summary`);
  expect(current.status()).toBe(200);
  // It names the text its figures are of: the version, its text's SHA-256 (as the versions API gives it) and length.
  const [v2] = (await (await rosa.get(`/api/documents/${doc.id}/versions`)).json()).versions as Array<{ number: number; textHash: string; length: number }>;
  expect(v2.number).toBe(2);
  expect(await current.json()).toMatchObject({ documentId: doc.id, version: 2, textSha256: v2.textHash, length: v2.length });
  expect(v2.textHash).toBe(createHash("sha256").update(`${text} It was rebuilt in 1950.`, "utf8").digest("hex"));
  const same = await rosa.get(`/api/documents/${doc.id}/summary?version=2`);
  expect(same.status()).toBe(200);
  expect(await same.json()).toEqual(await current.json());
  const earlier = await rosa.get(`/api/documents/${doc.id}/summary?version=1`);
  expect(earlier.status()).toBe(422);
  expect((await earlier.json()).error).toMatchObject({ code: "UNPROCESSABLE", message: expect.stringContaining("The summary is of the current text, version 2, only.") });
  const never = await rosa.get(`/api/documents/${doc.id}/summary?version=3`);
  expect(never.status()).toBe(404);
  const bad = await rosa.get(`/api/documents/${doc.id}/summary?version=first`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toContain("version must be a version number.");
  await rosa.dispose();
});

type Pool = { key: string | null; documents: number; claims: Counts; coverage: number; reliability: number | null; reliabilityLow: number | null; reliabilityHigh: number | null };

test("GET /api/summary has one summary per live document, with title, kind and publisher and without the strip, and the claims pooled", async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const res = await rosa.get("/api/summary");
  expect(res.status()).toBe(200);
  const report = (await res.json()) as { documents: Array<Summary & { title: string; kind: string; publisher: string | null }>; publishers: Pool[]; kinds: Pool[]; overall: Pool };
  const { documents } = report;
  expect(Object.keys(report).sort()).toEqual(["documents", "kinds", "overall", "publishers"]);
  for (const title of SEED_TITLES) expect(documents.map((d) => d.title)).toContain(title);
  for (const d of documents) expect(Object.keys(d).sort()).toEqual([...SUMMARY_KEYS, "title", "kind", "publisher"].sort());
  // The pools add up the documents' claims; the overall interval is Wilson's over the totals.
  const total = (key: keyof Counts) => documents.reduce((n, d) => n + d.claims[key], 0);
  expect(report.overall.claims).toEqual({ sourced: total("sourced"), contested: total("contested"), opinion: total("opinion") });
  expect(report.overall.documents).toBe(documents.length);
  const checkable = total("sourced") + total("contested");
  if (checkable > 0) expect(report.overall.reliabilityLow).toBeCloseTo(wilsonInterval(total("sourced"), checkable)!.low, 12);
  for (const pools of [report.publishers, report.kinds]) expect(pools.reduce((n, p) => n + p.documents, 0)).toBe(documents.length);
  // Each entry equals the document's own summary.
  const worker = documents.find((d) => d.title === DOC)!;
  const { strip, ...single } = await summaryOf(rosa, worker.documentId);
  const { title, kind, publisher, ...fromCorpus } = worker;
  expect(fromCorpus).toEqual(single);
  await rosa.dispose();
});

test("the corpus page shows every seed with the API's numbers, sorts, and links to the reader", async ({ page }) => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const { documents } = (await (await rosa.get("/api/summary")).json()) as { documents: Array<Summary & { title: string }> };
  const expectedIndex = (d: Summary) => {
    const checkable = d.claims.sourced + d.claims.contested;
    const interval = formatInterval(d.reliabilityLow, d.reliabilityHigh);
    if (checkable === 0) return /^—none$/;
    return new RegExp(`^${checkable < d.minimumClaims ? "too few claims to judge" : String(reliabilityIndex(d.reliability))}95% interval ${interval}$`);
  };
  await rosa.dispose();

  await page.goto("/corpus");
  await expect(page).toHaveURL(/\/login/);
  await signInWithForm(page, ACCOUNTS.rosa);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Corpus" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Corpus" })).toBeVisible();
  const table = page.getByRole("table", { name: /^Reliability index of \d+ documents/ });
  for (const title of SEED_TITLES) {
    const d = documents.find((x) => x.title === title)!;
    const row = table.getByRole("row").filter({ has: page.getByRole("link", { name: title, exact: true }) });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId("corpus-reliability")).toHaveText(expectedIndex(d));
    const checkable = d.claims.sourced + d.claims.contested;
    await expect(row.getByTestId("corpus-claims")).toHaveText(
      checkable === 0 ? "No checkable claims" : `${d.claims.sourced} of ${checkable} checkable claim${checkable === 1 ? " is" : "s are"} sourced`,
    );
    await expect(row.getByTestId("corpus-coverage")).toHaveText(formatPercent(d.coverage));
    const total = d.counts.sourced + d.counts.contested + d.counts.opinion;
    const claims = d.claims.sourced + d.claims.contested + d.claims.opinion;
    // The claims under the annotations where the two counts differ.
    await expect(row.getByTestId("corpus-annotations")).toHaveText(`Annotations ${total.toLocaleString("en")}${claims === total ? "" : `, ${plural(claims, "claim")}`}`);
    await expect(row.getByRole("img")).toHaveAccessibleName(/Sourced \d+%, Contested \d+%, Opinion \d+%|No annotated text yet/);
  }
  // The pooled charts: one row per kind and the total at the foot.
  const kinds = page.getByRole("table", { name: /^Kinds of document/ });
  await expect(kinds.getByRole("rowheader", { name: /^All documents/ })).toBeVisible();
  await expect(page.getByRole("table", { name: /^Publishers/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "How these numbers are computed" })).toBeVisible();

  // Sort by title: rows in alphabetical order; the header says so.
  await table.getByRole("link", { name: /^Document/ }).click();
  await expect(page).toHaveURL(/sort=title&dir=asc/);
  await expect(table.getByRole("columnheader", { name: /Document/ })).toHaveAttribute("aria-sort", "ascending");
  const titles = await table.locator("tbody th a").allTextContents();
  expect(titles).toEqual([...titles].sort(compareNames)); // as a reader files them: numbers by value ("… 390" before "… 1280")

  // Reliability, most reliable first, is by the interval's lower bound; documents without checkable claims last.
  await table.getByRole("link", { name: /^Reliability index/ }).click();
  await expect(page).toHaveURL(/sort=reliability&dir=desc/);
  const order = (await table.locator("tbody th a").allTextContents()).map((t) => documents.find((d) => d.title === t)!);
  const lows = order.map((d) => d.reliabilityLow);
  const known = lows.filter((v): v is number => v !== null);
  expect(known).toEqual([...known].sort((a, b) => b - a));
  expect(lows.slice(known.length).every((v) => v === null)).toBe(true);

  // Sort by coverage, highest first.
  await table.getByRole("link", { name: /^Coverage/ }).click();
  await expect(page).toHaveURL(/sort=coverage&dir=desc/);
  const firstTitle = await table.locator("tbody th a").first().textContent();
  const maxCoverage = Math.max(...documents.map((d) => d.coverage));
  expect(documents.find((d) => d.title === firstTitle)!.coverage).toBe(maxCoverage);

  await table.getByRole("link", { name: DOC, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: DOC })).toBeVisible();
});

test("two sourced claims and one contested claim read \"2 of 3 checkable claims are sourced\", with the interval and \"too few claims to judge\"; from 5 claims the index shows", async ({ page }) => {
  const TITLE = "Claims wording test document";
  const TEXT =
    "The archive opened in 1921 [1]. Its first director was a printer [2]. The collection was later sold abroad. " +
    "Critics call the sale a betrayal. The catalogue lists 4,000 items [3]. A second catalogue appeared in 1950 [4].";
  const rosa = await apiAs(ACCOUNTS.rosa);
  const victor = await apiAs(ACCOUNTS.victor);
  const created = await rosa.post("/api/documents", { data: { text: TEXT, title: TITLE, kind: "report", publisher: "Claims Test Press" } });
  expect(created.status(), await created.text()).toBe(201);
  const doc = await documentByTitle(rosa, TITLE);
  // Two reviewers mark the same first sentence: one claim, not two.
  await annotatePhrase(rosa, doc, "The archive opened in 1921 [1].", "sourced");
  await annotatePhrase(victor, doc, "The archive opened in 1921 [1]", "sourced");
  await annotatePhrase(rosa, doc, "Its first director was a printer [2].", "sourced");
  await annotatePhrase(victor, doc, "The collection was later sold abroad.", "contested");
  await annotatePhrase(victor, doc, "Critics call the sale a betrayal.", "opinion"); // not checkable

  const s = await summaryOf(rosa, doc.id);
  expect(s.counts).toEqual({ sourced: 3, contested: 1, opinion: 1 });
  expect(s.claims).toEqual({ sourced: 2, contested: 1, opinion: 1 });
  expect(s.reliability).toBeCloseTo(2 / 3, 12);
  expect(formatInterval(s.reliabilityLow, s.reliabilityHigh)).toBe("21–94");

  await signIn(page, ACCOUNTS.rosa);
  await openDocument(page, TITLE);
  const region = page.getByRole("region", { name: "Reliability summary" });
  await expect(region.getByTestId("reliability-claims")).toHaveText("2 of 3 checkable claims are sourced.");
  await expect(region.getByTestId("reliability-too-few")).toHaveText("Too few claims to judge");
  await expect(region.getByTestId("reliability-interval")).toHaveText("95% interval: 21–94 (the index is shown from 5 checkable claims)");
  await expect(region.getByTestId("reliability-index")).toHaveCount(0); // no bold number
  await expect(region.getByTestId("claims-sourced")).toHaveText("2");
  await expect(region.getByTestId("count-sourced")).toHaveText("3");
  await expect(region.getByRole("heading", { name: "Share of annotated text" })).toBeVisible();
  await region.getByText("How these numbers are computed").click();
  await expect(region.getByText('"2 of 3 checkable claims are sourced" is 67')).toBeVisible();

  // The library and the corpus page say the same.
  await page.goto(`/?q=${encodeURIComponent('"Claims wording test document"')}`);
  const libraryRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: TITLE, exact: true }) });
  await expect(libraryRow.getByTestId("library-reliability")).toContainText("Reliability: too few claims to judge, 95% interval 21 to 94: 2 of 3 checkable claims are sourced");
  await page.goto("/corpus");
  const corpusRow = page.getByRole("table", { name: /^Reliability index of/ }).getByRole("row").filter({ has: page.getByRole("link", { name: TITLE, exact: true }) });
  await expect(corpusRow.getByTestId("corpus-reliability")).toHaveText("too few claims to judge95% interval 21–94");
  await expect(corpusRow.getByTestId("corpus-claims")).toHaveText("2 of 3 checkable claims are sourced");
  const publisherRow = page.getByRole("table", { name: /^Publishers/ }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^Claims Test Press/ }) });
  await expect(publisherRow.getByTestId("corpus-claims")).toHaveText("2 of 3 checkable claims are sourced");
  // "too few claims to judge" wraps: the documents table fits a 1280 px screen without scrolling sideways.
  await page.setViewportSize({ width: 1280, height: 800 });
  const sideways = await page.locator(".corpus-scroll").first().evaluate((e) => e.scrollWidth - e.clientWidth);
  expect(sideways).toBeLessThanOrEqual(0);
  // On a phone each card's plot spans the same width as the axis in the header: one scale for the dots.
  await page.setViewportSize({ width: 390, height: 844 });
  const documentsTable = page.getByRole("table", { name: /^Reliability index of/ });
  const axis = await documentsTable.locator("thead .interval-axis-labels").boundingBox();
  const plot = await documentsTable.locator("tbody .interval-mark").first().boundingBox();
  expect(Math.abs(plot!.x - axis!.x)).toBeLessThanOrEqual(1);
  expect(Math.abs(plot!.width - axis!.width)).toBeLessThanOrEqual(1);
  // The sort links for Document, Claims and Coverage share one line above the axis.
  const tops = await Promise.all(["Document", "Claims", "Coverage"].map(async (name) => (await documentsTable.locator("thead").getByRole("link", { name: new RegExp(`^${name}`) }).boundingBox())!.y));
  expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(2);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Two more sourced claims make five checkable claims: the index shows, live in the open reader.
  await openDocument(page, TITLE);
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  await annotatePhrase(victor, doc, "The catalogue lists 4,000 items [3].", "sourced");
  await annotatePhrase(victor, doc, "A second catalogue appeared in 1950 [4].", "sourced");
  await expect(region.getByTestId("reliability-claims")).toHaveText("4 of 5 checkable claims are sourced.", { timeout: 2000 });
  await expect(region.getByTestId("reliability-index")).toHaveText("80");
  await expect(region.getByTestId("reliability-interval")).toHaveText("95% interval: 38–96");
  await expect(region.getByTestId("reliability-too-few")).toHaveCount(0);
  await Promise.all([rosa.dispose(), victor.dispose()]);
});

test("the library counts annotations and the corpus claims, and each says so: claims and orphaned annotations beside the library's count, claims under the corpus's", async ({ page }) => {
  const TITLE = "Counting words test document";
  const TEXT =
    "The harbour board met on 3 May and approved the new tariff after a long debate [1]. The vote was close. " +
    "A later report calls the tariff a mistake that cost the port its trade.";
  const rosa = await apiAs(ACCOUNTS.rosa);
  const victor = await apiAs(ACCOUNTS.victor);
  const created = await rosa.post("/api/documents", { data: { text: TEXT, title: TITLE, kind: "report", publisher: "Counting Test Press" } });
  expect(created.status(), await created.text()).toBe(201);
  const doc = await documentByTitle(rosa, TITLE);
  // Two reviewers mark the first sentence: two annotations, one claim. A short contested phrase makes a narrow share.
  await annotatePhrase(rosa, doc, "The harbour board met on 3 May and approved the new tariff after a long debate [1].", "sourced");
  await annotatePhrase(victor, doc, "The harbour board met on 3 May and approved the new tariff after a long debate [1]", "sourced");
  await annotatePhrase(rosa, doc, "The vote was close.", "contested");
  // Two annotations of the last sentence, which the next version drops: they are orphaned.
  await annotatePhrase(rosa, doc, "A later report calls the tariff a mistake that cost the port its trade.", "opinion");
  await annotatePhrase(victor, doc, "calls the tariff a mistake", "opinion");
  const version = await rosa.post(`/api/documents/${doc.id}/versions`, { data: { text: TEXT.slice(0, TEXT.indexOf(" A later report")), note: "the last sentence was not the board's" } });
  expect(version.status(), await version.text()).toBe(201);
  expect(((await version.json()) as { anchoring: { orphaned: number } }).anchoring.orphaned).toBe(2);
  const s = await summaryOf(rosa, doc.id);
  expect(s.counts).toEqual({ sourced: 2, contested: 1, opinion: 0 }); // the orphaned ones count in no figure of the text
  expect(s.claims).toEqual({ sourced: 1, contested: 1, opinion: 0 });
  await Promise.all([rosa.dispose(), victor.dispose()]);

  // The library: 5 annotations, with the 2 claims and the 2 orphaned beside them, and a note that says what each counts.
  await signIn(page, ACCOUNTS.rosa);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/?q=${encodeURIComponent(`"${TITLE}"`)}`);
  const libraryRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: TITLE, exact: true }) });
  await expect(libraryRow.locator("td.col-annotations")).toHaveText("5, 2 claims, 2 orphaned");
  await expect(libraryRow.getByTestId("library-count-note")).toBeVisible();
  const libraryNote = page.getByTestId("library-counting");
  await expect(libraryNote).toContainText("Annotations are counted one by one, orphaned ones included");
  await expect(libraryNote).toContainText("and Reviewers are everyone who wrote them");
  await expect(libraryNote).toContainText("annotations whose passages overlap by half or more are one claim");
  // On a phone, the card says the same, visibly.
  await page.setViewportSize({ width: 390, height: 844 });
  const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: TITLE, exact: true }) });
  await expect(card.getByText("5 (2 claims, 2 orphaned)")).toBeVisible();
  await expect(libraryNote).toBeVisible();

  // The corpus: the 3 annotations of the current text, the 2 claims under them, and what is counted where.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/corpus");
  const corpusRow = page.getByRole("table", { name: /^Reliability index of/ }).getByRole("row").filter({ has: page.getByRole("link", { name: TITLE, exact: true }) });
  await expect(corpusRow.getByTestId("corpus-annotations")).toHaveText("Annotations 3, 2 claims");
  await expect(corpusRow.getByTestId("corpus-annotation-claims")).toBeVisible();
  await expect(page.getByTestId("corpus-counting")).toContainText("A claim counts once, however many annotations mark it");
  await expect(page.getByTestId("corpus-counting")).toContainText("The Annotations column counts each annotation placed in the current text, and Reviewers the people who wrote them; the library's counts also take in orphaned annotations (whose passage is gone from the text) and their authors.");
});

test("no text of the corpus page is under 12 px, on a phone and a desktop, and every share is printed whole, however narrow its segment", async ({ page }) => {
  const TITLE = "Counting words test document"; // the previous test's: 2 sourced annotations of a long sentence, 1 contested of a short one
  await signIn(page, ACCOUNTS.rosa);
  const rosa = await apiAs(ACCOUNTS.rosa);
  const doc = await documentByTitle(rosa, TITLE);
  const { shares } = await summaryOf(rosa, doc.id);
  await rosa.dispose();
  const percents = sharePercents(shares);
  expect(percents.contested).toBeGreaterThan(0);
  expect(percents.contested).toBeLessThan(25); // a narrow segment

  await page.goto("/corpus");
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    await page.setViewportSize({ width, height });
    // Every visible piece of text (HTML and SVG), outside the screen-reader-only spans.
    const { small, axisChecked } = await page.locator("main").evaluate((main) => {
      const found: string[] = [];
      let axis = false;
      const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement!;
        if (!node.textContent!.trim() || el.closest(".visually-hidden")) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const box = range.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || !el.checkVisibility({ visibilityProperty: true })) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < 12) found.push(`${size}px: ${node.textContent!.trim().slice(0, 40)}`);
        if (el.closest(".interval-axis-labels")) axis = true;
      }
      return { small: found, axisChecked: axis };
    });
    expect(axisChecked, "the axis labels (SVG text) are among the texts checked").toBe(true);
    expect(small, `text under 12 px at ${width} px`).toEqual([]);

    // The shares: each printed in full beside its pattern, inside the cell, none over another.
    const row = page.getByRole("table", { name: /^Reliability index of/ }).getByRole("row").filter({ has: page.getByRole("link", { name: TITLE, exact: true }) });
    const cell = row.locator("td.col-shares");
    const values = cell.locator(".share-value");
    await expect(values).toHaveText(CLASS_ORDER.filter((c) => shares[c] > 0).map((c) => `${percents[c]}%`));
    const cellBox = (await cell.boundingBox())!;
    const boxes = await values.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    for (const b of boxes) {
      expect(b.left).toBeGreaterThanOrEqual(cellBox.x);
      expect(b.right).toBeLessThanOrEqual(cellBox.x + cellBox.width);
    }
    for (let i = 1; i < boxes.length; i++) {
      const [a, b] = [boxes[i - 1], boxes[i]];
      expect(a.right <= b.left || a.bottom <= b.top, `share values ${i - 1} and ${i} overlap`).toBe(true);
    }
  }

  // The reader's large bar prints a label inside a segment only where it fits whole; its legend has every value.
  await page.setViewportSize({ width: 1280, height: 900 });
  await openDocument(page, TITLE);
  const region = page.getByRole("region", { name: "Reliability summary" });
  await expect(region.getByTestId("share-contested")).toHaveText(`Contested ${percents.contested}%`);
  const labels = await region.locator(".shares-stack .seg-label").evaluateAll((els) =>
    els.map((e) => ({ shown: getComputedStyle(e).display !== "none", size: parseFloat(getComputedStyle(e).fontSize), width: e.getBoundingClientRect().width, room: e.parentElement!.clientWidth })),
  );
  expect(labels.length).toBeGreaterThan(0);
  for (const l of labels.filter((x) => x.shown)) {
    expect(l.size).toBeGreaterThanOrEqual(12);
    expect(l.width).toBeLessThanOrEqual(l.room);
  }
});

test("an open dispute on an orphaned annotation counts in the reader's open disputes, and its entry says it is not in this version's text", async ({ page }) => {
  const TITLE = "Orphaned dispute test document";
  const P = ["Minutes of the dock committee.", "The committee approved the budget by seven votes to two.", "The meeting closed at noon."];
  const rosa = await apiAs(ACCOUNTS.rosa);
  const victor = await apiAs(ACCOUNTS.victor);
  const created = await rosa.post("/api/documents", { data: { text: P.join("\n\n"), title: TITLE, kind: "report" } });
  expect(created.status(), await created.text()).toBe(201);
  const doc = await documentByTitle(rosa, TITLE);
  const gone = await annotatePhrase(rosa, doc, P[1], "sourced");
  const kept = await annotatePhrase(rosa, doc, P[2], "opinion");
  for (const a of [gone, kept]) {
    const disputed = await victor.put(`/api/annotations/${a.id}/verdict`, { data: { verdict: "dispute", proposedClass: "contested" } });
    expect(disputed.status(), await disputed.text()).toBe(200);
  }
  const version = await rosa.post(`/api/documents/${doc.id}/versions`, { data: { text: [P[0], P[2]].join("\n\n") } });
  expect(((await version.json()) as { anchoring: { orphaned: number } }).anchoring.orphaned).toBe(1);
  const s = await summaryOf(rosa, doc.id);
  expect(s.counts).toEqual({ sourced: 0, contested: 0, opinion: 1 }); // not in the text's figures…
  expect(s.openDisputes).toBe(2); // …but its dispute still waits, as in the editors' queue
  expect(s.disputed.map((d) => d.annotationId)).toEqual([kept.id, gone.id]);
  await Promise.all([rosa.dispose(), victor.dispose()]);

  await signIn(page, ACCOUNTS.rosa);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/documents/${doc.id}`);
  const summary = page.getByRole("region", { name: "Reliability summary" });
  await expect(summary.getByTestId("open-disputes")).toHaveText("2 open disputes");
  const entries = summary.locator(".summary-disputed li");
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).not.toContainText("not in this version’s text");
  await expect(entries.nth(1)).toContainText("not in this version’s text");
  await entries.nth(1).getByRole("button", { name: /Show its card/ }).click();
  await expect(page.locator(`#a-${gone.id}`)).toBeFocused();
});
