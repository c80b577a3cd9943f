import { test, expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { apiAs, signIn } from "./support/auth";
import { ACCOUNTS, E2E_DATABASE_URL } from "./support/env";
import { sql } from "./support/db";
import { createUser } from "./support/users";
import { compareNames } from "../lib/sort-key";

const FIXTURES = path.join(__dirname, "fixtures");
const fixture = (name: string) => path.join(FIXTURES, name);
const VIEWER = { email: "vera.viewer@e2e.apparatus", password: "viewer-password-e2e" };
const MB = 1024 * 1024;

interface ListBody {
  documents: Array<{
    id: string;
    title: string;
    kind: string;
    publisher: string | null;
    publishedAt: string | null;
    snippet: Array<{ text: string; match?: true }> | null;
    match: { start: number; end: number } | null;
  }>;
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

async function list(api: APIRequestContext, params: Record<string, string> = {}): Promise<ListBody> {
  const res = await api.get(`/api/documents?${new URLSearchParams(params)}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as ListBody;
}

const total = async (api: APIRequestContext) => (await list(api, { pageSize: "1" })).total;

/** Creates the viewer account with the same command an admin would use (there is no users API yet). */
function createViewer() {
  try {
    execFileSync(
      path.join(process.cwd(), "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", "scripts/user-create.ts", "--email", VIEWER.email, "--name", "Vera Viewer", "--role", "viewer", "--password", VIEWER.password],
      { env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL }, stdio: "pipe" },
    );
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? "");
    if (!/already/i.test(stderr)) throw error; // a kept database (E2E_KEEP_DB=1) has it from the last run
  }
}

test.describe("documents API", () => {
  let admin: APIRequestContext;
  let rosa: APIRequestContext;
  let viewer: APIRequestContext;

  test.beforeAll(async () => {
    createViewer();
    [admin, rosa, viewer] = await Promise.all([apiAs(ACCOUNTS.admin), apiAs(ACCOUNTS.rosa), apiAs(VIEWER.email, VIEWER.password)]);
  });
  test.afterAll(async () => {
    await Promise.all([admin?.dispose(), rosa?.dispose(), viewer?.dispose()]);
  });

  const metadata = { title: "A refused document", kind: "blog" };

  const refusals: Array<{
    name: string;
    send: (api: APIRequestContext) => ReturnType<APIRequestContext["post"]>;
    status: number;
    message: RegExp;
  }> = [
    {
      name: "empty text",
      send: (api) => api.post("/api/documents", { data: { ...metadata, text: "" } }),
      status: 422,
      message: /empty/i,
    },
    {
      name: "whitespace-only text",
      send: (api) => api.post("/api/documents", { data: { ...metadata, text: "  \n\t\n   " } }),
      status: 422,
      message: /empty.*only whitespace/i,
    },
    {
      name: "an empty file",
      send: (api) => api.post("/api/documents", { multipart: { ...metadata, file: { name: "empty.txt", mimeType: "text/plain", buffer: Buffer.alloc(0) } } }),
      status: 422,
      message: /empty/i,
    },
    {
      name: "a PNG image renamed to .txt",
      send: (api) =>
        api.post("/api/documents", { multipart: { ...metadata, file: { name: "photo.txt", mimeType: "text/plain", buffer: fs.readFileSync(fixture("png-renamed.txt")) } } }),
      status: 422,
      message: /binary file \(PNG image\)/,
    },
    {
      name: "a Windows-1252 file (not UTF-8)",
      send: (api) =>
        api.post("/api/documents", { multipart: { ...metadata, file: { name: "letter.txt", mimeType: "text/plain", buffer: fs.readFileSync(fixture("windows-1252.txt")) } } }),
      status: 422,
      message: /not valid UTF-8.*Windows-1252.*convert it to UTF-8/s,
    },
    {
      name: "a UTF-16 file",
      send: (api) =>
        api.post("/api/documents", { multipart: { ...metadata, file: { name: "wide.txt", mimeType: "text/plain", buffer: fs.readFileSync(fixture("utf16le.txt")) } } }),
      status: 422,
      message: /UTF-16.*UTF-8/,
    },
    {
      name: "a .pdf file",
      send: (api) => api.post("/api/documents", { multipart: { ...metadata, file: { name: "paper.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n") } } }),
      status: 422,
      message: /\.pdf files cannot be imported.*\.txt, \.md or \.html/,
    },
    {
      name: "a file just over 5 MB",
      send: (api) =>
        api.post("/api/documents", { multipart: { ...metadata, file: { name: "big.txt", mimeType: "text/plain", buffer: Buffer.alloc(5 * MB + 1, "a") } } }),
      status: 413,
      message: /too large.*at most 5 MB/,
    },
    {
      name: "a 7 MB file (refused before it is read)",
      send: (api) =>
        api.post("/api/documents", { multipart: { ...metadata, file: { name: "huge.txt", mimeType: "text/plain", buffer: Buffer.alloc(7 * MB, "a") } } }),
      status: 413,
      message: /too large.*at most 5 MB/,
    },
    {
      name: "pasted text over 5 MB",
      send: (api) => api.post("/api/documents", { data: { ...metadata, text: "é".repeat(2.6 * MB) } }),
      status: 413,
      message: /too large.*at most 5 MB/,
    },
    {
      name: "a missing title",
      send: (api) => api.post("/api/documents", { data: { kind: "blog", text: "Some text." } }),
      status: 400,
      message: /A title is required/,
    },
    {
      name: "a blank title",
      send: (api) => api.post("/api/documents", { data: { title: "   ", kind: "blog", text: "Some text." } }),
      status: 400,
      message: /A title is required/,
    },
    {
      name: "a title over 300 characters",
      send: (api) => api.post("/api/documents", { data: { title: "T".repeat(301), kind: "blog", text: "Some text." } }),
      status: 400,
      message: /at most 300 characters/,
    },
    {
      name: "an invalid source URL",
      send: (api) => api.post("/api/documents", { data: { ...metadata, sourceUrl: "not a url", text: "Some text." } }),
      status: 400,
      message: /source URL must be an http\(s\) address/,
    },
    {
      name: "a javascript: source URL",
      send: (api) => api.post("/api/documents", { data: { ...metadata, sourceUrl: "javascript:alert(1)", text: "Some text." } }),
      status: 400,
      message: /source URL must be an http\(s\) address/,
    },
    {
      name: "a date that does not exist",
      send: (api) => api.post("/api/documents", { data: { ...metadata, publishedAt: "2017-02-30", text: "Some text." } }),
      status: 400,
      message: /publication date does not exist/,
    },
    {
      name: "a date in another format",
      send: (api) => api.post("/api/documents", { data: { ...metadata, publishedAt: "27/11/2017", text: "Some text." } }),
      status: 400,
      message: /must look like 2017, 2017-11 or 2017-11-27/,
    },
    {
      name: "an unknown kind",
      send: (api) => api.post("/api/documents", { data: { ...metadata, kind: "poem", text: "Some text." } }),
      status: 400,
      message: /Kind must be one of/,
    },
    {
      name: "a body that is not JSON",
      send: (api) => api.post("/api/documents", { headers: { "content-type": "application/json" }, data: Buffer.from("{ not json") }),
      status: 400,
      message: /not valid UTF-8 JSON/,
    },
    {
      name: "JSON that is not an object",
      send: (api) => api.post("/api/documents", { data: ["text"] }),
      status: 400,
      message: /Send a JSON object with `text`/,
    },
  ];

  for (const r of refusals) {
    test(`refuses ${r.name} with ${r.status} and a clear message, storing nothing`, async () => {
      const before = await total(rosa);
      const res = await r.send(rosa);
      expect(res.status()).toBe(r.status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.message).toMatch(r.message);
      expect(await total(rosa)).toBe(before);
    });
  }

  test("the preview refuses the same inputs and stores nothing either", async () => {
    const before = await total(rosa);
    const res = await rosa.post("/api/documents/preview", {
      multipart: { file: { name: "photo.txt", mimeType: "text/plain", buffer: fs.readFileSync(fixture("png-renamed.txt")) } },
    });
    expect(res.status()).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/PNG image/);
    const ok = await rosa.post("/api/documents/preview", { data: { text: "<p>Hello <b>there</b></p><script>x()</script>", format: "html" } });
    expect(ok.status()).toBe(200);
    expect(await ok.json()).toMatchObject({ format: "html", text: "Hello there", words: 2, length: 11, duplicate: null });
    expect(await total(rosa)).toBe(before);
  });

  test("detects a duplicate by SHA-256 and answers 409 with the existing document's id", async () => {
    const seed = (await list(rosa, { q: '"Kronstadt rebellion"' })).documents[0];
    expect(seed.title).toBe("Anti-Stalinist left");
    const before = await total(rosa);
    const res = await rosa.post("/api/documents", {
      multipart: {
        title: "A copy",
        kind: "encyclopedia",
        file: { name: "copy.txt", mimeType: "text/plain", buffer: fs.readFileSync(path.join("seeds", "anti-stalinist-left-wikipedia.txt")) },
      },
    });
    expect(res.status()).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string; details: { existingId: string } } };
    expect(body.error.code).toBe("CONFLICT");
    expect(body.error.message).toContain("Anti-Stalinist left");
    expect(body.error.details.existingId).toBe(seed.id);
    const preview = await rosa.post("/api/documents/preview", {
      multipart: { file: { name: "copy.txt", mimeType: "text/plain", buffer: fs.readFileSync(path.join("seeds", "anti-stalinist-left-wikipedia.txt")) } },
    });
    expect(((await preview.json()) as { duplicate: { id: string } }).duplicate.id).toBe(seed.id);
    expect(await total(rosa)).toBe(before);
  });

  test("stores text outside the Basic Multilingual Plane exactly and counts its length in code points", async () => {
    const text = "𝐓𝐡𝐞 emoji 😀👍🏽 and “quotes” — kept.\nSecond line 𝔘𝔫𝔦𝔠𝔬𝔡𝔢.";
    const res = await rosa.post("/api/documents", { data: { title: "Non-BMP sample", kind: "other", text } });
    expect(res.status()).toBe(201);
    const created = (await res.json()) as { id: string; length: number; text?: string };
    expect(created.length).toBe(Array.from(text).length);
    expect(created.text).toBeUndefined();
    expect(res.headers()["location"]).toBe(`/api/documents/${created.id}`);
    const stored = (await (await rosa.get(`/api/documents/${created.id}`)).json()) as { text: string; length: number };
    expect(stored.text).toBe(text);
    expect(stored.length).toBe(Array.from(text).length);
  });

  test("a viewer cannot add a document (403) but can read the library", async () => {
    const before = await total(viewer);
    const res = await viewer.post("/api/documents", { data: { title: "Viewer text", kind: "blog", text: "Viewers write nothing." } });
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Only reviewers, editors and admins can add documents/);
    expect((await viewer.post("/api/documents/preview", { data: { text: "x" } })).status()).toBe(403);
    expect(await total(viewer)).toBe(before);
  });

  test("a reviewer cannot delete, restore or edit a document (403)", async () => {
    const doc = (await list(rosa, { q: "Spark", kind: "encyclopedia" })).documents[0];
    expect((await rosa.delete(`/api/documents/${doc.id}`)).status()).toBe(403);
    expect((await rosa.post(`/api/documents/${doc.id}/restore`)).status()).toBe(403);
    expect((await rosa.patch(`/api/documents/${doc.id}`, { data: { title: "Renamed" } })).status()).toBe(403);
    expect((await rosa.get(`/api/documents/${doc.id}`)).status()).toBe(200);
  });

  test("an admin edits metadata but never the text, deletes softly and restores, each audited", async () => {
    const created = (await (
      await admin.post("/api/documents", { data: { title: "Admin managed", kind: "report", text: "Text that never changes." } })
    ).json()) as { id: string };
    const patched = await admin.patch(`/api/documents/${created.id}`, { data: { title: "Admin managed (renamed)", publisher: "Archive", publishedAt: "1999-12" } });
    expect(patched.status()).toBe(200);
    expect(await patched.json()).toMatchObject({ title: "Admin managed (renamed)", publisher: "Archive", publishedAt: "1999-12" });

    const textChange = await admin.patch(`/api/documents/${created.id}`, { data: { text: "Changed!" } });
    expect(textChange.status()).toBe(400);
    expect(((await textChange.json()) as { error: { message: string } }).error.message).toMatch(/text of a stored document cannot be changed/);
    expect((await admin.patch(`/api/documents/${created.id}`, { data: { publishedAt: "yesterday" } })).status()).toBe(400);
    expect(((await (await admin.get(`/api/documents/${created.id}`)).json()) as { text: string }).text).toBe("Text that never changes.");

    const before = await total(rosa);
    expect((await admin.delete(`/api/documents/${created.id}`)).status()).toBe(204);
    expect(await total(rosa)).toBe(before - 1);
    expect((await rosa.get(`/api/documents/${created.id}`)).status()).toBe(404);
    expect((await list(rosa, { q: "renamed" })).documents.map((d) => d.id)).not.toContain(created.id);
    expect((await admin.delete(`/api/documents/${created.id}`)).status()).toBe(404);
    expect((await list(admin, { deleted: "1" })).documents.map((d) => d.id)).toContain(created.id);
    expect((await rosa.get("/api/documents?deleted=1")).status()).toBe(403);

    const restored = await admin.post(`/api/documents/${created.id}/restore`);
    expect(restored.status()).toBe(200);
    expect(await restored.json()).toMatchObject({ id: created.id, deletedAt: null });
    expect(await total(rosa)).toBe(before);
    expect((await list(rosa, { q: "renamed" })).documents.map((d) => d.id)).toContain(created.id);

    const audit = await sql<{ type: string; detail: string }>(`SELECT "type", "detail" FROM "AuditEvent" WHERE "targetId" = ? ORDER BY "id"`, [created.id]);
    expect(audit.rows.map((r) => r.type)).toEqual(["document_details_changed", "document_deleted", "document_restored"]);
    // What changed, from what to what (the refused edits changed nothing and are not there).
    expect(JSON.parse(audit.rows[0].detail)).toEqual({
      title: "Admin managed (renamed)",
      changes: { title: { from: "Admin managed", to: "Admin managed (renamed)" }, publisher: { from: null, to: "Archive" }, publishedAt: { from: null, to: "1999-12" } },
    });
  });

  test("search finds a phrase that occurs in one seed first, with a snippet pointing into its text", async () => {
    const body = await list(rosa, { q: '"Kronstadt rebellion"' });
    expect(body.total).toBeGreaterThanOrEqual(1);
    const first = body.documents[0];
    expect(first.title).toBe("Anti-Stalinist left");
    expect(first.snippet?.filter((p) => p.match).map((p) => p.text)).toContain("Kronstadt rebellion");
    const { text } = (await (await rosa.get(`/api/documents/${first.id}`)).json()) as { text: string };
    expect(Array.from(text).slice(first.match!.start, first.match!.end).join("")).toBe("Kronstadt rebellion");
  });

  test("search never answers 500 for odd input", async () => {
    for (const q of ['"', "*", "AND", "(", ")", "NEAR(", "a OR", "title:x", "-", "^", '""', "'", "\\", "🙂", "%", "_", "x".repeat(500)]) {
      const res = await rosa.get(`/api/documents?${new URLSearchParams({ q })}`);
      expect(res.status(), q).toBe(200);
    }
    expect((await rosa.get(`/api/documents?${new URLSearchParams({ q: "x".repeat(501) })}`)).status()).toBe(400);
  });

  test("lists with paging, filters and sorting, and refuses bad parameters", async () => {
    const all = await list(rosa, { pageSize: "100" });
    const page1 = await list(rosa, { pageSize: "2" });
    const page2 = await list(rosa, { pageSize: "2", page: "2" });
    expect(page1.documents).toHaveLength(2);
    expect(page1.total).toBe(all.total);
    expect(page1.pageCount).toBe(Math.ceil(all.total / 2));
    expect([...page1.documents, ...page2.documents].map((d) => d.id)).toEqual(all.documents.slice(0, 4).map((d) => d.id));

    const blogs = await list(rosa, { kind: "blog" });
    expect(blogs.documents.length).toBeGreaterThan(0);
    expect(blogs.documents.every((d) => d.kind === "blog")).toBe(true);
    const wikipedia = await list(rosa, { publisher: "Wikipedia" });
    expect(wikipedia.documents.map((d) => d.title).sort()).toEqual(["Anti-Stalinist left", "The Spark"]);
    const published = await list(rosa, { sort: "published", dir: "desc" });
    expect(published.documents[0].publishedAt).not.toBeNull();
    // Z to A as a reader files titles (accents and case ignored, numbers by value: "… 1280" after "… 390").
    const titles = (await list(rosa, { sort: "title", dir: "desc", pageSize: "100" })).documents.map((d) => d.title);
    expect(titles).toEqual([...titles].sort(compareNames).reverse());
    // "Has my annotations" for someone who has annotated nothing (other specs annotate as the demo reviewers).
    const newcomer = await apiAs(createUser("reviewer", "Library Newcomer"), "correct-horse-battery");
    expect((await list(newcomer, { mine: "1" })).total).toBe(0);
    await newcomer.dispose();

    for (const bad of ["sort=bogus", "dir=up", "pageSize=1000", "page=0", "kind=poem", "mine=yes"]) {
      const res = await rosa.get(`/api/documents?${bad}`);
      expect(res.status(), bad).toBe(400);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// In the browser

async function librarySummary(page: Page): Promise<string> {
  await page.goto("/");
  return (await page.getByRole("status").filter({ hasText: /documents?\b/ }).first().textContent()) ?? "";
}

/**
 * Add document, then the new document's page. The server's answer is waited for apart and named if it is not
 * 201, so that a failure says whether the server refused or was slow, or the page did not follow (CI run on
 * record: the Markdown's heading did not come within 10 s, with nothing to tell which).
 */
async function addAndOpen(page: Page) {
  const answer = page.waitForResponse((res) => new URL(res.url()).pathname === "/api/documents" && res.request().method() === "POST");
  await page.getByRole("button", { name: "Add document" }).click();
  const res = await answer;
  expect(res.status(), await res.text()).toBe(201);
  await expect(page).toHaveURL(/\/documents\/(?!new)[^/?]+$/);
}

test("a reviewer uploads an HTML file with a script and a Markdown file; both appear in the library, readable and without the script", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signIn(page, ACCOUNTS.rosa);
  await page.goto("/");

  // HTML through the file picker.
  await page.getByRole("link", { name: "Add document" }).click();
  await expect(page).toHaveURL(/\/documents\/new$/);
  await page.getByLabel("File", { exact: true }).setInputFiles(fixture("harbour-dispatch.html"));
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview).toContainText("Dockworkers at the northern harbour stopped work on Monday");
  await expect(preview).toContainText("Read as HTML");
  await expect(preview).not.toContainText("E2E-");
  await expect(page.getByLabel("Title")).toHaveValue("Harbour Strike Dispatch");
  await page.getByLabel("Kind").selectOption("newspaper");
  await page.getByLabel("Publisher").fill("Northern Courier");
  await page.getByLabel("Author").fill("J. Docker");
  await page.getByLabel("Publication date").fill("2024-05-06");
  await page.getByLabel("Source URL").fill("https://example.org/harbour");
  await addAndOpen(page);
  await expect(page.getByRole("heading", { level: 1, name: "Harbour Strike Dispatch" })).toBeVisible();
  const htmlText = page.getByRole("region", { name: "Document text" });
  await expect(htmlText).toContainText("Dockworkers at the northern harbour stopped work on Monday, the union said in a statement.");
  await expect(htmlText).toContainText("The port authority disputes the figures: its own count is lower.");
  await expect(htmlText).not.toContainText("E2E-");
  await expect(htmlText).not.toContainText("alert");

  // Markdown by drag and drop.
  await page.goto("/documents/new");
  const dataTransfer = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], "field-notes.md", { type: "text/markdown" }));
    return dt;
  }, fs.readFileSync(fixture("field-notes.md"), "utf8"));
  await page.getByTestId("dropzone").dispatchEvent("drop", { dataTransfer });
  await expect(preview).toContainText("The keeper's log is partly legible; entries after March are missing.");
  await expect(preview).toContainText("Read as Markdown");
  await expect(page.getByLabel("Title")).toHaveValue("Field notes on the lighthouse archive");
  await page.getByLabel("Kind").selectOption("report");
  await page.getByLabel("Publisher").fill("Lighthouse Society");
  await addAndOpen(page);
  await expect(page.getByRole("heading", { level: 1, name: "Field notes on the lighthouse archive" })).toBeVisible();
  const mdText = page.getByRole("region", { name: "Document text" });
  await expect(mdText).toContainText("• a supply boat came late, see the ledger");
  await expect(mdText).not.toContainText("**");
  await expect(mdText).not.toContainText("E2E-");

  // Both in the library, with their metadata.
  await page.goto("/");
  const htmlRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Harbour Strike Dispatch", exact: true }) });
  await expect(htmlRow).toContainText("newspaper");
  await expect(htmlRow).toContainText("Northern Courier");
  await expect(htmlRow).toContainText("2024-05-06");
  await expect(htmlRow).toContainText("J. Docker");
  const mdRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Field notes on the lighthouse archive", exact: true }) });
  await expect(mdRow).toContainText("report");
  await expect(mdRow).toContainText("Lighthouse Society");

  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __e2eScriptRan?: boolean }).__e2eScriptRan)).toBeUndefined();
});

test("an HTML page's preview shows the boilerplate dropped and the metadata pre-filled; keeping the full text is a choice", async ({ page }, testInfo) => {
  await signIn(page, ACCOUNTS.rosa);
  await page.goto("/documents/new");
  await page.getByLabel("File", { exact: true }).setInputFiles(fixture("dock-strike-article.html"));
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview).toContainText("Read as HTML");

  // What was dropped, passage by passage; the article itself is there.
  const dropped = preview.getByRole("region", { name: "Dropped as boilerplate" });
  await expect(dropped).toContainText("5 passages");
  await expect(dropped.getByRole("listitem")).toHaveText([
    "Home | About | Port",
    "We use cookies to improve your experience.",
    "Share on Twitter Share on Facebook",
    "© 2024 Northern Courier. All rights reserved.",
    "Privacy · Terms",
  ]);
  const text = preview.getByLabel("Text that will be stored");
  await expect(text).toContainText("Dockworkers walk out over pay");
  await expect(text).toContainText("• an end to zero-hour contracts;");
  await expect(text).toContainText("according to the union's own count.[1]");
  await expect(text).toContainText("1. Union statement of 6 May 2024");
  await expect(text).not.toContainText("Home | About");
  await expect(text).not.toContainText("cookies");
  await expect(text).not.toContainText("E2E-");
  await expect(preview).toContainText("Structure kept: 4 headings · 2 lists · 1 link · 1 citation marker · 1 note");

  // The metadata the page states about itself, pre-filled and marked as such.
  await expect(page.getByLabel("Title")).toHaveValue("Dockworkers walk out over pay");
  await expect(page.getByLabel("Kind")).toHaveValue("newspaper");
  await expect(page.getByLabel("Publisher")).toHaveValue("Northern Courier");
  await expect(page.getByLabel("Author")).toHaveValue("Jane Harbour");
  await expect(page.getByLabel("Publication date")).toHaveValue("2024-05-06");
  await expect(page.getByLabel("Source URL")).toHaveValue("https://courier.example.org/2024/05/dock-strike");
  await expect(page.getByLabel("Author")).toHaveAccessibleDescription("From the file; check it.");

  for (const [width, height] of [[1440, 900], [390, 844]]) {
    await page.setViewportSize({ width, height });
    await dropped.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`add-document-preview-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  // Keeping the full text: the same passages are kept and said to be kept.
  await page.getByLabel("Keep the full text (nothing dropped)").check();
  await expect(preview.getByRole("region", { name: "Kept, though it looks like boilerplate" })).toContainText("you chose to keep the full text");
  await expect(text).toContainText("Home | About | Port");
  await page.getByLabel("Keep the full text (nothing dropped)").uncheck();
  await expect(dropped).toBeVisible();
  await expect(text).not.toContainText("Home | About");

  // An edited field is not overwritten by a later preview.
  await page.getByLabel("Author").fill("J. Harbour");
  await page.getByLabel("Keep the full text (nothing dropped)").check();
  await expect(text).toContainText("Home | About | Port");
  await expect(page.getByLabel("Author")).toHaveValue("J. Harbour");
  await page.getByLabel("Keep the full text (nothing dropped)").uncheck();
  await expect(text).not.toContainText("Home | About");

  // Added as previewed: without the boilerplate.
  await page.getByRole("button", { name: "Add document" }).click();
  await expect(page).toHaveURL(/\/documents\/(?!new)[^/?]+$/);
  const id = page.url().split("/").pop()!;
  const stored = (await (await page.request.get(`/api/documents/${id}`)).json()) as { text: string; author: string; kind: string; publishedAt: string };
  expect(stored.text.startsWith("Dockworkers walk out over pay\n\n")).toBe(true);
  expect(stored.text).not.toContain("Home | About");
  expect(stored.text).not.toContain("All rights reserved");
  expect(stored).toMatchObject({ author: "J. Harbour", kind: "newspaper", publishedAt: "2024-05-06" });
});

test("the API drops boilerplate by default and keeps the full text on request; a bad keepFullText is refused and stores nothing", async () => {
  const rosa = await apiAs(ACCOUNTS.rosa);
  const page = fs.readFileSync(fixture("dock-strike-article.html"));
  const preview = async (fields: Record<string, string>) =>
    rosa.post("/api/documents/preview", { multipart: { ...fields, file: { name: "article.html", mimeType: "text/html", buffer: page } } });
  const dropping = (await (await preview({})).json()) as { text: string; metadata: Record<string, string>; boilerplate: { applied: boolean; passageCount: number } };
  expect(dropping.boilerplate).toMatchObject({ applied: true, passageCount: 5 });
  expect(dropping.text).not.toContain("Home | About");
  expect(dropping.metadata).toEqual({
    title: "Dockworkers walk out over pay",
    author: "Jane Harbour",
    publisher: "Northern Courier",
    publishedAt: "2024-05-06",
    kind: "newspaper",
    sourceUrl: "https://courier.example.org/2024/05/dock-strike",
  });
  const keeping = (await (await preview({ keepFullText: "true" })).json()) as { text: string; boilerplate: { applied: boolean } };
  expect(keeping.boilerplate.applied).toBe(false);
  expect(keeping.text.startsWith("Home | About | Port")).toBe(true);

  const before = await total(rosa);
  const bad = await preview({ keepFullText: "perhaps" });
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/keepFullText/);
  const badAdd = await rosa.post("/api/documents", { data: { text: "<nav>Home</nav><p>Body</p>", format: "html", title: "x", kind: "other", keepFullText: "perhaps" } });
  expect(badAdd.status()).toBe(400);
  expect(await total(rosa)).toBe(before);

  const added = await rosa.post("/api/documents", {
    multipart: { title: "Dock strike, full page", kind: "newspaper", keepFullText: "true", file: { name: "article.html", mimeType: "text/html", buffer: page } },
  });
  expect(added.status()).toBe(201);
  const body = (await added.json()) as { id: string; boilerplate: { applied: boolean; passageCount: number } };
  expect(body.boilerplate).toEqual({ applied: false, passageCount: 5, droppedLength: 155 });
  const stored = (await (await rosa.get(`/api/documents/${body.id}`)).json()) as { text: string };
  expect(stored.text).toBe(keeping.text);
  await rosa.dispose();
});

test("searching a phrase that occurs only in one seed finds that seed first, with a snippet that opens the passage", async ({ page }) => {
  await signIn(page, ACCOUNTS.victor);
  await page.goto("/");
  await page.getByRole("searchbox").fill('"Kronstadt rebellion"');
  await page.getByRole("searchbox").press("Enter");
  await expect(page).toHaveURL(/[?&]q=%22Kronstadt\+rebellion%22/);
  const firstRow = page.getByRole("row").nth(1);
  await expect(firstRow.getByRole("link", { name: "Anti-Stalinist left", exact: true })).toBeVisible();
  await expect(firstRow.locator("mark").first()).toHaveText("Kronstadt rebellion");

  // The URL is the search: opening it afresh shows the same result.
  const shared = page.url();
  const other = await page.context().newPage();
  await other.goto(shared);
  await expect(other.getByRole("row").nth(1).getByRole("link", { name: "Anti-Stalinist left", exact: true })).toBeVisible();
  await expect(other.getByRole("searchbox")).toHaveValue('"Kronstadt rebellion"');
  await other.close();

  await firstRow.getByRole("link", { name: /^Passage:/ }).click();
  await expect(page).toHaveURL(/\/documents\/[^/?]+\?at=\d+&len=19$/);
  await expect(page.getByRole("region", { name: "Document text" })).toContainText("Kronstadt rebellion");
});

test("a long search wraps, the box stops at the API's limit, and a longer one from a URL is not run and says why", async ({ page }, testInfo) => {
  await signIn(page, ACCOUNTS.rosa);
  await page.goto("/");
  const box = page.getByRole("searchbox");
  const summary = page.locator(".library-summary");
  const tooLong = page.getByText(/^The search can have at most 500 characters\./);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  // The API's limit is the box's.
  const refused = await page.request.get(`/api/documents?q=${"x".repeat(501)}`);
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/at most 500 characters/);
  await expect(box).toHaveAttribute("maxlength", "500");

  for (const [width, height] of [[390, 844], [1280, 800]]) {
    await page.setViewportSize({ width, height });
    // The longest search the API takes, one "word" that matches nothing: the summary wraps it.
    const longest = "x".repeat(500);
    await page.goto(`/?q=${longest}`);
    await expect(summary).toHaveText(`No documents match “${longest}”.`);
    await expect(box).toHaveValue(longest);
    expect(await overflow(), `no horizontal scrolling at ${width} px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath(`library-long-search-${width}.png`), fullPage: true });

    // 3,000 characters from a URL: not run (not cut either), said so with the API's limit; the box holds the first 500.
    await page.goto(`/?q=${"y".repeat(3000)}`);
    await expect(tooLong).toHaveText(
      "The search can have at most 500 characters. This one has 3,000, so it was not run: the search box holds its first 500 to shorten.",
    );
    await expect(summary).toHaveText(/^[\d,]+ documents\./);
    await expect(box).toHaveValue("y".repeat(500));
    expect(await overflow(), `no horizontal scrolling at ${width} px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath(`library-too-long-search-${width}.png`), fullPage: true });
  }

  // Searching again from there: the message goes, the search runs.
  await box.fill("Kronstadt");
  await box.press("Enter");
  await expect(page).toHaveURL(/[?&]q=Kronstadt/);
  await expect(tooLong).toHaveCount(0);
  await expect(summary).toHaveText(/^[\d,]+ documents? match(es)? “Kronstadt”\./);
});

