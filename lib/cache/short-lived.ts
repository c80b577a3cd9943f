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
    const answers = await this.getMany([key], async ([k]) => new Map([[k, await load()]]));
    return answers.get(key) as V;
  }

  /** Answers for several keys, the missing ones loaded together; a key `load` leaves out is not kept. */
  async getMany(keys: Iterable<string>, load: (keys: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
    const now = Date.now();
    const out = new Map<string, V>();
    const missing: string[] = [];
    const ageing: string[] = [];
    for (const key of new Set(keys)) {
      const hit = this.entries.get(key);
      if (hit && now - hit.at < this.ttlMs) {
        out.set(key, hit.value);
        if (now - hit.at >= this.ttlMs / 2 && !this.refreshing.has(key)) ageing.push(key);
      } else missing.push(key);
    }
    if (ageing.length) {
      for (const key of ageing) this.refreshing.add(key);
      // A failed refresh leaves the answers to expire; the next request past their time loads and sees the error.
      this.loadInto(ageing, load, now)
        .catch(() => undefined)
        .finally(() => ageing.forEach((key) => this.refreshing.delete(key)));
    }
    if (missing.length) for (const [key, value] of await this.loadInto(missing, load, now)) out.set(key, value);
    return out;
  }

  /** Drops these keys' answers; answers of any key still loading are not kept. */
  forget(keys: Iterable<string>): void {
    this.generation++;
    for (const key of keys) this.entries.delete(key);
  }

  /** Drops every answer, including those still loading. */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  private async loadInto(keys: string[], load: (keys: string[]) => Promise<Map<string, V>>, now: number): Promise<Map<string, V>> {
    const generation = this.generation;
    const values = await load(keys);
    if (generation === this.generation) {
      for (const [key, value] of values) {
        if (this.entries.size >= this.maxEntries) this.entries.clear();
        this.entries.set(key, { at: now, value });
      }
    }
    return values;
  }
}
