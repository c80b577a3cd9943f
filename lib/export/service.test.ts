import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/testing/db";
import { AppError } from "@/lib/errors";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { createAnnotation, deleteAnnotation } from "@/lib/annotations/service";
import { createDocument } from "@/lib/documents/service";
import { addVersion } from "@/lib/documents/versions";
import { sharedDocument } from "@/lib/testing/factories";
import { sha256Hex } from "@/lib/documents/extract";
import type { CurrentUser } from "@/lib/auth/roles";
import { buildDbState, collectText, spanOf, type DbState } from "@/lib/import/__fixtures__/db-state";
import { parseNativeExport, type NativeExport, type RevisionField } from "./native";
import { checkW3cAnnotation, checkW3cCollection, checkW3cPage } from "./w3c-validate";
import { EXPORT_BATCH, EXPORT_CONTENT_TYPES, exportFilename, prepareExport, slugify, toReadableStream, type ExportOptions } from "./service";
import { CHUNK_SIZE } from "./chunks";
import { claimReviewProblems } from "./claimreview";
import { countExportItems } from "@/lib/annotations/store";
import { findExportDocuments } from "@/lib/documents/store";
import { openSnapshot } from "@/lib/store/transaction";

const BASE = "https://apparatus.test";

async function exportText(options: Partial<ExportOptions> & Pick<ExportOptions, "format">) {
  const prepared = await prepareExport({ user: null, baseUrl: BASE, ...options });
  return { prepared, text: await collectText(prepared.chunks) };
}

type Json = Record<string, unknown>;

/** Every item of a streamed collection: the first page, then the pages in @included. */
function pagesOf(collection: Json): Json[] {
  if (!collection.first) return [];
  return [collection.first as Json, ...((collection["@included"] as Json[] | undefined) ?? [])];
}

function expectConformant(collection: Json) {
  expect(checkW3cCollection(collection).failures).toEqual([]);
  const pages = pagesOf(collection);
  let items = 0;
  for (const page of pages) {
    expect(checkW3cPage(page).failures).toEqual([]);
    for (const item of page.items as Json[]) {
      expect(checkW3cAnnotation(item).failures, JSON.stringify(item).slice(0, 300)).toEqual([]);
      items++;
    }
  }
  expect(items).toBe(collection.total);
  return pages.flatMap((p) => p.items as Json[]);
}

let state: DbState;
beforeAll(async () => {
  state = await buildDbState();
});

