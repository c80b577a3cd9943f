import { test, expect } from "@playwright/test";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS } from "./support/env";
import { annotate, documentByTitle } from "./support/api";
import { openDocument } from "./support/reader";
import { createUser } from "./support/users";
import { formatInterval } from "../components/summary/format";

// A document no other spec annotates, so the expected numbers are exactly what this test creates.
const TITLE = "Live summary test document";
const TEXT = "The party was founded in 1971 [1]. Its paper appears every two weeks. The leadership is dishonest and should resign.\n\nMembers use pseudonyms to protect themselves.";

test("the reader's summary region shows the API's numbers and follows another browser's annotation within two seconds", async ({ browser }) => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const created = await rosa.post("/api/documents", { data: { text: TEXT, title: TITLE, kind: "report" } });
  expect([201, 409]).toContain(created.status());
  const doc = await documentByTitle(rosa, TITLE);
  await annotate(rosa, doc, "founded in 1971 [1]", "sourced");
  const victorEmail = createUser("reviewer", "Vic Second");
  const victor = await apiAs(victorEmail, "correct-horse-battery");
  await annotate(victor, doc, "Its paper appears every two weeks", "contested");

  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, ACCOUNTS.rosa);
  await openDocument(page, TITLE);
  await expect(page.getByTestId("live-status")).toHaveText("● Live");
  const region = page.getByRole("region", { name: "Reliability summary" });

  const api = async () => (await (await rosa.get(`/api/documents/${doc.id}/summary`)).json()) as {
    counts: Record<string, number>;
    claims: Record<string, number>;
    reliability: number | null;
    reliabilityLow: number | null;
    reliabilityHigh: number | null;
    reviewers: number;
  };
  let expected = await api();
  expect(expected.counts).toEqual({ sourced: 1, contested: 1, opinion: 0 });
  expect(expected.claims).toEqual({ sourced: 1, contested: 1, opinion: 0 });
  expect(expected.reviewers).toBe(2);
  await expect(region.getByTestId("count-sourced")).toHaveText(String(expected.counts.sourced));
  await expect(region.getByTestId("count-contested")).toHaveText(String(expected.counts.contested));
  await expect(region.getByTestId("reliability-claims")).toHaveText("1 of 2 checkable claims are sourced.");
  await expect(region.getByTestId("reliability-interval")).toContainText(`95% interval: ${formatInterval(expected.reliabilityLow, expected.reliabilityHigh)}`);

  // A third annotation from another browser: the region changes within two seconds.
  await annotate(victor, doc, "The leadership is dishonest and should resign", "opinion");
  expected = await api();
  await expect(region.getByTestId("count-opinion")).toHaveText("1", { timeout: 2000 });
  await expect(region.getByTestId("claims-opinion")).toHaveText("1", { timeout: 2000 });
  await annotate(victor, doc, "Members use pseudonyms", "contested");
  expected = await api();
  await expect(region.getByTestId("count-contested")).toHaveText("2", { timeout: 2000 });
  await expect(region.getByTestId("reliability-claims")).toHaveText("1 of 3 checkable claims are sourced.", { timeout: 2000 });
  await expect(region.getByTestId("reliability-interval")).toContainText(`95% interval: ${formatInterval(expected.reliabilityLow, expected.reliabilityHigh)}`, { timeout: 2000 });
  await expect(region.getByTestId("reliability-too-few")).toHaveText("Too few claims to judge");
  await Promise.all([rosa.dispose(), victor.dispose(), ctx.close()]);
});

test("the library shows each document's reliability interval and sorts by reliability (conservatively), coverage and activity", async ({ page }) => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  type Doc = {
    id: string;
    title: string;
    summary: { reliability: number | null; reliabilityLow: number | null; reliabilityHigh: number | null; coverage: number } | null;
    lastActivityAt: string;
  };
  const list = async (sort: string, dir = "desc") =>
    ((await (await rosa.get(`/api/documents?sort=${sort}&dir=${dir}&pageSize=100`)).json()) as { documents: Doc[] }).documents;
  // Most reliable first: by the interval's lower bound; least reliable first: by its upper bound.
  for (const [dir, bound, sign] of [["desc", "reliabilityLow", -1], ["asc", "reliabilityHigh", 1]] as const) {
    const values = (await list("reliability", dir)).map((d) => d.summary?.[bound] ?? null);
    const known = values.filter((v): v is number => v !== null);
    expect(known.length).toBeGreaterThan(0);
    expect(known).toEqual([...known].sort((a, b) => sign * (a - b)));
    expect(values.slice(known.length).every((v) => v === null)).toBe(true); // documents without checkable claims last
  }
  const byReliability = await list("reliability");
  const byCoverage = (await list("coverage", "asc")).map((d) => d.summary!.coverage);
  expect(byCoverage).toEqual([...byCoverage].sort((a, b) => a - b));
  const byActivity = (await list("activity")).map((d) => d.lastActivityAt);
  expect(byActivity).toEqual([...byActivity].sort().reverse());

  await signIn(page, ACCOUNTS.rosa);
  await page.goto("/?sort=reliability");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: TITLE, exact: true }) });
  const doc = byReliability.find((d) => d.title === TITLE)!;
  // 1 of 3 checkable claims: too few to judge, so the interval and no number.
  expect(doc.summary!.reliability).toBeCloseTo(1 / 3, 12);
  await expect(row.getByTestId("library-reliability")).toContainText(
    `too few claims to judge, 95% interval ${Math.round(doc.summary!.reliabilityLow! * 100)} to ${Math.round(doc.summary!.reliabilityHigh! * 100)}: 1 of 3 checkable claims are sourced`,
  );
  await rosa.dispose();
});
