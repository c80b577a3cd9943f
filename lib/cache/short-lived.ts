// An in-process cache whose answers live for a short time (ttlMs) and that a change can drop at once.
// An answer still loading when the cache is cleared is not kept: it may have been read before the change
// (a session check that started before its sign-out must not be cached as valid after it).
// An answer past half its time is still given at once, and read again in the background, so a key asked
// for steadily never waits for its load; no answer given is older than ttlMs (counted from its load's start).
export class ShortLived<V> {
  private readonly entries = new Map<string, { at: number; value: V }>();
  private readonly refreshing = new Set<string>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) {
      if (now - hit.at >= this.ttlMs / 2 && !this.refreshing.has(key)) this.refresh(key, load, now);
      return hit.value;
    }
    return this.loadInto(key, load, now);
  }

  /** Drops every answer, including those still loading. */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  private async loadInto(key: string, load: () => Promise<V>, now: number): Promise<V> {
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { at: now, value });
    }
    return value;
  }

  private refresh(key: string, load: () => Promise<V>, now: number): void {
    this.refreshing.add(key);
    // A failed refresh leaves the answer to expire; the next request past its time loads and sees the error.
    this.loadInto(key, load, now)
      .catch(() => undefined)
      .finally(() => this.refreshing.delete(key));
  }
}
