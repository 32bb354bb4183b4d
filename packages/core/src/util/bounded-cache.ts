import { LRUCache } from 'lru-cache';

/**
 * A least-recently-used map bounded by entry count and by the summed "weight" of its entries
 * (for string keys, their length), so its memory has a stated ceiling whatever the traffic.
 *
 * Backed by lru-cache, whose recency list lives in typed arrays: every operation is O(1). A plain Map
 * used as an LRU (delete and re-insert on a hit, evict through `keys().next()`) is not: V8 leaves a
 * deleted entry as a hole until the table is rebuilt, and finding the oldest key skips every hole before
 * it, so evicting 50,000 entries took 0.7 s and a 50,000-message request became quadratic.
 */
export class BoundedCache<K extends {}, V extends NonNullable<unknown> | null> {
  private readonly cache: LRUCache<K, V & {}>;

  constructor(maxEntries: number, maxWeight: number) {
    // An entry heavier than the whole bound is not stored, as before (lru-cache's default maxEntrySize).
    this.cache = new LRUCache<K, V & {}>({ max: maxEntries, maxSize: maxWeight });
  }

  get size(): number {
    return this.cache.size;
  }

  get weight(): number {
    return this.cache.calculatedSize;
  }

  has(key: K): boolean {
    return this.cache.has(key);
  }

  get(key: K): V | undefined {
    return this.cache.get(key) as V | undefined;
  }

  set(key: K, value: V, weight = 1): void {
    // lru-cache wants a positive integer size. `null` is stored as it is (only `undefined` means "none" to
    // it, and no cache here holds that): no box per entry.
    this.cache.set(key, value as V & {}, { size: Math.max(1, Math.ceil(weight)) });
  }

  clear(): void {
    this.cache.clear();
  }
}
