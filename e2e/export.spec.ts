import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { test, expect, request as pwRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS, E2E_BASE_URL, E2E_DATABASE_URL } from "./support/env";
import { openDocument } from "./support/reader";

// A seed no earlier spec annotates; assertions look for this spec's own annotations, not totals,
// since the whole corpus holds what other specs wrote too.
const DOC = "Anti-Stalinist left";
const TODAY = () => new Date().toISOString().slice(0, 10);

type Json = Record<string, unknown>;

test.describe.configure({ mode: "serial" });

let rosa: APIRequestContext;
let victor: APIRequestContext;
let admin: APIRequestContext;
let docId: string;
const created: Array<{ id: string; classification: string; start: number; end: number; quote: string }> = [];

test.beforeAll(async () => {
  [rosa, victor, admin] = await Promise.all([apiAs(ACCOUNTS.rosa), apiAs(ACCOUNTS.victor), apiAs(ACCOUNTS.admin)]);
  const { documents } = (await (await rosa.get("/api/documents?pageSize=100")).json()) as { documents: Array<{ id: string; title: string }> };
  docId = documents.find((d) => d.title === DOC)!.id;
  expect(docId).toBeTruthy();
});

test.afterAll(async () => {
  await Promise.all([rosa?.dispose(), victor?.dispose(), admin?.dispose()]);
});

function expectAttachment(res: APIResponse, name: RegExp, type: string) {
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe(type);
  const disposition = res.headers()["content-disposition"];
  expect(disposition).toMatch(/^attachment; filename="[^"]+"$/);
  expect(disposition).toMatch(name);
}

/**
 * The W3C Working Group's MUST assertions on the collection, every page and every annotation
 * (lib/export/w3c-validate.ts, run through scripts/check-w3c.ts: Playwright cannot load that ESM module).
 */
function expectConformant(collection: Json): Json[] {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-w3c-")), "export.json");
  fs.writeFileSync(file, JSON.stringify(collection));
  let output: string;
  try {
    output = execFileSync(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["scripts/check-w3c.ts", file], { encoding: "utf8" });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  const result = JSON.parse(output) as { annotations: number; failures: unknown[] };
  expect(result.failures).toEqual([]);
  const pages = collection.first ? [collection.first as Json, ...((collection["@included"] as Json[] | undefined) ?? [])] : [];
  const items = pages.flatMap((p) => p.items as Json[]);
  expect(result.annotations).toBe(items.length);
  expect(items).toHaveLength(collection.total as number);
  return items;
}

test("reviewers annotate a seed with all three classes, a reply and a verdict", async () => {
  const { text } = (await (await rosa.get(`/api/documents/${docId}`)).json()) as { text: string };
  const cps = [...text];
  const spanOf = (needle: string) => {
    const at = text.indexOf(needle);
    expect(at, needle).toBeGreaterThanOrEqual(0);
    const start = [...text.slice(0, at)].length;
    const end = start + [...needle].length;
    return { start, end, quote: cps.slice(start, end).join("") };
  };
  const words = text.split(/\s+/).filter((w) => w.length > 6);
  const picks = [words[5], words[Math.floor(words.length / 2)], words[words.length - 5]];
  const classes = ["sourced", "contested", "opinion"] as const;
  for (let i = 0; i < 3; i++) {
    const span = spanOf(picks[i]);
    const res = await rosa.post(`/api/documents/${docId}/annotations`, {
      data: {
        ...span,
        classification: classes[i],
        note: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `Export check ${i + 1}`, marks: [{ type: "bold" }] }] }] },
        evidence: i === 0 ? [{ citation: "Deutscher, The Prophet Armed, p. 12", url: "https://example.org/deutscher" }] : [],
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    const body = (await res.json()) as { id: string };
    created.push({ id: body.id, classification: classes[i], ...span });
  }
  expect((await victor.post(`/api/annotations/${created[1].id}/replies`, { data: { body: "Which source says so?" } })).status()).toBe(201);
  expect((await victor.put(`/api/annotations/${created[1].id}/verdict`, { data: { verdict: "dispute", proposedClass: "opinion" } })).status()).toBe(200);
});

