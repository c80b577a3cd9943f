// Responses to a person's work: replies, verdicts and rulings by others, newest first, paged; what is
// new since they marked them seen; deleted work and documents left out. On both engines (the PostgreSQL
// leg runs this file too).
import { describe, expect, it } from "vitest";
import { cpSlice } from "@/lib/anchoring/codepoints";
import { makeDocument, makeUser } from "@/lib/testing/factories";
import type { CurrentUser } from "@/lib/auth/roles";
import { deleteDocument } from "@/lib/documents/service";
import { createAnnotation, deleteAnnotation } from "./service";
import { createReply, deleteReply, setVerdict } from "./discussion";
import { setRuling } from "./rulings";
import { countNewResponses, listResponses, markResponsesSeen } from "./responses";
import { findResponses, responsesPlan, type ResponseRow } from "./store";
import type { Classification } from "./types";
import { storedTime } from "@/lib/store/time";

const TEXT = "The 𝔄rchive 📜 says the strike began on Monday. Critics call it a fantasy. It was the best decade.";
const rationale = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const tick = () => new Promise((r) => setTimeout(r, 3)); // distinct times, so the order is the order of the writes

let counter = 0;
async function setup() {
  const text = `${TEXT} (responses ${++counter}, ${crypto.randomUUID()})`;
  const doc = await makeDocument(text, `responses ${counter}`);
  const [rosa, victor, olga, edith, admin] = await Promise.all([
    makeUser("reviewer", "Rosa"),
    makeUser("reviewer", "Victor"),
    makeUser("reviewer", "Olga"),
    makeUser("editor", "Edith"),
    makeUser("admin", "Ada"),
  ]);
  const annotate = (who: CurrentUser, phrase: string, classification: Classification) => {
    const start = [...text.slice(0, text.indexOf(phrase))].length;
    const end = start + [...phrase].length;
    expect(cpSlice(text, start, end)).toBe(phrase);
    return createAnnotation({ user: who, documentId: doc.id, input: { start, end, quote: phrase, classification, evidence: [] } });
  };
  return { doc, rosa, victor, olga, edith, admin, annotate };
}

const lines = (items: Awaited<ReturnType<typeof listResponses>>["items"]) =>
  items.map((r) => [r.kind, r.by.name, r.annotation.yours, r.reply?.text ?? r.verdict?.verdict ?? r.ruling?.classification, r.isNew]);

