import "server-only";
// Sign-in throttling: progressive delays, not a hard lock. Every failed sign-in counts against the
// account ("account:<email>") and the client address ("address:<ip>"). Past a few free failures each
// one sets a delay that doubles with every further failure, up to a cap; while a delay runs, attempts
// for that account or from that address are refused without checking the password. An attacker
// guessing one account gets one guess per delay, and can keep its owner out for at most one capped
// delay after their last guess (not 15 minutes per five guesses, as a hard lock would); one address
// trying many accounts is slowed by its own counter. A success clears the account's counter (not the
// address's: one valid account must not reset an address that is spraying guesses at others).
// Counters live in the database (table SignInThrottle), so they hold across restarts and processes.
import { write } from "@/lib/store/transaction";
import { addThrottleFailure, deleteQuietThrottleCounters, deleteThrottleCounter, findThrottleCounters, setThrottleNextAllowed } from "./store";

export const THROTTLE_RULES = {
  /** Failures 1-4 are free; the 5th sets 10 s, then 20 s, 40 s, 80 s, and 2 minutes from then on. */
  account: { free: 4, baseMs: 10_000, capMs: 2 * 60_000 },
  /** Failures 1-19 are free; the 20th sets 1 minute, then 2, 4, 8, 16, and 30 minutes from then on. */
  address: { free: 19, baseMs: 60_000, capMs: 30 * 60_000 },
} as const;
/** A counter with no failure for this long starts again from zero (longer than every cap). */
export const FORGET_AFTER_MS = 60 * 60_000;

type Kind = keyof typeof THROTTLE_RULES;

/** The delay the n-th failure in a row sets (0 while failures are free). */
export function delayAfter(kind: Kind, failures: number): number {
  const { free, baseMs, capMs } = THROTTLE_RULES[kind];
  if (failures <= free) return 0;
  return Math.min(baseMs * 2 ** Math.min(failures - free - 1, 30), capMs);
}

const keysFor = (email: string, ip: string) => ({ account: `account:${email.trim().toLowerCase()}`, address: `address:${ip}` });

/** Seconds until an attempt for this account from this address is allowed; 0 when it is allowed now. */
export async function throttledFor(email: string, ip: string, now = Date.now()): Promise<number> {
  const counters = await findThrottleCounters(Object.values(keysFor(email, ip)));
  let waitMs = 0;
  for (const counter of counters.values()) waitMs = Math.max(waitMs, Date.parse(counter.nextAllowedAt) - now);
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
}

/** Count a failed sign-in against the account and the address; returns the longer delay it set (ms). */
export function recordFailure(email: string, ip: string, now = Date.now()): Promise<number> {
  const keys = keysFor(email, ip);
  return write(async (tx) => {
    await deleteQuietThrottleCounters(tx, new Date(now - FORGET_AFTER_MS));
    let longest = 0;
    for (const kind of ["account", "address"] as const) {
      const failures = await addThrottleFailure(tx, keys[kind], new Date(now));
      const delay = delayAfter(kind, failures);
      longest = Math.max(longest, delay);
      await setThrottleNextAllowed(tx, keys[kind], new Date(now + delay));
    }
    return longest;
  });
}

/** A successful sign-in: the account starts again from zero. */
export async function clearFailures(email: string): Promise<void> {
  await deleteThrottleCounter(keysFor(email, "").account);
}
