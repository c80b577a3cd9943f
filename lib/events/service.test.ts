import { describe, expect, it } from "vitest";
import { db } from "@/lib/testing/db";
import { makeDocument, makeUser } from "@/lib/testing/factories";
import { createAnnotation, deleteAnnotation, restoreAnnotation, updateAnnotation } from "@/lib/annotations/service";
import { createReply, deleteReply } from "@/lib/annotations/discussion";
import { subscribe, type LiveEvent } from "./bus";
import { findEventsSince as eventsSince, findLatestEventId as latestEventId } from "./service";

const note = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

async function setUp(label: string) {
  const text = `Event log ${label}: the committee said the budget doubled.`;
  const doc = await makeDocument(text, `Events ${label}`);
  const author = await makeUser("reviewer", "Author");
  const other = await makeUser("reviewer", "Other");
  const admin = await makeUser("admin", "Admin");
  const start = [...text.slice(0, text.indexOf("committee"))].length;
  const input = { start, end: start + 9, quote: "committee", classification: "contested" as const, evidence: [{ citation: `SECRET-EVIDENCE-${label}` }] };
  return { doc, author, other, admin, input };
}

describe("the document event log stores references and replays the current state", () => {
  it("never replays the content of a deleted annotation or reply: they replay as deletions", async () => {
    const { doc, author, other, input } = await setUp("deleted");
    const a = await createAnnotation({ user: author, documentId: doc.id, input: { ...input, note: note("SECRET-NOTE") } });
    await updateAnnotation({ user: author, id: a.id, input: { note: note("SECRET-NOTE-EDITED") } });
    const reply = await createReply({ user: other, annotationId: a.id, body: "SECRET-REPLY" });
    const kept = await createAnnotation({ user: other, documentId: doc.id, input: { ...input, evidence: [], note: note("visible note") } });
    const keptReply = await createReply({ user: author, annotationId: kept.id, body: "visible reply" });
    const gone = await createReply({ user: author, annotationId: kept.id, body: "SECRET-DELETED-REPLY" });
    await deleteReply({ user: author, id: gone.id });
    await deleteAnnotation({ user: author, id: a.id });

    // Nothing stored holds content, only ids.
    const stored = await db.documentEvent.findMany({ where: { documentId: doc.id }, select: { payload: true } });
    expect(stored.length).toBeGreaterThan(5);
    expect(JSON.stringify(stored)).not.toMatch(/SECRET|visible/);

    const { events } = await eventsSince(doc.id, 0);
    const wire = JSON.stringify(events);
    expect(wire).not.toContain("SECRET");
    expect(wire).toContain("visible note");
    expect(wire).toContain("visible reply");
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((x, y) => x - y));
    // One event per annotation or reply, as it is now.
    const about = (id: string) => events.filter((e) => JSON.stringify(e.payload).includes(`"id":"${id}"`));
    expect(about(a.id).map((e) => [e.type, e.payload])).toEqual([["annotation.deleted", { id: a.id, documentId: doc.id }]]);
    expect(about(reply.id).map((e) => [e.type, e.payload])).toEqual([["reply.deleted", { id: reply.id, annotationId: a.id }]]);
    expect(about(gone.id).map((e) => e.type)).toEqual(["reply.deleted"]);
    expect(about(keptReply.id).map((e) => e.type)).toEqual(["reply.created"]);
  });

  it("replays a restored annotation with its content, and delivers live events resolved once", async () => {
    const { doc, author, admin, input } = await setUp("restored");
    const a = await createAnnotation({ user: author, documentId: doc.id, input: { ...input, note: note("back again") } });
    await deleteAnnotation({ user: author, id: a.id });
    const received: LiveEvent[] = [];
    const { unsubscribe: stop } = await subscribe(doc.id, await latestEventId(doc.id), (e) => received.push(e));
    await restoreAnnotation({ user: admin, id: a.id });
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20)); // read from the log after the commit
    await new Promise((r) => setTimeout(r, 200));
    stop();
    expect(received.map((e) => e.type)).toEqual(["annotation.restored"]);
    expect(JSON.stringify(received[0].payload)).toContain("back again");
    const { events, lastId } = await eventsSince(doc.id, 0);
    expect(events.map((e) => e.type)).toEqual(["annotation.restored"]);
    expect(lastId).toBe(await latestEventId(doc.id));
  });

  it("reads old stored events (full records) by their ids only", async () => {
    const { doc, author, input } = await setUp("legacy");
    const a = await createAnnotation({ user: author, documentId: doc.id, input });
    await deleteAnnotation({ user: author, id: a.id });
    const insert = (type: string, payload: string) => db.documentEvent.create({ data: { documentId: doc.id, type, payload } });
    await insert("annotation.updated", JSON.stringify({ annotation: { id: a.id, note: "SECRET-OLD", evidence: [{ citation: "SECRET-OLD" }] } }));
    await insert("reply.created", JSON.stringify({ reply: { id: "r-old", annotationId: a.id, bodyText: "SECRET-OLD" } }));
    await insert("annotation.updated", "not json SECRET");
    const { events } = await eventsSince(doc.id, 0);
    expect(JSON.stringify(events)).not.toContain("SECRET");
    expect(events.map((e) => e.type)).toEqual(["annotation.deleted", "reply.deleted"]);
  });

  it("pages through long logs", async () => {
    const { doc, author, input } = await setUp("paging");
    for (let i = 0; i < 3; i++) await createAnnotation({ user: author, documentId: doc.id, input });
    const first = await eventsSince(doc.id, 0, 2);
    expect([first.events.length, first.more]).toEqual([2, true]);
    const second = await eventsSince(doc.id, first.lastId, 2);
    expect([second.events.length, second.more]).toEqual([1, false]);
  });
});
