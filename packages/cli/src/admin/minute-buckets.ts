import { percentile } from './percentile.js';

/** Sums kept per minute, and per model, upstream and client key within it. */
export interface Counts {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
}

/** What one finished request adds to its minute. */
export interface MinuteSample {
  at: number;
  model: string;
  upstream: string;
  key: string;
  error: boolean;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  durationMs: number;
  ttfbMs: number | undefined;
}

export interface MinuteSummary extends Counts {
  /** The minute's start, ms since the epoch. */
  t: number;
  latencyP50?: number;
  latencyP95?: number;
  ttfbP50?: number;
  ttfbP95?: number;
  /** Requests in the minute by model, upstream and client key name (empty minutes have none). */
  requestsBy?: { model: Record<string, number>; upstream: Record<string, number>; key: Record<string, number> };
}

export interface NamedCounts extends Counts {
  name: string;
  /** Share of the prompt tokens the provider read from its cache. */
  cachedShare: number;
}

export interface HourSummary {
  minutes: MinuteSummary[];
  totals: Counts & { cachedShare: number; latencyP50?: number; latencyP95?: number; ttfbP50?: number; ttfbP95?: number };
  byModel: NamedCounts[];
  byUpstream: NamedCounts[];
  byKey: NamedCounts[];
}

interface Bucket {
  minute: number;
  counts: Counts;
  latency: Samples;
  ttfb: Samples;
  byModel: Map<string, Counts>;
  byUpstream: Map<string, Counts>;
  byKey: Map<string, Counts>;
}

/** A uniform sample of at most `size` values (reservoir sampling): percentiles from bounded memory. */
class Samples {
  values: number[] = [];
  private seen = 0;
  constructor(
    private readonly size: number,
    private readonly random: () => number,
  ) {}
  add(value: number): void {
    this.seen += 1;
    if (this.values.length < this.size) this.values.push(value);
    else {
      const slot = Math.floor(this.random() * this.seen);
      if (slot < this.size) this.values[slot] = value;
    }
  }
}

const OTHER = '(other)';

/**
 * Per-minute counts for the last `minutes` minutes, in a fixed ring of buckets: requests, errors, tokens,
 * latency and time-to-first-byte percentiles (from at most `samplesPerMinute` samples a minute), by model,
 * upstream and client key name (at most `namesPerMinute` names each a minute; the rest count as `(other)`).
 * Memory is bounded whatever the traffic: 60 minutes × (2 × 256 samples + 3 × 64 names).
 */
export class MinuteBuckets {
  private readonly buckets: (Bucket | undefined)[];

  constructor(
    private readonly minutes = 60,
    private readonly samplesPerMinute = 256,
    private readonly namesPerMinute = 64,
    private readonly random: () => number = Math.random,
  ) {
    this.buckets = new Array<Bucket | undefined>(minutes);
  }

  add(sample: MinuteSample): void {
    const minute = Math.floor(sample.at / 60_000);
    const slot = minute % this.minutes;
    let bucket = this.buckets[slot];
    if (bucket === undefined || bucket.minute !== minute) {
      // An older minute in this slot is more than an hour old: it is reused.
      if (bucket !== undefined && bucket.minute > minute) return;
      bucket = {
        minute,
        counts: zero(),
        latency: new Samples(this.samplesPerMinute, this.random),
        ttfb: new Samples(this.samplesPerMinute, this.random),
        byModel: new Map(),
        byUpstream: new Map(),
        byKey: new Map(),
      };
      this.buckets[slot] = bucket;
    }
    addTo(bucket.counts, sample);
    addTo(this.named(bucket.byModel, sample.model), sample);
    addTo(this.named(bucket.byUpstream, sample.upstream), sample);
    addTo(this.named(bucket.byKey, sample.key), sample);
    bucket.latency.add(sample.durationMs);
    if (sample.ttfbMs !== undefined) bucket.ttfb.add(sample.ttfbMs);
  }

  /** The last `minutes` minutes up to `now`, oldest first (empty minutes included), with their totals. */
  summary(now: number): HourSummary {
    const current = Math.floor(now / 60_000);
    const minutes: MinuteSummary[] = [];
    const totals = zero();
    const latency: number[] = [];
    const ttfb: number[] = [];
    const byModel = new Map<string, Counts>();
    const byUpstream = new Map<string, Counts>();
    const byKey = new Map<string, Counts>();
    for (let minute = current - this.minutes + 1; minute <= current; minute += 1) {
      const bucket = this.buckets[minute % this.minutes];
      if (bucket === undefined || bucket.minute !== minute) {
        minutes.push({ t: minute * 60_000, ...zero() });
        continue;
      }
      const lat = [...bucket.latency.values].sort(ascending);
      const first = [...bucket.ttfb.values].sort(ascending);
      const requestsBy = { model: requestsOf(bucket.byModel), upstream: requestsOf(bucket.byUpstream), key: requestsOf(bucket.byKey) };
      minutes.push({
        t: minute * 60_000,
        ...bucket.counts,
        latencyP50: percentile(lat, 50),
        latencyP95: percentile(lat, 95),
        ttfbP50: percentile(first, 50),
        ttfbP95: percentile(first, 95),
        requestsBy,
      });
      merge(totals, bucket.counts);
      latency.push(...lat);
      ttfb.push(...first);
      for (const [into, from] of [
        [byModel, bucket.byModel],
        [byUpstream, bucket.byUpstream],
        [byKey, bucket.byKey],
      ] as const) {
        for (const [name, counts] of from) merge(into.get(name) ?? into.set(name, zero()).get(name)!, counts);
      }
    }
    latency.sort(ascending);
    ttfb.sort(ascending);
    return {
      minutes,
      totals: { ...totals, cachedShare: share(totals), latencyP50: percentile(latency, 50), latencyP95: percentile(latency, 95), ttfbP50: percentile(ttfb, 50), ttfbP95: percentile(ttfb, 95) },
      byModel: named(byModel),
      byUpstream: named(byUpstream),
      byKey: named(byKey),
    };
  }

  private named(map: Map<string, Counts>, name: string): Counts {
    let counts = map.get(name);
    if (counts === undefined) {
      const kept = map.size < this.namesPerMinute - 1 ? name : OTHER;
      counts = map.get(kept);
      if (counts === undefined) map.set(kept, (counts = zero()));
    }
    return counts;
  }
}

const ascending = (a: number, b: number) => a - b;
const zero = (): Counts => ({ requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, cachedTokens: 0 });
const share = (counts: Counts) => (counts.promptTokens === 0 ? 0 : counts.cachedTokens / counts.promptTokens);

function addTo(counts: Counts, sample: MinuteSample): void {
  counts.requests += 1;
  if (sample.error) counts.errors += 1;
  counts.promptTokens += sample.promptTokens;
  counts.completionTokens += sample.completionTokens;
  counts.cachedTokens += sample.cachedTokens;
}

function merge(into: Counts, from: Counts): void {
  into.requests += from.requests;
  into.errors += from.errors;
  into.promptTokens += from.promptTokens;
  into.completionTokens += from.completionTokens;
  into.cachedTokens += from.cachedTokens;
}

function requestsOf(map: Map<string, Counts>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, counts] of map) out[name] = counts.requests;
  return out;
}

function named(map: Map<string, Counts>): NamedCounts[] {
  return [...map].map(([name, counts]) => ({ name, ...counts, cachedShare: share(counts) })).sort((a, b) => b.requests - a.requests);
}