test("the corpus downloads as W3C JSON-LD that passes the W3C MUST assertions, with our annotations in it", async () => {
  const res = await rosa.get("/api/export?format=w3c");
  expectAttachment(res, new RegExp(`filename="apparatus-corpus-w3c-${TODAY()}\\.json"`), 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"');
  const items = expectConformant((await res.json()) as Json);
  for (const a of created) {
    const item = items.find((i) => String(i.id).endsWith(`/api/annotations/${a.id}`));
    expect(item, a.id).toBeTruthy();
    const body = item!.body as Json[];
    expect(body.find((b) => b.purpose === "classifying")!.value).toBe(a.classification);
    const target = item!.target as { source: string; selector: Json[] };
    expect(target.source).toMatch(new RegExp(`/documents/${docId}$`));
    expect(target.selector).toEqual([
      expect.objectContaining({ type: "TextQuoteSelector", exact: a.quote }),
      { type: "TextPositionSelector", start: a.start, end: a.end },
    ]);
  }
  const motivations = items.filter((i) => String(i.id).includes(`/api/annotations/${created[1].id}/`)).map((i) => i.motivation);
  expect(motivations.sort()).toEqual(["assessing", "replying"]);
});

test("the corpus downloads in the native format, one document in both formats", async () => {
  const native = await rosa.get("/api/export?format=native");
  expectAttachment(native, new RegExp(`filename="apparatus-corpus-native-${TODAY()}\\.json"`), "application/json");
  const file = (await native.json()) as { format: string; documents: Array<{ id: string; annotations: Array<{ id: string; replies: unknown[]; verdicts: unknown[] }>; summary: Json }> };
  expect(file.format).toBe("apparatus.export");
  const doc = file.documents.find((d) => d.id === docId)!;
  const ours = doc.annotations.filter((a) => created.some((c) => c.id === a.id));
  expect(ours).toHaveLength(3);
  expect(ours.find((a) => a.id === created[1].id)).toMatchObject({ replies: [expect.anything()], verdicts: [expect.anything()] });
  expect(doc.summary).toMatchObject({ documentId: docId });

  const one = await victor.get(`/api/documents/${docId}/export?format=w3c`);
  expectAttachment(one, new RegExp(`filename="apparatus-anti-stalinist-left-w3c-${TODAY()}\\.json"`), 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"');
  const collection = (await one.json()) as Json;
  expect(collection.label).toBe(`Apparatus: ${DOC}`);
  const items = expectConformant(collection);
  expect(items.every((i) => typeof i.target === "string" || (i.target as { source: string }).source.endsWith(`/documents/${docId}`))).toBe(true);

  const oneNative = await victor.get(`/api/documents/${docId}/export?format=native`);
  expectAttachment(oneNative, /filename="apparatus-anti-stalinist-left-native-/, "application/json");
  expect(((await oneNative.json()) as { documents: Array<{ id: string }> }).documents.map((d) => d.id)).toEqual([docId]);
});

// The raw answer (no client-side decoding), to see what the server chose to send.
function rawGet(pathname: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(pathname, E2E_BASE_URL), { headers }, (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      })
      .on("error", reject);
  });
}

