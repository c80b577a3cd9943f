// The streaming import (lib/import/service.ts, importInput): a native file is read twice, a checking
// pass and a writing pass, in chunks, never whole. These tests cut files into small chunks, write
// more annotations than one batch, and put the problem at the very end of the file.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/testing/db";
import { AppError } from "@/lib/errors";
import { cpLength } from "@/lib/documents/extract";
import type { CurrentUser } from "@/lib/auth/roles";
import type { NativeAnnotation, NativeExport } from "@/lib/export/native";
import { buildDbState, type DbState } from "./__fixtures__/db-state";
import { nativeBlogDocument } from "./__fixtures__/native-document";
import { IMPORT_BATCH, importFromPath, importInput } from "./service";
import { chunked, encode } from "./__fixtures__/input";

async function expectAppError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
  return error as AppError;
}

let state: DbState;
let admin: CurrentUser;
beforeAll(async () => {
  state = await buildDbState();
  admin = state.users.ada;
});

/** A native file of one new document with `n` annotations (one per sentence), replies on some, a verdict on others. */
function bigFile(tag: string, n: number): NativeExport {
  const sentences = Array.from({ length: n }, (_, i) => `Sentence ${i} of “${tag}” says \\ "quoted" — ünïcödé ${"x".repeat(i % 7)}.`);
  const text = sentences.join(" ");
  const at = "2026-01-02T03:04:05.000Z";
  const person = { id: admin.id, name: admin.name, email: admin.email };
  const reviewer = { id: state.users.rosa.id, name: state.users.rosa.name }; // a verdict is on another's annotation
  const note = (t: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: t }] }] });
  let offset = 0;
  const annotations: NativeAnnotation[] = sentences.map((quote, i) => {
    const start = offset;
    offset += cpLength(quote) + 1;
    return {
      id: `stream-${tag}-${i}`,
      start,
      end: start + cpLength(quote),
      quote,
      prefix: "",
      suffix: "",
      classification: i % 3 === 0 ? "opinion" : "sourced",
      note: note(`Note ${i} with "quotes" and \\ backslashes`) as NativeAnnotation["note"],
      noteText: `Note ${i} with "quotes" and \\ backslashes`,
      evidence: i % 2 ? [{ url: `https://example.org/${i}` }] : [],
      author: person,
      createdAt: at,
      updatedAt: at,
      version: 1,
      suggestion: null,
      anchor: { state: "exact", version: 1 },
      replies: i % 5 === 0 ? [{ id: `stream-reply-${tag}-${i}`, body: note("A reply") as NativeAnnotation["note"], bodyText: "A reply", author: person, createdAt: at, updatedAt: at }] : [],
      verdicts: i % 4 === 1 ? [{ reviewer, verdict: "agree", proposedClass: null, status: "open", resolvedAt: null, resolution: null, createdAt: at, updatedAt: at }] : [],
      ruling: null,
    };
  });
  return {
    format: "apparatus.export",
    version: 2,
    exportedAt: at,
    documents: [nativeBlogDocument({ id: `stream-doc-${tag}`, title: `Streamed ${tag}`, text, createdAt: at, annotations })],
  };
}

const N = IMPORT_BATCH * 2 + 37; // three batches, the last one short

async function stored(tag: string) {
  return {
    document: await db.document.findUnique({ where: { id: `stream-doc-${tag}` } }),
    annotations: await db.annotation.count({ where: { id: { startsWith: `stream-${tag}-` } } }),
    replies: await db.reply.count({ where: { id: { startsWith: `stream-reply-${tag}-` } } }),
  };
}

