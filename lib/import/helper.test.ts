// The import's helper thread (lib/import/helper.ts) must change nothing but the time: the same files
// give the same reports, the same refusals with the same messages and the same stored rows, whether
// the annotations are read on the main thread or by the helper.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/testing/db";
import type { CurrentUser } from "@/lib/auth/roles";
import type { NativeAnnotation, NativeExport } from "@/lib/export/native";
import { cpLength } from "@/lib/documents/extract";
import { buildDbState } from "./__fixtures__/db-state";
import { nativeBlogDocument } from "./__fixtures__/native-document";
import { ImportHelper } from "./helper";
import { importInput, type ImportReport } from "./service";
import { bytesRanges, type ImportInput } from "./input";
import { chunked, encode } from "./__fixtures__/input";


let admin: CurrentUser;
let helper: ImportHelper;
beforeAll(async () => {
  admin = (await buildDbState()).users.ada;
  helper = new ImportHelper();
  expect(await helper.whenStarted()).toBe(true);
});
afterAll(() => helper.close());

/** Two documents of `n` annotations each, with replies, verdicts (open and resolved disputes), a ruling, fuzzy and orphaned anchors. */
function file(tag: string, n: number): NativeExport {
  const at = "2026-01-02T03:04:05.000Z";
  const person = { id: admin.id, name: admin.name, email: admin.email };
  const other = { id: `helper-person-${tag}`, name: "Someone Else" };
  const note = (t: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: t, marks: [{ type: "link", attrs: { href: "https://example.org/a" } }] }] }] });
  const documents = [0, 1].map((d) => {
    const sentences = Array.from({ length: n }, (_, i) => `Doc ${d} sentence ${i} of ${tag} — ünïcödé 📜 ${"x".repeat(i % 5)}.`);
    const text = sentences.join(" ");
    let offset = 0;
    const annotations = sentences.map((quote, i) => {
      const start = offset;
      offset += cpLength(quote) + 1;
      const orphaned = i % 97 === 5;
      return {
        id: `helper-${tag}-${d}-${i}`,
        start: orphaned ? null : start,
        end: orphaned ? null : start + cpLength(quote),
        quote,
        prefix: "",
        suffix: "",
        classification: i % 3 === 0 ? "opinion" : "contested",
        note: note(`Note ${i}`),
        noteText: `Note ${i}`,
        evidence: i % 2 ? [{ url: `https://example.org/${i}`, citation: `Cite ${i}` }] : [],
        author: i % 2 ? person : other,
        createdAt: at,
        updatedAt: at,
        version: 1 + (i % 3),
        suggestion: i % 11 === 0 ? { kind: "likely-sourced", reason: "It cites." } : null,
        anchor: orphaned ? { state: "orphaned", version: 1, previousQuote: quote } : i % 13 === 0 ? { state: "fuzzy", version: 1, score: 0.9, previousQuote: `${quote}!` } : { state: "exact", version: 1 },
        replies: i % 5 === 0 ? [{ id: `helper-reply-${tag}-${d}-${i}`, body: note("A reply"), bodyText: "A reply", author: other, createdAt: at, updatedAt: at }] : [],
        verdicts:
          i % 4 === 1
            ? // resolved disputes and agreements (open disputes would show in other test files' queues: one database)
              [
                i % 8 === 1
                  ? { reviewer: other, verdict: "dispute", proposedClass: "sourced", status: "resolved", resolvedAt: at, resolution: "adopted", createdAt: at, updatedAt: at }
                  : { reviewer: other, verdict: "agree", proposedClass: null, status: "open", resolvedAt: null, resolution: null, createdAt: at, updatedAt: at },
              ]
            : [],
        ruling: i === 7 ? { classification: "sourced", rationale: note("Ruled"), rationaleText: "Ruled", by: other, at, createdAt: at } : null,
      };
    });
    return nativeBlogDocument({ id: `helper-doc-${tag}-${d}`, title: `Helper ${tag} ${d}`, text, createdAt: at, annotations: annotations as unknown as NativeAnnotation[] });
  });
  return { format: "apparatus.export", version: 2, exportedAt: at, documents } as unknown as NativeExport;
}