test("filters and sorting live in the URL", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  await page.goto("/");
  await page.getByLabel("Kind").selectOption("encyclopedia");
  await expect(page).toHaveURL(/[?&]kind=encyclopedia/);
  await expect(page.getByRole("link", { name: "The Spark", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "More on IMT (unfinished)", exact: true })).toHaveCount(0);
  await page.getByLabel("Sort").selectOption({ label: "Title Z–A" });
  await expect(page).toHaveURL(/[?&]dir=desc/);
  await expect(page.getByRole("row").nth(1).getByRole("link").first()).toHaveText("The Spark");
  await page.getByRole("link", { name: "Clear search and filters" }).click();
  await expect(page.getByRole("link", { name: "More on IMT (unfinished)", exact: true })).toBeVisible();
});

test("every order the library's URL can ask for is named in its Sort menu, both directions of each", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  // The documents nobody has touched for longest (a desk's stale work) first: asked for by the URL, the menu says so.
  for (const [sort, dir] of [["title", "desc"], ["published", "asc"], ["reliability", "asc"], ["coverage", "asc"], ["activity", "desc"], ["activity", "asc"]]) {
    await page.goto(`/?sort=${sort}&dir=${dir}`);
    await expect(page.getByLabel("Sort")).toHaveValue(`${sort}:${dir}`);
  }
  await page.getByLabel("Sort").selectOption({ label: "Recently active" });
  await expect(page).toHaveURL(/[?&]sort=activity(&|$)/);
  await page.getByLabel("Sort").selectOption({ label: "Least recently active" });
  await expect(page).toHaveURL(/[?&]sort=activity&dir=asc/);
});