describe("streaming a native import", () => {
  it("imports a file of more than one batch from disk, and again changes nothing", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const file = path.join(os.tmpdir(), `apparatus-stream-${tag}.json`);
    fs.writeFileSync(file, JSON.stringify(bigFile(tag, N), null, 1));
    try {
      const report = await importFromPath({ actor: admin, path: file });
      expect(report.format).toBe("native");
      expect(report.documents).toMatchObject({ created: 1, matched: 0, refused: 0 });
      expect(report.annotations).toMatchObject({ created: N, unchanged: 0, unplaced: [] });
      expect(report.annotations.anchoring.exact).toBe(N);
      expect(report.replies.created).toBe(Math.ceil(N / 5));
      expect(report.verdicts.created).toBe(Math.floor((N + 2) / 4));
      expect(await stored(tag)).toMatchObject({ annotations: N, replies: Math.ceil(N / 5) });
      const last = await db.annotation.findUniqueOrThrow({ where: { id: `stream-${tag}-${N - 1}` }, include: { evidence: true } });
      expect(last.quote).toContain(`Sentence ${N - 1} of “${tag}” says \\ "quoted" — ünïcödé`);
      expect(last.noteText).toBe(`Note ${N - 1} with "quotes" and \\ backslashes`);

      const again = await importFromPath({ actor: admin, path: file });
      expect(again.documents).toMatchObject({ created: 0, matched: 1 });
      expect(again.annotations).toMatchObject({ created: 0, unchanged: N, updated: 0 });
      expect(again.replies).toMatchObject({ created: 0, unchanged: Math.ceil(N / 5) });
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it("reads the same whatever the chunks (7 bytes: boundaries inside strings, escapes and characters)", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const bytes = encode(bigFile(tag, 60));
    const report = await importInput({ actor: admin, input: chunked(bytes, 7) });
    expect(report.annotations).toMatchObject({ created: 60, unplaced: [] });
    expect(await stored(tag)).toMatchObject({ annotations: 60, replies: 12 });
  });

  it("imports a document whose fields come after its annotations (held until the document is read)", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const file = bigFile(tag, IMPORT_BATCH + 3);
    const { annotations, ...fields } = file.documents[0];
    const reordered = { ...file, documents: [{ annotations, ...fields }] };
    const report = await importInput({ actor: admin, input: chunked(encode(reordered), 4096) });
    expect(report.documents.created).toBe(1);
    expect(report.annotations).toMatchObject({ created: IMPORT_BATCH + 3, unplaced: [] });
    expect((await stored(tag)).annotations).toBe(IMPORT_BATCH + 3);
  });

  it("refuses a file whose last annotation is bad, naming it, and changes nothing", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const file = bigFile(tag, N);
    const last = file.documents[0].annotations[N - 1];
    last.end = last.start;
    const error = await expectAppError(importInput({ actor: admin, input: chunked(encode(file), 65536) }), "UNPROCESSABLE", new RegExp(`documents\\[0\\]\\.annotations\\[${N - 1}\\]\\.end`));
    expect((error.details as { errors: string[] }).errors).toHaveLength(1);
    expect(await stored(tag)).toEqual({ document: null, annotations: 0, replies: 0 });
  });

  it("refuses a file broken at its very end (JSON, UTF-8, a character SQLite cannot store) and changes nothing", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const text = JSON.stringify(bigFile(tag, N));
    await expectAppError(importInput({ actor: admin, input: chunked(encode(text.slice(0, -2)), 65536) }), "INVALID_INPUT", /not valid JSON/);
    await expectAppError(importInput({ actor: admin, input: chunked(encode(`${text.slice(0, -1)},}`), 65536) }), "INVALID_INPUT", /not valid JSON/);
    // A byte that is not UTF-8 is reported before broken JSON, wherever each is (as when the file was read whole).
    const broken = new Uint8Array([...encode(`${text.slice(0, -1)},}`), 0xff]);
    await expectAppError(importInput({ actor: admin, input: chunked(broken, 65536) }), "INVALID_INPUT", /not valid UTF-8/);
    const lone = bigFile(tag, N);
    lone.documents[0].annotations[N - 1].noteText = "broken \ud800 half";
    await expectAppError(importInput({ actor: admin, input: chunked(encode(lone), 65536) }), "INVALID_INPUT", /unpaired UTF-16 surrogates/);
    const extra = `${text.slice(0, -1)},"extra":1}`;
    await expectAppError(importInput({ actor: admin, input: chunked(encode(extra), 65536) }), "UNPROCESSABLE", /Unrecognized key/);
    expect(await stored(tag)).toEqual({ document: null, annotations: 0, replies: 0 });
  });
});
