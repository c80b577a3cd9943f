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
    // storage full or disabled
  }
}
