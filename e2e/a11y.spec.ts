import crypto from "node:crypto";
import { test, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { apiAs } from "./support/auth";
import { ACCOUNTS, DEMO_PASSWORD } from "./support/env";
import { annotate } from "./support/api";
import { readerHydrated } from "./support/reader";
import { browserAs, makeDocument, makePerson, ROLES, signedInState, type Role } from "./support/people";

// Accessibility acceptance: an axe-core scan of every page, as every role that can see it (at desktop
// width), and at phone width as the first of those roles, finds no serious or critical violation.
// To cover a new page, add it to PAGES.

type Who = Role | "anonymous";
interface Fixture {
  doc: { id: string; title: string };
}
interface PageCase {
  name: string;
  roles: readonly Who[];
  path: (f: Fixture) => string;
  /** The page is ready to scan (default: the <main> landmark is visible). */
  ready?: (page: Page) => Promise<void>;
  /** Something to do before the scan, e.g. open a menu. */
  prepare?: (page: Page) => Promise<void>;
  /** Default: 1440 px for every role, 390 px for the first role. */
  widths?: readonly number[];
}

const DESKTOP = 1440;
const PHONE = 390;
const EVERYONE: readonly Who[] = ROLES;
const WRITERS: readonly Who[] = ["admin", "editor", "reviewer"];
const EDITORS: readonly Who[] = ["editor", "admin"];
const ADMINS: readonly Who[] = ["admin"];

export const PAGES: readonly PageCase[] = [
  { name: "sign-in", roles: ["anonymous"], path: () => "/login" },
  { name: "library", roles: EVERYONE, path: () => "/" },
  { name: "library search results", roles: ["reviewer"], path: () => "/?q=October" },
  {
    name: "library with the menu open",
    roles: EVERYONE,
    path: () => "/",
    widths: [390],
    prepare: async (page) => {
      await page.getByRole("button", { name: "Menu" }).click();
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    },
  },
  { name: "add document", roles: WRITERS, path: () => "/documents/new" },
  {
    name: "document reader",
    roles: EVERYONE,
    path: (f) => `/documents/${f.doc.id}`,
    ready: async (page) => {
      await expect(page.getByRole("main")).toBeVisible();
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    },
  },
  {
    name: "document reader with the Rule form open",
    roles: EDITORS,
    path: (f) => `/documents/${f.doc.id}`,
    prepare: async (page) => {
      // A click before hydration does nothing (the first failure of a loaded CI run).
      await readerHydrated(page);
      if ((page.viewportSize()?.width ?? DESKTOP) < 1024) await page.getByRole("navigation", { name: "Reader panels" }).getByRole("button", { name: /Annotations/ }).click();
      await page.getByRole("button", { name: "Rule", exact: true }).first().click();
      await expect(page.getByRole("textbox", { name: "Rationale" })).toBeVisible();
    },
  },
  { name: "corpus", roles: EVERYONE, path: () => "/corpus" },
  { name: "account", roles: EVERYONE, path: () => "/account" },
  {
    name: "open disputes",
    roles: EDITORS,
    path: () => "/disputes",
    ready: async (page) => {
      await expect(page.getByRole("heading", { level: 1, name: "Open disputes" })).toBeVisible();
      await expect(page.getByRole("link", { name: /Open to rule/ }).first()).toBeVisible();
    },
  },
  {
    name: "responses",
    roles: ["reviewer"],
    path: () => "/responses",
    ready: async (page) => {
      await expect(page.getByRole("heading", { level: 1, name: "Responses" })).toBeVisible();
      await expect(page.getByRole("link", { name: /^Open the annotation/ }).first()).toBeVisible();
    },
  },
  { name: "admin: users", roles: ADMINS, path: () => "/admin/users" },
  {
    name: "admin: users, a person's name and email being edited",
    roles: ADMINS,
    path: () => "/admin/users",
    prepare: async (page) => {
      const row = page.getByRole("row").filter({ hasText: ACCOUNTS.rosa });
      await expect(async () => {
        await row.getByRole("button", { name: "Edit name and email" }).click();
        await expect(row.getByRole("form")).toBeVisible({ timeout: 1000 });
      }).toPass();
    },
  },
  { name: "admin: audit log", roles: ADMINS, path: () => "/admin/audit" },
  { name: "admin: deleted annotations", roles: ADMINS, path: () => "/admin/deleted" },
  { name: "library: deleted documents", roles: ADMINS, path: () => "/?deleted=1" },
  { name: "admin: import", roles: ADMINS, path: () => "/admin/import" },
  { name: "edit document details", roles: ADMINS, path: (f) => `/documents/${f.doc.id}/edit` },
  { name: "document versions", roles: EVERYONE, path: (f) => `/documents/${f.doc.id}/versions` },
  { name: "one version, read-only", roles: ["reviewer"], path: (f) => `/documents/${f.doc.id}/versions/1` },
  { name: "not found", roles: ["anonymous", ...EVERYONE], path: () => "/no-such-page" },
];

const SEVERE = new Set(["serious", "critical"]);

let fixture: Fixture;
const sessions: Partial<Record<Role, Awaited<ReturnType<typeof signedInState>>>> = {};

test.beforeAll(async () => {
  // A document with annotations of every class, one with a reply and an open dispute, one ruled on, and
  // one deleted, so the reader, its lists, the open disputes page and the admin's deleted list all have
  // content to scan.
  const doc = await makeDocument(
    "Accessibility scan sample",
    [
      "The harbour strike began on a Monday, according to the port authority's own records.",
      "Critics say the union leadership misjudged the mood of the members entirely.",
      "It was, in the author's view, the most important dispute of the decade.",
      "Wages had fallen by a fifth since the previous agreement was signed.",
      // Unique, so that a retried worker (whose beforeAll runs again) is not refused a duplicate text.
      `Scan ${crypto.randomUUID()}.`,
    ].join("\n\n"),
  );
  fixture = { doc };
  const rosa = await apiAs(ACCOUNTS.rosa);
  const victor = await apiAs(ACCOUNTS.victor);
  const withText = { id: doc.id, text: (await (await rosa.get(`/api/documents/${doc.id}`)).json()).text as string };
  await annotate(rosa, withText, "according to the port authority's own records", "sourced", {
    evidence: [{ citation: "Port authority annual report", url: "https://example.org/report" }],
  });
  const contested = await annotate(rosa, withText, "misjudged the mood of the members", "contested");
  const opinion = await annotate(victor, withText, "the most important dispute of the decade", "opinion");
  const gone = await annotate(victor, withText, "Wages had fallen by a fifth", "sourced");
  expect((await rosa.post(`/api/annotations/${contested.id}/replies`, { data: { body: "Which members? A source would help." } })).status()).toBe(201);
  expect((await victor.put(`/api/annotations/${contested.id}/verdict`, { data: { verdict: "dispute", proposedClass: "opinion" } })).status()).toBe(200);
  expect((await victor.delete(`/api/annotations/${gone.id}`)).status()).toBeLessThan(300);
  const edith = await apiAs(ACCOUNTS.edith);
  const ruling = { classification: "contested", rationale: "Other historians rank the 1926 strike higher." };
  expect((await edith.put(`/api/annotations/${opinion.id}/ruling`, { data: ruling })).status()).toBe(200);
  await edith.dispose();
  await Promise.all([rosa.dispose(), victor.dispose()]);
  // A deleted document, for the library's deleted documents (its row has no link and says when).
  const deleted = await makeDocument("Deleted for the scan", `Deleted ${crypto.randomUUID()}.`);
  const admin = await apiAs(ACCOUNTS.admin);
  expect((await admin.delete(`/api/documents/${deleted.id}`)).status()).toBe(204);
  await admin.dispose();
  // One sign-in per role for the whole file.
  sessions.admin = await signedInState({ email: ACCOUNTS.admin, password: DEMO_PASSWORD });
  sessions.editor = await signedInState({ email: ACCOUNTS.edith, password: DEMO_PASSWORD });
  sessions.reviewer = await signedInState({ email: ACCOUNTS.rosa, password: DEMO_PASSWORD });
  sessions.viewer = await signedInState(await makePerson("viewer", "Scanned viewer"));
});

const pages = new Map<string, Page>();
test.afterAll(async () => {
  for (const page of pages.values()) await page.context().close();
});

for (const pageCase of PAGES) {
  for (const [i, who] of pageCase.roles.entries()) {
    for (const width of pageCase.widths ?? (i === 0 ? [DESKTOP, PHONE] : [DESKTOP])) {
      test(`${pageCase.name}, as ${who === "anonymous" ? "a signed-out visitor" : `a ${who}`}, at ${width} px: no serious or critical axe violations`, async ({
        browser,
      }, testInfo) => {
        // One page per role and width, taken from test to test: a page opened in a new context costs
        // a renderer process and the app's scripts compiled afresh, a third of a scan's CPU.
        const key = `${who} ${width}`;
        let page = pages.get(key);
        if (!page) pages.set(key, (page = await (await browserAs(browser, who === "anonymous" ? null : sessions[who]!, { width, height: width < 800 ? 844 : 900 })).newPage()));
        const path = pageCase.path(fixture);
        await page.goto(path);
        // The role can see the page: no redirect elsewhere.
        expect(new URL(page.url()).pathname).toBe(path.split("?")[0]);
        await page.waitForLoadState("load");
        await (pageCase.ready ?? ((p: Page) => expect(p.getByRole("main")).toBeVisible()))(page);
        await pageCase.prepare?.(page);
        // Legacy mode runs axe inside the page instead of opening a helper page per scan: the app has no
        // frames, and it is markedly faster on a busy machine. Only violations are collected in full
        // (axe's resultTypes): the passes' node details are what a scan of a long page spends most on.
        const results = await new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ["violations"] }).analyze();
        await testInfo.attach("axe-results.json", { body: JSON.stringify(results.violations, null, 2), contentType: "application/json" });
        const severe = results.violations
          .filter((v) => SEVERE.has(v.impact ?? ""))
          .map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1).join("; ")}`).join("\n    ")}`);
        expect(severe, severe.join("\n")).toEqual([]);
      });
    }
  }
}
