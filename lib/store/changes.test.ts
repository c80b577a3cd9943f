// The cross-process change signal (lib/store/changes.ts), on the engine of this leg: another process's
// commits are signalled, this process's own are not (their writers hand them to the streams themselves:
// each would otherwise cost every process a look at the log and the presence lists). On SQLite the signal
// is this process's connection's data_version, which only other connections' commits move; on PostgreSQL
// a NOTIFY naming the document, dropped when one of this process's own connections sent it.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnnotation } from "@/lib/annotations/service";
import { makeDocument, makeUser } from "@/lib/testing/factories";
import { storedTime } from "@/lib/store/time";
import { elsewhere } from "@/lib/testing/elsewhere";
import { engine, sqliteDataVersion } from "./engine";
import { watchChanges, type ChangeSignal } from "./changes";

/** An event appended by a connection of its own, as another server process would. */
const eventElsewhere = (documentId: string) =>
  elsewhere(`INSERT INTO "DocumentEvent" ("documentId", "type", "payload", "createdAt") VALUES (?, ?, ?, ?)`, [
    documentId,
    "annotation.deleted",
    JSON.stringify({ id: "none", documentId }),
    storedTime(),
  ]);

async function until(probe: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const annotate = (user: Awaited<ReturnType<typeof makeUser>>, documentId: string) =>
  createAnnotation({ user, documentId, input: { start: 0, end: 6, quote: "Claims", classification: "opinion", evidence: [] } });

describe(`the change signal on ${engine}`, () => {
  const signals: ChangeSignal[] = [];
  let stop = () => {};
  // The feed starts with the first watcher, and PostgreSQL's LISTEN connects in the background (a commit
  // before it is covered by the unspecific signal sent once it listens): another process commits on a
  // document of the file's own until that is signalled.
  beforeAll(async () => {
    stop = watchChanges((s) => signals.push(s));
    const probe = await makeDocument(`Claims probing the feed, ${crypto.randomUUID()}.`);
    for (let tries = 0; ; tries++) {
      await eventElsewhere(probe.id);
      try {
        return await until(() => signals.some((s) => s === null || s.documentId === probe.id), 500);
      } catch (error) {
        if (tries === 20) throw error;
      }
    }
  });
  afterAll(() => stop());

  it("signals another process's commit, within 2 s at most", async () => {
    const doc = await makeDocument(`Claims made elsewhere, ${crypto.randomUUID()}.`);
    signals.length = 0;
    await eventElsewhere(doc.id);
    const expected = engine === "sqlite" ? null : { kind: "event", documentId: doc.id };
    await until(() => signals.some((s) => JSON.stringify(s) === JSON.stringify(expected)));
  });

  it("gives no signal for this process's own commits (their writers hand them over)", async () => {
    const user = await makeUser();
    const doc = await makeDocument(`Claims made here, ${crypto.randomUUID()}.`);
    if (engine === "sqlite") {
      // Other test files commit through connections of their own meanwhile, and those are signalled: a
      // try counts only when the connection's data_version shows no other commit during it. (When the
      // poll had a connection of its own, every own commit was signalled.)
      let quiet = false;
      for (let tries = 0; tries < 40 && !quiet; tries++) {
        const before = sqliteDataVersion();
        // Two polls and more before listening: a commit of another connection just before `before` was
        // read is already in it, and its signal must not land in this try's list.
        await new Promise((r) => setTimeout(r, 120));
        signals.length = 0;
        await annotate(user, doc.id);
        await new Promise((r) => setTimeout(r, 120)); // two polls and more
        if (sqliteDataVersion() !== before) continue;
        expect(signals).toEqual([]);
        quiet = true;
      }
      expect(quiet).toBe(true);
      return;
    }
    // PostgreSQL's signals name their document, and only this test writes to this one. Notifications
    // arrive in the order their transactions committed.
    signals.length = 0;
    await annotate(user, doc.id);
    await eventElsewhere(doc.id); // after this process's own commit, on another connection
    await until(() => signals.some((s) => s?.kind === "event" && s.documentId === doc.id));
    await new Promise((r) => setTimeout(r, 100));
    expect(signals.filter((s) => s?.documentId === doc.id)).toEqual([{ kind: "event", documentId: doc.id }]);
  });
});
