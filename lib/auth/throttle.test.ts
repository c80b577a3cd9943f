import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/testing/db";
import { clearFailures, delayAfter, FORGET_AFTER_MS, recordFailure, throttledFor } from "./throttle";

const unique = () => `${crypto.randomUUID()}@throttle.test`;
const ip = () => `198.51.100.${crypto.randomInt(1, 254)}-${crypto.randomUUID().slice(0, 6)}`;

describe("sign-in throttling: progressive delays, counted in the database", () => {
  it("gives a few failures free, then doubles the delay up to a cap, per account and per address", () => {
    expect([1, 2, 3, 4].map((n) => delayAfter("account", n))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 50].map((n) => delayAfter("account", n) / 1000)).toEqual([10, 20, 40, 80, 120, 120, 120]);
    expect(delayAfter("address", 19)).toBe(0);
    expect([20, 21, 22, 25, 26, 1000].map((n) => delayAfter("address", n) / 60_000)).toEqual([1, 2, 4, 30, 30, 30]);
  });

  it("refuses an account for a short while after its fifth failure (not a 15-minute lock), then lets it try again", async () => {
    const email = unique();
    const now = Date.parse("2026-06-01T12:00:00Z");
    for (let i = 0; i < 4; i++) await recordFailure(email, ip(), now);
    expect(await throttledFor(email, ip(), now)).toBe(0);
    expect(await recordFailure(email, ip(), now)).toBe(10_000);
    expect(await throttledFor(email, ip(), now)).toBe(10);
    // The same account from any address, and in upper case, is the same account.
    expect(await throttledFor(email.toUpperCase(), ip(), now + 5_000)).toBe(5);
    expect(await throttledFor(email, ip(), now + 10_000)).toBe(0);
    // The next failure doubles the delay.
    await recordFailure(email, ip(), now + 10_000);
    expect(await throttledFor(email, ip(), now + 10_000)).toBe(20);
    // A success starts the account from zero.
    await clearFailures(email);
    expect(await throttledFor(email, ip(), now + 10_000)).toBe(0);
    expect(await db.signInThrottle.count({ where: { key: `account:${email}` } })).toBe(0);
  });

  it("counts failures that arrive at the same moment, each one (the database adds them, no lost update)", async () => {
    const email = unique();
    const address = ip();
    const now = Date.parse("2026-06-03T12:00:00Z");
    const delays = await Promise.all(Array.from({ length: 8 }, () => recordFailure(email, address, now)));
    // 8 failures: the 5th to the 8th set 10, 20, 40 and 80 s, whatever order they were counted in.
    expect([...delays].sort((a, b) => a - b)).toEqual([0, 0, 0, 0, 10_000, 20_000, 40_000, 80_000]);
    const row = await db.signInThrottle.findUnique({ where: { key: `account:${email}` } });
    expect(row?.failures).toBe(8);
    expect(await throttledFor(email, ip(), now)).toBe(80);
  });

  it("slows one address trying many accounts from its twentieth failure on; a success does not reset the address", async () => {
    const address = ip();
    const now = Date.parse("2026-06-02T12:00:00Z");
    for (let i = 0; i < 19; i++) await recordFailure(unique(), address, now);
    expect(await throttledFor(unique(), address, now)).toBe(0);
    await recordFailure(unique(), address, now);
    expect(await throttledFor(unique(), address, now)).toBe(60);
    await clearFailures(unique());
    expect(await throttledFor(unique(), address, now + 30_000)).toBe(30);
    expect(await throttledFor(unique(), ip(), now)).toBe(0); // other addresses are not affected
  });

  it("keeps its counters in the database and forgets them after a quiet hour", async () => {
    const email = unique();
    const now = Date.parse("2026-06-03T12:00:00Z");
    for (let i = 0; i < 5; i++) await recordFailure(email, ip(), now);
    const row = await db.signInThrottle.findUniqueOrThrow({ where: { key: `account:${email}` } });
    expect(row.failures).toBe(5);
    expect(row.nextAllowedAt.getTime()).toBe(now + 10_000);
    // An hour later the row is gone at the next failure anywhere, and the account starts from one.
    await recordFailure(unique(), ip(), now + FORGET_AFTER_MS + 1);
    expect(await db.signInThrottle.count({ where: { key: `account:${email}` } })).toBe(0);
  });
});
