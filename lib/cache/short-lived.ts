// An in-process cache whose answers live for a short time (ttlMs) and that a change can drop at once.
// An answer still loading when the cache is cleared is not kept: it may have been read before the change
// (a session check that started before its sign-out must not be cached as valid after it).
export class ShortLived<V> {
  private readonly entries = new Map<string, { at: number; value: V }>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { at: now, value });
    }
    return value;
  }

  /** Drops every answer, including those still loading. */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