describe("responses to one's work", () => {
  it("lists others' replies, verdicts and rulings on one's annotations and replies after one's own in a thread, newest first; never one's own", async () => {
    const { rosa, victor, olga, edith, annotate } = await setup();
    const mine = await annotate(rosa, "the strike began on Monday", "sourced");
    const theirs = await annotate(victor, "Critics call it a fantasy", "contested");
    await createReply({ user: rosa, annotationId: mine.id, body: "My own note on it." }); // one's own: not a response
    await createReply({ user: olga, annotationId: theirs.id, body: "Before Rosa joined." }); // before her reply: not to her
    await tick();
    await createReply({ user: rosa, annotationId: theirs.id, body: "What is the source?" });
    await tick();
    await createReply({ user: victor, annotationId: mine.id, body: "Which archive?" });
    await tick();
    await setVerdict({ user: olga, annotationId: mine.id, verdict: "dispute", proposedClass: "contested" });
    await tick();
    await createReply({ user: victor, annotationId: theirs.id, body: "The 1951 report." });
    await tick();
    await setRuling({ user: edith, annotationId: mine.id, classification: "contested", rationale: rationale("No record of Monday.") });
    await setVerdict({ user: rosa, annotationId: theirs.id, verdict: "agree" }); // hers, on another's: not a response to her

    const page = await listResponses({ user: rosa });
    expect(lines(page.items)).toEqual([
      ["ruling", "Edith", true, "contested", true],
      ["reply", "Victor", false, "The 1951 report.", true],
      // Olga's dispute was settled by the ruling: it says so
      ["verdict", "Olga", true, "dispute", true],
      ["reply", "Victor", true, "Which archive?", true],
    ]);
    expect(page.items[2].verdict).toEqual({ verdict: "dispute", proposedClass: "contested", resolved: true });
    expect(page.items[0].permalink).toBe(`/documents/${encodeURIComponent(mine.documentId)}?a=${encodeURIComponent(mine.id)}`);
    expect(page.newCount).toBe(4);
    expect(page.seenAt).toBeNull();
    expect(page.nextBefore).toBeNull();
    // Victor sees Rosa's reply on his annotation and her agreement, not his own
    expect(lines((await listResponses({ user: victor })).items)).toEqual([
      ["verdict", "Rosa", true, "agree", true],
      ["reply", "Rosa", true, "What is the source?", true],
      ["reply", "Olga", true, "Before Rosa joined.", true],
    ]);
  });

  it("reads the same responses from a prolific author's annotations or from the corpus's newest (the two plans), in every window", async () => {
    const { rosa, victor, olga, edith, annotate } = await setup();
    const a = await annotate(rosa, "the strike began on Monday", "sourced");
    const b = await annotate(rosa, "It was the best decade", "opinion");
    const theirs = await annotate(victor, "Critics call it a fantasy", "contested");
    await createReply({ user: rosa, annotationId: theirs.id, body: "Mine first." });
    for (const [who, on, body] of [[victor, a, "One."], [olga, b, "Two."], [victor, theirs, "Three."], [olga, a, "Four."]] as const) {
      await tick();
      await createReply({ user: who, annotationId: on.id, body });
    }
    await tick();
    await setVerdict({ user: olga, annotationId: a.id, verdict: "agree" });
    await tick();
    await setRuling({ user: edith, annotationId: b.id, classification: "contested", rationale: rationale("Disputed by two reviewers.") });
    const keys = (rows: ResponseRow[]) => rows.map((r) => `${r.kind}:${r.replyText ?? r.verdict ?? r.rulingClass}`).sort();
    expect(await responsesPlan(rosa.id)).toBe("by-author");
    expect(await responsesPlan(rosa.id, 1)).toBe("by-time"); // she wrote two
    expect(await responsesPlan(rosa.id, 2)).toBe("by-author");
    const all = await findResponses(rosa.id, { limit: 50 }, "by-author");
    expect(keys(all)).toEqual(["reply:Four.", "reply:One.", "reply:Three.", "reply:Two.", "ruling:contested", "verdict:agree"]);
    const cursor = { at: all.find((r) => r.replyText === "Three.")!.at, id: all.find((r) => r.replyText === "Three.")!.id };
    for (const window of [{ limit: 50 }, { limit: 50, after: storedTime(new Date(cursor.at)) }, { limit: 50, before: cursor }, { limit: 1 }]) {
      expect(keys(await findResponses(rosa.id, window, "by-time")), JSON.stringify(window)).toEqual(keys(await findResponses(rosa.id, window, "by-author")));
    }
  });

  it("counts what is new until marked seen up to the newest shown; later ones are new again", async () => {
    const { rosa, victor, olga, annotate } = await setup();
    const a = await annotate(rosa, "It was the best decade", "opinion");
    await createReply({ user: victor, annotationId: a.id, body: "One." });
    await tick();
    await createReply({ user: olga, annotationId: a.id, body: "Two." });
    expect(await countNewResponses(rosa)).toBe(2);
    const first = await listResponses({ user: rosa });
    // a reply arriving after the page was read stays new
    await tick();
    await createReply({ user: victor, annotationId: a.id, body: "Three." });
    expect(await markResponsesSeen({ user: rosa, upTo: first.items[0].at })).toEqual({ newCount: 1 });
    const again = await listResponses({ user: rosa });
    expect(lines(again.items).map((l) => [l[3], l[4]])).toEqual([
      ["Three.", true],
      ["Two.", false],
      ["One.", false],
    ]);
    expect(again.newCount).toBe(1);
    expect(again.seenAt).toBe(first.items[0].at);
    // never back: an older page marked seen later changes nothing; a time in the future counts as now
    await markResponsesSeen({ user: rosa, upTo: first.items[1].at });
    expect(await countNewResponses(rosa)).toBe(1);
    await markResponsesSeen({ user: rosa, upTo: "2999-01-01T00:00:00.000Z" });
    expect(await countNewResponses(rosa)).toBe(0);
    await tick();
    await setVerdict({ user: olga, annotationId: a.id, verdict: "agree" });
    expect(await countNewResponses(rosa)).toBe(1);
  });

  it("pages newest first without gaps or repeats, across kinds", async () => {
    const { rosa, victor, olga, annotate } = await setup();
    const a = await annotate(rosa, "Critics call it a fantasy", "contested");
    const b = await annotate(rosa, "the strike began on Monday", "sourced");
    for (let i = 1; i <= 5; i++) {
      await createReply({ user: i % 2 ? victor : olga, annotationId: i % 2 ? a.id : b.id, body: `Reply ${i}.` });
      await tick();
    }
    await setVerdict({ user: victor, annotationId: b.id, verdict: "agree" });
    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await listResponses({ user: rosa, before, limit: 2 });
      seen.push(...page.items.map((r) => r.reply?.text ?? r.kind));
      before = page.nextBefore ?? undefined;
      pages++;
    } while (before && pages < 10);
    expect(seen).toEqual(["verdict", "Reply 5.", "Reply 4.", "Reply 3.", "Reply 2.", "Reply 1."]);
    expect(pages).toBe(3);
  });

  it("leaves out deleted replies, deleted annotations and deleted documents", async () => {
    const { rosa, victor, olga, admin, annotate, doc } = await setup();
    const a = await annotate(rosa, "Critics call it a fantasy", "contested");
    const b = await annotate(rosa, "It was the best decade", "opinion");
    const gone = await createReply({ user: victor, annotationId: a.id, body: "Taken back." });
    await createReply({ user: olga, annotationId: b.id, body: "Stays." });
    await deleteReply({ user: victor, id: gone.id });
    expect(lines((await listResponses({ user: rosa })).items).map((l) => l[3])).toEqual(["Stays."]);
    await deleteAnnotation({ user: rosa, id: b.id });
    expect((await listResponses({ user: rosa })).items).toEqual([]);
    await createReply({ user: olga, annotationId: a.id, body: "On a document about to go." });
    expect(await countNewResponses(rosa)).toBe(1);
    await deleteDocument({ user: admin, id: doc.id });
    expect(await countNewResponses(rosa)).toBe(0);
  });
});
