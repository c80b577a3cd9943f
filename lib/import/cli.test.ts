// The command line against empty databases: `npm run export` / `npm run import` run as child
// processes on throw-away SQLite files (copies of one migrated template), the source state built in
// the unit test database through the real services.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareExport } from "@/lib/export/service";
import type { NativeAnnotation, NativeExport } from "@/lib/export/native";
import { checkW3cAnnotation, checkW3cCollection, checkW3cPage } from "@/lib/export/w3c-validate";
import { buildDbState, collectText, spanOf, type DbState } from "./__fixtures__/db-state";
import type { ImportReport } from "./service";

const ROOT = process.cwd();
const BASE = "https://apparatus.test";
let dir: string;
let template: string;
let state: DbState;
let sourceNative: string; // the export of the source state, as a file
let sourceText: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "apparatus-cli-"));
  template = path.join(dir, "template.db");
  execFileSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${template}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  state = await buildDbState();
  const prepared = await prepareExport({ user: null, format: "native", documentIds: state.documents.map((d) => d.id), baseUrl: BASE });
  sourceText = await collectText(prepared.chunks);
  sourceNative = path.join(dir, "source.native.json");
  fs.writeFileSync(sourceNative, sourceText);
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function freshDatabase(name: string): string {
  const file = path.join(dir, `${name}.db`);
  fs.copyFileSync(template, file);
  return file;
}

