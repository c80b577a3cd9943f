// What must behave the same on SQLite and PostgreSQL (this file runs in both legs of npm test): JSON
// stored as text, times, case-insensitive ordering and search, unique violations, write() keeping
// a failed write from taking others down, and writes that need not wait for the disk.
import { executionAsyncResource } from "node:async_hooks";
import crypto from "node:crypto";
import { CompiledQuery } from "kysely";
import { describe, expect, it } from "vitest";
import { db, engine, openSnapshot, prepared, prisma, write, type Tx } from "@/lib/store/engine";
import { env } from "@/lib/env";
import { isUniqueViolation } from "@/lib/errors";
import { errorResponse, toAppError } from "@/lib/http/api";
import { Prisma } from "@/generated/prisma/client";
import { peopleTransaction } from "@/lib/users/store";
import { findAnnotationRecord, insertAnnotation } from "@/lib/annotations/store";
import { findDocumentPage, findDocumentRecord, insertDocument, setDocumentDeleted } from "@/lib/documents/store";
import { parseSearch } from "@/lib/documents/fts-query";
import { letterFoldPairs } from "@/lib/letter-folds";
import { storedTime, toIso } from "@/lib/store/time";
import { makeUser } from "@/lib/testing/factories";

const tag = () => crypto.randomUUID().slice(0, 8);

async function document(title: string, text = `A text of its own ${crypto.randomUUID()}.`) {
  const doc = await insertDocument({
    title,
    kind: "other",
    publisher: null,
    author: null,
    publishedAt: null,
    sourceUrl: null,
    text,
    textHash: crypto.createHash("sha256").update(text).digest("hex"),
    length: [...text].length,
    words: text.split(/\s+/).length,
    createdById: null,
  });
  return doc!;
}

