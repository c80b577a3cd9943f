import "server-only";
// The sign-in throttle store: every query of SignInThrottle (lib/auth/throttle.ts decides what the
// counters mean). One row per counter key ("account:<email>", "address:<ip>").
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

/** A counter's failures so far (0 when it has none), read inside the write that raises it. */
export async function findThrottleFailures(tx: Tx, key: string): Promise<number> {
  const row = await tx.selectFrom("SignInThrottle").select("failures").where("key", "=", key).executeTakeFirst();
  return Number(row?.failures ?? 0);
}

export async function saveThrottleCounter(tx: Tx, key: string, counter: { failures: number; lastFailureAt: Date; nextAllowedAt: Date }): Promise<void> {
  const values = { failures: counter.failures, lastFailureAt: storedTime(counter.lastFailureAt), nextAllowedAt: storedTime(counter.nextAllowedAt) };
  await tx
    .insertInto("SignInThrottle")
    .values({ key, ...values })
    .onConflict((oc) => oc.column("key").doUpdateSet(values))
    .execute();
}

export async function deleteThrottleCounter(key: string): Promise<void> {
  await db.deleteFrom("SignInThrottle").where("key", "=", key).execute();
}
