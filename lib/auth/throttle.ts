// Sign-in throttling: too many failures for one account or from one address lock it out for a while.
// In memory: the app runs as one process, and a restart forgetting the counters is acceptable.
const WINDOW_MS = 15 * 60 * 1000;
const LIMITS = { account: 5, address: 20 } as const;

const failures = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const list = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (list.length) failures.set(key, list);
  else failures.delete(key);
  return list;
}

const keys = (email: string, ip: string) => ({ account: `a:${email.trim().toLowerCase()}`, address: `i:${ip}` });

/** Seconds until another attempt is allowed, or 0 when it is allowed now. */
export function throttledFor(email: string, ip: string, now = Date.now()): number {
  const k = keys(email, ip);
  let wait = 0;
  for (const kind of ["account", "address"] as const) {
    const list = recent(k[kind], now);
    if (list.length >= LIMITS[kind]) wait = Math.max(wait, Math.ceil((list[list.length - LIMITS[kind]] + WINDOW_MS - now) / 1000));
  }
  return wait;
}

export function recordFailure(email: string, ip: string, now = Date.now()): void {
  const k = keys(email, ip);
  for (const key of [k.account, k.address]) failures.set(key, [...recent(key, now), now]);
}

export function clearFailures(email: string): void {
  failures.delete(keys(email, "").account);
}
