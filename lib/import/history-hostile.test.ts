import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/testing/db";
import type { CurrentUser } from "@/lib/auth/roles";
import { createDocument } from "@/lib/documents/service";
import { addVersion, listVersions } from "@/lib/documents/versions";
import { createAnnotation, updateAnnotation } from "@/lib/annotations/service";
import { sha256Hex } from "@/lib/documents/extract";
import type { NativeExport } from "@/lib/export/native";
import { AppError } from "@/lib/errors";
import { spanOf } from "./__fixtures__/db-state";
import { counts, exportDoc, importJson, parse, person, renderVersionsPage } from "./__fixtures__/history";

let ada: CurrentUser, rosa: CurrentUser, victor: CurrentUser;
let base: NativeExport;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const rid = () => "p" + crypto.randomUUID().replace(/-/g, "").slice(0, 20);

beforeAll(async () => {
  ada = await person("admin", "Ada");
  rosa = await person("reviewer", "Rosa");
  victor = await person("reviewer", "Victor");
  const t = crypto.randomUUID().slice(0, 8);
  const v1 = `[${t}] Alpha one. Beta two. Gamma three. Delta four.`;
  const doc = await createDocument({ text: v1, metadata: { title: `Hostile ${t}`, kind: "report" }, createdById: ada.id, format: "text" });
  const a = (await createAnnotation({ user: rosa, documentId: doc.id, input: { ...spanOf(v1, "Beta two."), classification: "sourced", evidence: [] } })).id;
  await createAnnotation({ user: rosa, documentId: doc.id, input: { ...spanOf(v1, "Delta four."), classification: "sourced", evidence: [] } });
  await updateAnnotation({ user: rosa, id: a, input: { classification: "opinion" } });
  await updateAnnotation({ user: rosa, id: a, input: { classification: "contested" } });
  const v2 = v1.replace("Gamma three.", "Gamma 3.").replace(" Delta four.", "");
  await addVersion({ user: victor, documentId: doc.id, input: { text: v2, format: "text" }, note: "v2" });
  await addVersion({ user: victor, documentId: doc.id, input: { text: `<h1>H</h1><p>${v2}</p>`, format: "html" }, note: "v3" });
  base = parse(await exportDoc(doc.id));
  await db.document.delete({ where: { id: doc.id } });
});

/** A copy of the base file with fresh ids (document and annotations), so each case creates its own document. */
function fresh(): NativeExport {
  const f = clone(base);
  const d = f.documents[0];
  d.id = rid();
  for (const a of d.annotations) a.id = rid();
  return f;
}

type Outcome = { kind: "refused"; code: string; message: string } | { kind: "imported"; warnings: string[]; documentId: string | null; unplaced: number } | { kind: "crashed"; error: unknown };

async function run(file: unknown): Promise<Outcome> {
  const { report, error } = await importJson(file);
  if (error) {
    if (error instanceof AppError && ["UNPROCESSABLE", "INVALID_INPUT"].includes(error.code)) return { kind: "refused", code: error.code, message: error.message };
    return { kind: "crashed", error };
  }
  const entry = report!.documents.list[0];
  return { kind: "imported", warnings: report!.warnings, documentId: entry?.id ?? null, unplaced: report!.annotations.unplaced.length };
}

async function cleanup(o: Outcome) {
  if (o.kind === "imported" && o.documentId) await db.document.deleteMany({ where: { id: o.documentId } });
}

// Counted by the file's titles, not in the whole database: other test files write to it meanwhile.
const documentsTitled = (file: unknown) => db.document.count({ where: { title: { in: ((file as NativeExport).documents ?? []).map((d) => d.title) } } });

async function expectRefused(file: unknown) {
  const before = await documentsTitled(file);
  const o = await run(file);
  expect(o.kind, JSON.stringify(o)).toBe("refused");
  expect(await documentsTitled(file)).toBe(before);
  return o;
}

async function expectImportedWithWarning(file: unknown, warning: RegExp) {
  const o = await run(file);
  try {
    expect(o.kind, o.kind === "crashed" ? String((o.error as Error)?.stack) : JSON.stringify(o)).toBe("imported");
    if (o.kind !== "imported") return o;
    expect(o.warnings.join("\n")).toMatch(warning);
    await renderVersionsPage(o.documentId!);
  } finally {
    await cleanup(o);
  }
  return o;
}

