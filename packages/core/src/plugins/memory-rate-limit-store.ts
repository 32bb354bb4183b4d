import { type BucketCheck, bucketState, type ConsumeResult, quantize, type RateLimitStore, refill } from './rate-limit-store.js';

interface Bucket {
  level: number;
  updatedAt: number;
}

/** Buckets in this process. Full buckets are forgotten, so memory follows the keys in active use. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();

  async consume(checks: BucketCheck[], windowMs: number, nowMs: number): Promise<ConsumeResult> {
    const levels = checks.map(({ key, limit }) => {
      const bucket = this.buckets.get(key);
      return bucket === undefined ? limit : refill(bucket.level, bucket.updatedAt, limit, windowMs, nowMs);
    });
    const allowed = checks.every((check, i) => check.cost <= (levels[i] as number));
    const buckets = checks.map((check, i) => {
      const level = allowed ? quantize((levels[i] as number) - check.cost) : (levels[i] as number);
      if (allowed) this.buckets.set(check.key, { level, updatedAt: nowMs });
      return bucketState(check.key, check.limit, level, check.cost, allowed, windowMs);
    });
    if (this.buckets.size > 10_000) this.sweep(windowMs, nowMs);
    return { allowed, buckets };
  }

  async debit(key: string, cost: number, limit: number, windowMs: number, nowMs: number): Promise<void> {
    const bucket = this.buckets.get(key);
    const level = bucket === undefined ? limit : refill(bucket.level, bucket.updatedAt, limit, windowMs, nowMs);
    // Debt is bounded to one window, so one huge answer cannot lock a key out for long.
    this.buckets.set(key, { level: quantize(Math.max(-limit, level - cost)), updatedAt: nowMs });
  }

  private sweep(windowMs: number, nowMs: number): void {
    for (const [key, bucket] of this.buckets) if (nowMs - bucket.updatedAt > 2 * windowMs) this.buckets.delete(key);
  }
}