test("downloads are compressed as the client asks: brotli for a browser, gzip for a gzip-only client, none when not asked", async () => {
  const { cookies } = await rosa.storageState();
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const plain = await rawGet(`/api/documents/${docId}/export?format=native`, { cookie, "accept-encoding": "identity" });
  expect(plain.status).toBe(200);
  expect(plain.headers["content-encoding"]).toBeUndefined();
  const file = JSON.parse(plain.body.toString("utf8")) as { documents: Array<{ id: string }> };
  expect(file.documents.map((d) => d.id)).toEqual([docId]);
  // The export time is the only difference between two downloads.
  const same = (body: Buffer) => body.toString("utf8").replace(/"exportedAt":"[^"]+"/, "");
  for (const [acceptEncoding, encoding, decode] of [
    ["gzip, deflate, br, zstd", "br", zlib.brotliDecompressSync],
    ["gzip, deflate", "gzip", zlib.gunzipSync],
  ] as const) {
    for (const url of [`/api/documents/${docId}/export?format=native`, "/api/export?format=w3c"]) {
      const res = await rawGet(url, { cookie, "accept-encoding": acceptEncoding });
      expect(res.status, url).toBe(200);
      expect(res.headers["content-encoding"], `${url} with ${acceptEncoding}`).toBe(encoding);
      expect(res.headers["vary"]).toMatch(/Accept-Encoding/i);
      const json = decode(res.body);
      expect(json.length).toBeGreaterThan(res.body.length); // compressed
      if (url.includes("native")) expect(same(json)).toBe(same(plain.body));
      else expect((JSON.parse(json.toString("utf8")) as { type: string }).type).toBe("AnnotationCollection");
    }
  }
  // Pages and the rest of the API are compressed too (gzip at its usual level for a gzip-only client).
  const page = await rawGet(`/documents/${docId}`, { cookie, "accept-encoding": "gzip" });
  expect(page.status).toBe(200);
  expect(page.headers["content-encoding"]).toBe("gzip");
  expect(zlib.gunzipSync(page.body).toString("utf8")).toContain(DOC);
});

test("export refuses a bad format (400), an unknown document (404) and anonymous callers (401)", async () => {
  for (const url of ["/api/export?format=csv", "/api/export", `/api/documents/${docId}/export?format=xml`]) {
    const res = await rosa.get(url);
    expect(res.status(), url).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "INVALID_INPUT", message: expect.stringMatching(/format/) } });
  }
  expect((await rosa.get("/api/documents/no-such-document/export?format=native")).status()).toBe(404);
  const anonymous = await pwRequest.newContext({ baseURL: E2E_BASE_URL });
  expect((await anonymous.get("/api/export?format=native")).status()).toBe(401);
  await anonymous.dispose();
});

test("an admin re-imports the native corpus export and nothing is created; reviewers may not import; malformed JSON is a 400", async () => {
  const exported = await (await admin.get("/api/export?format=native")).body();
  const res = await admin.post("/api/import", { data: exported, headers: { "content-type": "application/json" } });
  expect(res.status(), await res.text()).toBe(200);
  const report = (await res.json()) as {
    format: string;
    documents: { created: number; matched: number };
    annotations: { created: number; unchanged: number; updated: number; unplaced: unknown[] };
    replies: { created: number };
    verdicts: { created: number };
  };
  expect(report.format).toBe("native");
  expect(report.documents.created).toBe(0);
  expect(report.documents.matched).toBeGreaterThanOrEqual(5);
  expect(report.annotations).toMatchObject({ created: 0, updated: 0, unplaced: [] });
  expect(report.annotations.unchanged).toBeGreaterThanOrEqual(3);
  expect(report.replies.created).toBe(0);
  expect(report.verdicts.created).toBe(0);

  const denied = await rosa.post("/api/import", { data: exported, headers: { "content-type": "application/json" } });
  expect(denied.status()).toBe(403);
  const malformed = await admin.post("/api/import", { data: Buffer.from('{"format": "apparatus.export", '), headers: { "content-type": "application/json" } });
  expect(malformed.status()).toBe(400);
  expect(await malformed.json()).toMatchObject({ error: { code: "INVALID_INPUT", message: expect.stringMatching(/not valid JSON/) } });
  const wrongShape = await admin.post("/api/import", { data: { format: "apparatus.export", version: 1, exportedAt: "yesterday", documents: [] } });
  expect(wrongShape.status()).toBe(422);
  expect(((await wrongShape.json()) as { error: { message: string } }).error.message).toMatch(/exportedAt/);
});

