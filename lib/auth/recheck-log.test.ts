// The re-check of long requests' callers runs every second; while the database cannot answer it (here its
// Session table is taken away, on a database of this file's own), its failures are written to the log once
// every LOG_EVERY_MS with how many failed in between, not once a second, and once when it works again.
import { afterEach, expect, it, vi } from "vitest";

await vi.hoisted(async () => {
  const { isolateDatabase } = await import("@/lib/testing/isolated-db");
  await isolateDatabase("recheck_log");
});

import crypto from "node:crypto";
import { db } from "@/lib/testing/db";
import { LOG_EVERY_MS, recheckCaller, RECHECK_MS, type RecheckResult } from "./recheck";
import type { CurrentUser } from "./roles";
import { createSession } from "./session";

const away = () => db.$executeRawUnsafe(`ALTER TABLE "Session" RENAME TO "SessionAway"`);
const back = () => db.$executeRawUnsafe(`ALTER TABLE "SessionAway" RENAME TO "Session"`);

afterEach(() => vi.restoreAllMocks());

it("writes the re-check's failures to the log once every 10 s with a count, and says when it works again", async () => {
  const u = await db.user.create({ data: { email: `${crypto.randomUUID()}@recheck.test`, name: "Log Test", role: "reviewer", passwordHash: "scrypt$unused" } });
  const caller: CurrentUser = { id: u.id, email: u.email, name: u.name, role: "reviewer", via: "session", sessionId: await createSession(u.id) };
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  const logs = vi.spyOn(console, "log").mockImplementation(() => {});
  const heard: RecheckResult[] = [];
  const stop = recheckCaller(caller, (result) => heard.push(result));
  const until = async (probe: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${JSON.stringify(heard)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    await until(() => heard.includes("ok"), 3 * RECHECK_MS);
    await away();
    try {
      await until(() => heard.filter((r) => r === "failed").length >= 3, 5 * RECHECK_MS);
      const lines = () => errors.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith("caller re-check:"));
      expect(lines()).toEqual([expect.stringMatching(/^caller re-check: .*Session.*; trying again every second while streams are open$/s)]);
      // the next line comes LOG_EVERY_MS after the first, with the failures in between counted
      const failedBefore = heard.filter((r) => r === "failed").length;
      await until(() => lines().length === 2, LOG_EVERY_MS + 3 * RECHECK_MS);
      expect(heard.filter((r) => r === "failed").length).toBeGreaterThanOrEqual(failedBefore + 5);
      expect(lines()[1]).toMatch(/^caller re-check: .*Session.* \(and \d+ more failures since the last report\); trying again every second while streams are open$/s);
      expect(Number(/and (\d+) more/.exec(lines()[1])![1])).toBeGreaterThanOrEqual(5);
    } finally {
      await back();
    }
    const okBefore = heard.filter((r) => r === "ok").length;
    await until(() => heard.filter((r) => r === "ok").length > okBefore, 3 * RECHECK_MS);
    expect(logs.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith("caller re-check:"))).toEqual(["caller re-check: works again"]);
  } finally {
    stop();
  }
});
