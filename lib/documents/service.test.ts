// The documents service against a real, throw-away database of its own, all migrations applied: a SQLite
// file (FTS5) in the SQLite leg, a PostgreSQL database (tsvector) in the PostgreSQL leg. Its own, so that
// lists and searches see only the documents made here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Service = typeof import("./service");
type ListQuery = import("./list-query").DocumentListQuery;
let svc: Service;
let db: typeof import("@/lib/testing/db").db;
const admin = { id: "u-admin", role: "admin" as const };
const reviewer = { id: "u-rev", role: "reviewer" as const };
const viewer = { id: "u-view", role: "viewer" as const };

const meta = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  kind: "blog" as const,
  publisher: null,
  author: null,
  publishedAt: null,
  sourceUrl: null,
  ...extra,
});
const query = (q: Partial<ListQuery> = {}): ListQuery => ({
  q: "",
  mine: false,
  deleted: false,
  sort: q.q ? "relevance" : "title",
  dir: "asc",
  page: 1,
  pageSize: 25,
  ...q,
});
const cps = (s: string) => Array.from(s);

const postgres = Boolean(process.env.TEST_POSTGRES_URL);

beforeAll(async () => {
  const { isolateDatabase } = await import("@/lib/testing/isolated-db");
  await isolateDatabase("documents", { empty: true });
  ({ db } = await import("@/lib/testing/db"));
  svc = await import("./service");
  for (const u of [admin, reviewer, viewer]) {
    await db.user.create({ data: { id: u.id, email: `${u.id}@test`, name: u.id, role: u.role, passwordHash: "x" } });
  }
});

afterAll(async () => {
  await db?.$disconnect();
});

describe("adding documents", () => {
  it("stores uploaded text with characters outside the Basic Multilingual Plane exactly and counts its length in code points", async () => {
    const text = "Ｔｈｅ 𝐌𝐚𝐭𝐡 letters and emoji 😀👍🏽 stay\nexactly as uploaded — “curly” too.\n";
    const bytes = new TextEncoder().encode(text);
    const doc = await svc.addDocument({ user: reviewer, input: { bytes, fileName: "unicode.txt" }, metadata: meta("Unicode sample") });
    const stored = await svc.findDocument(doc.id);
    expect(stored.text).toBe(text);
    expect(stored.length).toBe(cps(text).length);
    expect(stored.length).toBeLessThan(text.length); // UTF-16 units would count more
    expect(stored.textHash).toBe(svc.textHash(text));
    expect(stored.createdById).toBe(reviewer.id);
  });

  it("refuses a viewer, empty or binary input, and stores nothing", async () => {
    const before = await db.document.count();
    await expect(svc.addDocument({ user: viewer, input: { text: "hello" }, metadata: meta("Nope") })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(svc.addDocument({ user: reviewer, input: { text: " \n\t " }, metadata: meta("Blank") })).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      details: { reason: "EMPTY" },
    });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await expect(svc.addDocument({ user: reviewer, input: { bytes: png, fileName: "x.txt" }, metadata: meta("Png") })).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      message: expect.stringContaining("PNG"),
    });
    expect(await db.document.count()).toBe(before);
  });

  it("refuses the same text twice, naming the existing document", async () => {
    const first = await svc.addDocument({ user: reviewer, input: { text: "A text that exists once." }, metadata: meta("Once") });
    await expect(svc.addDocument({ user: admin, input: { text: "A text that exists once." }, metadata: meta("Twice") })).rejects.toMatchObject({
      code: "CONFLICT",
      details: { existingId: first.id },
    });
  });
});

