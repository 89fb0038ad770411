/**
 * One pending or settled read per key, kept `ttlMs`: a burst of calls costs one read, and a value
 * changed at the source is picked up within the TTL. A failed read is dropped at once, so the
 * next call tries again instead of being served the failure until it expires.
 */
export class PromiseCache<K, V> {
  private readonly entries = new Map<K, { value: Promise<V>; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = load().catch((error: unknown) => {
      this.entries.delete(key);
      throw error;
    });
    this.entries.set(key, { value, until: now + this.ttlMs });
    return value;
  }
}
