// An in-process cache bounded by a total weight (ranges, spans: what its values cost in memory), least
// recently used first out. Each process keeps its own; callers decide when an entry is stale.
export class WeightedLru<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(private readonly maxWeight: number) {}

  /** The value, now the most recently used. */
  get(key: K): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }

  /** Stores the value as the most recently used, then drops the least recently used others while over the bound. */
  set(key: K, value: V, weight: number): void {
    this.delete(key);
    this.entries.set(key, { value, weight });
    this.total += weight;
    for (const k of this.entries.keys()) {
      if (this.total <= this.maxWeight || k === key) break;
      this.delete(k);
    }
  }

  delete(key: K): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.total -= old.weight;
  }
}
