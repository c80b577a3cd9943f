import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { createAnnotation, deleteAnnotation } from "@/lib/annotations/service";
import type { Classification } from "@/lib/annotations/types";
import type { CurrentUser } from "@/lib/auth/roles";
import { db } from "@/lib/testing/db";
import { AppError } from "@/lib/errors";
import { makeDocument, makeUser } from "@/lib/testing/factories";
import { addVersion } from "@/lib/documents/versions";
import { wilsonInterval } from "./interval";
import { summarizeCorpus, summarizeCorpusReport, summarizeDocument, summarizeDocuments } from "./service";

// 40 code points; the emoji makes UTF-16 offsets differ from code points after position 4.
const TEXT = "One 😀 claim here, then another one ends.";

async function annotate(user: CurrentUser, documentId: string, text: string, start: number, end: number, classification: Classification) {
  return createAnnotation({ user, documentId, input: { start, end, quote: cpSlice(text, start, end), classification, evidence: [] } });
}

async function expectNotFound(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("NOT_FOUND");
}

describe("summarizeDocument", () => {
  it("summarises two reviewers' annotations, counts disputes and live replies, and leaves deleted annotations out", async () => {
    const text = `${TEXT} two reviewers`;
    const doc = await makeDocument(text, "summary: two reviewers");
    const [rosa, victor, third] = await Promise.all([makeUser(), makeUser(), makeUser()]);
    expect([...text].length).toBe(54);
    // rosa: sourced [0,20); victor: contested [10,30); rosa: opinion [40,50) later deleted.
    const a = await annotate(rosa, doc.id, text, 0, 20, "sourced");
    const b = await annotate(victor, doc.id, text, 10, 30, "contested");
    const gone = await annotate(rosa, doc.id, text, 40, 50, "opinion");
    await deleteAnnotation({ user: rosa, id: gone.id });

    await db.verdict.create({ data: { annotationId: b.id, reviewerId: rosa.id, verdict: "dispute", proposedClass: "sourced" } });
    await db.verdict.create({ data: { annotationId: b.id, reviewerId: third.id, verdict: "dispute", proposedClass: "opinion" } });
    await db.verdict.create({ data: { annotationId: a.id, reviewerId: victor.id, verdict: "agree" } });
    await db.verdict.create({ data: { annotationId: gone.id, reviewerId: victor.id, verdict: "dispute", proposedClass: "sourced" } });
    const reply = (annotationId: string, authorId: string, deletedAt: Date | null = null) =>
      db.reply.create({ data: { annotationId, authorId, body: "{}", bodyText: "", deletedAt } });
    await reply(a.id, victor.id);
    await reply(a.id, third.id);
    await reply(a.id, rosa.id, new Date()); // deleted: not counted

    const s = await summarizeDocument(doc.id);
    expect(s.documentId).toBe(doc.id);
    expect(s.length).toBe(54);
    expect(s.counts).toEqual({ sourced: 1, contested: 1, opinion: 0 });
    expect(s.reviewers).toBe(2);
    // Covered [0,30): [0,10) sourced, [10,20) tie → contested, [20,30) contested.
    expect(s.coverage).toBeCloseTo(30 / 54, 12);
    expect(s.shares.sourced).toBeCloseTo(10 / 30, 12);
    expect(s.shares.contested).toBeCloseTo(20 / 30, 12);
    expect(s.shares.opinion).toBe(0);
    // One claim: [0,20) and [10,30) share 10 code points, half of the shorter 20. Its annotations tie
    // sourced/contested → contested. So 0 of 1 checkable claims are sourced.
    expect(s.claims).toEqual({ sourced: 0, contested: 1, opinion: 0 });
    expect(s.reliability).toBe(0);
    expect(s.reliabilityLow).toBe(0);
    expect(s.reliabilityHigh).toBeCloseTo(wilsonInterval(0, 1)!.high, 12);
    expect(s.minimumClaims).toBe(5);
    expect(s.openDisputes).toBe(2); // the deleted annotation's dispute is not counted
    expect(s.rulings).toBe(0);
    // Shared code points [10,20): rosa sourced, victor contested at each. o_sc = o_cs = 10, n_s = n_c = 10, n = 20:
    // alpha = (19·0 − (10·9 + 10·9)) / (20·19 − 180) = −180 / 200.
    expect(s.agreementReviewers).toBe(2);
    expect(s.agreement).toBeCloseTo(-0.9, 12);
    expect(s.disputed).toEqual([
      { annotationId: b.id, disputes: 2, replies: 0 },
      { annotationId: a.id, disputes: 0, replies: 2 },
    ]);
    expect(s.strip).toEqual([
      { start: 0, end: 10, classification: "sourced" },
      { start: 10, end: 30, classification: "contested" },
    ]);
  });

  it("gives an empty summary for a document without annotations", async () => {
    const doc = await makeDocument(`${TEXT} empty`, "summary: empty");
    const s = await summarizeDocument(doc.id);
    expect(s).toMatchObject({
      counts: { sourced: 0, contested: 0, opinion: 0 },
      reviewers: 0,
      coverage: 0,
      claims: { sourced: 0, contested: 0, opinion: 0 },
      reliability: null,
      reliabilityLow: null,
      reliabilityHigh: null,
      openDisputes: 0,
      agreement: null,
      agreementReviewers: 0,
      disputed: [],
      strip: [],
    });
  });

  it("counts open disputes only, live replies only and rulings; counts orphaned annotations only in open disputes and rulings; the same through a page of documents", async () => {
    const text = `${TEXT} what counts`;
    const doc = await makeDocument(text, "summary: what counts");
    const other = await makeDocument(`${TEXT} what counts, elsewhere`, "summary: what counts elsewhere");
    const [rosa, victor, third, editor] = await Promise.all([makeUser(), makeUser(), makeUser(), makeUser("editor")]);
    const a = await annotate(rosa, doc.id, text, 0, 10, "sourced");
    const b = await annotate(victor, doc.id, text, 20, 30, "sourced");
    const orphan = await annotate(rosa, doc.id, text, 40, 50, "opinion");
    const elsewhere = await annotate(rosa, other.id, `${TEXT} what counts, elsewhere`, 0, 10, "contested");
    // a: one open dispute, one resolved, one agree; b: a ruling; the orphan: a dispute and a reply.
    await db.verdict.create({ data: { annotationId: a.id, reviewerId: victor.id, verdict: "dispute", proposedClass: "opinion" } });
    await db.verdict.create({ data: { annotationId: a.id, reviewerId: third.id, verdict: "dispute", proposedClass: "opinion", resolvedAt: new Date(), resolution: "adopted" } });
    await db.verdict.create({ data: { annotationId: a.id, reviewerId: editor.id, verdict: "agree" } });
    await db.ruling.create({ data: { annotationId: b.id, editorId: editor.id, classification: "contested", rationale: "{}", rationaleText: "" } });
    await db.verdict.create({ data: { annotationId: orphan.id, reviewerId: victor.id, verdict: "dispute", proposedClass: "sourced" } });
    await db.reply.create({ data: { annotationId: orphan.id, authorId: victor.id, body: "{}", bodyText: "" } });
    await db.reply.create({ data: { annotationId: b.id, authorId: rosa.id, body: "{}", bodyText: "", deletedAt: new Date() } });
    await db.verdict.create({ data: { annotationId: elsewhere.id, reviewerId: victor.id, verdict: "dispute", proposedClass: "sourced" } });
    await db.annotation.update({ where: { id: orphan.id }, data: { anchorState: "orphaned" } });

    const s = await summarizeDocument(doc.id);
    // The orphan is in no figure of the text as it is now, but its open dispute still waits (the editors'
    // queue lists it too).
    expect(s.counts).toEqual({ sourced: 2, contested: 0, opinion: 0 });
    expect(s.reviewers).toBe(2);
    expect(s.openDisputes).toBe(2);
    expect(s.rulings).toBe(1);
    expect(s.claims).toEqual({ sourced: 1, contested: 1, opinion: 0 }); // b's claim takes its ruling's class
    expect(s.disputed).toEqual([
      { annotationId: orphan.id, disputes: 1, replies: 1 },
      { annotationId: a.id, disputes: 1, replies: 0 },
    ]);
    // b is drawn in its ruling's class, in the strip as in the text (its share stays its author's class).
    expect(s.strip).toEqual([
      { start: 0, end: 10, classification: "sourced" },
      { start: 20, end: 30, classification: "contested" },
    ]);
    expect(s.shares).toEqual({ sourced: 1, contested: 0, opinion: 0 });
    // A page of documents reads them in one go: each gets its own counts.
    const page = await summarizeDocuments([doc.id, other.id]);
    const { strip, ...single } = s;
    expect(page.find((p) => p.documentId === doc.id)).toMatchObject(single);
    expect(page.find((p) => p.documentId === other.id)).toMatchObject({ openDisputes: 1, disputed: [{ annotationId: elsewhere.id, disputes: 1, replies: 0 }] });
  });

  it("is of the current text: asked for another version it refuses (422; 404 for one the document never had) rather than answer with the current figures", async () => {
    const text = `${TEXT} versions`;
    const doc = await makeDocument(text, "summary: versions");
    const rosa = await makeUser();
    await annotate(rosa, doc.id, text, 0, 3, "sourced");
    const first = await makeDocument(`${TEXT} one version`, "summary: one version");
    expect(await summarizeDocument(first.id)).toMatchObject({ version: 1, textSha256: createHash("sha256").update(`${TEXT} one version`, "utf8").digest("hex") });
    await addVersion({ user: rosa, documentId: doc.id, input: { text: `${text}, revised`, format: "text" }, note: null });
    const current = await summarizeDocument(doc.id);
    expect(current.counts.sourced).toBe(1);
    // It names the text its figures are of (it named none, while the reader shows one version of several).
    const revised = `${text}, revised`;
    expect(current).toMatchObject({ documentId: doc.id, version: 2, textSha256: createHash("sha256").update(revised, "utf8").digest("hex"), length: [...revised].length });
    expect(Object.keys(current).slice(0, 4)).toEqual(["documentId", "version", "textSha256", "length"]);
    expect(await summarizeDocument(doc.id, 2)).toEqual(current);
    // from the cache too, and version 1's before the new one
    expect(await summarizeDocument(doc.id)).toEqual(current);
    expect((await summarizeDocument(first.id)).version).toBe(1);
    const code = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => (e instanceof AppError ? [e.code, e.message] : e));
    expect(await code(summarizeDocument(doc.id, 1))).toEqual([
      "UNPROCESSABLE",
      `The summary is of the current text, version 2, only. Where the annotations were on version 1: GET /api/documents/${doc.id}/annotations?version=1.`,
    ]);
    expect(await code(summarizeDocument(doc.id, 3))).toEqual(["NOT_FOUND", "Version 3 not found; “summary: versions” has versions 1 to 2."]);
  });

  it("is NOT_FOUND for an unknown or deleted document", async () => {
    await expectNotFound(summarizeDocument("no-such-document"));
    const doc = await makeDocument(`${TEXT} deleted`, "summary: deleted");
    await db.document.update({ where: { id: doc.id }, data: { deletedAt: new Date() } });
    await expectNotFound(summarizeDocument(doc.id));
  });
});

