// summarizeDocument, and summarizeDocuments and summarizeCorpus (the library's and the corpus report's),
// keep each document's summary until its change stamp moves (lib/summary/service.ts,
// lib/documents/stamps.ts). Every kind of change that can alter a summary must move it: each step below
// changes the summary, and the next request of each kind must answer the recomputed one (equal to a
// computation from the rows, bypassing the caches), then keep that one while nothing changes.
import { describe, expect, it } from "vitest";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { anchorAnnotation } from "@/lib/annotations/anchoring";
import { createReply, deleteReply, removeVerdict, setVerdict } from "@/lib/annotations/discussion";
import { setRuling, withdrawRuling } from "@/lib/annotations/rulings";
import { createAnnotation, deleteAnnotation, restoreAnnotation, updateAnnotation } from "@/lib/annotations/service";
import { findSummaryRows, insertAnnotation } from "@/lib/annotations/store";
import type { Classification } from "@/lib/annotations/types";
import type { CurrentUser } from "@/lib/auth/roles";
import { deleteDocument, restoreDocument } from "@/lib/documents/service";
import { touchDocument } from "@/lib/documents/store";
import { addVersion } from "@/lib/documents/versions";
import { AppError } from "@/lib/errors";
import { write } from "@/lib/store/transaction";
import { storedTime } from "@/lib/store/time";
import { db } from "@/lib/testing/db";
import { makeDocument, makeUser } from "@/lib/testing/factories";
import { summarizeCorpus, summarizeDocument, summarizeDocuments, type NamedDocumentSummary } from "./service";
import { computeSummaryWithStrip } from "./summary";

const TEXT = "The minister said the budget grew by four percent. Critics disagree. The figures come from the office.";
const rationale = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Checked." }] }] };

/** The summary computed from the rows now, without the cache. */
async function fresh(documentId: string): Promise<NamedDocumentSummary> {
  const { length, version, textHash } = await db.document.findUniqueOrThrow({ where: { id: documentId }, select: { length: true, version: true, textHash: true } });
  return { ...computeSummaryWithStrip({ documentId, length, annotations: await findSummaryRows([documentId]) }), version: version ?? 1, textSha256: textHash };
}

/** After a change: the next summary is a new one, the recomputed one, different from `before`, and kept. */
async function expectRecomputed(documentId: string, before: NamedDocumentSummary): Promise<NamedDocumentSummary> {
  // Many documents' summaries first (their own reading of the rows), then the one document's.
  const { strip, ...expected } = await fresh(documentId);
  const [many] = await summarizeDocuments([documentId]);
  expect(many).toEqual({ ...expected, title: expect.any(String), kind: expect.any(String), publisher: null });
  expect((await summarizeCorpus()).find((d) => d.documentId === documentId)).toEqual(many);
  // Kept: the second answer is built from the same kept summary (its list of disputed annotations).
  expect((await summarizeDocuments([documentId]))[0].disputed).toBe(many.disputed);
  const after = await summarizeDocument(documentId);
  expect(after).not.toBe(before);
  expect(after).not.toEqual(before); // the change shows in the summary, so a stale answer would fail
  expect(after).toEqual(await fresh(documentId));
  // kept while nothing changes (its strip and list are not computed again, nor copied)
  const again = await summarizeDocument(documentId);
  expect(again).toEqual(after);
  expect(again.strip).toBe(after.strip);
  expect(again.disputed).toBe(after.disputed);
  return after;
}

function annotate(user: CurrentUser, documentId: string, text: string, start: number, end: number, classification: Classification) {
  return createAnnotation({ user, documentId, input: { start, end, quote: cpSlice(text, start, end), classification, evidence: [] } });
}

