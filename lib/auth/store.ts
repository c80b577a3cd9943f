import "server-only";
// The sign-in throttle store: every query of SignInThrottle (lib/auth/throttle.ts decides what the
// counters mean). One row per counter key ("account:<email>", "address:<ip>").
import { sql } from "kysely";
import { db, type Tx } from "@/lib/store/engine";
import { storedTime, toIso } from "@/lib/store/time";

export interface ThrottleCounter {
  failures: number;
  /** ISO time. */
  nextAllowedAt: string;
}

/** The counters of these keys that exist. */
export async function findThrottleCounters(keys: string[]): Promise<Map<string, ThrottleCounter>> {
  const rows = await db.selectFrom("SignInThrottle").select(["key", "failures", "nextAllowedAt"]).where("key", "in", keys).execute();
  return new Map(rows.map((r) => [r.key, { failures: Number(r.failures), nextAllowedAt: toIso(r.nextAllowedAt) }]));
}

/** Drop the counters with no failure since `before`. */
export async function deleteQuietThrottleCounters(tx: Tx, before: Date): Promise<void> {
  await tx.deleteFrom("SignInThrottle").where("lastFailureAt", "<", storedTime(before)).execute();
}

/**
 * One more failure on a counter, counted by the database itself (an upsert that adds 1), so two
 * failures arriving at the same moment in two processes both count: a read-then-write would let
 * both read the same number on PostgreSQL (read committed). The row stays locked until the write
 * commits. Returns the failures now counted.
 */
export async function addThrottleFailure(tx: Tx, key: string, at: Date): Promise<number> {
  const lastFailureAt = storedTime(at);
  const row = await tx
    .insertInto("SignInThrottle")
    .values({ key, failures: 1, lastFailureAt, nextAllowedAt: lastFailureAt })
    .onConflict((oc) => oc.column("key").doUpdateSet({ failures: sql<number>`"SignInThrottle"."failures" + 1`, lastFailureAt }))
    .returning("failures")
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

/** When the counter's owner may try again. */
export async function setThrottleNextAllowed(tx: Tx, key: string, nextAllowedAt: Date): Promise<void> {
  await tx.updateTable("SignInThrottle").set({ nextAllowedAt: storedTime(nextAllowedAt) }).where("key", "=", key).execute();
}

export async function deleteThrottleCounter(key: string): Promise<void> {
  await db.deleteFrom("SignInThrottle").where("key", "=", key).execute();
}
