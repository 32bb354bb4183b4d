import { BoundedCache } from './bounded-cache.js';
import { sampledKey, V8_HASHED_CHARS } from './long-text-key.js';

/** A long text's value with the text itself, to be compared: its key is only sampled from it. */
class LongEntry<V> {
  constructor(
    readonly text: string,
    readonly value: V,
  ) {}
}

/**
 * A `BoundedCache` keyed by text, whose lookups stay constant time for long texts (see `TextMap` for why a
 * Map keyed by them does not): a long text is stored under its sampled key with the text beside its value,
 * and two texts that share a sampled key take turns in the one entry. A cache may miss; it must never scan.
 *
 * @example const pieces = new BoundedTextCache<Pieces>(256, 4 << 20); pieces.set(text, scanned, scanned.ends.length);
 */
export class BoundedTextCache<V extends NonNullable<unknown> | null> {
  private readonly cache: BoundedCache<string, V | LongEntry<V>>;

  constructor(maxEntries: number, maxWeight: number) {
    this.cache = new BoundedCache(maxEntries, maxWeight);
  }

  get size(): number {
    return this.cache.size;
  }

  get weight(): number {
    return this.cache.weight;
  }

  get(text: string): V | undefined {
    if (text.length <= V8_HASHED_CHARS) {
      const value = this.cache.get(text);
      // A short text may spell a long one's sampled key.
      return value instanceof LongEntry ? undefined : value;
    }
    const entry = this.cache.get(sampledKey(text));
    return entry instanceof LongEntry && entry.text === text ? entry.value : undefined;
  }

  set(text: string, value: V, weight = 1): void {
    if (text.length <= V8_HASHED_CHARS) this.cache.set(text, value, weight);
    else this.cache.set(sampledKey(text), new LongEntry(text, value), weight);
  }

  clear(): void {
    this.cache.clear();
  }
}