test("an empty file and a PNG renamed to .txt are refused with a clear message and the library is unchanged", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  await page.goto("/");
  const before = await librarySummary(page);
  expect(before).toMatch(/^\d+ documents\.$/);

  await page.goto("/documents/new");
  await page.getByLabel("Title").fill("Should not be stored");
  await page.getByLabel("Kind").selectOption("other");
  const file = page.getByLabel("File", { exact: true });

  const alerts = page.locator("form.add-document").getByRole("alert");

  await file.setInputFiles(fixture("empty.txt"));
  await expect(alerts.first()).toHaveText("The document is empty: it contains no text, or only whitespace and invisible characters.");
  await page.getByRole("button", { name: "Add document" }).click();
  await expect(alerts).toHaveCount(2); // the preview's refusal and the server's answer to the submit
  await expect(alerts.last()).toHaveText("The document is empty: it contains no text, or only whitespace and invisible characters.");
  await expect(page).toHaveURL(/\/documents\/new$/);

  await file.setInputFiles(fixture("png-renamed.txt"));
  await expect(alerts).toHaveCount(1);
  await expect(alerts.first()).toHaveText("This looks like a binary file (PNG image), not text. Upload a .txt, .md or .html file.");
  await page.getByRole("button", { name: "Add document" }).click();
  await expect(alerts).toHaveCount(2);
  await expect(alerts.last()).toHaveText("This looks like a binary file (PNG image), not text. Upload a .txt, .md or .html file.");
  await expect(page).toHaveURL(/\/documents\/new$/);

  expect(await librarySummary(page)).toBe(before);
  await expect(page.getByRole("link", { name: "Should not be stored", exact: true })).toHaveCount(0);
});