/** The outcome of an import: its report, or its refusal (code, message, details). */
async function outcome(bytes: Uint8Array, withHelper: boolean): Promise<unknown> {
  try {
    return await importInput({ actor: admin, input: chunked(bytes, 65536), helper: withHelper ? helper : null });
  } catch (error) {
    const e = error as { code?: string; message: string; details?: unknown };
    return { code: e.code, message: e.message, details: e.details };
  }
}

/** Everything stored for a tag's file, ids replaced where they are made here. */
async function storedRows(tag: string) {
  const annotations = await db.annotation.findMany({
    where: { id: { startsWith: `helper-${tag}-` } },
    orderBy: { id: "asc" },
    include: { evidence: { orderBy: { position: "asc" }, select: { position: true, citation: true, url: true } }, verdicts: { select: { verdict: true, proposedClass: true, resolution: true } }, replies: { select: { id: true, body: true, bodyText: true } }, ruling: { select: { classification: true, rationaleText: true } } },
  });
  return annotations.map(({ id, documentId, createdAt, updatedAt, deletedAt, ...rest }) => ({ id: id.split("-").slice(2).join("-"), documentId: documentId.split("-").slice(3).join("-"), createdAt, updatedAt, deletedAt, ...rest, replies: rest.replies.map((r) => ({ ...r, id: r.id.split("-").slice(3).join("-") })) }));
}

/** A report with the tag taken out (each run imports its own copy). */
const untagged = (report: unknown, tag: string) => JSON.parse(JSON.stringify(report).replaceAll(tag, "TAG"));