describe("search", () => {
  let spark: string;
  let october: string;
  let emoji: string;
  beforeAll(async () => {
    spark = (
      await svc.createDocument({
        text: "The Spark is a small group. It wrote about the Kronstadt rebellion only once.\n\nMost of its work is elsewhere.",
        metadata: meta("The Spark", { kind: "encyclopedia", publisher: "Wikipedia" }),
      })
    ).id;
    october = (
      await svc.createDocument({
        text: "Lessons of October. The rebellion at Kronstadt is mentioned here, and revolution, revolutionary, revolutions.",
        metadata: meta("Lessons of October", { kind: "newspaper", publishedAt: "2017-11-27" }),
      })
    ).id;
    emoji = (
      await svc.createDocument({
        text: "😀😀 𝐀𝐁𝐂 — first line\nsecond line with the quick brown fox and more words after it.",
        metadata: meta("Emoji text"),
      })
    ).id;
  });

  it("finds a phrase only where the words are adjacent, with a marked snippet", async () => {
    const r = await svc.listDocuments({ user: reviewer, query: query({ q: '"Kronstadt rebellion"' }) });
    expect(r.documents.map((d) => d.id)).toEqual([spark]);
    const hit = r.documents[0];
    expect(hit.snippet?.some((p) => p.match && /Kronstadt rebellion/.test(p.text))).toBe(true);
  });

  it("requires every word but in any order, ranked by bm25", async () => {
    const r = await svc.listDocuments({ user: reviewer, query: query({ q: "Kronstadt rebellion" }) });
    expect(r.total).toBe(2);
    expect(new Set(r.documents.map((d) => d.id))).toEqual(new Set([spark, october]));
  });

  it("ranks a title match first", async () => {
    const r = await svc.listDocuments({ user: reviewer, query: query({ q: "spark" }) });
    expect(r.documents[0].id).toBe(spark);
  });

  it("orders equally relevant documents by title, A to Z (not by when they were added)", async () => {
    const term = `quillwort${Date.now().toString(36)}`;
    // The same length and the same one match each, the term not in either title: one score for both.
    const zulu = await svc.addDocument({ user: admin, input: { text: `Zeta field notes on ${term} beds.` }, metadata: meta("Zulu survey") });
    const alpha = await svc.addDocument({ user: admin, input: { text: `Beta field notes on ${term} beds.` }, metadata: meta("Alpha survey") });
    const r = await svc.listDocuments({ user: reviewer, query: query({ q: term }) });
    expect(r.documents.map((d) => d.id)).toEqual([alpha.id, zulu.id]);
  });

  it("gives the passage of the first match in code points of the stored text", async () => {
    const r = await svc.listDocuments({ user: reviewer, query: query({ q: '"quick brown"' }) });
    const hit = r.documents.find((d) => d.id === emoji)!;
    expect(hit.match).not.toBeNull();
    const doc = await svc.findDocument(emoji);
    expect(cps(doc.text).slice(hit.match!.start, hit.match!.end).join("")).toBe("quick brown");
  });

  it("gives the snippet and its offsets in a long text whether its words are near the start or only far into it", async () => {
    const filler = (n: number) => "😀 Grain and cattle were sold at the fair that week. ".repeat(n);
    const early = await svc.createDocument({ text: `${filler(3)}The Tolpuddle martyrs were transported.\n\n${filler(2000)}`, metadata: meta("Long, early") });
    const late = await svc.createDocument({ text: `${filler(2000)}Later the Tolpuddle martyrs came home. ${filler(5)}`, metadata: meta("Long, late") });
    const r = await svc.listDocuments({ user: reviewer, query: query({ q: '"Tolpuddle martyrs"' }) });
    expect(new Set(r.documents.map((d) => d.id))).toEqual(new Set([early.id, late.id]));
    for (const id of [early.id, late.id]) {
      const hit = r.documents.find((d) => d.id === id)!;
      expect(hit.snippet?.filter((p) => p.match).map((p) => p.text)).toEqual(["Tolpuddle martyrs"]);
      const doc = await svc.findDocument(id);
      expect(cps(doc.text).slice(hit.match!.start, hit.match!.end).join("")).toBe("Tolpuddle martyrs");
    }
  });

  it("matches prefixes with *", async () => {
    const r = await svc.listDocuments({ user: reviewer, query: query({ q: "revolution*" }) });
    expect(r.documents.map((d) => d.id)).toEqual([october]);
  });

  it("never fails on odd input", async () => {
    for (const q of ['"', "*", "AND", "(", ")", "NEAR(", "a OR", "title:x", "-", "^", '""', "'", "\\", "🙂", "x".repeat(500), 'Kronstadt "']) {
      const r = await svc.listDocuments({ user: reviewer, query: query({ q }) });
      expect(r.total, q).toBeGreaterThanOrEqual(0);
    }
  });

  it("filters by kind and publisher, and sorts by publication date with unknown dates last", async () => {
    const byKind = await svc.listDocuments({ user: reviewer, query: query({ kind: "encyclopedia" }) });
    expect(byKind.documents.map((d) => d.id)).toEqual([spark]);
    const byPublisher = await svc.listDocuments({ user: reviewer, query: query({ publisher: "Wikipedia" }) });
    expect(byPublisher.documents.map((d) => d.id)).toEqual([spark]);
    const published = await svc.listDocuments({ user: reviewer, query: query({ sort: "published", dir: "asc" }) });
    expect(published.documents[0].id).toBe(october);
  });

  it("pages through the list", async () => {
    const all = await svc.listDocuments({ user: reviewer, query: query({ pageSize: 100 }) });
    const p1 = await svc.listDocuments({ user: reviewer, query: query({ pageSize: 2, page: 1 }) });
    const p2 = await svc.listDocuments({ user: reviewer, query: query({ pageSize: 2, page: 2 }) });
    expect(p1.total).toBe(all.total);
    expect(p1.pageCount).toBe(Math.ceil(all.total / 2));
    expect([...p1.documents, ...p2.documents].map((d) => d.id)).toEqual(all.documents.slice(0, 4).map((d) => d.id));
  });

  it("counts live annotations and reviewers, sorts by them and filters to my annotated documents", async () => {
    const base = { quote: "x", prefix: "", suffix: "", classification: "sourced", note: "{}", noteText: "" };
    await db.annotation.createMany({
      data: [
        { ...base, documentId: october, authorId: reviewer.id, start: 0, end: 1 },
        { ...base, documentId: october, authorId: admin.id, start: 1, end: 2 },
        { ...base, documentId: october, authorId: admin.id, start: 2, end: 3, deletedAt: new Date() },
        { ...base, documentId: spark, authorId: admin.id, start: 0, end: 1 },
      ],
    });
    // Written behind the services' back, so marked as an import marks them: the library's counts are
    // kept per document until its change stamp moves (lib/documents/stamps.ts).
    const { write } = await import("@/lib/store/transaction");
    const { touchDocument } = await import("./store");
    const { storedTime } = await import("@/lib/store/time");
    await write(async (tx) => {
      for (const id of [october, spark]) await touchDocument(tx, id, storedTime());
    });
    const r = await svc.listDocuments({ user: reviewer, query: query({ sort: "annotations", dir: "desc" }) });
    expect(r.documents[0]).toMatchObject({ id: october, annotationCount: 2, reviewerCount: 2 });
    expect(r.documents[1]).toMatchObject({ id: spark, annotationCount: 1, reviewerCount: 1 });
    const mine = await svc.listDocuments({ user: reviewer, query: query({ mine: true }) });
    expect(mine.documents.map((d) => d.id)).toEqual([october]);
  });

  it("keeps each document's counts until it changes: a create, a delete and a restore show at the next list", async () => {
    const { makeUser } = await import("@/lib/testing/factories");
    const { createAnnotation, deleteAnnotation, restoreAnnotation } = await import("@/lib/annotations/service");
    const doc = await svc.createDocument({ text: "Counted words for the library's kept counts.", metadata: meta("Counted") });
    const [rosa, victor] = [await makeUser(), await makeUser("admin")];
    const counts = async () => {
      const listed = (await svc.listDocuments({ user: reviewer, query: query({ pageSize: 100 }) })).documents.find((d) => d.id === doc.id)!;
      return [listed.annotationCount, listed.reviewerCount];
    };
    const annotate = (user: typeof rosa, start: number, quote: string) =>
      createAnnotation({ user, documentId: doc.id, input: { start, end: start + quote.length, quote, classification: "sourced", evidence: [] } });
    expect(await counts()).toEqual([0, 0]);
    expect(await counts()).toEqual([0, 0]);
    const a = await annotate(rosa, 0, "Counted");
    expect(await counts()).toEqual([1, 1]);
    await annotate(victor, 8, "words");
    expect(await counts()).toEqual([2, 2]);
    await deleteAnnotation({ user: rosa, id: a.id });
    expect(await counts()).toEqual([1, 1]);
    await restoreAnnotation({ user: victor, id: a.id });
    expect(await counts()).toEqual([2, 2]);
  });

  it("sorts by reliability conservatively: by the interval's lower bound most reliable first, its upper bound least reliable first", async () => {
    const publisher = "Ranking Test Press";
    const make = async (title: string, classes: string[]) => {
      const text = `${title}: ${classes.map((_, i) => `claim number ${i} here.`).join(" ")}`;
      const id = (await svc.createDocument({ text, metadata: meta(title, { publisher }) })).id;
      // One annotation per sentence, ten code points apart: separate claims.
      await db.annotation.createMany({
        data: classes.map((classification, i) => ({
          documentId: id,
          authorId: reviewer.id,
          start: i * 10,
          end: i * 10 + 5,
          quote: "x",
          prefix: "",
          suffix: "",
          classification,
          note: "{}",
          noteText: "",
        })),
      });
      return id;
    };
    const twoOfTwo = await make("Two of two", ["sourced", "sourced"]); // 100, interval 34–100
    const nineOfTen = await make("Nine of ten", [...Array(9).fill("sourced"), "contested"]); // 90, interval 60–98
    const noughtOfOne = await make("Nought of one", ["contested"]); // 0, interval 0–79
    const opinionOnly = await make("Opinion only", ["opinion"]); // no index
    const order = async (dir: "asc" | "desc") =>
      (await svc.listDocuments({ user: reviewer, query: query({ publisher, sort: "reliability", dir }) })).documents.map((d) => d.id);
    expect(await order("desc")).toEqual([nineOfTen, twoOfTwo, noughtOfOne, opinionOnly]);
    expect(await order("asc")).toEqual([noughtOfOne, nineOfTen, twoOfTwo, opinionOnly]);
    const page = await svc.listDocuments({ user: reviewer, query: query({ publisher, sort: "reliability", dir: "desc" }) });
    expect(page.documents[1].summary).toMatchObject({ reliability: 1, claims: { sourced: 2, contested: 0, opinion: 0 }, minimumClaims: 5 });
    expect(page.documents[1].summary!.reliabilityLow).toBeCloseTo(0.34238022750665303, 12);
  });

  it("orders titles as a reader expects, accents and case ignored, the same on both engines, page by page and reversed", async () => {
    const publisher = "Title Order Press";
    const titles = ["zola", "Äpfel", "apple", "Zebra", "élan", "Eagle", "banana", "Øresund", "Apple", "“Quoted” remark"];
    const ids = new Map<string, string>();
    for (const title of titles) ids.set(title, (await svc.createDocument({ text: `The text of ${title}.`, metadata: meta(title, { publisher }) })).id);
    const expected = ["Äpfel", "Apple", "apple", "banana", "Eagle", "élan", "Øresund", "“Quoted” remark", "Zebra", "zola"];
    const list = async (q: Partial<ListQuery>) => (await svc.listDocuments({ user: reviewer, query: query({ publisher, pageSize: 100, ...q }) })).documents.map((d) => d.title);
    expect(await list({ sort: "title", dir: "asc" })).toEqual(expected);
    expect(await list({ sort: "title", dir: "desc" })).toEqual([...expected].reverse());
    const paged: string[] = [];
    for (let page = 1; page <= 4; page++) paged.push(...(await list({ sort: "title", dir: "asc", pageSize: 3, page })));
    expect(paged).toEqual(expected);
    // Ties of the other sorts (no annotations, no checkable claims) go by title too.
    expect(await list({ sort: "annotations", dir: "desc" })).toEqual(expected);
    expect(await list({ sort: "reliability", dir: "desc" })).toEqual(expected);
    // Documents without a publication date (most, in practice) come last, A to Z, in both directions.
    await svc.updateDocumentMetadata({ user: admin, id: ids.get("banana")!, changes: { publishedAt: "2001" } });
    expect(await list({ sort: "published", dir: "desc" })).toEqual(["banana", ...expected.filter((t) => t !== "banana")]);
    expect(await list({ sort: "published", dir: "asc" })).toEqual(["banana", ...expected.filter((t) => t !== "banana")]);
    // A new title takes its new place.
    await svc.updateDocumentMetadata({ user: admin, id: ids.get("zola")!, changes: { title: "Ångström" } });
    expect((await list({ sort: "title", dir: "asc" })).slice(0, 2)).toEqual(["Ångström", "Äpfel"]);
  });

  it("records in the audit log which details an admin changed, from what to what, and nothing for a change to the same", async () => {
    const doc = await svc.createDocument({ text: "Details that an admin corrects.", metadata: meta("Detials") });
    await svc.updateDocumentMetadata({ user: admin, id: doc.id, changes: { title: "Details", kind: "blog", publisher: "Desk" }, ip: "192.0.2.9" });
    await svc.updateDocumentMetadata({ user: admin, id: doc.id, changes: { title: "Details" } });
    const rows = await db.auditEvent.findMany({ where: { targetId: doc.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "document_details_changed", actorId: admin.id, ip: "192.0.2.9" });
    expect(JSON.parse(rows[0].detail!)).toEqual({ title: "Details", changes: { title: { from: "Detials", to: "Details" }, publisher: { from: null, to: "Desk" } } });
    await expect(svc.updateDocumentMetadata({ user: reviewer, id: doc.id, changes: { title: "No" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(svc.updateDocumentMetadata({ user: admin, id: "no-such-document", changes: { title: "No" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.auditEvent.count({ where: { targetId: doc.id } })).toBe(1);
  });

  it("saves nothing when a field was changed by someone else since the editor saw it (409 naming it, with the details now), and saves once the editor has seen them", async () => {
    const doc = await svc.createDocument({ text: "Details two admins correct at once.", metadata: meta("Two editors") });
    // Another admin changes the title and the author first.
    await svc.updateDocumentMetadata({ user: admin, id: doc.id, changes: { title: "Their title", author: "Ida" }, previous: { title: "Two editors" } });
    const audits = await db.auditEvent.count({ where: { targetId: doc.id } });
    // This editor saw the old ones: its title and its author are refused together, and nothing else is saved with them.
    const refused = await svc
      .updateDocumentMetadata({ user: admin, id: doc.id, changes: { title: "My title", author: "Ada", publisher: "Desk" }, previous: { title: "Two editors", author: null, publisher: null } })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: "CONFLICT",
      message: "Someone else changed the title and the author of this document since you opened it. Nothing was saved.",
      details: { reason: "DETAILS_CHANGED", fields: ["title", "author"], current: { title: "Their title", author: "Ida", publisher: null } },
    });
    expect(await svc.findDocument(doc.id)).toMatchObject({ title: "Their title", author: "Ida", publisher: null });
    expect(await db.auditEvent.count({ where: { targetId: doc.id } })).toBe(audits);
    // A field the other admin did not change is saved; with what it saw now, so is the title.
    await svc.updateDocumentMetadata({ user: admin, id: doc.id, changes: { publisher: "Desk" }, previous: { publisher: null } });
    await svc.updateDocumentMetadata({ user: admin, id: doc.id, changes: { title: "My title" }, previous: { title: "Their title" } });
    expect(await svc.findDocument(doc.id)).toMatchObject({ title: "My title", author: "Ida", publisher: "Desk" });
    // A deleted document stays a 404, whatever was seen.
    await svc.deleteDocument({ user: admin, id: doc.id });
    await expect(svc.updateDocumentMetadata({ user: admin, id: doc.id, changes: { title: "No" }, previous: { title: "My title" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await svc.restoreDocument({ user: admin, id: doc.id }); // the lists of deleted documents in later tests are theirs
  });

  it("tells pages open on a document its new details live (document.details, in the write), replayed as they are now; nothing for a change to the same", async () => {
    const { subscribe } = await import("@/lib/events/bus");
    const { findEventsSince } = await import("@/lib/events/service");
    const doc = await svc.createDocument({ text: "Details that pages open on it show.", metadata: meta("Old title") });
    const heard: Array<{ type: string; payload: unknown }> = [];
    const { lastId, unsubscribe } = await subscribe(doc.id, 0, (event) => event.type !== "presence" && heard.push({ type: event.type, payload: event.payload }));
    expect(lastId).toBeGreaterThanOrEqual(0);
    try {
      await svc.updateDocumentMetadata({ user: admin, id: doc.id, changes: { title: "New title", author: "Ada" } });
      await svc.updateDocumentMetadata({ user: admin, id: doc.id, changes: { title: "New title" } }); // the same: no event
      await svc.updateDocumentMetadata({ user: admin, id: doc.id, changes: { publisher: "Desk" } });
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      unsubscribe();
    }
    expect(heard.map((e) => e.type)).toEqual(["document.details", "document.details"]);
    expect(heard[0].payload).toEqual({ document: { title: "New title", kind: "blog", publisher: null, author: "Ada", publishedAt: null, sourceUrl: null } });
    // A stream resuming from before both: only the newest, with the details as they are now.
    const replay = (await findEventsSince(doc.id, 0)).events.filter((e) => e.type === "document.details");
    expect(replay.map((e) => e.payload)).toEqual([{ document: { title: "New title", kind: "blog", publisher: "Desk", author: "Ada", publishedAt: null, sourceUrl: null } }]);
  });

  it("lists publishers for the filter menu in a reader's order, accents and case ignored", async () => {
    const mine = ["Zeitung", "Écrits", "arte", "Éditions Gallimard", "edition"];
    for (const publisher of mine) await svc.createDocument({ text: `Published by ${publisher}.`, metadata: meta(`By ${publisher}`, { publisher }) });
    const listed = (await svc.listPublishers()).map((p) => p.publisher).filter((p) => mine.includes(p));
    expect(listed).toEqual(["arte", "Écrits", "edition", "Éditions Gallimard", "Zeitung"]);
  });

  it("reindexes a changed title", async () => {
    await svc.updateDocumentMetadata({ user: admin, id: emoji, changes: { title: "Foxes and emoji" } });
    expect((await svc.listDocuments({ user: reviewer, query: query({ q: "foxes" }) })).documents.map((d) => d.id)).toEqual([emoji]);
    expect((await svc.listDocuments({ user: reviewer, query: query({ q: '"Emoji text"' }) })).total).toBe(0);
  });

  it("leaves soft-deleted documents out of lists and searches until restored", async () => {
    await expect(svc.deleteDocument({ user: reviewer, id: spark })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await svc.deleteDocument({ user: admin, id: spark });
    expect((await svc.listDocuments({ user: reviewer, query: query({ q: "spark" }) })).total).toBe(0);
    await expect(svc.findDocument(spark)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const deleted = await svc.listDocuments({ user: admin, query: query({ deleted: true }) });
    expect(deleted.documents.map((d) => d.id)).toEqual([spark]);
    await expect(svc.listDocuments({ user: reviewer, query: query({ deleted: true }) })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.auditEvent.count({ where: { type: "document_deleted", targetId: spark } })).toBe(1);

    await svc.restoreDocument({ user: admin, id: spark });
    expect((await svc.listDocuments({ user: reviewer, query: query({ q: "spark" }) })).documents[0].id).toBe(spark);
    expect(await db.auditEvent.count({ where: { type: "document_restored", targetId: spark } })).toBe(1);
  });

  it("refuses to restore a document whose text was added again meanwhile", async () => {
    const text = "Deleted, then added again.";
    const old = await svc.createDocument({ text, metadata: meta("Old copy") });
    await svc.deleteDocument({ user: admin, id: old.id });
    const again = await svc.createDocument({ text, metadata: meta("New copy") });
    await expect(svc.restoreDocument({ user: admin, id: old.id })).rejects.toMatchObject({ code: "CONFLICT", details: { existingId: again.id } });
  });

  it("refuses a restore with a conflict when the same text is added between its check and its write", async () => {
    const text = "Restored while another process adds it again.";
    const old = await svc.createDocument({ text, metadata: meta("Old racing copy") });
    await svc.deleteDocument({ user: admin, id: old.id });
    // Another process's add, committed after the restore's check: here, inside the restore's own UPDATE
    // (so the copy goes with the refused statement, and the refusal cannot name it).
    const copy = `INSERT INTO "Document" ("id", "title", "titleKey", "kind", "text", "textHash", "length", "words", "updatedAt", "version")
        SELECT 'racing-copy', 'Racing copy', 'racing copy', "kind", "text", "textHash", "length", "words", "updatedAt", 1 FROM "Document" WHERE "id" = old."id";`;
    if (postgres) {
      await db.$executeRawUnsafe(`
        CREATE FUNCTION "test_race_restore"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF old."id" = '${old.id}' AND new."deletedAt" IS NULL THEN
            ${copy}
          END IF;
          RETURN new;
        END $$`);
      await db.$executeRawUnsafe(`CREATE TRIGGER "test_race_restore" BEFORE UPDATE OF "deletedAt" ON "Document" FOR EACH ROW EXECUTE FUNCTION "test_race_restore"()`);
    } else {
      await db.$executeRawUnsafe(`
        CREATE TRIGGER "test_race_restore" BEFORE UPDATE OF "deletedAt" ON "Document"
        WHEN old."id" = '${old.id}' AND new."deletedAt" IS NULL
        BEGIN
          ${copy}
        END`);
    }
    try {
      await expect(svc.restoreDocument({ user: admin, id: old.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/at the same time; nothing was restored/) });
    } finally {
      await db.$executeRawUnsafe(postgres ? `DROP TRIGGER "test_race_restore" ON "Document"` : `DROP TRIGGER "test_race_restore"`);
      if (postgres) await db.$executeRawUnsafe(`DROP FUNCTION "test_race_restore"()`);
    }
    expect((await db.document.findUniqueOrThrow({ where: { id: old.id } })).deletedAt).not.toBeNull();
    expect(await db.auditEvent.count({ where: { type: "document_restored", targetId: old.id } })).toBe(0);
  });

  it("keeps the index consistent after a rebuild", async () => {
    const { rebuildSearchIndex } = await import("./store");
    await rebuildSearchIndex();
    const r = await svc.listDocuments({ user: reviewer, query: query({ q: '"quick brown"' }) });
    expect(r.documents.map((d) => d.id)).toEqual([emoji]);
  });
});