function npmRun(
  script: "import" | "export",
  args: string[],
  database: string,
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${database}`, ...extraEnv };
    if (extraEnv.PORT) delete env.NEXTAUTH_URL;
    const child = spawn("npm", ["run", "--silent", script, "--", ...args], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function importJson(file: string, database: string): Promise<{ code: number | null; report: ImportReport }> {
  const run = await npmRun("import", [file, "--json"], database);
  expect(run.stdout, run.stderr).toMatch(/^\[/);
  const [outcome] = JSON.parse(run.stdout) as Array<{ kind: string; report: ImportReport }>;
  expect(outcome.kind, run.stdout).toBe("export");
  return { code: run.code, report: outcome.report };
}

async function exportTo(format: "native" | "w3c", database: string, name: string): Promise<string> {
  const out = path.join(dir, name);
  const run = await npmRun("export", ["--format", format, "--out", out, "--base-url", BASE], database);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain(out);
  return fs.readFileSync(out, "utf8");
}

const withoutTime = (json: string) => json.replace(/^(\{"format":"apparatus\.export","version":2,"exportedAt":)"[^"]+"/, '$1""');

/** What must survive any import: data and placement, not the database's bookkeeping. */
function fingerprint(database: string) {
  const conn = new Database(database, { readonly: true });
  try {
    const tables = ["User", "Document", "DocumentVersion", "Annotation", "AnnotationPlacement", "Evidence", "Reply", "Verdict", "Ruling", "AnnotationRevision", "DocumentEvent"];
    const counts = Object.fromEntries(tables.map((t) => [t, (conn.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
    const latest = Object.fromEntries(
      ["User", "Document", "Annotation", "Reply", "Verdict", "Ruling"].map((t) => [t, conn.prepare(`SELECT max("updatedAt") AS at FROM "${t}"`).get()]),
    );
    const activity = conn.prepare(`SELECT max("lastActivityAt") AS at FROM "Document"`).get();
    return { counts, latest, activity };
  } finally {
    conn.close();
  }
}

describe("npm run import / npm run export on empty databases", () => {
  it("round trip: export native, import into an empty database, export again: identical except the export time; importing twice changes nothing", async () => {
    const target = freshDatabase("roundtrip");
    const first = await importJson(sourceNative, target);
    expect(first.code).toBe(0);
    expect(first.report).toMatchObject({
      format: "native",
      documents: { created: 3, matched: 0 },
      annotations: { created: 9, unchanged: 0, updated: 0, replaced: 0, unplaced: [] },
      replies: { created: 3, skipped: [] },
      verdicts: { created: 6, skipped: [] },
      rulings: { created: 1, unchanged: 0, updated: 0 },
      people: { created: 4, matched: 0, withoutAddress: 0 },
      warnings: [],
    });
    const again = await exportTo("native", target, "roundtrip.native.json");
    expect(withoutTime(again)).toBe(withoutTime(sourceText));

    const before = fingerprint(target);
    const second = await importJson(sourceNative, target);
    expect(second.code).toBe(0);
    expect(second.report).toMatchObject({
      documents: { created: 0, matched: 3 },
      annotations: { created: 0, unchanged: 9, updated: 0, replaced: 0, unplaced: [] },
      replies: { created: 0, unchanged: 3, updated: 0 },
      verdicts: { created: 0, unchanged: 6, updated: 0 },
      rulings: { created: 0, unchanged: 1, updated: 0 },
      people: { created: 0, matched: 4 },
    });
    expect(fingerprint(target)).toEqual(before);
    expect(withoutTime(await exportTo("native", target, "roundtrip-2.native.json"))).toBe(withoutTime(sourceText));

    // the W3C export of that database, from the command line, passes the W3C MUST assertions
    const collection = JSON.parse(await exportTo("w3c", target, "roundtrip.w3c.json")) as Record<string, unknown>;
    expect(checkW3cCollection(collection).failures).toEqual([]);
    const page = collection.first as { items: unknown[] };
    expect(checkW3cPage(page).failures).toEqual([]);
    expect(page.items).toHaveLength(9 + 3 + 6 + 1); // annotations, replies, verdicts, the ruling
    for (const item of page.items) expect(checkW3cAnnotation(item).failures).toEqual([]);
  }, 240_000);

  it("round trip keeps the history: every version of a text (its note, who added it, its structure), annotations' revisions and earlier placements", async () => {
    const { createDocument } = await import("@/lib/documents/service");
    const { addVersion } = await import("@/lib/documents/versions");
    const { anchorAnnotation } = await import("@/lib/annotations/anchoring");
    const { createAnnotation, updateAnnotation } = await import("@/lib/annotations/service");
    const { rosa, victor, ada } = state.users;
    const v1 =
      `[${state.tag}] The quay was rebuilt in 1911. The harbour board paid for it. ` +
      "The dockers struck for a week. Nothing further was recorded about the strike.";
    const doc = await createDocument({ text: v1, metadata: { title: `Quay history ${state.tag}`, kind: "report" }, createdById: ada.id, format: "text" });
    const annotate = async (who: typeof rosa, needle: string, classification: "sourced" | "contested" | "opinion") =>
      (await createAnnotation({ user: who, documentId: doc.id, input: { ...spanOf(v1, needle), classification, evidence: [] } })).id;
    const kept = await annotate(rosa, "The harbour board paid for it.", "sourced");
    const changed = await annotate(victor, "The dockers struck for a week.", "contested");
    const removed = await annotate(rosa, "Nothing further was recorded about the strike.", "opinion");
    await updateAnnotation({ user: rosa, id: kept, input: { classification: "contested", evidence: [{ citation: "Board minutes, 1911" }] } });
    await updateAnnotation({ user: rosa, id: kept, input: { note: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Minutes say so 📜" }] }] } } });
    // version 2: one passage reworded (fuzzy, then confirmed by its author), one gone (orphaned)
    const v2 = v1.replace("The dockers struck for a week.", "The dockers struck for a whole week.").replace(" Nothing further was recorded about the strike.", "");
    const added = await addVersion({ user: victor, documentId: doc.id, input: { text: v2, format: "text" }, note: "Corrected the strike's length" });
    expect(added.anchoring).toMatchObject({ fuzzy: 1, orphaned: 1 });
    await anchorAnnotation({ user: victor, id: changed, input: { confirm: true } });
    // version 3, from HTML: a structure of its own
    await addVersion({ user: ada, documentId: doc.id, input: { text: `<h1>Quay</h1><p>${v2}</p>`, format: "html" }, note: null });
    void removed;

    const prepared = await prepareExport({ user: null, format: "native", documentId: doc.id, baseUrl: BASE });
    const text = await collectText(prepared.chunks);
    const file = JSON.parse(text) as NativeExport;
    const [d] = file.documents;
    expect(d.version).toBe(3);
    expect(d.versions!.map((v) => [v.version, v.addedBy?.name ?? null, v.note, v.format, v.text === undefined])).toEqual([
      [1, ada.name, null, "text", false],
      [2, victor.name, "Corrected the strike's length", "text", false],
      [3, ada.name, null, "html", true],
    ]);
    expect(d.versions![0].text).toBe(v1);
    const byId = new Map(d.annotations.map((a) => [a.id, a]));
    expect(byId.get(kept)!.revisions!.map((r) => [r.version, r.changed])).toEqual([[1, ["classification", "evidence"]], [2, ["note"]]]);
    expect(byId.get(changed)!.placements!.map((p) => [p.version, p.state, p.resolution?.action ?? null])).toEqual([[1, "exact", null], [2, "fuzzy", null], [2, "exact", "confirmed"]]);
    expect(byId.get(removed)!.placements!.map((p) => [p.version, p.state, p.start])).toEqual([[1, "exact", expect.any(Number)], [2, "orphaned", null]]);
    const source = path.join(dir, "history.native.json");
    fs.writeFileSync(source, text);

    const target = freshDatabase("history");
    const first = await importJson(source, target);
    expect(first.code).toBe(0);
    expect(first.report).toMatchObject({ documents: { created: 1 }, annotations: { created: 3, unplaced: [] }, warnings: [] });
    const out = path.join(dir, "history-again.native.json");
    const run = await npmRun("export", ["--format", "native", "--out", out, "--document", d.id], target);
    expect(run.code, run.stderr).toBe(0);
    expect(withoutTime(fs.readFileSync(out, "utf8"))).toBe(withoutTime(text));
    // and the versions page reads them: three versions with their texts
    const conn = new Database(target, { readonly: true });
    expect(conn.prepare(`SELECT "number", "note" FROM "DocumentVersion" WHERE "documentId" = ? ORDER BY "number"`).all(d.id)).toEqual([
      { number: 1, note: null },
      { number: 2, note: "Corrected the strike's length" },
      { number: 3, note: null },
    ]);
    conn.close();
    // importing it again changes nothing
    const before = fingerprint(target);
    expect((await importJson(source, target)).report).toMatchObject({ documents: { created: 0, matched: 1 }, annotations: { created: 0, unchanged: 3 } });
    expect(fingerprint(target)).toEqual(before);
  }, 240_000);

  it("a W3C export imported into an empty database with the documents present recreates the same annotations, offsets and quotes", async () => {
    const target = freshDatabase("w3c");
    const source = JSON.parse(sourceText) as NativeExport;
    const documentsOnly = { ...source, documents: source.documents.map((d) => ({ ...d, annotations: [] })) };
    const docsFile = path.join(dir, "documents-only.json");
    fs.writeFileSync(docsFile, JSON.stringify(documentsOnly));
    expect((await importJson(docsFile, target)).report.documents.created).toBe(3);

    const prepared = await prepareExport({ user: null, format: "w3c", documentIds: state.documents.map((d) => d.id), baseUrl: BASE });
    const w3cFile = path.join(dir, "source.w3c.json");
    fs.writeFileSync(w3cFile, await collectText(prepared.chunks));
    const { code, report } = await importJson(w3cFile, target);
    expect(code).toBe(0);
    expect(report).toMatchObject({
      format: "w3c",
      documents: { matched: 3, refused: 0 },
      annotations: { created: 9, replaced: 0, unplaced: [] },
      replies: { created: 3, skipped: [] },
      verdicts: { created: 6, skipped: [] },
      warnings: [],
    });

    const rebuilt = JSON.parse(await exportTo("native", target, "w3c-rebuilt.native.json")) as NativeExport;
    // W3C has no annotation versions, no email addresses, no rulings and no dispute status (lib/export/FORMAT.md);
    // everything else comes back
    const comparable = (a: NativeAnnotation) => ({
      ...a,
      version: undefined,
      ruling: undefined,
      revisions: undefined,
      placements: undefined,
      author: { id: a.author.id, name: a.author.name },
      replies: a.replies.map((r) => ({ ...r, author: { id: r.author.id, name: r.author.name } })),
      verdicts: a.verdicts.map((v) => ({ ...v, reviewer: { id: v.reviewer.id, name: v.reviewer.name }, status: undefined, resolvedAt: undefined, resolution: undefined })),
    });
    // …and the text-based figures of the summary (the claim-based ones follow the rulings)
    const textFigures = ({ counts, reviewers, coverage, shares, agreement, agreementReviewers }: NativeExport["documents"][number]["summary"]) => ({
      counts,
      reviewers,
      coverage,
      shares,
      agreement,
      agreementReviewers,
    });
    expect(rebuilt.documents.map((d) => d.id)).toEqual(source.documents.map((d) => d.id));
    for (let i = 0; i < source.documents.length; i++) {
      expect(rebuilt.documents[i].annotations.map(comparable)).toEqual(source.documents[i].annotations.map(comparable));
      expect(textFigures(rebuilt.documents[i].summary)).toEqual(textFigures(source.documents[i].summary));
    }
    // The dispute rules hold on what came in: the dispute Rosa's class change had adopted is resolved again
    const adopted = rebuilt.documents.flatMap((d) => d.annotations).find((a) => a.id === state.adoptedAnnotationId)!;
    expect(adopted.verdicts.map((v) => [v.status, v.resolution])).toEqual([["resolved", "adopted"]]);
  }, 240_000);

  it("a W3C export without --base-url names the app at http://localhost:$PORT when NEXTAUTH_URL is not set", async () => {
    const target = freshDatabase("port");
    expect((await importJson(sourceNative, target)).code).toBe(0);
    const out = path.join(dir, "port.w3c.json");
    const run = await npmRun("export", ["--format", "w3c", "--out", out], target, { PORT: "3630" });
    expect(run.code, run.stderr).toBe(0);
    const collection = JSON.parse(fs.readFileSync(out, "utf8")) as { id: string; first: { items: Array<{ id: string }> } };
    expect(collection.id).toMatch(/^http:\/\/localhost:3630\//);
    expect(collection.first.items[0].id).toMatch(/^http:\/\/localhost:3630\//);
  }, 240_000);

  it("imports a folder: exports and .txt/.md/.html files as documents; duplicates skipped, refused files reported, exit code 1", async () => {
    const target = freshDatabase("folder");
    const folder = path.join(dir, "folder");
    fs.mkdirSync(folder);
    fs.copyFileSync(sourceNative, path.join(folder, "a-export.json"));
    fs.writeFileSync(path.join(folder, "b-notes.txt"), "Harbour notes: three ships came in.\n");
    fs.writeFileSync(path.join(folder, "c-copy.txt"), "Harbour notes: three ships came in.\r\n");
    fs.writeFileSync(path.join(folder, "d-log.md"), "# The harbour log\n\nShips *came* in.\n");
    fs.writeFileSync(path.join(folder, "e-page.html"), "<title>Dispatch</title><p>Ships came in.<script>x()</script></p>");
    fs.writeFileSync(path.join(folder, "f-image.txt"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    fs.writeFileSync(path.join(folder, "g-broken.json"), "{ nope");
    fs.writeFileSync(path.join(folder, "h-readme.pdf"), "%PDF");
    const run = await npmRun("import", [folder], target);
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    const line = (name: string) => lines.find((l) => l.includes(name)) ?? "";
    expect(line("a-export.json")).toMatch(/imported/);
    expect(run.stdout).toMatch(/annotations 9 created/);
    expect(run.stdout).toContain("4 added as inactive accounts (a file holds no passwords, set one on Admin → Users to let someone sign in)");
    expect(line("b-notes.txt")).toMatch(/added as “b notes”/);
    expect(line("c-copy.txt")).toMatch(/skipped, duplicate/);
    expect(line("d-log.md")).toMatch(/added as “The harbour log”/);
    expect(line("e-page.html")).toMatch(/added as “Dispatch”/);
    expect(line("f-image.txt")).toMatch(/refused: .+/);
    expect(line("g-broken.json")).toMatch(/refused: The file is not valid JSON/);
    expect(line("h-readme.pdf")).toMatch(/ignored/);
    expect(run.stdout).toMatch(/8 files read, 2 with problems/);
    const conn = new Database(target, { readonly: true });
    expect((conn.prepare(`SELECT count(*) AS n FROM "Document"`).get() as { n: number }).n).toBe(3 + 3);
    conn.close();
    // usage errors are told apart
    expect((await npmRun("import", [], target)).code).toBe(2);
    expect((await npmRun("export", ["--format", "csv", "--out", path.join(dir, "x.json")], target)).code).toBe(2);
  }, 240_000);
});