describe("summarizeCorpus", () => {
  it("includes every live document with its own annotations and leaves deleted documents out", async () => {
    const user = await makeUser();
    const t1 = `${TEXT} corpus one`;
    const t2 = `${TEXT} corpus two`;
    const t3 = `${TEXT} corpus deleted`;
    const [d1, d2, d3, empty] = await Promise.all([
      makeDocument(t1, "corpus: one"),
      makeDocument(t2, "corpus: two"),
      makeDocument(t3, "corpus: deleted"),
      makeDocument(`${TEXT} corpus empty`, "corpus: empty"),
    ]);
    const a1 = await annotate(user, d1.id, t1, 0, 10, "opinion");
    await annotate(user, d2.id, t2, 5, 25, "sourced");
    await annotate(user, d2.id, t2, 20, 30, "contested");
    await annotate(user, d3.id, t3, 0, 5, "sourced");
    await db.verdict.create({ data: { annotationId: a1.id, reviewerId: (await makeUser()).id, verdict: "dispute", proposedClass: "sourced" } });
    await db.document.update({ where: { id: d3.id }, data: { deletedAt: new Date() } });

    // Other test files share this database and may add or delete documents meanwhile: every document
    // live both before and after is in, and nothing is in that was live neither before nor after.
    const liveIds = async () => new Set((await db.document.findMany({ where: { deletedAt: null }, select: { id: true } })).map((d) => d.id));
    const before = await liveIds();
    const corpus = await summarizeCorpus();
    const after = await liveIds();
    const ids = new Set(corpus.map((c) => c.documentId));
    expect([...before].filter((id) => after.has(id) && !ids.has(id))).toEqual([]);
    expect([...ids].filter((id) => !before.has(id) && !after.has(id))).toEqual([]);
    expect(ids.has(d1.id) && ids.has(d2.id) && ids.has(empty.id)).toBe(true);
    expect(corpus.find((c) => c.documentId === d3.id)).toBeUndefined();

    const byId = new Map(corpus.map((c) => [c.documentId, c]));
    expect(byId.get(d1.id)).toMatchObject({
      title: "corpus: one",
      kind: "other",
      counts: { sourced: 0, contested: 0, opinion: 1 },
      reliability: null,
      disputed: [{ annotationId: a1.id, disputes: 1, replies: 0 }],
    });
    expect(byId.get(d2.id)).toMatchObject({ counts: { sourced: 1, contested: 1, opinion: 0 }, reviewers: 1 });
    // [5,25) and [20,30) share 5 code points, half of the shorter 10: one claim, a sourced/contested tie → contested.
    expect(byId.get(d2.id)!.claims).toEqual({ sourced: 0, contested: 1, opinion: 0 });
    expect(byId.get(d2.id)!.reliability).toBe(0);
    expect(byId.get(d2.id)!.publisher).toBeNull();
    expect(byId.get(empty.id)).toMatchObject({ counts: { sourced: 0, contested: 0, opinion: 0 }, coverage: 0 });
    expect(corpus[0]).not.toHaveProperty("strip");

    // Each corpus entry equals the document's own summary (without its strip).
    for (const id of [d1.id, d2.id, empty.id]) {
      const { strip, ...single } = await summarizeDocument(id);
      const { title, kind, publisher, ...fromCorpus } = byId.get(id)!;
      expect(fromCorpus).toEqual(single);
    }

    // A page of documents (the library): the same entries, only for the live ids asked for.
    const page = await summarizeDocuments([d2.id, d3.id, "no-such-document", d1.id, d1.id]);
    expect(page.map((p) => p.documentId)).toEqual([d1.id, d2.id]); // by title, deleted and unknown ids left out
    expect(page).toEqual([byId.get(d1.id), byId.get(d2.id)]);
    expect(await summarizeDocuments([])).toEqual([]);
  });

  it("pools the claims of the corpus per publisher, per kind and overall", async () => {
    const user = await makeUser();
    const tag = `pool-${Date.now()}`;
    const [t1, t2] = [`${TEXT} ${tag} one`, `${TEXT} ${tag} two`];
    const [d1, d2] = await Promise.all([makeDocument(t1, `${tag}: one`), makeDocument(t2, `${tag}: two`)]);
    await db.document.updateMany({ where: { id: { in: [d1.id, d2.id] } }, data: { publisher: tag, kind: "blog" } });
    // d1: two separate sourced claims; d2: one sourced, one contested claim.
    await annotate(user, d1.id, t1, 0, 10, "sourced");
    await annotate(user, d1.id, t1, 20, 30, "sourced");
    await annotate(user, d2.id, t2, 0, 10, "sourced");
    await annotate(user, d2.id, t2, 20, 30, "contested");

    const report = await summarizeCorpusReport();
    // Other test files write to this database at the same time: compare this test's own documents.
    const mine = (docs: typeof report.documents) => docs.filter((d) => d.documentId === d1.id || d.documentId === d2.id);
    expect(mine(report.documents)).toHaveLength(2);
    expect(mine(report.documents)).toEqual(mine(await summarizeCorpus()));
    const group = report.publishers.find((p) => p.key === tag)!;
    expect(group).toMatchObject({ documents: 2, claims: { sourced: 3, contested: 1, opinion: 0 } });
    expect(group.reliability).toBeCloseTo(3 / 4, 12);
    expect(group.reliabilityLow).toBeCloseTo(wilsonInterval(3, 4)!.low, 12);
    expect(group.coverage).toBeCloseTo(40 / ([...t1].length + [...t2].length), 12);
    // Other test files share this database: the overall and per-kind pools are sums over what is live now.
    const sum = (key: "sourced" | "contested") => report.documents.reduce((n, d) => n + d.claims[key], 0);
    expect(report.overall.claims.sourced).toBe(sum("sourced"));
    expect(report.overall.claims.contested).toBe(sum("contested"));
    expect(report.overall.documents).toBe(report.documents.length);
    expect(report.kinds.reduce((n, k) => n + k.documents, 0)).toBe(report.documents.length);
    expect(report.kinds.find((k) => k.key === "blog")!.documents).toBeGreaterThanOrEqual(2);
  });
});
