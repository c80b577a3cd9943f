// Suggested claims through the real services on the run's throw-away database (SQLite, or PostgreSQL
// with TEST_POSTGRES_URL): what a reviewer is offered, dismissals per reviewer, accepting one.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { createAnnotation, findAnnotation } from "@/lib/annotations/service";
import { findDocument, findTextAndStructure } from "@/lib/documents/service";
import { addVersion } from "@/lib/documents/versions";
import { write } from "@/lib/store/transaction";
import { db } from "@/lib/testing/db";
import { makeDocument, makeUser, sharedDocument } from "@/lib/testing/factories";
import { dismissSuggestion, listSuggestions, undismissSuggestion } from "./service";
import { deleteDismissal, findDismissals, insertDismissal } from "./store";

const unique = () => Math.random().toString(36).slice(2);
const TEXT = () =>
  `Suggestions ${unique()}\n\n` +
  "The committee met on 3 May 1921 in the hall. I think the demands are modest. " +
  "The leaflet is cited in the minutes.[1] The sky is blue today.\n\n[1] Minutes of the committee, p. 4.";

async function expectCode(promise: Promise<unknown>, code: string) {
  await expect(promise).rejects.toMatchObject({ code });
}

describe("the dismissals store", () => {
  it("remembers a dismissal once per reviewer, document, version and span, and forgets it", async () => {
    const doc = await makeDocument(TEXT());
    const [a, b] = [await makeUser(), await makeUser()];
    const key = { documentId: doc.id, version: 1, userId: a.id, start: 3, end: 9 };
    expect(await write((tx) => insertDismissal(tx, key))).toBe(true);
    expect(await write((tx) => insertDismissal(tx, key))).toBe(false);
    expect(await write((tx) => insertDismissal(tx, { ...key, start: 0 }))).toBe(true);
    expect(await write((tx) => insertDismissal(tx, { ...key, version: 2 }))).toBe(true);
    expect(await findDismissals(doc.id, 1, a.id)).toEqual([{ start: 0, end: 9 }, { start: 3, end: 9 }]);
    expect(await findDismissals(doc.id, 1, b.id)).toEqual([]);
    expect(await write((tx) => deleteDismissal(tx, key))).toBe(true);
    expect(await write((tx) => deleteDismissal(tx, key))).toBe(false);
    expect(await findDismissals(doc.id, 1, a.id)).toEqual([{ start: 0, end: 9 }]);
    expect(await findDismissals(doc.id, 2, a.id)).toEqual([{ start: 3, end: 9 }]);
  });
});

