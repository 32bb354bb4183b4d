import { requestFailed } from '../request-failed.js';
import { LiveFeed, type LiveFeedOptions } from './live-feed.js';
import { MinuteBuckets } from './minute-buckets.js';
import type { RequestEntry } from './request-entry.js';
import { DEFAULT_RING_BYTES, RequestRing } from './request-ring.js';
import { summarizeEntry } from './request-summary.js';
import { SessionTable } from './session-table.js';

export interface AdminStoreOptions {
  /** Bytes the inspector's ring of recent requests may hold (estimated). Default 64 MiB. */
  ringBytes?: number;
  /** Requests the ring may hold, whatever their size. Default 10,000. */
  ringEntries?: number;
  /** Sessions remembered. Default 200. */
  maxSessions?: number;
  /** Requests remembered per session for its chart. Default 500. */
  pointsPerSession?: number;
  live?: LiveFeedOptions;
  now?: () => number;
}

/**
 * Everything the admin page shows, fed by one plugin from the handler's per-request record: the ring of
 * recent requests, the sessions, the last hour by minute, the requests in flight and the live feed. One
 * process's view: under `--workers N` each worker has its own.
 */
export class AdminStore {
  readonly ring: RequestRing;
  readonly sessions: SessionTable;
  readonly minutes = new MinuteBuckets();
  readonly feed: LiveFeed;
  readonly now: () => number;
  readonly startedAt: number;
  inFlight = 0;
  /** Requests seen since the start (the ring keeps only the newest). */
  total = 0;

  constructor(options: AdminStoreOptions = {}) {
    this.ring = new RequestRing(options.ringBytes ?? DEFAULT_RING_BYTES, options.ringEntries);
    this.sessions = new SessionTable(options.maxSessions, options.pointsPerSession);
    this.feed = new LiveFeed(options.live);
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
  }

  /** Records one finished request everywhere it shows. */
  add(entry: RequestEntry): void {
    const r = entry.record;
    this.total += 1;
    this.ring.add(entry);
    this.sessions.add(r);
    this.minutes.add({
      at: r.startedAt + r.durationMs,
      model: r.upstreamModel ?? r.model ?? '',
      upstream: r.upstream ?? '',
      key: r.keyName ?? '',
      error: requestFailed(r),
      promptTokens: r.promptTokens ?? 0,
      completionTokens: r.completionTokens ?? 0,
      cachedTokens: r.cachedTokens ?? 0,
      durationMs: r.durationMs,
      ttfbMs: r.ttfbMs,
    });
    if (this.feed.listening) this.feed.publish('request', summarizeEntry(entry));
  }
}