// Each test starts the helper thread (its own import of the import code) several times: seconds of CPU each,
// far more on a machine busy with the e2e legs beside the unit tests (30 s was overrun there).
describe("the import's helper thread", { timeout: 120_000 }, () => {
  it("imports a file into the same rows with the same report", async () => {
    const n = 1234;
    const [a, b] = [crypto.randomUUID().slice(0, 8), crypto.randomUUID().slice(0, 8)];
    const one = (await outcome(encode(file(a, n)), false)) as ImportReport;
    const answered = helper.answered;
    const two = (await outcome(encode(file(b, n)), true)) as ImportReport;
    expect(helper.answered - answered).toBeGreaterThan(5); // both passes asked it
    expect(one.annotations.created).toBeGreaterThan(2 * n - 40);
    expect(untagged(two, b)).toEqual(untagged(one, a));
    expect(untagged(await storedRows(b), b)).toEqual(untagged(await storedRows(a), a));
    // and again: nothing changes, the same way
    expect(untagged(await outcome(encode(file(b, n)), true), b)).toEqual(untagged(await outcome(encode(file(a, n)), false), a));
  });

  it("imports the same without a thread that could not start, or that stops half-way", async () => {
    const n = 700;
    const [a, b, c] = [0, 1, 2].map(() => crypto.randomUUID().slice(0, 8));
    const expected = untagged(await outcome(encode(file(a, n)), false), a);
    const broken = new ImportHelper("/nonexistent/helper-thread.ts");
    expect(await broken.whenStarted()).toBe(false);
    const report = await importInput({ actor: admin, input: chunked(encode(file(b, n)), 65536), helper: broken });
    expect(untagged(report, b)).toEqual(expected);
    const stopping = new ImportHelper();
    expect(await stopping.whenStarted()).toBe(true);
    // stopped while it has requests in flight: they are read on the main thread instead
    let chunks = 0;
    let stopped = false;
    const input = chunked(encode(file(c, n)), 16384);
    const stopAfter: ImportInput = {
      chunks: async function* () {
        for await (const chunk of input.chunks()) {
          // in the writing pass (the checking pass reads ~70 chunks), with requests in flight
          if (++chunks > 100 && !stopped && stopping.busy > 0) {
            stopped = true;
            void stopping.close();
          }
          yield chunk;
        }
      },
      ranges: input.ranges,
      whole: input.whole,
    };
    expect(untagged(await importInput({ actor: admin, input: stopAfter, helper: stopping }), c)).toEqual(expected);
    expect(stopped).toBe(true);
    expect(untagged(await storedRows(c), c)).toEqual(untagged(await storedRows(a), a));
  });

  it("stops with the same error, after the same writes, when the file changes between its two passes", async () => {
    const n = 900;
    // The checking pass reads the file as made; the writing pass reads it changed: a late annotation that
    // is not JSON, one the format refuses, or broken JSON at the end.
    const changes: Array<(tag: string) => string> = [
      (tag) => JSON.stringify(file(tag, n)).replace(`"id":"helper-${tag}-1-450","start":`, `"id":"helper-${tag}-1-450","start":0`),
      (tag) => {
        const bad = file(tag, n);
        (bad.documents[1].annotations[300] as { end: number | null }).end = bad.documents[1].annotations[300].start;
        return JSON.stringify(bad);
      },
      (tag) => `${JSON.stringify(file(tag, n)).slice(0, -1)},}`,
    ];
    for (const change of changes) {
      const result = async (withHelper: boolean) => {
        const tag = crypto.randomUUID().slice(0, 8);
        const passes = [encode(file(tag, n)), encode(change(tag))];
        let pass = 0;
        const input: ImportInput = { chunks: () => chunked(passes[Math.min(pass++, 1)], 65536).chunks(), ranges: async () => bytesRanges(passes[0]), whole: async () => passes[0] };
        const answered = helper.answered;
        try {
          await importInput({ actor: admin, input, helper: withHelper ? helper : null });
          throw new Error("imported");
        } catch (error) {
          if (withHelper) expect(helper.answered).toBeGreaterThan(answered);
          const e = error as Error;
          return { error: untagged({ name: e.constructor.name, message: e.message }, tag), rows: untagged(await storedRows(tag), tag) };
        }
      };
      const here = await result(false);
      expect(here.error.message).not.toBe("imported");
      expect(await result(true)).toEqual(here);
    }
  });

  it("refuses a bad file with the same error, the first in the file's order", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const n = 900;
    const text = JSON.stringify(file(tag, n));
    const cases: Array<[string, string]> = [];
    // many schema problems spread over both documents (more than the 20 listed)
    const bad = file(tag, n);
    for (const d of bad.documents) d.annotations.forEach((a, i) => i % 37 === 3 && ((a as { end: number | null }).end = a.start));
    bad.documents[1].annotations[600].note = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] } as never;
    cases.push(["schema problems", JSON.stringify(bad)]);
    // an annotation that is not JSON (the scanner only sees its brackets), then broken JSON at the end
    const notJson = text.replace(`"id":"helper-${tag}-0-450","start":`, `"id":"helper-${tag}-0-450","start":0`);
    cases.push(["not JSON inside an annotation, and at the end", `${notJson.slice(0, -1)},}`]);
    expect(await outcome(encode(cases[1][1]), false)).toMatchObject({ message: expect.stringMatching(/not valid JSON \(Unexpected number/) });
    cases.push(["broken JSON at the end only", `${text.slice(0, -1)},}`]);
    // characters SQLite cannot store in a late annotation, then nesting too deep in a later one
    const lone = file(tag, n);
    lone.documents[1].annotations[700].noteText = "broken \ud800 half";
    (lone.documents[1].annotations[800] as unknown as { evidence: unknown }).evidence = JSON.parse("[".repeat(120) + "]".repeat(120));
    cases.push(["unstorable, then too deep", JSON.stringify(lone)]);
    for (const [name, json] of cases) {
      const expected = await outcome(encode(json), false);
      expect(expected, name).toHaveProperty("code");
      const answered = helper.answered;
      expect(await outcome(encode(json), true), name).toEqual(expected);
      expect(helper.answered, name).toBeGreaterThan(answered);
    }
    expect(await db.annotation.count({ where: { id: { startsWith: `helper-${tag}-` } } })).toBe(0);
  });
});
