// The event log's cursor over all documents (lib/events/store.ts documentsWithEventsAfter), which every
// commit of any process asks on SQLite: the documents with new events, a page at a time, reading only the
// new events; and the previous event each append reports (what lets the bus hand it over as written).
// Runs on both engines.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db, engine } from "@/lib/testing/db";
import { makeDocument, makeUser } from "@/lib/testing/factories";
import { createAnnotation } from "@/lib/annotations/service";
import { write } from "@/lib/store/engine";
import { appendEvent, documentsWithEventsAfter, eventsAfter, latestEventId, latestEventIds, maxEventId } from "./store";

async function annotateStart(user: Awaited<ReturnType<typeof makeUser>>, doc: { id: string }) {
  await createAnnotation({ user, documentId: doc.id, input: { start: 0, end: 5, quote: "Words", classification: "opinion", evidence: [] } });
}

describe(`the event log's cursor on ${engine}`, () => {
  it("gives the documents with events after it, in the order of their first new event, each with its newest, a page at a time", async () => {
    const user = await makeUser();
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((n) => makeDocument(`Words of ${n} ${crypto.randomUUID()}.`)));
    const cursor = await maxEventId();
    for (const doc of [a, b, a, c]) await annotateStart(user, doc);
    const mine = new Set([a.id, b.id, c.id]);

    // Other test files may append events meanwhile (a shared database): the cursor reaches at least
    // this test's last event, and no further than the log's end read after it.
    const all = await documentsWithEventsAfter(cursor);
    expect(all.lastId).toBeGreaterThanOrEqual(await latestEventId(c.id));
    expect(all.lastId).toBeLessThanOrEqual(await maxEventId());
    expect(all.more).toBe(false);
    expect(all.documents.filter((d) => mine.has(d.id))).toEqual([
      { id: a.id, newest: await latestEventId(a.id) },
      { id: b.id, newest: await latestEventId(b.id) },
      { id: c.id, newest: await latestEventId(c.id) },
    ]);

    // Two events a page (other tests may write meanwhile: only this test's documents are checked).
    const pages: string[][] = [];
    for (let after = cursor, more = true; more; ) {
      const page = await documentsWithEventsAfter(after, 2);
      expect(page.lastId).toBeGreaterThanOrEqual(after);
      pages.push(page.documents.map((d) => d.id).filter((id) => mine.has(id)));
      after = page.lastId;
      more = page.more;
    }
    expect(pages.flat()).toEqual([a.id, b.id, a.id, c.id]); // a page of two never holds two of a's
    const end = await maxEventId();
    const after = await documentsWithEventsAfter(end);
    expect(after.documents.filter((d) => mine.has(d.id))).toEqual([]);
    expect(after.lastId).toBeGreaterThanOrEqual(end);
  });

  it("reads only the new events: a range of the primary key, never a scan of the whole log", async () => {
    const compiled = eventsAfter(123, 5000).compile();
    if (engine === "sqlite") {
      const plan = await db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${compiled.sql}`, ...compiled.parameters);
      expect(plan.map((p) => p.detail)).toEqual(["SEARCH DocumentEvent USING INTEGER PRIMARY KEY (rowid>?)"]);
    } else {
      // PostgreSQL picks by its statistics; with sequential scans priced out, the range must be usable.
      const [, plan] = await db.$transaction([
        db.$executeRawUnsafe("SET LOCAL enable_seqscan = off"),
        db.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(`EXPLAIN ${compiled.sql}`, ...compiled.parameters),
      ]);
      expect(plan.map((p) => p["QUERY PLAN"]).join("\n")).toMatch(/Index (Only )?Scan (on|using) "DocumentEvent_pkey"[^\n]*\n\s+Index Cond: \(id > 123\)/);
    }
  });

  it("reports each appended event's predecessor in its document, within one transaction too", async () => {
    const [a, b] = await Promise.all(["a", "b"].map((n) => makeDocument(`Words of ${n} ${crypto.randomUUID()}.`)));
    const deletion = (doc: { id: string }) => ({ id: crypto.randomUUID(), documentId: doc.id });
    const [a1, b1, a2, a3] = await write(async (tx) => {
      const events = [];
      for (const doc of [a, b, a, a]) events.push(await appendEvent(tx, doc.id, "annotation.deleted", deletion(doc)));
      return events;
    });
    expect([a1.previousId, b1.previousId]).toEqual([0, 0]);
    expect([a2.previousId, a3.previousId]).toEqual([a1.id, a2.id]);
    const b2 = await write((tx) => appendEvent(tx, b.id, "annotation.deleted", deletion(b)));
    expect(b2.previousId).toBe(b1.id);
  });

  it("gives the newest event id of many documents at once, 0 for those without events, past a chunk of 200", async () => {
    const [a, b, quiet] = await Promise.all(["a", "b", "quiet"].map((n) => makeDocument(`Words of ${n} ${crypto.randomUUID()}.`)));
    const deletion = (doc: { id: string }) => ({ id: crypto.randomUUID(), documentId: doc.id });
    await write(async (tx) => {
      for (const doc of [a, b, a]) await appendEvent(tx, doc.id, "annotation.deleted", deletion(doc));
    });
    const unknown = Array.from({ length: 250 }, (_, i) => `no such document ${i} ', "x", {}`);
    const ids = [...unknown.slice(0, 199), a.id, ...unknown.slice(199), quiet.id, b.id];
    const latest = await latestEventIds(ids);
    expect(latest.size).toBe(ids.length);
    expect(latest.get(a.id)).toBe(await latestEventId(a.id));
    expect(latest.get(b.id)).toBe(await latestEventId(b.id));
    expect(latest.get(a.id)).toBeGreaterThan(latest.get(b.id)!); // a's second event came last
    expect(latest.get(quiet.id)).toBe(0);
    expect(unknown.every((id) => latest.get(id) === 0)).toBe(true);
    expect(await latestEventIds([])).toEqual(new Map());
  });
});
