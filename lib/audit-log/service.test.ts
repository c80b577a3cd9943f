import { describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { makeDocument, makeUser } from "@/lib/testing/factories";
import { auditQuerySchema, parseAuditSearchLeniently } from "@/lib/audit/schemas";
import { recordAudit } from "@/lib/audit/service";
import { listAuditEvents } from "./service";

describe("audit log", () => {
  it("pages newest first with cursors in both directions", async () => {
    const target = crypto.randomUUID(); // an id no other test uses, so the filter isolates these events
    for (let i = 0; i < 7; i++) await recordAudit({ type: "sign_in", targetId: target, detail: { n: i } });
    const n = (page: { events: Array<{ detail: Record<string, unknown> | null }> }) => page.events.map((e) => e.detail?.n);

    const first = await listAuditEvents({ targetId: target, limit: 3 });
    expect(n(first)).toEqual([6, 5, 4]);
    expect(first.prevCursor).toBeNull();
    const second = await listAuditEvents({ targetId: target, limit: 3, cursor: auditQuerySchema.parse({ cursor: first.nextCursor }).cursor });
    expect(n(second)).toEqual([3, 2, 1]);
    const third = await listAuditEvents({ targetId: target, limit: 3, cursor: auditQuerySchema.parse({ cursor: second.nextCursor }).cursor });
    expect(n(third)).toEqual([0]);
    expect(third.nextCursor).toBeNull();
    const back = await listAuditEvents({ targetId: target, limit: 3, cursor: auditQuerySchema.parse({ cursor: third.prevCursor }).cursor });
    expect(n(back)).toEqual([3, 2, 1]);
    const start = await listAuditEvents({ targetId: target, limit: 3, cursor: auditQuerySchema.parse({ cursor: back.prevCursor }).cursor });
    expect(n(start)).toEqual([6, 5, 4]);
    expect(start.prevCursor).toBeNull();
  });

  it("filters by type, by person as actor or target, and by time; names the people", async () => {
    const alice = await makeUser("admin", "Alice Audit");
    const bob = await makeUser("reviewer", "Bob Audit");
    await recordAudit({ type: "role_changed", actorId: alice.id, targetId: bob.id, ip: "10.0.0.1", detail: { from: "reviewer", to: "viewer" } });
    await recordAudit({ type: "sign_in", actorId: bob.id, targetId: bob.id });
    await recordAudit({ type: "sign_in", actorId: alice.id, targetId: alice.id });

    const bobs = await listAuditEvents({ userId: bob.id });
    expect(bobs.events.map((e) => e.type)).toEqual(["sign_in", "role_changed"]);
    const change = bobs.events[1];
    expect(change).toMatchObject({ actor: { id: alice.id, name: "Alice Audit" }, target: { id: bob.id, name: "Bob Audit" }, ip: "10.0.0.1" });
    expect(change.detail).toEqual({ from: "reviewer", to: "viewer" });

    expect((await listAuditEvents({ userId: bob.id, type: "role_changed" })).events).toHaveLength(1);
    expect((await listAuditEvents({ actorId: alice.id })).events.map((e) => e.type)).toEqual(["sign_in", "role_changed"]);
    expect((await listAuditEvents({ targetId: alice.id })).events.map((e) => e.type)).toEqual(["sign_in"]);
    expect((await listAuditEvents({ userId: bob.id, from: new Date(Date.now() + 60_000) })).events).toHaveLength(0);
    expect((await listAuditEvents({ userId: bob.id, to: new Date(Date.now() - 3_600_000) })).events).toHaveLength(0);
  });

  it("names the documents, annotations and people an event's ids point at, leaving out the gone", async () => {
    const alice = await makeUser("admin", "Alice Refs");
    const doc = await makeDocument(`Refs ${crypto.randomUUID()}: a text the audit log names by its title.`, "Refs title");
    const gone = crypto.randomUUID();
    await recordAudit({ type: "document_version_added", actorId: alice.id, targetId: doc.id, detail: { title: "Refs title", version: 2 } });
    await recordAudit({ type: "ruling_withdrawn", actorId: alice.id, targetId: gone, detail: { annotationId: gone, documentId: doc.id, ruledBy: alice.id } });
    const [withdrawn, version] = (await listAuditEvents({ actorId: alice.id })).events;
    expect(version.target).toBeNull();
    expect(version.refs.documents).toEqual([{ id: doc.id, title: "Refs title", live: true }]);
    expect(withdrawn.refs).toEqual({
      documents: [{ id: doc.id, title: "Refs title", live: true }],
      annotations: [],
      people: [{ id: alice.id, name: "Alice Refs", email: alice.email }],
    });
  });

  it("reads query strings: a bare `to` day includes the whole day; bad values are refused", () => {
    const q = auditQuerySchema.parse({ from: "2026-11-01", to: "2026-11-22", limit: "20", type: "" });
    expect(q.from?.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(q.to?.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(q.limit).toBe(20);
    expect(q.type).toBeUndefined();
    expect(auditQuerySchema.safeParse({ from: "2026-02-30" }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ from: "2026-11-22", to: "2026-11-01" }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ cursor: "12" }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ type: "coffee_break" }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ limit: "100000" }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ extra: "1" }).success).toBe(false);
  });

  it("the page drops only the filters that do not parse", () => {
    const { query, search, problems } = parseAuditSearchLeniently({ type: "sign_in", from: "yesterday", to: ["2026-11-22", "x"], junk: "1" });
    expect(query.type).toBe("sign_in");
    expect(query.from).toBeUndefined();
    expect(query.to?.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(search).toEqual({ type: "sign_in", to: "2026-11-22" });
    expect(problems).toHaveLength(1);
  });
});