describe("hostile or broken files", () => {
  it("H0 the base file imports cleanly and renders", async () => {
    const o = await run(fresh());
    expect(o).toMatchObject({ kind: "imported", warnings: [] });
    await renderVersionsPage((o as { documentId: string }).documentId);
    await cleanup(o);
  });
  it("H1 versions not increasing", async () => {
    const f = fresh();
    const v = f.documents[0].versions!;
    [v[0], v[1]] = [v[1], v[0]];
    await expectRefused(f);
  });
  it("H2 last version is not the document's", async () => {
    const f = fresh();
    f.documents[0].versions!.at(-1)!.version = 7;
    await expectRefused(f);
  });
  it("H3 an earlier version without text / H4 the current one with text", async () => {
    const f = fresh();
    delete f.documents[0].versions![0].text;
    await expectRefused(f);
    const g = fresh();
    g.documents[0].versions!.at(-1)!.text = g.documents[0].text;
    await expectRefused(g);
  });
  it("H5 an earlier text with CRLF line endings: normalised; its placements must still match that text", async () => {
    const f = fresh();
    const v1 = f.documents[0].versions![0];
    v1.text = "Line\r\nbreak " + v1.text!;
    v1.structure = undefined;
    for (const a of f.documents[0].annotations) for (const p of a.placements ?? []) if (p.version === 1 && p.start !== null) { p.start += 12; p.end! += 12; }
    const o = await run(f);
    expect(o.kind).toBe("imported");
    try {
      await renderVersionsPage((o as { documentId: string }).documentId);
    } finally {
      await cleanup(o);
    }
  });
  it("H6 1001 versions refused; 300 versions imported", async () => {
    const mk = (n: number) => {
      const f = fresh();
      const d = f.documents[0];
      const earlier = Array.from({ length: n - 1 }, (_, k) => ({ version: k + 1, createdAt: "2026-01-01T00:00:00.000Z", addedBy: null, note: null, format: "text" as const, textSha256: sha256Hex(`t${k}`), length: 2, text: `t${k}` }));
      d.versions = [...earlier, { ...d.versions!.at(-1)!, version: n }];
      d.version = n;
      for (const a of d.annotations) { a.placements = []; a.anchor!.version = n; }
      return f;
    };
    await expectRefused(mk(1001));
    const o = await run(mk(300));
    expect(o.kind, JSON.stringify(o)).toBe("imported");
    const id = (o as { documentId: string }).documentId;
    expect((await listVersions({ documentId: id })).versions.length).toBe(300);
    await cleanup(o);
  });
  it("H7 a revision version >= the annotation's", async () => {
    const f = fresh();
    const a = f.documents[0].annotations.find((x) => (x.revisions ?? []).length)!;
    a.revisions!.at(-1)!.version = a.version;
    await expectRefused(f);
  });
  it("H8 a placement on a version the file lacks / H9 past its text's end", async () => {
    const f = fresh();
    const a = f.documents[0].annotations.find((x) => (x.placements ?? []).length)!;
    a.placements![0].version = 99;
    await expectImportedWithWarning(f, /earlier placements were left out/);
    const g = fresh();
    const b = g.documents[0].annotations.find((x) => (x.placements ?? []).some((p) => p.start !== null))!;
    const p = b.placements!.find((q) => q.start !== null)!;
    p.start = 5000; p.end = 5010;
    await expectImportedWithWarning(g, /earlier placements were left out/);
  });
  it("H10 a placement with start >= end / H11 an orphaned placement with numbers", async () => {
    const f = fresh();
    const p = f.documents[0].annotations.flatMap((a) => a.placements ?? []).find((q) => q.start !== null)!;
    p.end = p.start;
    await expectRefused(f);
    const g = fresh();
    const q = g.documents[0].annotations.flatMap((a) => a.placements ?? []).find((x) => x.start !== null)!;
    q.state = "orphaned";
    await expectRefused(g);
  });
  it("H12 people only in the history (no emails) become placeholders", async () => {
    const f = fresh();
    const d = f.documents[0];
    d.versions![0].addedBy = { id: rid(), name: "Only a version adder" };
    const a = d.annotations.find((x) => (x.revisions ?? []).length)!;
    a.revisions![0].editor = { id: rid(), name: "Only a reviser" };
    const p = d.annotations.flatMap((x) => x.placements ?? [])[0];
    p.resolution = { action: "confirmed", by: { id: rid(), name: "Only a placer" }, at: "2026-01-01T00:00:00.000Z" };
    const { report, error } = await importJson(f);
    expect(error).toBeUndefined();
    expect(report!.people.created).toBe(3);
    expect(report!.warnings).toEqual([]);
    await renderVersionsPage(report!.documents.list[0].id!);
    await db.document.delete({ where: { id: report!.documents.list[0].id! } });
  });
  it("H13 an earlier structure that does not fit its text", async () => {
    const f = fresh();
    f.documents[0].versions![0].structure = { ranges: [{ type: "paragraph", start: 0, end: 99999 }] } as never;
    await expectImportedWithWarning(f, /structure of its version 1 was left out/);
  });
  for (const [name, value] of [["null", null], ["5", 5], ["a string", "x"], ["an array", []], ["ranges a number", { ranges: 5 }], ["a range with string offsets", { ranges: [{ type: "heading", start: "a", end: "b" }] }], ["a range of unknown type", { ranges: [{ type: "<script>", start: 0, end: 1 }] }], ["a proto key", JSON.parse('{"__proto__":{"x":1},"ranges":[]}')]] as const) {
    it(`H14 an earlier structure of the wrong type: ${name}`, async () => {
      const f = fresh();
      (f.documents[0].versions![0] as { structure: unknown }).structure = value;
      const o = await run(f);
      expect(o.kind, o.kind === "crashed" ? String((o.error as Error)?.stack) : JSON.stringify(o)).not.toBe("crashed");
      if (o.kind === "imported") await renderVersionsPage(o.documentId!);
      await cleanup(o);
    });
  }
  for (const n of [2 ** 31, Number.MAX_SAFE_INTEGER, 2 ** 53, 1e300]) {
    it(`H15 version numbers of ${n}`, async () => {
      const f = fresh();
      const d = f.documents[0];
      const last = d.versions!.length;
      d.versions!.at(-1)!.version = n;
      d.version = n;
      for (const a of d.annotations) {
        a.anchor!.version = n;
        for (const p of a.placements ?? []) if (p.version === last) p.version = n;
      }
      const o = await run(f);
      console.log("H15", n, JSON.stringify(o).slice(0, 300));
      expect(o.kind, o.kind === "crashed" ? String((o.error as Error)?.stack) : JSON.stringify(o)).not.toBe("crashed");
      if (o.kind === "imported") {
        const r = await renderVersionsPage(o.documentId!);
        expect(r.versions.at(-1)!.number).toBe(n);
        // and the stored number is the one the file had
        expect((await listVersions({ documentId: o.documentId! })).document.version).toBe(n);
      }
      await cleanup(o);
    });
  }
  it("H16 a placement whose quote is not at its offsets in that version's text", async () => {
    const f = fresh();
    const p = f.documents[0].annotations.flatMap((a) => a.placements ?? []).find((q) => q.start !== null && q.version === 1)!;
    p.start = 0; p.end = 3; // quote stays "Beta two." etc.
    const o = await run(f);
    expect(o.kind).toBe("imported");
    try {
      await renderVersionsPage((o as { documentId: string }).documentId); // throws when a quote is not at its offsets
    } finally {
      await cleanup(o);
    }
  });
  it("H17 textSha256/length of an earlier version that do not match its text: a warning, as for the document's", async () => {
    const f = fresh();
    f.documents[0].versions![0].textSha256 = "0".repeat(64);
    f.documents[0].versions![0].length = 3;
    await expectImportedWithWarning(f, /textSha256|length/);
  });
  it("H18 an earlier version with an empty / NUL text: history left out with a warning", async () => {
    const f = fresh();
    f.documents[0].versions![0].text = "";
    await expectImportedWithWarning(f, /could not be stored/);
    const g = fresh();
    g.documents[0].versions![0].text = "a\u0000b";
    await expectImportedWithWarning(g, /could not be stored/);
  });
  for (const at of ["2016-12-31T23:59:60Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2026-01-01T00:00:00+23:59"]) {
    it(`H19 history times of ${at}`, async () => {
      const bad: string[] = [];
      for (const where of ["version", "revision", "placement", "annotation (pre-existing field)"] as const) {
        const f = fresh();
        const d = f.documents[0];
        if (where === "version") d.versions![0].createdAt = at;
        if (where === "revision") d.annotations.find((x) => (x.revisions ?? []).length)!.revisions![0].createdAt = at;
        if (where === "placement") d.annotations.flatMap((x) => x.placements ?? [])[0].supersededAt = at;
        if (where === "annotation (pre-existing field)") d.annotations[0].createdAt = at;
        d.versions![0].addedBy = { id: rid(), name: "New person" };
        const newcomer = d.versions![0].addedBy!.id;
        const rows = async () => ({ users: await db.user.count({ where: { id: newcomer } }), docs: await documentsTitled(f), annotations: await db.annotation.count({ where: { documentId: d.id } }) });
        const before = await rows();
        const o = await run(f);
        const after = await rows();
        if (o.kind === "crashed") bad.push(`${where}: ${String((o.error as Error)?.message)}; rows before ${JSON.stringify(before)} after ${JSON.stringify(after)}`);
        if (o.kind === "imported") await renderVersionsPage(o.documentId!);
        if (o.kind === "imported") await cleanup(o);
        else if (after.docs > before.docs) {
          bad.push(`${where}: a document stayed after the failure`);
          await db.document.deleteMany({ where: { id: d.id } });
        }
      }
      expect(bad).toEqual([]);
    });
  }
  it("H20 versions numbered with gaps (1, 5, 9)", async () => {
    const f = fresh();
    const d = f.documents[0];
    const map = new Map([[1, 1], [2, 5], [3, 9]]);
    for (const v of d.versions!) v.version = map.get(v.version)!;
    d.version = 9;
    for (const a of d.annotations) { a.anchor!.version = 9; for (const p of a.placements ?? []) p.version = map.get(p.version)!; }
    const o = await run(f);
    expect(o.kind).toBe("imported");
    await renderVersionsPage((o as { documentId: string }).documentId);
    await cleanup(o);
  });
  it("H21 10,000 revisions and 10,000 placements on one annotation", async () => {
    const f = fresh();
    const d = f.documents[0];
    const a = d.annotations.find((x) => (x.revisions ?? []).length)!;
    const r0 = a.revisions![0];
    a.revisions = Array.from({ length: 10_000 }, (_, k) => ({ ...r0, version: k + 1 }));
    a.version = 10_001;
    const p0 = a.placements!.find((p) => p.start !== null)!;
    a.placements = Array.from({ length: 10_000 }, () => ({ ...p0 }));
    const t0 = Date.now();
    const o = await run(f);
    console.log("H21 import ms", Date.now() - t0);
    expect(o.kind, JSON.stringify(o).slice(0, 500)).toBe("imported");
    const c = await counts((o as { documentId: string }).documentId);
    expect(c.revisions).toBeGreaterThanOrEqual(10_000);
    expect(c.placements).toBeGreaterThanOrEqual(10_000);
    await renderVersionsPage((o as { documentId: string }).documentId);
    await cleanup(o);
  }, 300_000);
  it("H22 placements on the current version and a revision with duplicate 'changed' fields", async () => {
    const f = fresh();
    const d = f.documents[0];
    const a = d.annotations.find((x) => (x.revisions ?? []).length)!;
    a.revisions![0].changed = ["note", "note", "note"];
    const o = await run(f);
    expect(o.kind, JSON.stringify(o)).not.toBe("crashed");
    await cleanup(o);
  });
  it("H23 an earlier structure with a javascript: link is left out with a warning", async () => {
    const f = fresh();
    const v = f.documents[0].versions![0];
    v.structure = { ranges: [{ type: "link", start: 0, end: 3, href: "javascript:alert(1)" }] } as never;
    await expectImportedWithWarning(f, /structure of its version 1 was left out/);
  });
  it("H24 a revision's evidence with a javascript: URL, and a revision note with a javascript: link, are refused", async () => {
    const f = fresh();
    const a = f.documents[0].annotations.find((x) => (x.revisions ?? []).length)!;
    a.revisions![0].evidence = [{ url: "javascript:alert(1)" }];
    await expectRefused(f);
    const g = fresh();
    const b = g.documents[0].annotations.find((x) => (x.revisions ?? []).length)!;
    b.revisions![0].note = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] } as never;
    const o = await run(g);
    expect(o.kind).not.toBe("crashed");
    if (o.kind === "imported") {
      const { db: prisma } = await import("@/lib/testing/db");
      const rows = await prisma.annotationRevision.findMany({ where: { annotationId: b.id } });
      expect(rows.map((r) => r.note).join("")).not.toContain("javascript");
      await cleanup(o);
    }
  });
});