test("a reviewer pastes Markdown text, and pasting a text already in the library offers the existing document", async ({ page }) => {
  await signIn(page, ACCOUNTS.victor);
  await page.goto("/documents/new");
  await page.getByLabel("Paste text").check();
  await page.getByLabel("Text to add").fill("# Pasted minutes\n\nThe committee met on *Tuesday* and agreed 😀 nothing.");
  await page.getByLabel("The pasted text is").selectOption("markdown");
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview).toContainText("Read as Markdown");
  await expect(preview).toContainText("The committee met on Tuesday and agreed 😀 nothing.");
  await expect(page.getByLabel("Title")).toHaveValue("Pasted minutes");
  // No kind yet: the field is marked and takes the focus (on a phone it is far above the button).
  await page.getByRole("button", { name: "Add document" }).click();
  await expect(page.getByLabel("Kind")).toBeFocused();
  await expect(page.getByLabel("Kind")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Kind").selectOption("transcript");
  await page.getByRole("button", { name: "Add document" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pasted minutes" })).toBeVisible();

  // The same text again: the preview says so, and adding it is refused with a link to the existing one.
  const existing = page.url();
  await page.goto("/documents/new");
  await page.getByLabel("Paste text").check();
  await page.getByLabel("Text to add").fill("# Pasted minutes\n\nThe committee met on *Tuesday* and agreed 😀 nothing.");
  await page.getByLabel("The pasted text is").selectOption("markdown");
  await expect(preview).toContainText("This text is already in the library as “Pasted minutes”.");
  await page.getByLabel("Title").fill("Pasted minutes again");
  await page.getByLabel("Kind").selectOption("transcript");
  await page.getByRole("button", { name: "Add document" }).click();
  const refusal = page.locator("form.add-document").getByRole("alert");
  await expect(refusal).toContainText("This text is already in the library as “Pasted minutes”.");
  await refusal.getByRole("link", { name: "Open the existing document" }).click();
  await expect(page).toHaveURL(existing);
});

test("a long paste and the fields typed in survive a reload until the document is added, and Start over clears them", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  await page.goto("/documents/new");
  await page.getByLabel("Paste text").check();
  const long = "The harbour commission met on Tuesday and reviewed the customs accounts of 1921. ".repeat(400);
  await page.getByLabel("Text to add").fill(long);
  await page.getByLabel("Title").fill("Harbour commission minutes, 1921");
  await page.getByLabel("Kind").selectOption("report");
  await expect(page.getByRole("region", { name: "Preview" })).toContainText("The harbour commission met on Tuesday");
  await page.reload();
  await expect(page.getByRole("status").filter({ hasText: "kept in this browser" })).toBeVisible();
  await expect(page.getByLabel("Paste text")).toBeChecked();
  await expect(page.getByLabel("Text to add")).toHaveValue(long);
  await expect(page.getByLabel("Title")).toHaveValue("Harbour commission minutes, 1921");
  await expect(page.getByLabel("Kind")).toHaveValue("report");
  await expect(page.getByRole("region", { name: "Preview" })).toContainText("The harbour commission met on Tuesday");

  // Start over empties the form, and a reload keeps it empty.
  await page.getByRole("button", { name: "Start over" }).click();
  await expect(page.getByLabel("Upload a file")).toBeChecked();
  await expect(page.getByLabel("Upload a file")).toBeFocused();
  await expect(page.getByLabel("Title")).toHaveValue("");
  await page.reload();
  await expect(page.getByLabel("Title")).toHaveValue("");
  await expect(page.getByText("kept in this browser")).toHaveCount(0);

  // Once added, the draft is gone.
  await page.getByLabel("Paste text").check();
  await page.getByLabel("Text to add").fill(`${long}Added once.`);
  await page.getByLabel("Title").fill("Harbour commission minutes, 1921 (added)");
  await page.getByLabel("Kind").selectOption("report");
  await page.getByRole("button", { name: "Add document" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Harbour commission minutes, 1921 (added)" })).toBeVisible();
  await page.goto("/documents/new");
  await expect(page.getByLabel("Upload a file")).toBeChecked();
  await expect(page.getByLabel("Title")).toHaveValue("");
  await expect(page.getByText("kept in this browser")).toHaveCount(0);
});

test("the preview comes before the Add button: above it on a phone, beside the fields on a desktop, and first for the keyboard", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/documents/new");
  await page.getByLabel("Paste text").check();
  await page.getByLabel("Text to add").fill("Preview order check.\n\nThe text to add is checked before it is added.");
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview).toContainText("Read as plain text");
  const details = page.getByRole("group", { name: "About the document" });
  const add = page.getByRole("button", { name: "Add document" });
  const box = async (l: Locator) => (await l.boundingBox())!;

  // A phone: the details, then the preview, then the button, top to bottom.
  let [fields, shown, button] = [await box(details), await box(preview), await box(add)];
  expect(shown.y).toBeGreaterThanOrEqual(fields.y + fields.height);
  expect(button.y).toBeGreaterThanOrEqual(shown.y + shown.height);
  // The keyboard goes the same way: from the last field to the text that will be stored, then to the button.
  await page.getByLabel("Source URL").focus();
  await page.keyboard.press("Tab");
  await expect(preview.getByLabel("Text that will be stored")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(add).toBeFocused();

  // A desktop: the preview beside the fields, the button right under the fields.
  await page.setViewportSize({ width: 1280, height: 900 });
  [fields, shown, button] = [await box(details), await box(preview), await box(add)];
  expect(shown.x).toBeGreaterThanOrEqual(fields.x + fields.width);
  expect(shown.y).toBeLessThan(fields.y);
  expect(button.y).toBeGreaterThanOrEqual(fields.y + fields.height);
  expect(button.y - (fields.y + fields.height)).toBeLessThanOrEqual(40);
});

test("a viewer sees no Add document link and cannot open the add page (the library says why)", async ({ page }) => {
  createViewer();
  await signIn(page, VIEWER.email, VIEWER.password);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Library" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Add document" })).toHaveCount(0);
  await page.goto("/documents/new");
  await expect(page).toHaveURL(/\/\?denied=add-document$/);
  await expect(page.getByRole("status").filter({ hasText: "Only admins, editors and reviewers can add documents" })).toContainText("signed in as a viewer");
});

