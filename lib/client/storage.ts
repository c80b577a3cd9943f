// Values kept in this browser's localStorage (drafts, preferences), read after hydration. Storage that
// is disabled or full is not an error: the value then lives on in memory only.

export function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled (or no window: rendered on the server)
  }
}

export function writeStored(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage full or disabled. An older value must not stay behind to be read back as this one's.
    try {
      window.localStorage.removeItem(key);
    } catch {
      // disabled: nothing was kept
    }
  }
}

/** A value kept as JSON under `key`: null when there is none, or what is there is not JSON that `accept` takes. */
export function readStoredJson<T>(key: string, accept: (value: unknown) => value is T): T | null {
  const raw = readStored(key);
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return accept(value) ? value : null;
  } catch {
    return null;
  }
}

/** Keeps `value` as JSON under `key`; null removes it. */
export function writeStoredJson(key: string, value: unknown): void {
  writeStored(key, value === null ? null : JSON.stringify(value));
}
