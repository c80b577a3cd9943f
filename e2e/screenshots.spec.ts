import { test, expect } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { ACCOUNTS, DEMO_PASSWORD } from "./support/env";
import { annotate } from "./support/api";
import { apiAs } from "./support/auth";
import { browserAs, makeDocument, signedInState } from "./support/people";

// Screenshots of the library and the reader at phone, tablet and desktop widths, for a person to look
// at after a run: screenshots/<page>-<width>.png at the repository root (git-ignored).

const OUT = path.join(process.cwd(), "screenshots");
const WIDTHS = [390, 768, 1440] as const;
const HEIGHT = (width: number) => (width < 800 ? 844 : 900);

test.beforeAll(() => fs.mkdirSync(OUT, { recursive: true }));

test("screenshots of the library and the reader at 390, 768 and 1440 px", async ({ browser }) => {
  test.setTimeout(180_000);
  // A document of its own with an annotation of each class, so the reader has something to show.
  const title = "Harbour strike, a reviewer's sample";
  const text = [
    "The harbour strike began on a Monday in early March, according to the port authority's own records, and lasted eleven weeks.",
    "Critics say the union leadership misjudged the mood of the members entirely, calling the stoppage before the ballot had closed.",
    "It was, in the author's view, the most important industrial dispute of the decade, and its lessons have still not been learned.",
    "Wages on the docks had fallen by a fifth since the previous agreement was signed, the regional statistics office reported in its annual survey.",
  ]
    .map((p) => `${p} ${p}`)
    .concat(`(A sample for the screenshots, ${new Date().toISOString()}.)`)
    .join("\n\n");
  const made = await makeDocument(title, text);
  const doc = { id: made.id, text };
  const rosa = await apiAs(ACCOUNTS.rosa);
  const victor = await apiAs(ACCOUNTS.victor);
  await annotate(rosa, doc, "according to the port authority's own records", "sourced");
  await annotate(rosa, doc, "misjudged the mood of the members entirely", "contested");
  await annotate(victor, doc, "the most important industrial dispute of the decade", "opinion");
  await annotate(victor, doc, "Wages on the docks had fallen by a fifth", "sourced");
  await Promise.all([rosa.dispose(), victor.dispose()]);

  const state = await signedInState({ email: ACCOUNTS.rosa, password: DEMO_PASSWORD });
  for (const width of WIDTHS) {
    const context = await browserAs(browser, state, { width, height: HEIGHT(width) });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Library" })).toBeVisible();
    await page.screenshot({ path: path.join(OUT, `library-${width}.png`), fullPage: true });
    await page.goto(`/documents/${doc.id}`);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await page.waitForLoadState("load");
    await page.screenshot({ path: path.join(OUT, `reader-${width}.png`) });
    await context.close();
    for (const name of ["library", "reader"]) expect(fs.statSync(path.join(OUT, `${name}-${width}.png`)).size).toBeGreaterThan(1000);
  }
});
