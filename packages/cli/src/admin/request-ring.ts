import type { RequestEntry } from './request-entry.js';

/** Default bound of the inspector's memory: the requests it keeps hold at most this many bytes (estimated). */
export const DEFAULT_RING_BYTES = 64 * 1024 * 1024;
/**
 * Default bound in count as well: 64 MiB of small requests would be some 26,000 entries of a few hundred
 * objects in all, which the collector walks on every full collection (2.7 µs a request at 26,000, against
 * 1.5 µs at 5,000, in a micro-benchmark of the hooks). Agent requests, hundreds of KB each, meet the byte
 * bound long before this.
 */
const DEFAULT_RING_ENTRIES = 10_000;

/**
 * The most recent requests, bounded in bytes (not in count alone): a long session's requests each hold
 * its whole history, so a count bound would hold anything from kilobytes to gigabytes. Adding past either
 * bound evicts the oldest entries; an entry larger than the whole byte bound is not kept at all.
 */
export class RequestRing {
  // Oldest first from `head`; a queue of its own because a Map used as one (delete the first key, add at
  // the end) leaves holes its iterator walks past on every eviction: 18 µs an add once 26,000 were kept.
  private order: RequestEntry[] = [];
  private head = 0;
  // The live entry of each id: an older one in `order` with the same id was replaced (a client may repeat
  // its x-request-id) and its bytes already given back.
  private readonly byId = new Map<string, RequestEntry>();
  private used = 0;

  constructor(
    readonly maxBytes = DEFAULT_RING_BYTES,
    readonly maxEntries = DEFAULT_RING_ENTRIES,
  ) {}

  add(entry: RequestEntry): void {
    if (entry.bytes > this.maxBytes) return;
    const id = entry.record.requestId;
    const previous = this.byId.get(id);
    if (previous !== undefined) this.used -= previous.bytes;
    this.byId.set(id, entry);
    this.order.push(entry);
    this.used += entry.bytes;
    while ((this.used > this.maxBytes || this.byId.size > this.maxEntries) && this.head < this.order.length) {
      const oldest = this.order[this.head] as RequestEntry;
      this.head += 1;
      if (this.byId.get(oldest.record.requestId) !== oldest) continue;
      this.byId.delete(oldest.record.requestId);
      this.used -= oldest.bytes;
    }
    // The evicted slots are let go of now and then, in one copy.
    if (this.head > 1_024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }

  get(requestId: string): RequestEntry | undefined {
    return this.byId.get(requestId);
  }

  /** Newest first, at most `limit`, optionally only those that pass `filter`. */
  newest(limit: number, filter?: (entry: RequestEntry) => boolean): RequestEntry[] {
    const out: RequestEntry[] = [];
    for (let i = this.order.length - 1; i >= this.head && out.length < limit; i -= 1) {
      const entry = this.order[i] as RequestEntry;
      if (this.byId.get(entry.record.requestId) !== entry) continue;
      if (filter === undefined || filter(entry)) out.push(entry);
    }
    return out;
  }

  /** Forgets every entry. */
  clear(): void {
    this.order = [];
    this.head = 0;
    this.byId.clear();
    this.used = 0;
  }

  get size(): number {
    return this.byId.size;
  }

  get bytes(): number {
    return this.used;
  }
}