describe("native export from the database", () => {
  it("holds the live documents, annotations, replies and verdicts in document order, with summaries, and validates", async () => {
    const { prepared, text } = await exportText({ format: "native", documentIds: state.documents.map((d) => d.id) });
    const parsed = parseNativeExport(JSON.parse(text));
    expect(parsed.ok, parsed.ok ? "" : parsed.errors.join("\n")).toBe(true);
    const file = JSON.parse(text) as NativeExport;
    expect(file.documents.map((d) => d.id)).toEqual(state.documents.map((d) => d.id));
    expect(prepared.stats).toEqual({ documents: 3, ...state.counts });

    const all = file.documents.flatMap((d) => d.annotations);
    expect(all.map((a) => a.id).sort()).toEqual([...state.annotationIds].sort());
    expect(all.some((a) => a.id === state.deletedAnnotationId)).toBe(false);
    expect(all.flatMap((a) => a.replies).some((r) => r.id === state.deletedReplyId)).toBe(false);
    for (const doc of file.documents) {
      expect(doc.textSha256).toBe(sha256Hex(doc.text));
      expect(doc.length).toBe([...doc.text].length);
      const starts = doc.annotations.map((a) => a.start!);
      expect(starts).toEqual([...starts].sort((x, y) => x - y));
      for (const a of doc.annotations) expect(a.quote).toBe(cpSlice(doc.text, a.start!, a.end!));
      expect(doc.summary.counts.sourced + doc.summary.counts.contested + doc.summary.counts.opinion).toBe(doc.annotations.length);
    }
    const harvest = file.documents[0];
    expect(harvest.publisher).toBe("The Daily 𝔗ribune");
    const a2 = harvest.annotations.find((a) => a.quote === "a fantasy")!;
    expect(a2.replies.map((r) => r.bodyText)).toEqual(["Agreed, see page 4", "Moderator: keep it civil 😀"]);
    expect(a2.verdicts.map((v) => [v.verdict, v.proposedClass])).toEqual([["dispute", "opinion"], ["agree", null]]);
    expect(harvest.summary.disputed[0]).toMatchObject({ annotationId: a2.id, disputes: 1, replies: 2 });
    const edited = harvest.annotations.find((a) => a.noteText === "Edited: a prediction")!;
    expect(edited).toMatchObject({ classification: "contested", version: 2 });
    // the command line (user null) includes reviewers' addresses
    expect(a2.author.email).toBe(state.users.victor.email);
  });

  it("writes each annotation exactly as the mapping from the API's shapes would (the fast serialiser)", async () => {
    const { findAnnotationsForDocument } = await import("@/lib/annotations/service");
    const { findAnnotationHistory } = await import("@/lib/annotations/service");
    const { listReplies } = await import("@/lib/annotations/discussion");
    const { canonicalNativeAnnotation, toNativeAnnotation } = await import("./native");
    const { text } = await exportText({ format: "native", documentIds: state.documents.map((d) => d.id), includeEmails: false });
    const file = JSON.parse(text) as NativeExport;
    // the API lists an annotation's revisions newest first, the export oldest first (no earlier placements here: one version each, nothing re-placed)
    const history = async (id: string) => ({
      revisions: (await findAnnotationHistory({ id })).reverse().map((r) => ({ ...r, changed: r.changed as RevisionField[] })),
      placements: [],
    });
    let revised = 0;
    for (const d of state.documents) {
      const exported = file.documents.find((x) => x.id === d.id)!.annotations;
      const dtos = await findAnnotationsForDocument({ documentId: d.id });
      expect(dtos.length).toBeGreaterThan(0);
      const expected = await Promise.all(dtos.map(async (a) => canonicalNativeAnnotation(toNativeAnnotation(a, await listReplies({ annotationId: a.id }), undefined, await history(a.id)))));
      revised += expected.filter((a) => a.revisions !== undefined).length;
      // Byte for byte: the serialised text of each, in order.
      const exportedText = text.slice(text.indexOf(`"id":${JSON.stringify(d.id)}`));
      for (const a of expected) expect(exportedText).toContain(JSON.stringify(a));
      expect(exported).toEqual(expected);
    }
    expect(revised).toBe(2); // the fixture edits two annotations
  });

  it("reads each page with findExportPage as findAnnotationPage reads it, with the page's live replies", async () => {
    const { findAnnotationPage, findExportPage, findReplies } = await import("@/lib/annotations/store");
    const { openSnapshot } = await import("@/lib/store/transaction");
    const snapshot = await openSnapshot();
    try {
      let seen = 0;
      for (const d of state.documents) {
        for (const orphaned of [false, true]) {
          const options = { documentVersion: 1, orphaned };
          for (let after = null; ; ) {
            const fast = await findExportPage(snapshot.db, d.id, after, 2, options);
            const slow = await findAnnotationPage(snapshot.db, d.id, after, 2, options);
            expect(fast.records).toEqual(slow.records);
            expect(fast.last).toEqual(slow.last);
            for (const r of fast.records) expect(fast.replies.get(r.id) ?? []).toEqual(await findReplies(r.id));
            seen += fast.records.length;
            if (fast.records.length < 2) break;
            after = fast.last;
          }
        }
      }
      expect(seen).toBe(state.annotationIds.length);
    } finally {
      await snapshot.close();
    }
  });

  it("gives reviewers' email addresses to admins only", async () => {
    const ids = [state.documents[1].id];
    const asReviewer = JSON.parse((await exportText({ format: "native", documentIds: ids, user: state.users.rosa })).text) as NativeExport;
    const asAdmin = JSON.parse((await exportText({ format: "native", documentIds: ids, user: state.users.ada })).text) as NativeExport;
    expect(asReviewer.documents[0].annotations[0].author).not.toHaveProperty("email");
    expect(asAdmin.documents[0].annotations[0].author.email).toBe(state.users.rosa.email);
  });

  it("reads a document with more annotations than one batch, ties on position included, in a total order", async () => {
    const owner = state.users.rosa;
    const doc = await createDocument({
      text: `Batch ${state.tag} ${"word ".repeat(400)}end`,
      metadata: { title: `Batches ${state.tag}`, kind: "other" },
    });
    const n = EXPORT_BATCH + 150;
    // 4 distinct spans repeated: most rows tie on (start, end), so only the id breaks ties across the batch boundary
    const rows = Array.from({ length: n }, (_, i) => {
      const start = 10 + (i % 4) * 5;
      return {
        documentId: doc.id,
        authorId: owner.id,
        start,
        end: start + 4,
        quote: cpSlice(`Batch ${state.tag} ${"word ".repeat(400)}end`, start, start + 4),
        prefix: "",
        suffix: "",
        classification: "opinion",
        note: JSON.stringify({ type: "doc", content: [{ type: "paragraph" }] }),
        noteText: "",
        createdAt: new Date("2024-01-01T00:00:00.000Z"),
      };
    });
    await db.annotation.createMany({ data: rows });
    const { prepared, text } = await exportText({ format: "native", documentId: doc.id });
    const file = JSON.parse(text) as NativeExport;
    const ids = file.documents[0].annotations.map((a) => a.id);
    expect(ids).toHaveLength(n);
    expect(new Set(ids).size).toBe(n);
    expect(prepared.stats.annotations).toBe(n);
    const stored = await db.annotation.findMany({
      where: { documentId: doc.id },
      orderBy: [{ start: "asc" }, { end: "desc" }, { createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    expect(ids).toEqual(stored.map((r) => r.id));
    // and the W3C form of the same pages through several AnnotationPages
    const w3c = JSON.parse((await exportText({ format: "w3c", documentId: doc.id })).text) as Json;
    expect(w3c.total).toBe(n);
    expect(pagesOf(w3c).length).toBe(Math.ceil(n / 1000));
  });

  it("gives the structure of the version whose text it holds, not version 1's", async () => {
    const doc = await createDocument({ text: `Head ${state.tag}\n\nFirst para.`, metadata: { title: `Two versions ${state.tag}`, kind: "other" } });
    const html = `<p>A long new opening paragraph inserted here.</p><h1>Head ${state.tag}</h1><p>First <em>para</em>.</p>`;
    await addVersion({ user: state.users.rosa, documentId: doc.id, input: { text: html, format: "html" }, note: null });
    const [d] = (JSON.parse((await exportText({ format: "native", documentId: doc.id })).text) as NativeExport).documents;
    expect(d.version).toBe(2);
    const typed = (type: string) => (d.structure?.ranges ?? []).filter((r) => r.type === type).map((r) => cpSlice(d.text, r.start, r.end));
    expect(typed("heading")).toEqual([`Head ${state.tag}`]);
    expect(typed("emphasis")).toEqual(["para"]);
  });

  it("reads the evidence, verdicts, replies and rulings of annotations whose ids need quoting in a list or an array", async () => {
    // PostgreSQL reads a page's side tables by its ids as one array parameter: each id must arrive whole.
    const text = `Quoted ids ${state.tag} ${"word ".repeat(20)}end`;
    const doc = await createDocument({ text, metadata: { title: `Quoted ids ${state.tag}`, kind: "other" } });
    const ids = ["a,b", 'c"d', "e\\f", "{x}", "NULL", " sp ", "'q'", "ünï"].map((id) => `${id}-${state.tag}`);
    const note = JSON.stringify({ type: "doc", content: [{ type: "paragraph" }] });
    await db.annotation.createMany({
      data: ids.map((id, i) => ({
        id,
        documentId: doc.id,
        authorId: state.users.rosa.id,
        start: i,
        end: i + 4,
        quote: cpSlice(text, i, i + 4),
        prefix: "",
        suffix: "",
        classification: "contested",
        note,
        noteText: "",
      })),
    });
    await db.evidence.createMany({ data: ids.map((annotationId) => ({ annotationId, position: 0, citation: `for ${annotationId}` })) });
    await db.verdict.createMany({ data: ids.map((annotationId) => ({ annotationId, reviewerId: state.users.victor.id, verdict: "agree" })) });
    await db.reply.createMany({ data: ids.map((annotationId) => ({ annotationId, authorId: state.users.victor.id, body: note, bodyText: `re ${annotationId}` })) });
    await db.ruling.createMany({ data: ids.map((annotationId) => ({ annotationId, editorId: state.users.edith.id, classification: "opinion", rationale: note, rationaleText: "" })) });
    const file = JSON.parse((await exportText({ format: "native", documentId: doc.id })).text) as NativeExport;
    const annotations = file.documents[0].annotations;
    expect(annotations.map((a) => a.id)).toEqual(ids);
    for (const a of annotations) {
      expect(a.evidence).toEqual([{ citation: `for ${a.id}` }]);
      expect(a.verdicts).toHaveLength(1);
      expect(a.replies.map((r) => r.bodyText)).toEqual([`re ${a.id}`]);
      expect(a.ruling?.classification).toBe("opinion");
    }
  });
});

describe("W3C export from the database", () => {
  it("every annotation, reply, verdict and ruling, every page and the collection pass the W3C MUST assertions", async () => {
    const { prepared, text } = await exportText({ format: "w3c", documentIds: state.documents.map((d) => d.id) });
    const collection = JSON.parse(text) as Json;
    expect(collection).toMatchObject({ type: "AnnotationCollection", label: "Apparatus corpus", total: 9 + 3 + 6 + 1 });
    const items = expectConformant(collection);
    expect(prepared.stats).toEqual({ documents: 3, ...state.counts });
    const motivations = items.map((i) => i.motivation);
    expect(motivations.filter((m) => m === "classifying")).toHaveLength(9);
    expect(motivations.filter((m) => m === "replying")).toHaveLength(3);
    expect(motivations.filter((m) => m === "assessing")).toHaveLength(6);
    expect(motivations.filter((m) => m === "moderating")).toHaveLength(1);
    const first = items[0] as { target: { source: string; selector: Json[] } };
    expect(first.target.source).toBe(`${BASE}/documents/${state.documents[0].id}`);
    expect(first.target.selector.map((s) => s.type)).toEqual(["TextQuoteSelector", "TextPositionSelector"]);
  });

  it("a document of three versions with an orphaned annotation, a citation without URL, replies and verdicts: conformant, and a reader of the core model alone gets each quote, comment and class", async () => {
    const { setVerdict } = await import("@/lib/annotations/discussion");
    const { rosa, victor } = state.users;
    const tag = crypto.randomUUID().slice(0, 8);
    const v1 = `[${tag}] The mayor said the bridge cost “two million”.\nThe council never published the invoice.\nA third line.`;
    const doc = await createDocument({ text: v1, metadata: { title: `Bridge ${tag}`, kind: "newspaper" } });
    const note = (t: string) => ({ type: "doc" as const, content: [{ type: "paragraph" as const, content: [{ type: "text" as const, text: t }] }] });
    const kept = await createAnnotation({
      user: rosa,
      documentId: doc.id,
      input: { ...spanOf(v1, "the bridge cost “two million”"), classification: "contested", note: note("No invoice <b>seen</b>"), evidence: [{ citation: "Council minutes, 3 May" }] },
    });
    const gone = await createAnnotation({ user: victor, documentId: doc.id, input: { ...spanOf(v1, "The council never published the invoice."), classification: "sourced", evidence: [] } });
    await db.reply.create({ data: { annotationId: kept.id, authorId: victor.id, body: JSON.stringify(note("Ask the clerk")), bodyText: "Ask the clerk" } });
    await setVerdict({ user: victor, annotationId: kept.id, verdict: "dispute", proposedClass: "opinion" });
    await addVersion({ user: rosa, documentId: doc.id, input: { text: v1.replace("The council never published the invoice.\n", "") }, note: "cut a line" });
    await addVersion({ user: rosa, documentId: doc.id, input: { text: v1.replace("The council never published the invoice.\n", "").replace("A third", "The third") }, note: null });
    expect((await db.annotation.findUniqueOrThrow({ where: { id: gone.id } })).anchorState).toBe("orphaned");

    const { text } = await exportText({ format: "w3c", documentIds: [doc.id] });
    const items = expectConformant(JSON.parse(text) as Json);
    expect(items.map((i) => i.motivation)).toEqual(["classifying", "replying", "assessing", "classifying"]);
    // only the model's own terms: TextQuoteSelector, bodies by purpose
    type Item = { body: Json[]; target: { source: string; selector: Json[] } };
    const core = (item: Json) => {
      const { body, target } = item as unknown as Item;
      return {
        source: target.source,
        quote: target.selector.find((s) => s.type === "TextQuoteSelector")?.exact,
        positions: target.selector.filter((s) => s.type === "TextPositionSelector").length,
        comment: body.find((b) => b.purpose === "commenting")?.value,
        class: body.find((b) => b.purpose === "classifying")?.value,
        described: body.filter((b) => b.purpose === "describing").map((b) => b.value ?? b.source),
      };
    };
    expect(core(items[0])).toEqual({
      source: `${BASE}/documents/${doc.id}`,
      quote: "the bridge cost “two million”",
      positions: 1,
      comment: "<p>No invoice &lt;b&gt;seen&lt;/b&gt;</p>",
      class: "contested",
      described: ["Council minutes, 3 May"],
    });
    // orphaned by version 2: its quote and class are there, no position in a text that no longer has it
    expect(core(items[3])).toEqual({ source: `${BASE}/documents/${doc.id}`, quote: "The council never published the invoice.", positions: 0, comment: undefined, class: "sourced", described: [] });
    expect(items[1]).toMatchObject({ target: items[0].id, body: [{ value: "<p>Ask the clerk</p>", purpose: "replying" }] });
    expect(items[2]).toMatchObject({ target: items[0].id, body: [{ value: "dispute:opinion", purpose: "assessing" }] });
  });

  it("writes each item exactly as the mapping from the API's shapes would (the fast serialiser)", async () => {
    const { findAnnotationsForDocument } = await import("@/lib/annotations/service");
    const { listReplies } = await import("@/lib/annotations/discussion");
    const { findVersions } = await import("@/lib/documents/store");
    const { w3cItemsFor } = await import("./w3c");
    const { text } = await exportText({ format: "w3c", documentIds: state.documents.map((d) => d.id) });
    let items = 0;
    for (const d of state.documents) {
      const dates = new Map((await findVersions(d.id)).map((v) => [v.number, v.createdAt]));
      const ctx = { baseUrl: BASE, documentIri: (id: string) => `${BASE}/documents/${encodeURIComponent(id)}`, versionDate: (_id: string, version: number) => dates.get(version) };
      const dtos = await findAnnotationsForDocument({ documentId: d.id });
      expect(dtos.length).toBeGreaterThan(0);
      // Byte for byte: each annotation's items, one after another, in order.
      const expected = [];
      for (const a of dtos) expected.push(w3cItemsFor(a, await listReplies({ annotationId: a.id }), ctx).map((item) => JSON.stringify(item)).join(","));
      expect(text).toContain(expected.join(","));
      items += expected.join(",").split('{"@context"').length - 1;
    }
    expect(items).toBe((JSON.parse(text) as Json).total);
  });

  it("reads one snapshot: annotations added, deleted or given verdicts while it streams do not break its total", async () => {
    const doc = state.documents[1];
    const { rosa, victor } = state.users;
    const before = await createAnnotation({ user: victor, documentId: doc.id, input: { ...spanOf(doc.text, "wrote the admin"), classification: "opinion", evidence: [] } });
    await db.verdict.create({ data: { annotationId: before.id, reviewerId: rosa.id, verdict: "agree" } });
    const prepared = await prepareExport({ user: null, baseUrl: BASE, format: "w3c", documentId: doc.id, now: new Date() });
    // a small first chunk would not start the snapshot any earlier: the first pull opens it, counts and writes the head
    const first = await prepared.chunks.next();
    expect(first.done).toBe(false);
    // writes after the snapshot began: a new annotation, a deletion, a withdrawn (removed) verdict
    const late = await createAnnotation({ user: victor, documentId: doc.id, input: { ...spanOf(doc.text, "to see it"), classification: "opinion", evidence: [] } });
    await deleteAnnotation({ user: victor, id: before.id });
    await db.verdict.deleteMany({ where: { annotationId: before.id } });
    let text = first.value as string;
    for await (const chunk of prepared.chunks) text += chunk;
    const items = expectConformant(JSON.parse(text) as Json);
    const ids = items.map((i) => String(i.id));
    expect(ids.some((id) => id.endsWith(late.id))).toBe(false);
    expect(ids.some((id) => id.endsWith(before.id))).toBe(true);
    expect(ids.some((id) => id.endsWith(`${before.id}/verdicts/${rosa.id}`))).toBe(true);
    await deleteAnnotation({ user: victor, id: late.id });
  });

  it("the seeded demo corpus annotated with all three classes is conformant", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), "seeds", "manifest.json"), "utf8")) as {
      documents: Array<{ file: string; title: string; kind: string }>;
    };
    const reviewer: CurrentUser = state.users.rosa;
    const ids: string[] = [];
    for (const entry of manifest.documents) {
      const text = fs.readFileSync(path.join(process.cwd(), "seeds", entry.file), "utf8");
      // Another test file may load the seeds into this database too.
      const { id } = await sharedDocument(text, entry.title, entry.kind as "other");
      ids.push(id);
      const index = [...text];
      // three claims per document: words near the start, middle and end
      const pick = (at: number) => {
        let start = Math.floor(index.length * at);
        while (/\s/.test(index[start])) start++;
        const end = Math.min(index.length, start + 40);
        return { start, end, quote: index.slice(start, end).join("") };
      };
      const classes = ["sourced", "contested", "opinion"] as const;
      for (let k = 0; k < 3; k++) {
        const span = pick([0.1, 0.5, 0.85][k]);
        const a = await createAnnotation({
          user: reviewer,
          documentId: id,
          input: { ...span, classification: classes[k], evidence: k === 0 ? [{ url: "https://example.org/source", citation: "A source" }] : [] },
        });
        if (k === 1) {
          await db.reply.create({ data: { annotationId: a.id, authorId: state.users.victor.id, body: JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Why?" }] }] }), bodyText: "Why?" } });
          await db.verdict.create({ data: { annotationId: a.id, reviewerId: state.users.victor.id, verdict: "dispute", proposedClass: "opinion" } });
        }
      }
    }
    const collection = JSON.parse((await exportText({ format: "w3c", documentIds: ids })).text) as Json;
    const items = expectConformant(collection);
    const classes = new Set(
      items.flatMap((i) => (i.body as Json[]).filter((b) => b.purpose === "classifying").map((b) => b.value)),
    );
    expect([...classes].sort()).toEqual(["contested", "opinion", "sourced"]);
    // each document alone too
    for (const id of ids) expectConformant(JSON.parse((await exportText({ format: "w3c", documentId: id })).text) as Json);
  });
});

describe("ClaimReview export from the database", () => {
  it("publishes every ruled live annotation, and only those, with every required property", async () => {
    const ids = state.documents.map((d) => d.id);
    const organization = { name: "The Checking Desk", url: "https://desk.example.org" };
    const { prepared, text } = await exportText({ format: "claimreview", documentIds: ids, organization });
    expect(prepared.contentType).toBe(EXPORT_CONTENT_TYPES.claimreview);
    expect(prepared.filename).toMatch(/^apparatus-corpus-claimreview-\d{4}-\d{2}-\d{2}\.json$/);
    const reviews = JSON.parse(text) as Array<Record<string, unknown>>;
    const ruledHere = await db.ruling.findMany({ where: { annotation: { documentId: { in: ids }, deletedAt: null } }, include: { annotation: true } });
    expect(ruledHere.length).toBeGreaterThan(0);
    expect(reviews).toHaveLength(ruledHere.length);
    expect(prepared.stats).toMatchObject({ documents: 3, annotations: ruledHere.length });
    for (const review of reviews) expect(claimReviewProblems(review)).toEqual([]);
    const c1 = reviews.find((r) => r.url === `${BASE}/documents/${state.documents[2].id}?a=${state.ruledAnnotationId}`)!;
    expect(c1).toMatchObject({
      claimReviewed: "𝐌𝐚𝐭𝐡 letters",
      author: { "@type": "Organization", ...organization },
      reviewRating: { "@type": "Rating", name: "Contested", alternateName: "Disputed or unsupported" },
      reviewBody: "The table is in chapter 22, not in [3] 𝐌.",
      itemReviewed: { "@type": "Claim", appearance: { "@type": "CreativeWork", name: state.documents[2].title, publisher: { name: "Wikipedia" }, datePublished: "2020-01-02" } },
    });
    // One document: only its rulings; a document without rulings gives an empty array.
    const one = JSON.parse((await exportText({ format: "claimreview", documentId: state.documents[2].id })).text) as unknown[];
    expect(one.length).toBe(ruledHere.filter((r) => r.annotation.documentId === state.documents[2].id).length);
    expect(JSON.parse((await exportText({ format: "claimreview", documentId: state.documents[1].id })).text)).toEqual([]);
  });
});

describe("export requests", () => {
  it("names files after the document (or the corpus), the format and the day", () => {
    const now = new Date("2024-06-01T23:59:00Z");
    expect(exportFilename({ format: "native", now })).toBe("apparatus-corpus-native-2024-06-01.json");
    expect(exportFilename({ format: "w3c", title: "Café “Lessons” of October 1917!", documentId: "x", now })).toBe(
      "apparatus-cafe-lessons-of-october-1917-w3c-2024-06-01.json",
    );
    expect(exportFilename({ format: "w3c", title: "📜📜", documentId: "cm123", now })).toBe("apparatus-cm123-w3c-2024-06-01.json");
    expect(slugify("x".repeat(100))).toHaveLength(60);
  });

  it("counts the whole corpus's live replies and verdicts as the sum of its live documents' (none of a deleted annotation or document)", async () => {
    // a reply and a verdict on a deleted annotation, and on a live annotation of a document then deleted
    const gone = await createDocument({ text: `Counted ${state.tag}: a claim here.`, metadata: { title: "Counted", kind: "other" } });
    const onGone = await createAnnotation({ user: state.users.rosa, documentId: gone.id, input: { ...spanOf(`Counted ${state.tag}: a claim here.`, "a claim"), classification: "opinion", evidence: [] } });
    for (const annotationId of [state.deletedAnnotationId, onGone.id]) {
      await db.reply.create({ data: { annotationId, authorId: state.users.victor.id, body: JSON.stringify({ type: "doc", content: [] }), bodyText: "" } });
      await db.verdict.create({ data: { annotationId, reviewerId: state.users.edith.id, verdict: "agree" } });
    }
    await db.document.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
    const snapshot = await openSnapshot();
    try {
      const live = await findExportDocuments(snapshot.db);
      expect(live.some((d) => d.id === gone.id)).toBe(false);
      // the whole corpus is counted from the replies and verdicts, the chosen documents from their annotations
      expect(await countExportItems(snapshot.db)).toEqual(await countExportItems(snapshot.db, live.map((d) => d.id)));
    } finally {
      await snapshot.close();
    }
  });

  it("refuses a missing or deleted document with NOT_FOUND before streaming anything", async () => {
    const missing = await prepareExport({ user: null, baseUrl: BASE, format: "native", documentId: "nope" }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect((missing as AppError).code).toBe("NOT_FOUND");
    const doc = await createDocument({ text: `Deleted ${state.tag}`, metadata: { title: "Deleted", kind: "other" } });
    await db.document.update({ where: { id: doc.id }, data: { deletedAt: new Date() } });
    const deleted = await prepareExport({ user: null, baseUrl: BASE, format: "w3c", documentId: doc.id }).catch((e: unknown) => e);
    expect((deleted as AppError).code).toBe("NOT_FOUND");
  });

  it("streams bytes only as they are pulled, a piece at a time, and stops reading when the download is cancelled", async () => {
    const prepared = await prepareExport({ user: null, baseUrl: BASE, format: "native", documentIds: state.documents.map((d) => d.id) });
    let pulled = 0;
    const counting = (async function* () {
      for await (const c of prepared.chunks) {
        pulled++;
        yield c;
      }
    })();
    const stream = toReadableStream(counting, 1); // a piece per chunk
    await new Promise((r) => setTimeout(r, 20));
    expect(pulled).toBe(0); // nothing is read before a reader asks
    const reader = stream.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^\{"format":"apparatus.export"/);
    await reader.cancel();
    expect(pulled).toBe(1);
  });

  it("fills each piece with whole chunks, encoded as UTF-8, up to its size; a longer chunk is a piece of its own", async () => {
    const long = "é".repeat(CHUNK_SIZE * 2); // longer than the room a piece keeps for one more chunk
    const chunks = ["{\"a\":", '"x😀y"', ",", long, "ü".repeat(10), "}", ""];
    let pulled = 0;
    const source = (async function* () {
      for (const c of chunks) {
        pulled++;
        yield c;
      }
    })();
    const reader = toReadableStream(source, 8).getReader();
    const pieces: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) pieces.push(r.value);
    expect(pulled).toBe(chunks.length);
    expect(Buffer.concat(pieces).toString("utf8")).toBe(chunks.join(""));
    // whole chunks until 8 bytes or more (never cut), the long chunk alone after the piece begun, the end
    expect(pieces.map((p) => p.length)).toEqual([Buffer.byteLength('{"a":"x😀y"'), Buffer.byteLength(","), Buffer.byteLength(long), Buffer.byteLength("ü".repeat(10)), 1]);
  });

  it("reads a chunk at most past a piece's size before the client takes it", async () => {
    let pulled = 0;
    const source = (async function* () {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield "x".repeat(1000);
      }
    })();
    const reader = toReadableStream(source, 4500).getReader();
    const first = await reader.read();
    expect(first.value?.length).toBe(5000);
    expect(pulled).toBe(5);
    await reader.cancel();
    expect(pulled).toBe(5);
  });

});