test("an admin deletes a document from the library and restores it from the deleted documents, which say when and open it read-only", async ({ page }) => {
  const api = await apiAs(ACCOUNTS.admin);
  await api.post("/api/documents", { data: { title: "Scratch for deletion", kind: "other", text: "A document that is deleted and restored in the browser." } });
  await api.dispose();

  await signIn(page, ACCOUNTS.admin);
  await page.goto("/");
  page.on("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete Scratch for deletion" }).click();
  await expect(page.getByRole("link", { name: "Scratch for deletion", exact: true })).toHaveCount(0);
  await page.getByLabel("Deleted documents").check();
  await expect(page).toHaveURL(/[?&]deleted=1/);
  // An admin opens a deleted document read-only (below): its title links there, and the row says when it was deleted.
  const row = page.getByRole("row").filter({ hasText: "Scratch for deletion" });
  await expect(row.getByRole("link", { name: "Scratch for deletion", exact: true })).toBeVisible();
  const today = new Date().toISOString().slice(0, 10);
  await expect(row.getByTestId("deleted-note")).toHaveText(new RegExp(`^Deleted (${today}|${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}); open it to look before restoring it\\.$`));
  await page.getByRole("button", { name: "Restore Scratch for deletion" }).click();
  await expect(page.getByRole("link", { name: "Scratch for deletion", exact: true })).toHaveCount(0);
  await page.getByLabel("Deleted documents").uncheck();
  await expect(page.getByRole("link", { name: "Scratch for deletion", exact: true })).toBeVisible();
});

