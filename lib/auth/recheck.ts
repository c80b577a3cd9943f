import "server-only";
// Long requests (the live streams) re-check their caller every second, so a stream ends within about a
// second of a sign-out, a token revocation or expiry, a deactivation or a role change. One timer per
// process checks every such caller together: one query for their sessions and one for their tokens,
// however many streams are open. (Each stream checking its own caller cost a Prisma query per session
// per second, ~2 ms of the event loop each: a seminar of 50 on one document spent a tenth of a core on
// it, and each check delayed whatever else was due then.)
import type { CurrentUser } from "./roles";
import { callerStates, type CallerState } from "./session";
import { failureLog, type FailureLog } from "@/lib/failure-log";

export const RECHECK_MS = 1_000;
/** How often the checks' failures are written to the log while they go on (the database away: one a second otherwise). */
export const LOG_EVERY_MS = 10_000;

/** A check's answer for one caller; "failed" when the check could not be made (the database did not answer). */
export type RecheckResult = CallerState | "failed";

interface Watch {
  user: CurrentUser;
  onResult: (result: RecheckResult) => void;
}

interface Rechecks {
  watches: Set<Watch>;
  timer: NodeJS.Timeout | null;
  running: boolean;
  /** The checks' failures in the log: with the database away, every process with a live stream open failed once a second. */
  log: FailureLog;
}

const globalForRechecks = globalThis as unknown as { apparatusRechecks?: Rechecks };
const rechecks: Rechecks = (globalForRechecks.apparatusRechecks ??= {
  watches: new Set(),
  timer: null,
  running: false,
  log: failureLog({ name: "caller re-check", retrying: "trying again every second while streams are open", recovered: "works again", everyMs: LOG_EVERY_MS }),
});

/** Check `user` every RECHECK_MS from now on, telling `onResult` each answer. Returns the function that stops it. */
export function recheckCaller(user: CurrentUser, onResult: (result: RecheckResult) => void): () => void {
  const watch: Watch = { user, onResult };
  rechecks.watches.add(watch);
  if (!rechecks.timer) {
    rechecks.timer = setInterval(() => void checkAll(), RECHECK_MS);
    rechecks.timer.unref();
  }
  return () => {
    rechecks.watches.delete(watch);
    if (rechecks.watches.size === 0 && rechecks.timer) {
      clearInterval(rechecks.timer);
      rechecks.timer = null;
    }
  };
}

async function checkAll(): Promise<void> {
  if (rechecks.running) return; // a check that takes longer than a second: the next starts after it
  rechecks.running = true;
  const watches = [...rechecks.watches];
  let results: RecheckResult[];
  try {
    results = await callerStates(watches.map((w) => w.user));
    rechecks.log.worked();
  } catch (error) {
    rechecks.log.failed((error as Error).message);
    results = watches.map(() => "failed");
  } finally {
    rechecks.running = false;
  }
  watches.forEach((watch, i) => {
    if (!rechecks.watches.has(watch)) return; // stopped meanwhile
    try {
      watch.onResult(results[i]);
    } catch (error) {
      console.error(`caller re-check: ${(error as Error).message}`);
    }
  });
}
