// The cross-process change signal (lib/store/changes.ts), on the engine of this leg. On SQLite it is
// this process's connection's data_version, which another connection's commit moves and this process's
// own commits do not (their writers hand them to the streams themselves: each would otherwise cost every
// process a look at the log and the presence lists). On PostgreSQL every commit NOTIFYs with its document.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
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
  it("signals another process's commit within a fraction of a second", async () => {
    const doc = await makeDocument(`Claims made elsewhere, ${crypto.randomUUID()}.`);
    const signals: ChangeSignal[] = [];
    const stop = watchChanges((s) => signals.push(s));
    try {
      await eventElsewhere(doc.id);
      const expected = engine === "sqlite" ? null : { kind: "event", documentId: doc.id };
      await until(() => signals.some((s) => JSON.stringify(s) === JSON.stringify(expected)), 1000);
    } finally {
      stop();
    }
  });

  it("this process's own commit: on SQLite no signal (its writer hands it over), on PostgreSQL a NOTIFY with its document", async () => {
    const user = await makeUser();
    const doc = await makeDocument(`Claims made here, ${crypto.randomUUID()}.`);
    const signals: ChangeSignal[] = [];
    const stop = watchChanges((s) => signals.push(s));
    try {
      if (engine === "sqlite") {
        // Other test files commit through connections of their own meanwhile, and those are signalled: a
        // try counts only when the connection's data_version shows no other commit during it. (When the
        // poll had a connection of its own, every own commit was signalled.)
        let quiet = false;
        let tries = 0;
        for (; tries < 40 && !quiet; tries++) {
          const before = sqliteDataVersion();
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
      await annotate(user, doc.id);
      await until(() => signals.some((s) => s?.kind === "event" && s.documentId === doc.id), 1000);
    } finally {
      stop();
    }
  });
});
