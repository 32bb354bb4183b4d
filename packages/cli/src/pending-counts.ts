import type { Counter } from 'prom-client';

/**
 * Counter increments gathered per label set and handed to prom-client when the registry is read (its
 * `collect` hook), so a scrape sees exact totals. prom-client hashes the labels object on every `inc`
 * (about 1 us, several per request); here a request costs one string key and a Map lookup. Memory follows
 * the label sets in use, which the metrics keep bounded (backend models and key names).
 */
export class PendingCounts<L extends string> {
  private readonly pending = new Map<string, { labels: Record<L, string>; value: number }>();

  add(labels: Record<L, string>, key: string, value = 1): void {
    const entry = this.pending.get(key);
    if (entry === undefined) this.pending.set(key, { labels, value });
    else entry.value += value;
  }

  flushInto(counter: Counter<L>): void {
    for (const entry of this.pending.values()) {
      if (entry.value === 0) continue;
      counter.inc(entry.labels, entry.value);
      entry.value = 0;
    }
  }
}