test("an admin imports a file on Admin → Import and sees its report, with an approximate placement to check; a broken file imports nothing", async ({ page }) => {
  // this document's native export, with one annotation added under a new id whose quote has a typo: it is placed approximately
  const file = (await (await admin.get(`/api/documents/${docId}/export?format=native`)).json()) as { documents: Array<{ annotations: Json[] }> };
  const source = file.documents[0].annotations.reduce((a, b) => (String(b.quote).length > String(a.quote).length ? b : a));
  const quote = String(source.quote);
  const at = Math.floor(quote.length / 2);
  const typo = `${quote.slice(0, at)}${quote[at] === "x" ? "y" : "x"}${quote.slice(at + 1)}`;
  const newId = `import-ui-${Date.now()}`;
  file.documents[0].annotations.push({ ...source, id: newId, quote: typo, replies: [], verdicts: [], ruling: null });

  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/users");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "Import", level: 2 })).toBeVisible();
  // the tabs scroll sideways on a phone; the current one is scrolled into sight
  await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Import" })).toBeInViewport({ ratio: 0.9 });
  const fileInput = page.getByLabel("File");
  const alert = page.locator("form").getByRole("alert");

  // nothing chosen, then a file that is not JSON: a clear message, nothing imported
  await page.getByRole("button", { name: "Import" }).click();
  await expect(alert).toHaveText("Choose a file to import.");
  await fileInput.setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("these are not JSON") });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(alert).toContainText(/^Nothing was imported\. .*JSON/);
  await expect(page.getByRole("region", { name: /^Imported/ })).toHaveCount(0);
  await expect(fileInput).toBeFocused(); // not dropped to the page when the busy Import button came back
  // a server message that already says nothing was imported is not told twice
  await fileInput.setInputFiles({ name: "empty.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ ...file, documents: [] })) });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(alert).toContainText("holds no documents; nothing was imported.");
  await expect(alert).not.toContainText(/^Nothing was imported/);
  await expect(fileInput).toBeFocused();

  await fileInput.setInputFiles({ name: "edited.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file)) });
  await page.getByRole("button", { name: "Import" }).click();
  const report = page.getByRole("region", { name: "Imported “edited.json” (native)" });
  await expect(report).toBeVisible();
  await expect(alert).toBeHidden();
  await expect(report).toContainText("Done, with 1 thing to look at below.");
  await expect(report.getByRole("definition").first()).toHaveText("0 new, 1 already here");
  await expect(report).toContainText(/1 new, 0 updated, \d+ unchanged/);
  await expect(report.getByRole("term").filter({ hasText: "Found in the text" })).toBeVisible();
  await expect(report).toContainText(/0 exactly, 0 moved, 1 approximately, 0 not found/);
  await expect(report).not.toContainText("orphaned");
  await expect(report.getByRole("heading", { name: "Placed approximately: check these" })).toBeVisible();
  const check = report.getByRole("link", { name: quote });
  await expect(check).toHaveAttribute("href", `/documents/${docId}?a=${newId}`);
  await expect(report.getByRole("link", { name: DOC })).toHaveAttribute("href", `/documents/${docId}`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "screenshots/admin-import-390.png", fullPage: true });

  // the same file again changes nothing; the link's address opens the annotation in the reader
  await page.setViewportSize({ width: 1280, height: 800 });
  await fileInput.setInputFiles({ name: "edited.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file)) });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(report).toContainText(/0 new, 0 updated, \d+ unchanged/);
  await page.screenshot({ path: "screenshots/admin-import-1280.png", fullPage: true });
  await page.goto(`/documents/${docId}?a=${newId}`); // the link checked above
  await expect(page).toHaveURL(new RegExp(`/documents/${docId}\\?a=${newId}`));
  await expect(page.locator(`[data-annotation-id="${newId}"]`).first()).toBeVisible();

  // large counts are written as the rest of the app writes them (a report made up for the page)
  await page.goto("/admin/import");
  const big = {
    format: "native",
    documents: { created: 1200, matched: 3000, refused: 0, list: [] },
    annotations: { created: 12345, unchanged: 1000, updated: 2500, replaced: 0, anchoring: { exact: 10000, moved: 2000, fuzzy: 1001, orphaned: 0 }, fuzzy: [], unplaced: [] },
    replies: { created: 4000, unchanged: 0, updated: 0, skipped: [] },
    verdicts: { created: 5000, unchanged: 0, updated: 0, skipped: [] },
    rulings: { created: 0, unchanged: 0, updated: 0, skipped: [] },
    people: { matched: 1500, created: 12, withoutAddress: 3 },
    warnings: [],
  };
  await page.route("**/api/import", (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(big) }));
  await fileInput.setInputFiles({ name: "big.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file)) });
  await page.getByRole("button", { name: "Import" }).click();
  const bigReport = page.getByRole("region", { name: "Imported “big.json” (native)" });
  await expect(bigReport).toContainText("1,200 new, 3,000 already here");
  await expect(bigReport).toContainText("12,345 new, 2,500 updated, 1,000 unchanged");
  await expect(bigReport).toContainText("10,000 exactly, 2,000 moved, 1,001 approximately, 0 not found");
  await expect(bigReport).toContainText(
    "1,500 matched, 12 added as inactive accounts (9 with an address: a file holds no passwords, set one on Users to let someone sign in; " +
      "3 without an address, kept as authors of their work: give one on Users to let them sign in)",
  );
  for (const name of ["set one on Users", "give one on Users"]) await expect(bigReport.getByRole("link", { name })).toHaveAttribute("href", "/admin/users");
  await page.unroute("**/api/import");

  // reviewers do not get the page
  const other = await page.context().browser()!.newPage();
  await signIn(other, ACCOUNTS.rosa);
  await other.goto("/admin/import");
  await expect(other).not.toHaveURL(/\/admin\/import/);
  await other.close();
});

test("an admin imports annotations another tool wrote (W3C) on Admin → Import: the report counts the items it could not read and says why, and what it left out or put in place", async ({ page }) => {
  const collection = (await (await admin.get(`/api/documents/${docId}/export?format=w3c`)).json()) as { first: { items: Json[] } };
  const ours = collection.first.items.find((i) => i.motivation === "classifying") as { target: { source: string; selector: Json[] } };
  const source = ours.target.source;
  const quote = ours.target.selector.find((s) => s.type === "TextQuoteSelector")!;
  const stamp = Date.now();
  const seminar = [
    {
      "@context": "http://www.w3.org/ns/anno.jsonld",
      id: `urn:uuid:seminar-${stamp}-1`,
      type: "Annotation",
      body: [
        { type: "TextualBody", value: "A view, not a fact", purpose: "commenting" },
        { type: "TextualBody", value: "opinion", purpose: "classifying" },
        { type: "TextualBody", value: "needs-check", purpose: "tagging" },
      ],
      target: { source, selector: quote },
    },
    { "@context": "http://www.w3.org/ns/anno.jsonld", id: `urn:uuid:seminar-${stamp}-2`, type: "Annotation", body: { type: "TextualBody", value: "No class here", purpose: "commenting" }, target: { source, selector: quote } },
    { "@context": "http://www.w3.org/ns/anno.jsonld", id: `urn:uuid:seminar-${stamp}-3`, type: "Annotation", body: { type: "TextualBody", value: "sourced", purpose: "classifying" }, target: source },
  ];
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/import");
  // the page says another tool's W3C annotations are read, and what they need
  await expect(page.getByLabel("File")).toHaveAccessibleDescription(/another tool’s \(Hypothesis, Recogito…\) whose annotations each have a class/);
  await page.getByLabel("File").setInputFiles({ name: "seminar.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(seminar)) });
  await page.getByRole("button", { name: "Import" }).click();
  const report = page.getByRole("region", { name: "Imported “seminar.json” (W3C)" });
  await expect(report).toBeVisible();
  const items = report.getByRole("term").filter({ hasText: "Items in the file" });
  await expect(items).toBeVisible();
  await expect(report.getByRole("definition").first()).toHaveText("3, 2 skipped: they could not be read (see Warnings)");
  await expect(report).toContainText("1 new, 0 updated, 0 unchanged");
  const warnings = report.getByRole("heading", { name: "Warnings" }).locator("xpath=following-sibling::ul[1]");
  const first = `item 1 (urn:uuid:seminar-${stamp}-1)`;
  await expect(warnings).toContainText(`${first}: tag "needs-check" left out: annotations here have no tags`);
  await expect(warnings).toContainText(`${first}: no creator: attributed to "Unknown reviewer"`);
  await expect(warnings).toContainText(`${first}: no valid created or modified date: dated at the import time`);
  await expect(warnings).toContainText(`item 2 (urn:uuid:seminar-${stamp}-2): no body with purpose classifying and value sourced, contested or opinion; skipped`);
  await expect(warnings).toContainText(`item 3 (urn:uuid:seminar-${stamp}-3): no target with a source and a TextQuoteSelector (passages are placed by their quote): its target is ${source} as a whole, not a passage in it; skipped`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "screenshots/admin-import-w3c-390.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: "screenshots/admin-import-w3c-1280.png", fullPage: true });
  // the same file again changes nothing, though its annotation had no date
  await page.getByLabel("File").setInputFiles({ name: "seminar.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(seminar)) });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(report).toContainText("0 new, 0 updated, 1 unchanged");
  expect((await admin.delete(`/api/annotations/seminar-${stamp}-1`)).status()).toBeLessThan(300); // leave the document as the next tests expect it

  // A file none of whose five items can be read is refused: the message names three problems, the page lists all five.
  const unreadable = Array.from({ length: 5 }, (_, i) => ({ ...seminar[1], id: `urn:uuid:seminar-${stamp}-none-${i + 1}` }));
  await page.getByLabel("File").setInputFiles({ name: "unreadable.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(unreadable)) });
  await page.getByRole("button", { name: "Import" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "nothing was imported" });
  await expect(alert).toContainText("No annotation could be read from the file (from any of its 5 items)");
  await expect(alert).toContainText("(and 2 more, listed by Admin → Import, the command line and the API's error.details.errors)");
  const all = page.getByRole("group").filter({ has: page.getByText("Every problem found (5)") });
  await page.getByText("Every problem found (5)").click();
  await expect(all.getByRole("listitem")).toHaveCount(5);
  await expect(all.getByRole("listitem").nth(4)).toContainText(`item 5 (urn:uuid:seminar-${stamp}-none-5): no body with purpose classifying`);
  // choosing another file clears them
  await page.getByLabel("File").setInputFiles({ name: "seminar.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(seminar)) });
  await expect(page.getByText(/Every problem found/)).toHaveCount(0);
});

test("an author an import could not match shows on Admin → Users as an imported author; given their address and a password, they sign in to their work", async ({ page, browser }) => {
  // one of this spec's annotations, as another tool's W3C file would have it, by someone unknown here
  const collection = (await (await admin.get(`/api/documents/${docId}/export?format=w3c`)).json()) as { first: { items: Json[] } };
  const item = collection.first.items.find((i) => (i.body as Json[]).some((b) => b.purpose === "classifying"))!;
  const stamp = Date.now().toString(36);
  const ghost = `Ghost Writer ${stamp}`;
  const file = { ...item, "@context": "http://www.w3.org/ns/anno.jsonld", id: `urn:example:ghost-${stamp}`, creator: { id: `urn:example:people:${stamp}`, type: "Person", name: ghost } };
  const res = await admin.post("/api/import", { data: file, headers: { "content-type": "application/json" } });
  expect(res.status(), await res.text()).toBe(200);
  expect(await res.json()).toMatchObject({ people: { created: 1, withoutAddress: 1 } });

  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/users");
  const row = page.locator("tr", { hasText: ghost });
  await expect(row.locator("td[data-label=Status]")).toHaveText("Imported author (no account)");
  // no Reactivate, no Reset password: it cannot sign in; only its address can be given
  await expect(row.getByRole("button")).toHaveText(["Give an address"]);

  await row.getByRole("button", { name: "Give an address" }).click();
  const form = row.getByRole("form", { name: `Name and email of ${ghost}` });
  await expect(form.getByLabel("Email")).toBeFocused();
  await expect(form.getByLabel("Email")).toHaveAccessibleDescription(/without an address.*sign in to it/);
  await form.getByLabel("Email").fill(ACCOUNTS.rosa); // someone else's: refused, nothing changed
  await form.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("alert")).toHaveText(`A user with the email ${ACCOUNTS.rosa} already exists.`);
  await expect(row.locator("td[data-label=Email]")).toContainText("placeholder.apparatus.invalid");
  const address = `ghost.${stamp}@archive.example`;
  await form.getByLabel("Email").fill(address.toUpperCase());
  await form.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("status")).toHaveText(`${ghost} now has the address ${address}. Set a password to let them sign in.`);
  await expect(row.getByRole("status")).toBeFocused();
  await expect(row.locator("td[data-label=Email]")).toHaveText(address);
  await expect(row.locator("td[data-label=Status]")).toHaveText("Imported, no password yet");
  await row.getByRole("button", { name: "Set password and activate" }).click();
  await row.getByLabel(`Password for ${ghost}`).fill("found in the archive");
  await row.getByRole("button", { name: "Set password and activate" }).click();
  await expect(row.locator("td[data-label=Status]")).toHaveText("Active");

  // they sign in with it, and the imported annotation is theirs
  const context = await browser.newContext();
  const theirs = await context.newPage();
  await signIn(theirs, address, "found in the archive");
  const me = (await (await theirs.request.get("/api/me")).json()) as { id: string; name: string };
  const listed = (await (await theirs.request.get(`/api/documents/${docId}/annotations?limit=500`)).json()) as {
    annotations: Array<{ author: { id: string; name: string } }>;
  };
  expect(listed.annotations.filter((a) => a.author.id === me.id)).toEqual([expect.objectContaining({ author: expect.objectContaining({ name: ghost }) })]);
  await context.close();
});

test("a reviewer a native import brings with an address has no password: Set password and activate lets them sign in", async ({ page, browser }) => {
  // this document as an admin exports it, with one annotation re-attributed to someone this installation does not know
  const exported = (await (await admin.get(`/api/documents/${docId}/export?format=native`)).json()) as { documents: Array<{ annotations: Json[] }> };
  const stamp = Date.now().toString(36);
  const name = `Moved Colleague ${stamp}`;
  const email = `moved.${stamp}@elsewhere.example`;
  const annotation = { ...exported.documents[0].annotations[0], id: `moved-${stamp}`, author: { id: `u-moved-${stamp}`, name, email } };
  // and a second one, who will get going from the command line
  const otherEmail = `other.${stamp}@elsewhere.example`;
  const other = { ...exported.documents[0].annotations[0], id: `moved-other-${stamp}`, author: { id: `u-other-${stamp}`, name: `Other ${stamp}`, email: otherEmail } };
  const file = { ...exported, documents: [{ ...exported.documents[0], annotations: [annotation, other] }] };
  const res = await admin.post("/api/import", { data: file, headers: { "content-type": "application/json" } });
  expect(res.status(), await res.text()).toBe(200);
  expect(await res.json()).toMatchObject({ people: { created: 2, withoutAddress: 0 } });

  await signIn(page, ACCOUNTS.admin);
  await page.goto("/admin/users");
  await expect(page.getByText(/came with an import and (has|have) no password yet/)).toBeVisible();
  const row = page.locator("tr", { hasText: name });
  await expect(row.locator("td[data-label=Status]")).toHaveText("Imported, no password yet");
  await expect(row.getByRole("button", { name: "Reactivate" })).toHaveCount(0);

  // activating alone is refused by the API too, and changes nothing
  const { users } = (await (await admin.get("/api/users")).json()) as { users: Array<{ id: string; email: string; hasPassword: boolean }> };
  const account = users.find((u) => u.email === email)!;
  expect(account.hasPassword).toBe(false);
  const refused = await admin.patch(`/api/users/${account.id}`, { data: { active: true } });
  expect(refused.status()).toBe(422);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/has no password yet/);

  await row.getByRole("button", { name: "Set password and activate" }).click();
  await row.getByLabel(`Password for ${name}`).fill("welcome aboard 2026");
  await row.getByRole("button", { name: "Set password and activate" }).click();
  await expect(row.getByRole("status")).toHaveText(`Password set: ${name} is active and can sign in with it now.`);
  await expect(row.locator("td[data-label=Status]")).toHaveText("Active");

  // and they can: their annotation is theirs
  const context = await browser.newContext();
  const theirs = await context.newPage();
  await signIn(theirs, email, "welcome aboard 2026");
  const me = (await (await theirs.request.get("/api/me")).json()) as { id: string; name: string };
  expect(me).toEqual(expect.objectContaining({ id: account.id, name }));

  // `npm run user:create` with the other address takes that account over (the same id: the annotation stays theirs)
  const output = execFileSync(
    path.join("node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "scripts/user-create.ts", "--email", otherEmail, "--name", "Other In Person", "--role", "reviewer", "--password", "from the shell 2026"],
    { env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL }, encoding: "utf8" },
  );
  expect(output).toContain(`${otherEmail} came with an import: it is now an active reviewer (Other In Person), with its imported work.`);
  const second = await browser.newContext();
  const theirPage = await second.newPage();
  await signIn(theirPage, otherEmail, "from the shell 2026");
  const them = (await (await theirPage.request.get(`/api/documents/${docId}/annotations?ids=moved-other-${stamp}`)).json()) as { annotations: Array<{ author: { id: string; name: string } }> };
  const me2 = (await (await theirPage.request.get("/api/me")).json()) as { id: string };
  expect(them.annotations[0].author).toEqual(expect.objectContaining({ id: me2.id, name: "Other In Person" }));
  await Promise.all([context.close(), second.close()]);
});

test("the reader's Export JSON control downloads this document in either format, and works from the keyboard", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  await openDocument(page, DOC);
  const button = page.getByRole("button", { name: "Export JSON" });
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await button.click();
  await expect(button).toHaveAttribute("aria-expanded", "true");
  const native = page.getByRole("link", { name: "Native format" });
  await expect(native).toHaveAttribute("href", `/api/documents/${docId}/export?format=native`);
  await expect(native).toHaveAttribute("download", "");
  const [download] = await Promise.all([page.waitForEvent("download"), native.click()]);
  expect(download.suggestedFilename()).toBe(`apparatus-anti-stalinist-left-native-${TODAY()}.json`);
  const file = JSON.parse(fs.readFileSync((await download.path())!, "utf8")) as { documents: Array<{ id: string }> };
  expect(file.documents.map((d) => d.id)).toEqual([docId]);

  // keyboard: open with Enter, Tab to a link, Escape closes and gives focus back to the button
  await button.focus();
  await page.keyboard.press("Enter");
  const w3c = page.getByRole("link", { name: "W3C Web Annotation" });
  await expect(w3c).toBeVisible();
  await expect(w3c).toHaveAttribute("href", `/api/documents/${docId}/export?format=w3c`);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Native format" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(w3c).toBeHidden();
  await expect(button).toBeFocused();
});

test("the library's Export JSON control downloads the whole corpus", async ({ page }) => {
  await signIn(page, ACCOUNTS.victor);
  await page.goto("/");
  await page.getByRole("button", { name: "Export JSON" }).click();
  const w3c = page.getByRole("link", { name: "W3C Web Annotation" });
  await expect(w3c).toHaveAttribute("href", "/api/export?format=w3c");
  const [download] = await Promise.all([page.waitForEvent("download"), w3c.click()]);
  expect(download.suggestedFilename()).toBe(`apparatus-corpus-w3c-${TODAY()}.json`);
  const collection = JSON.parse(fs.readFileSync((await download.path())!, "utf8")) as Json;
  expect(collection).toMatchObject({ type: "AnnotationCollection", label: "Apparatus corpus" });
  // a click elsewhere closes the menu
  await page.getByRole("button", { name: "Export JSON" }).click();
  await expect(w3c).toBeVisible();
  await page.locator("h1").first().click();
  await expect(w3c).toBeHidden();
});
