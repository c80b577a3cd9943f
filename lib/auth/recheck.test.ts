// The callers of long requests (live streams), re-checked together every second: each hears its own
// answer, read afresh from the database (here the rows change underneath, as another process would
// change them), and a stopped check hears nothing more.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/testing/db";
import { recheckCaller, RECHECK_MS, type RecheckResult } from "./recheck";
import type { CurrentUser, Role } from "./roles";
import { createSession } from "./session";

async function person(role: Role = "reviewer") {
  const email = `${crypto.randomUUID()}@recheck.test`;
  return db.user.create({ data: { email, name: "Recheck Test", role, passwordHash: "scrypt$unused" } });
}

async function bySession(role: Role = "reviewer"): Promise<CurrentUser> {
  const u = await person(role);
  return { id: u.id, email: u.email, name: u.name, role, via: "session", sessionId: await createSession(u.id) };
}

async function byToken(role: Role = "reviewer"): Promise<CurrentUser> {
  const u = await person(role);
  const token = await db.apiToken.create({ data: { userId: u.id, name: "recheck", tokenHash: crypto.randomBytes(32).toString("hex"), prefix: "ap_test" } });
  return { id: u.id, email: u.email, name: u.name, role, via: "token", tokenId: token.id };
}

async function until(probe: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("re-checking the callers of long requests", () => {
  it("tells each caller within about a second that its session ended, its token was revoked, its user was deactivated or its role changed; the others stay ok", async () => {
    const callers = {
      stays: await bySession(),
      staysByToken: await byToken("editor"),
      signedOut: await bySession(),
      revoked: await byToken(),
      deactivated: await bySession(),
      roleChanged: await bySession(),
    };
    const heard = new Map<string, RecheckResult[]>(Object.keys(callers).map((k) => [k, []]));
    const last = (k: string) => heard.get(k)!.at(-1);
    const stops = Object.entries(callers).map(([k, user]) => recheckCaller(user, (result) => heard.get(k)!.push(result)));
    try {
      await until(() => [...heard.values()].every((r) => r.length > 0), 3 * RECHECK_MS);
      expect([...heard.values()].map((r) => r[0])).toEqual(Object.keys(callers).map(() => "ok"));

      await db.session.delete({ where: { id: callers.signedOut.sessionId } });
      await db.apiToken.update({ where: { id: callers.revoked.tokenId }, data: { revokedAt: new Date() } });
      await db.user.update({ where: { id: callers.deactivated.id }, data: { active: false } });
      await db.user.update({ where: { id: callers.roleChanged.id }, data: { role: "viewer" } });
      await until(() => ["signedOut", "revoked", "deactivated", "roleChanged"].every((k) => last(k) !== "ok"), 3 * RECHECK_MS);
      expect(Object.fromEntries(Object.keys(callers).map((k) => [k, last(k)]))).toEqual({
        stays: "ok",
        staysByToken: "ok",
        signedOut: "ended",
        revoked: "ended",
        deactivated: "ended",
        roleChanged: "role_changed",
      });

      // A stopped check hears nothing more; the others go on.
      stops[0]();
      const before = heard.get("stays")!.length;
      const othersBefore = heard.get("staysByToken")!.length;
      await until(() => heard.get("staysByToken")!.length > othersBefore + 1, 3 * RECHECK_MS);
      expect(heard.get("stays")!.length).toBe(before);
    } finally {
      stops.forEach((stop) => stop());
    }
  });
});