describe("listSuggestions", () => {
  it("offers the sentences of the Anti-Stalinist left seed carrying its 107 citation markers as likely sourced", async () => {
    const text = readFileSync(path.resolve(__dirname, "../../seeds/anti-stalinist-left-wikipedia.txt"), "utf8");
    const doc = await sharedDocument(text, "Anti-Stalinist left");
    const reviewer = await makeUser();
    const { structure } = await findTextAndStructure(doc.id);
    const markers = structure.ranges.filter((r) => r.type === "citation");
    expect(markers).toHaveLength(107);
    const { suggestions } = await listSuggestions({ user: reviewer, documentId: doc.id });
    for (const m of markers) {
      const s = suggestions.find((x) => x.start <= m.start && m.end <= x.end);
      expect(s?.kind, `[${cpSlice(text, m.start, m.end)}] at ${m.start}`).toBe("likely-sourced");
      expect(s!.suggestedClass).toBe("sourced");
      expect(s!.reason).toContain(cpSlice(text, m.start, m.end));
      expect(s!.quote).toBe(cpSlice(text, s!.start, s!.end));
    }
  });

  it("leaves out passages anyone annotated (by half or more), and each reviewer's own dismissals", async () => {
    const text = TEXT();
    const doc = await makeDocument(text);
    const [rosa, victor, viewer] = [await makeUser(), await makeUser(), await makeUser("viewer")];
    const first = await listSuggestions({ user: rosa, documentId: doc.id });
    expect(first.suggestions.map((s) => [s.kind, s.quote])).toEqual([
      ["check-sourcing", "The committee met on 3 May 1921 in the hall."],
      ["likely-opinion", "I think the demands are modest."],
      ["likely-sourced", "The leaflet is cited in the minutes.[1]"],
    ]);
    expect(first.counts).toEqual({ total: 3, annotated: 0, dismissed: 0 });
    const [met, think, cited] = first.suggestions;

    // Victor annotates part of the first sentence (more than half of it): gone for everyone.
    const part = "The committee met on 3 May 1921";
    const at = [...text.slice(0, text.indexOf(part))].length;
    await createAnnotation({ user: victor, documentId: doc.id, input: { start: at, end: at + part.length, quote: part, classification: "contested", evidence: [] } });
    // A passage that shares only a few words with the second (7 of its 20 code points) does not hide it.
    const few = "in the hall. I think";
    const at2 = [...text.slice(0, text.indexOf(few))].length;
    await createAnnotation({ user: victor, documentId: doc.id, input: { start: at2, end: at2 + few.length, quote: few, classification: "opinion", evidence: [] } });

    // Rosa dismisses the third.
    await dismissSuggestion({ user: rosa, documentId: doc.id, start: cited.start, end: cited.end });
    await dismissSuggestion({ user: rosa, documentId: doc.id, start: cited.start, end: cited.end }); // again: nothing changes
    const forRosa = await listSuggestions({ user: rosa, documentId: doc.id });
    expect(forRosa.suggestions.map((s) => s.quote)).toEqual([think.quote]);
    expect(forRosa.counts).toEqual({ total: 3, annotated: 1, dismissed: 1 });
    const withDismissed = await listSuggestions({ user: rosa, documentId: doc.id, includeDismissed: true });
    expect(withDismissed.suggestions.map((s) => [s.quote, s.dismissed])).toEqual([
      [think.quote, false],
      [cited.quote, true],
    ]);
    expect((await listSuggestions({ user: victor, documentId: doc.id })).suggestions.map((s) => s.quote)).toEqual([think.quote, cited.quote]);
    expect((await listSuggestions({ user: viewer, documentId: doc.id })).suggestions).toHaveLength(2);

    await undismissSuggestion({ user: rosa, documentId: doc.id, start: cited.start, end: cited.end });
    await undismissSuggestion({ user: rosa, documentId: doc.id, start: cited.start, end: cited.end });
    expect((await listSuggestions({ user: rosa, documentId: doc.id })).suggestions.map((s) => s.quote)).toEqual([think.quote, cited.quote]);
    const everything = await listSuggestions({ user: rosa, documentId: doc.id, includeAnnotated: true, includeDismissed: true });
    expect(everything.suggestions.map((s) => [s.quote, s.annotated, s.dismissed])).toEqual([
      [met.quote, true, false],
      [think.quote, false, false],
      [cited.quote, false, false],
    ]);
  });

  it("refuses a span that is no suggestion, viewers' dismissals and unknown or deleted documents, storing nothing", async () => {
    const doc = await makeDocument(TEXT());
    const [rosa, viewer] = [await makeUser(), await makeUser("viewer")];
    const [s] = (await listSuggestions({ user: rosa, documentId: doc.id })).suggestions;
    await expectCode(dismissSuggestion({ user: rosa, documentId: doc.id, start: s.start, end: s.end + 1 }), "UNPROCESSABLE");
    await expectCode(dismissSuggestion({ user: viewer, documentId: doc.id, start: s.start, end: s.end }), "FORBIDDEN");
    await expectCode(undismissSuggestion({ user: viewer, documentId: doc.id, start: s.start, end: s.end }), "FORBIDDEN");
    await expectCode(dismissSuggestion({ user: rosa, documentId: "no-such-document", start: s.start, end: s.end }), "NOT_FOUND");
    await expectCode(listSuggestions({ user: rosa, documentId: "no-such-document" }), "NOT_FOUND");
    expect(await findDismissals(doc.id, 1, rosa.id)).toEqual([]);
    expect(await findDismissals(doc.id, 1, viewer.id)).toEqual([]);
    await db.document.update({ where: { id: doc.id }, data: { deletedAt: new Date() } });
    await expectCode(listSuggestions({ user: rosa, documentId: doc.id }), "NOT_FOUND");
    await expectCode(dismissSuggestion({ user: rosa, documentId: doc.id, start: s.start, end: s.end }), "NOT_FOUND");
  });
});