test("an admin opens a deleted document read-only, marked deleted, to decide whether to restore it; no one else can", async ({ page }, testInfo) => {
  // An admin could only restore a deleted document, not look at it first.
  const admin = await apiAs(ACCOUNTS.admin);
  const rosa = await apiAs(ACCOUNTS.rosa);
  const tag = Date.now().toString(36);
  const title = `Deleted for a look ${tag}`;
  const text = `The bridge opened in 1901 (${tag}). The council paid for it.\n\nIt was rebuilt in 1950 after a flood.`;
  const created = await admin.post("/api/documents", { data: { title, kind: "report", text } });
  expect(created.status()).toBe(201);
  const doc = { id: ((await created.json()) as { id: string }).id, text };
  const i = doc.text.indexOf("The council paid for it.");
  expect((await rosa.post(`/api/documents/${doc.id}/annotations`, { data: { start: i, end: i + 24, quote: "The council paid for it.", classification: "contested", evidence: [] } })).status()).toBe(201);
  expect((await admin.delete(`/api/documents/${doc.id}`)).status()).toBe(204);

  // Server-side: the page and the API answer a reviewer 404, as for an unknown id; an admin gets the document.
  expect((await rosa.get(`/documents/${doc.id}`)).status()).toBe(404);
  expect((await rosa.get(`/api/documents/${doc.id}?deleted=1`)).status()).toBe(404);
  expect((await rosa.get(`/api/documents/${doc.id}/annotations`)).status()).toBe(404);
  const asAdmin = await admin.get(`/api/documents/${doc.id}?deleted=1`);
  expect(asAdmin.status()).toBe(200);
  expect(await asAdmin.json()).toMatchObject({ id: doc.id, title, deletedAt: expect.any(String) });
  expect((await admin.get(`/documents/${doc.id}`)).status()).toBe(200);
  await rosa.dispose();

  await signIn(page, ACCOUNTS.admin);
  await page.goto("/?deleted=1");
  await page.getByRole("row").filter({ hasText: title }).getByRole("link", { name: title, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/documents/${doc.id}$`));
  await expect(page).toHaveTitle(new RegExp(`${title} \\(deleted\\)`));
  const banner = page.getByTestId("deleted-banner");
  await expect(banner).toContainText(`Deleted on ${new Date().toISOString().slice(0, 10)}`);
  await expect(banner).toContainText("only admins can see it, read-only");
  await expect(page.getByRole("region", { name: "Text" })).toContainText("It was rebuilt in 1950 after a flood.");
  const annotations = page.getByRole("region", { name: "Annotations" });
  await expect(annotations.getByRole("listitem")).toHaveCount(1);
  await expect(annotations).toContainText("The council paid for it.");
  await expect(annotations).toContainText("Rosa Reviewer");
  // Read-only: no reader to annotate in, nothing offered on a selection.
  await page.getByText("It was rebuilt in 1950").click({ clickCount: 3 });
  await expect(page.getByRole("toolbar", { name: "Annotate selection" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Suggest" })).toHaveCount(0);
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
    await expect(banner.getByRole("button", { name: `Restore ${title}` })).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: testInfo.outputPath(`deleted-document-${width}.png`), fullPage: true });
  }

  // Restore: the page becomes the document's reader, for everyone.
  await banner.getByRole("button", { name: `Restore ${title}` }).click();
  await expect(page.getByRole("region", { name: "Annotations" }).getByRole("heading", { name: "Annotations (1)" })).toBeVisible();
  await expect(page.getByTestId("deleted-banner")).toHaveCount(0);
  const again = await apiAs(ACCOUNTS.rosa);
  expect((await again.get(`/documents/${doc.id}`)).status()).toBe(200);
  await again.dispose();
  await admin.dispose();
});

test("a search with no word in it, or a prefix too short to be one, says why it finds what it finds", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  const hint = page.locator(".library-search-hint");
  await page.goto(`/?q=${encodeURIComponent("🎉")}`);
  await expect(hint).toHaveText("There is no word in this search: searches look for letters and digits, and ignore punctuation and symbols.");
  await page.goto("/?q=Bo*");
  await expect(hint).toHaveText("A search for words beginning with some letters needs at least 3 letters before the *; “Bo*” was searched as the whole word “Bo”.");
  await page.goto("/?q=Kron*");
  await expect(page.locator(".library-summary")).toHaveText(/^\d+ documents? match(es)? “Kron\*”\./);
  await expect(hint).toHaveCount(0);
  // A lone quote is shown quoted like any other search; OR and a leading minus are said to be words here.
  await page.goto(`/?q=${encodeURIComponent('"')}`);
  await expect(page.locator(".library-summary")).toHaveText("No documents match “\"”.");
  await page.goto(`/?q=${encodeURIComponent("Kronstadt -Lenin")}`);
  await expect(hint).toHaveText("Every word of a search must occur; there is no OR, AND, NOT or leaving words out with a minus, so “-Lenin” was searched as the word “Lenin”.");
});

test("the Export JSON menu opens inside the screen, on a phone and a desktop, in the library and the reader", async ({ page }) => {
  await signIn(page, ACCOUNTS.rosa);
  const { documents } = (await (await page.request.get("/api/documents?pageSize=1")).json()) as { documents: Array<{ id: string }> };
  for (const [width, height] of [[390, 844], [1280, 800]]) {
    await page.setViewportSize({ width, height });
    for (const url of ["/", `/documents/${documents[0].id}`]) {
      await page.goto(url);
      await page.getByRole("button", { name: "Export JSON" }).click();
      const list = page.locator(".export-menu-list");
      await expect(list.getByRole("link", { name: "Native format" })).toBeVisible();
      const box = (await list.boundingBox())!;
      expect(box.x, `${url} at ${width} px: the menu's left edge`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${url} at ${width} px: the menu's right edge`).toBeLessThanOrEqual(width);
    }
  }
});