describe("summarizeDocument's cache", () => {
  it("is recomputed after every kind of change that can alter the summary, and kept otherwise", async () => {
    const doc = await makeDocument(TEXT, "summary cache: every change");
    const [rosa, victor, editor, admin] = await Promise.all([makeUser(), makeUser(), makeUser("editor"), makeUser("admin")]);
    const a = await annotate(rosa, doc.id, TEXT, 0, 50, "sourced");
    let s = await summarizeDocument(doc.id);
    expect((await summarizeDocument(doc.id)).strip).toBe(s.strip); // a hit: the same kept summary (its strip not computed again)

    // Annotations: created, edited, deleted, restored.
    const b = await annotate(victor, doc.id, TEXT, 51, 67, "contested");
    s = await expectRecomputed(doc.id, s);
    await updateAnnotation({ user: victor, id: b.id, input: { classification: "opinion" } });
    s = await expectRecomputed(doc.id, s);
    await deleteAnnotation({ user: victor, id: b.id });
    s = await expectRecomputed(doc.id, s);
    await restoreAnnotation({ user: admin, id: b.id });
    s = await expectRecomputed(doc.id, s);

    // Verdicts: a dispute opened, then withdrawn.
    await setVerdict({ user: victor, annotationId: a.id, verdict: "dispute", proposedClass: "contested" });
    s = await expectRecomputed(doc.id, s);
    expect(s.openDisputes).toBe(1);
    await removeVerdict({ user: victor, annotationId: a.id });
    s = await expectRecomputed(doc.id, s);

    // Replies: written, deleted.
    const reply = await createReply({ user: victor, annotationId: a.id, body: "Which office?" });
    s = await expectRecomputed(doc.id, s);
    expect(s.disputed).toEqual([{ annotationId: a.id, disputes: 0, replies: 1 }]);
    await deleteReply({ user: victor, id: reply.id });
    s = await expectRecomputed(doc.id, s);

    // Rulings: set, withdrawn.
    await setRuling({ user: editor, annotationId: a.id, classification: "opinion", rationale });
    s = await expectRecomputed(doc.id, s);
    expect(s.rulings).toBe(1);
    await withdrawRuling({ user: editor, annotationId: a.id });
    s = await expectRecomputed(doc.id, s);

    // A new version of the text (its length changes, the annotations are placed on it), then an
    // annotation left orphaned by a person.
    await addVersion({ user: rosa, documentId: doc.id, input: { text: `${TEXT} A later paragraph.`, format: "text" }, note: null });
    s = await expectRecomputed(doc.id, s);
    await anchorAnnotation({ user: victor, id: b.id, input: { orphan: true, note: "Gone." } });
    s = await expectRecomputed(doc.id, s);

    // A write that appends no event but marks the document's activity, as an import does.
    await write(async (tx) => {
      await insertAnnotation(tx, {
        documentId: doc.id,
        authorId: editor.id,
        start: 68,
        end: 84,
        quote: cpSlice(TEXT, 68, 84),
        prefix: "",
        suffix: "",
        classification: "contested",
        note: JSON.stringify({ type: "doc", content: [] }),
        noteText: "",
        evidence: [],
        anchorVersion: 2,
      });
      await touchDocument(tx, doc.id, storedTime());
    });
    s = await expectRecomputed(doc.id, s);

    // A deleted document has no summary; restored, it has the one it had.
    await deleteDocument({ user: admin, id: doc.id });
    const error = await summarizeDocument(doc.id).then(() => null, (e: unknown) => e);
    expect((error as AppError).code).toBe("NOT_FOUND");
    await restoreDocument({ user: admin, id: doc.id });
    expect(await summarizeDocument(doc.id)).toEqual(await fresh(doc.id));
  });

  it("is per document: a change to one leaves another's kept", async () => {
    const [one, two] = await Promise.all([makeDocument(`${TEXT} One.`, "summary cache: one"), makeDocument(`${TEXT} Two.`, "summary cache: two")]);
    const user = await makeUser();
    await annotate(user, one.id, `${TEXT} One.`, 0, 10, "sourced");
    await annotate(user, two.id, `${TEXT} Two.`, 0, 10, "sourced");
    const [s1, s2] = [await summarizeDocument(one.id), await summarizeDocument(two.id)];
    await annotate(user, one.id, `${TEXT} One.`, 20, 30, "opinion");
    await expectRecomputed(one.id, s1);
    expect((await summarizeDocument(two.id)).strip).toBe(s2.strip);
  });
});