describe("accepting a suggestion", () => {
  it("creates an annotation that records the suggestion's kind and reason; a changed span still counts", async () => {
    const text = TEXT();
    const doc = await makeDocument(text);
    const rosa = await makeUser();
    const [, think, cited] = (await listSuggestions({ user: rosa, documentId: doc.id })).suggestions;
    const accepted = await createAnnotation({
      user: rosa,
      documentId: doc.id,
      input: { start: cited.start, end: cited.end, quote: cited.quote, classification: "sourced", evidence: [], fromSuggestion: true },
    });
    expect(accepted.suggestion).toEqual({ kind: "likely-sourced", reason: cited.reason });
    expect((await findAnnotation({ id: accepted.id })).suggestion).toEqual({ kind: "likely-sourced", reason: cited.reason });

    // Changed: the reviewer kept "the demands are modest" and called it contested.
    const kept = "the demands are modest.";
    const start = think.start + think.quote.indexOf(kept);
    const changed = await createAnnotation({
      user: rosa,
      documentId: doc.id,
      input: { start, end: start + kept.length, quote: kept, classification: "contested", evidence: [], fromSuggestion: true },
    });
    expect(changed.suggestion).toEqual({ kind: "likely-opinion", reason: think.reason });
    expect(changed.classification).toBe("contested");

    const plain = await createAnnotation({ user: rosa, documentId: doc.id, input: { start: 0, end: 5, quote: cpSlice(text, 0, 5), classification: "opinion", evidence: [] } });
    expect(plain.suggestion).toBeNull();
  });

  it("refuses fromSuggestion where nothing was suggested, and stores nothing", async () => {
    const text = TEXT();
    const doc = await makeDocument(text);
    const rosa = await makeUser();
    const sky = "The sky is blue today.";
    const start = [...text.slice(0, text.indexOf(sky))].length;
    await expectCode(
      createAnnotation({ user: rosa, documentId: doc.id, input: { start, end: start + sky.length, quote: sky, classification: "opinion", evidence: [], fromSuggestion: true } }),
      "UNPROCESSABLE",
    );
    expect(await db.annotation.count({ where: { documentId: doc.id } })).toBe(0);
    expect((await findDocument(doc.id)).text).toBe(text);
  });

  it("follows a new version of the text: suggestions on the new text, dismissed and brought back on it", async () => {
    const text = TEXT();
    const doc = await makeDocument(text);
    const rosa = await makeUser();
    const before = await listSuggestions({ user: rosa, documentId: doc.id });
    expect(before.version).toBe(1);
    const v2 = `A new first paragraph, so every offset moves. It has no claim.\n\n${text.replace("The sky is blue today.", "The minutes were lost in 1930 according to the archive.[1]")}`;
    await addVersion({ user: rosa, documentId: doc.id, input: { text: v2, format: "text" }, note: null });
    const after = await listSuggestions({ user: rosa, documentId: doc.id });
    expect(after.version).toBe(2);
    expect(after.suggestions.length).toBeGreaterThan(0);
    for (const s of after.suggestions) expect(s.quote).toBe(cpSlice(v2, s.start, s.end));
    const lost = after.suggestions.find((s) => s.quote.includes("The minutes were lost"))!;
    expect(lost).toBeTruthy();

    await dismissSuggestion({ user: rosa, documentId: doc.id, start: lost.start, end: lost.end });
    expect((await listSuggestions({ user: rosa, documentId: doc.id })).suggestions.map((s) => s.start)).not.toContain(lost.start);
    await undismissSuggestion({ user: rosa, documentId: doc.id, start: lost.start, end: lost.end });
    expect((await listSuggestions({ user: rosa, documentId: doc.id })).suggestions.map((s) => s.start)).toContain(lost.start);
  });
});