describe(`the data layer on ${engine}`, () => {
  it("stores JSON text byte for byte: escapes, non-BMP characters, line separators", async () => {
    const user = await makeUser();
    const doc = await document(`json ${tag()}`, "Quote: 𝒜 and 😀 here.");
    const note = JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: 'emoji 😀 𝒜 "quoted" \\ back \u2028 sep \u0001 ctl' }] }] });
    const record = await write((tx) =>
      insertAnnotation(tx, {
        documentId: doc.id,
        authorId: user.id,
        start: 7,
        end: 8,
        quote: "𝒜",
        prefix: "Quote: ",
        suffix: " and 😀 here.",
        classification: "sourced",
        note,
        noteText: "emoji",
        evidence: [{ citation: "Ünïcödé, p. 𝟙𝟚" }, { url: "https://example.org/ä?q=1" }],
        anchorVersion: 1,
      }),
    );
    const stored = await findAnnotationRecord(record.id);
    expect(stored!.note).toBe(note);
    expect(JSON.parse(stored!.note)).toEqual(JSON.parse(note));
    expect(stored!.evidence).toEqual([{ citation: "Ünïcödé, p. 𝟙𝟚" }, { url: "https://example.org/ä?q=1" }]);
    expect(stored!.quote).toBe("𝒜");
  });

  it("keeps times to the millisecond, in UTC, and orders by them", async () => {
    const at = new Date("2024-02-29T23:59:58.007Z");
    expect(toIso(storedTime(at))).toBe("2024-02-29T23:59:58.007Z");
    const doc = await insertDocument({
      title: `time ${tag()}`,
      kind: "other",
      text: `time ${crypto.randomUUID()}`,
      textHash: crypto.randomUUID(),
      length: 10,
      words: 2,
      createdById: null,
      createdAt: at.toISOString(),
      publisher: null,
      author: null,
      publishedAt: null,
      sourceUrl: null,
    });
    expect((await findDocumentRecord(doc!.id))!.createdAt).toBe("2024-02-29T23:59:58.007Z");
  });

  it("orders titles by their sort keys (accents and case ignored), then as written, the same on both engines", async () => {
    const publisher = `order ${tag()}`;
    for (const title of ["b", "A", "Éclair", "éclair", "Z", "ä"]) {
      const text = `order ${crypto.randomUUID()}`;
      await insertDocument({ title, kind: "other", publisher, author: null, publishedAt: null, sourceUrl: null, text, textHash: crypto.randomUUID(), length: text.length, words: 2, createdById: null });
    }
    const page = await findDocumentPage({ sort: "title", dir: "asc", limit: -1, offset: 0, deleted: false, publisher });
    const titles = await Promise.all(page.ids.map(async (id) => (await findDocumentRecord(id))!.title));
    // By key (a, a, b, eclair, eclair, z), then as written by code point: A < ä, É (U+00C9) < é (U+00E9).
    expect(titles).toEqual(["A", "ä", "b", "Éclair", "éclair", "Z"]);
  });

  it("searches without case and without accents, with phrases and prefixes", async () => {
    const word = `Zéphyrine${tag().replace(/[0-9]/g, "x")}`;
    const doc = await document(`search ${tag()}`, `Le grand ${word} a parlé. Il était une fois à Montréal.`);
    const find = async (q: string) => (await findDocumentPage({ sort: "relevance", dir: "asc", limit: 10, offset: 0, deleted: false, search: parseSearch(q) })).ids;
    expect(await find(word.toUpperCase())).toEqual([doc.id]);
    expect(await find(word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase())).toEqual([doc.id]);
    expect(await find(`"grand ${word}"`)).toEqual([doc.id]);
    expect(await find(`"${word} grand"`)).toEqual([]);
    expect(await find(`${word.slice(0, 8)}*`)).toContain(doc.id);
    expect(await find(`MONTREAL ${word}`)).toEqual([doc.id]);
  });

  it("searches letters Unicode does not decompose by their spellings and the spellings by them (ß as ss, Æ as ae, ﬁ as fi…), on both engines", async () => {
    const t = tag().replace(/[0-9]/g, "x");
    const pairs = letterFoldPairs();
    const word = (letter: string, i: number) => `w${"abcdefghijklmnopqrstuvwxyz"[i % 26]}${letter}${t}`;
    const doc = await document(`folds ${tag()}`, `Die Straße${t} und ${pairs.map(([letter], i) => word(letter, i)).join(" ")}.`);
    const find = async (q: string) => (await findDocumentPage({ sort: "relevance", dir: "asc", limit: 10, offset: 0, deleted: false, search: parseSearch(q) })).ids.includes(doc.id);
    const missed: string[] = [];
    for (const [i, [letter, spelling]] of pairs.entries()) {
      for (const q of [word(spelling, i), word(letter, i), word(spelling.toUpperCase(), i)]) if (!(await find(q))) missed.push(q);
    }
    expect(missed).toEqual([]);
    expect(await find(`"die strasse${t}"`)).toBe(true);
    expect(await find(`STRASS*`)).toBe(true);
    expect(await find(`strase${t}`)).toBe(false);
  });

  it("runs a prepared statement with each call's values in their places and its constants kept", async () => {
    const [a, b] = [await document(`prepared a ${tag()}`), await document(`prepared b ${tag()}`)];
    const find = prepared<{ id: string; title: string }, { id: string; kind: string }>((q, v) =>
      q.selectFrom("Document").select(["id", "kind"]).where("kind", "=", "other").where("id", "=", v("id")).where("title", "=", v("title")),
    );
    expect((await find(db, { id: a.id, title: a.title })).rows).toEqual([{ id: a.id, kind: "other" }]);
    expect((await find(db, { id: b.id, title: b.title })).rows).toEqual([{ id: b.id, kind: "other" }]);
    expect((await find(db, { id: a.id, title: b.title })).rows).toEqual([]); // each value in its own place
    // In a write, with the transaction's connection; what it changed is what the next call reads.
    const retitle = prepared<{ id: string; title: string }, unknown>((q, v) => q.updateTable("Document").set({ title: v("title") }).where("id", "=", v("id")).where("deletedAt", "is", null));
    const changed = await write(async (tx) => (await retitle(tx, { id: b.id, title: `${b.title} (renamed)` })).numAffectedRows);
    expect(changed).toBe(BigInt(1));
    expect((await find(db, { id: b.id, title: `${b.title} (renamed)` })).rows).toEqual([{ id: b.id, kind: "other" }]);
    expect((await findDocumentRecord(a.id))?.title).toBe(a.title);
  });

  it("turns a unique violation into a clear outcome, not an error", async () => {
    const id = `dup-${tag()}`;
    const make = () => {
      const text = `dup ${crypto.randomUUID()}`;
      return insertDocument({ id, title: "dup", kind: "other", publisher: null, author: null, publishedAt: null, sourceUrl: null, text, textHash: crypto.randomUUID(), length: 3, words: 1, createdById: null });
    };
    expect(await make()).not.toBeNull();
    expect(await make()).toBeNull(); // the engine's unique violation, recognised (isUniqueViolation)
    expect(isUniqueViolation({ code: engine === "sqlite" ? "SQLITE_CONSTRAINT_PRIMARYKEY" : "23505" })).toBe(true);
  });

  it("answers a unique violation that reaches a route with a conflict (409), not a 500", async () => {
    // Two live copies of one text are refused by the engine's index: restoring one while another is live.
    const text = `one live copy ${crypto.randomUUID()}`;
    const textHash = crypto.randomUUID();
    const fields = { title: "copy", kind: "other" as const, publisher: null, author: null, publishedAt: null, sourceUrl: null, text, textHash, length: 3, words: 3, createdById: null };
    const first = (await insertDocument(fields))!;
    expect(await setDocumentDeleted(first.id, new Date())).toBe(true);
    expect(await insertDocument(fields)).not.toBeNull();
    const error = await setDocumentDeleted(first.id, null).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(error)).toBe(true);
    expect(toAppError(error)).toMatchObject({ code: "CONFLICT", status: 409, message: expect.stringMatching(/^That already exists/) });
    expect((await findDocumentRecord(first.id, { includeDeleted: true }))?.deletedAt).not.toBeNull();
    expect(toAppError(new Error("a fault of ours"))).toBeNull();
  });

  it("lets a people transaction wait its turn behind a long one, and answers one that waited too long with 503, not 500", async () => {
    const person = await makeUser();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const holding = new Promise<void>((resolve) => (started = resolve));
    // The first holds its transaction 2.5 s (on SQLite every people write waits for it): Prisma's default
    // wait of 2 s failed the second with P2028 on a loaded machine (CI run 87).
    const first = peopleTransaction(async (tx) => {
      await tx.user.update({ where: { id: person.id }, data: { name: "First" } });
      started();
      await held;
    });
    await holding;
    const second = peopleTransaction((tx) => tx.user.update({ where: { id: person.id }, data: { name: "Second" } }));
    setTimeout(release, 2500);
    await Promise.all([first, second]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: person.id } })).name).toBe("Second");
    const waitedTooLong = new Prisma.PrismaClientKnownRequestError("Transaction API error: Unable to start a transaction in the given time.", { code: "P2028", clientVersion: Prisma.prismaVersion.client });
    const busy = toAppError(waitedTooLong);
    expect(busy).toMatchObject({ code: "BUSY", status: 503, message: expect.stringMatching(/Nothing was changed/) });
    expect(errorResponse(busy!).headers.get("retry-after")).toBe("1");
  }, 15_000);

  it("commits writes that arrive together, and a failing one takes none of the others down", async () => {
    const user = await makeUser();
    const doc = await document(`batch ${tag()}`, "one two three four five six seven");
    const create = (start: number, end: number, quote: string) =>
      write((tx) =>
        insertAnnotation(tx, {
          documentId: doc.id,
          authorId: user.id,
          start,
          end,
          quote,
          prefix: "",
          suffix: "",
          classification: "opinion",
          note: "{}",
          noteText: "",
          evidence: [],
          anchorVersion: 1,
        }),
      );
    const failing = write(async (tx) => {
      await insertAnnotation(tx, {
        documentId: doc.id,
        authorId: user.id,
        start: 0,
        end: 3,
        quote: "one",
        prefix: "",
        suffix: "",
        classification: "opinion",
        note: "{}",
        noteText: "",
        evidence: [],
        anchorVersion: 1,
      });
      throw new Error("refused after writing");
    });
    const results = await Promise.allSettled([create(4, 7, "two"), failing, create(8, 13, "three")]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    for (const r of results) if (r.status === "fulfilled") expect(await findAnnotationRecord(r.value.id)).not.toBeNull();
    const { findDocumentAnnotations } = await import("@/lib/annotations/store");
    expect((await findDocumentAnnotations(doc.id)).map((a) => a.quote)).toEqual(["two", "three"]);
  });

  it("commits a write marked not durable without waiting for the disk, and only that write", async () => {
    // What the commit waits for, read inside the transaction: SQLite's safety level (2 = FULL, 1 = NORMAL)
    // or PostgreSQL's synchronous_commit.
    const level = async (tx: Tx) => {
      const { rows } = await tx.executeQuery<Record<string, unknown>>(CompiledQuery.raw(engine === "sqlite" ? "PRAGMA synchronous" : "SHOW synchronous_commit"));
      return String(Object.values(rows[0])[0]);
    };
    const durableLevel = engine === "sqlite" ? { NORMAL: "1", FULL: "2", EXTRA: "3" }[env.sqliteSynchronous] : "on";
    const relaxedLevel = engine === "sqlite" ? "1" : "off";
    const user = await makeUser();
    const doc = await document(`durability ${tag()}`, "alpha beta gamma");
    const marked = (start: number, end: number, quote: string, durable: boolean) =>
      write(async (tx) => {
        const seen = await level(tx);
        await insertAnnotation(tx, { documentId: doc.id, authorId: user.id, start, end, quote, prefix: "", suffix: "", classification: "opinion", note: "{}", noteText: "", evidence: [], anchorVersion: 1 });
        return seen;
      }, { durable });
    // Submitted together: on SQLite they would share one commit, but a commit is durable or not as a whole,
    // so they commit in two, each kind in its own (the kind of the oldest first).
    const seen = await Promise.all([marked(6, 10, "beta", false), marked(0, 5, "alpha", true), marked(11, 16, "gamma", false), marked(0, 5, "alpha", true)]);
    expect(seen).toEqual([relaxedLevel, durableLevel, relaxedLevel, durableLevel]);
    const { findDocumentAnnotations } = await import("@/lib/annotations/store");
    expect((await findDocumentAnnotations(doc.id)).map((a) => a.quote).sort()).toEqual(["alpha", "alpha", "beta", "gamma"]);
    // and the next write is durable again
    expect(await write(level)).toBe(durableLevel);
  });

  it("rolls a lone failing write back whole, and the next write commits", async () => {
    const user = await makeUser();
    const doc = await document(`lone ${tag()}`, `one two three ${crypto.randomUUID()}`);
    const input = (quote: string, start: number) => ({
      documentId: doc.id,
      authorId: user.id,
      start,
      end: start + quote.length,
      quote,
      prefix: "",
      suffix: "",
      classification: "opinion" as const,
      note: "{}",
      noteText: "",
      evidence: [{ citation: "kept only if committed" }],
      anchorVersion: 1,
    });
    const failed = await write(async (tx) => {
      await insertAnnotation(tx, input("one", 0));
      throw new Error("refused after writing");
    }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failed).toBe("refused after writing");
    const kept = await write((tx) => insertAnnotation(tx, input("two", 4)));
    const { findDocumentAnnotations } = await import("@/lib/annotations/store");
    expect((await findDocumentAnnotations(doc.id)).map((a) => a.id)).toEqual([kept.id]);
  });

  it("leaves nothing behind in the process when a snapshot closes (an export a day must not slow every request)", async () => {
    // Every AsyncLocalStorage that ever ran (on Node 20) is propagated into each new async resource,
    // as a symbol-keyed property, for the rest of the process: count them on a fresh resource.
    const stores = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return Object.getOwnPropertySymbols(executionAsyncResource()).length;
    };
    const read = async () => {
      const snapshot = await openSnapshot();
      try {
        await snapshot.db.selectFrom("User").select("id").limit(1).execute();
      } finally {
        await snapshot.close();
      }
    };
    await read(); // the first may set up what every snapshot shares
    const before = await stores();
    for (let i = 0; i < 5; i++) await read();
    expect(await stores()).toBe(before);
  });
});
