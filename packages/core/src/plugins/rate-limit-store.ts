export interface BucketCheck {
  key: string;
  /** What this request takes from the bucket. */
  cost: number;
  /** The bucket's size: so much per window, refilled continuously. */
  limit: number;
}

export interface BucketState {
  key: string;
  limit: number;
  remaining: number;
  /** Until the bucket is full again. */
  resetMs: number;
  /** Until this request's cost would fit (0 when it was allowed). */
  retryAfterMs: number;
}

export interface ConsumeResult {
  allowed: boolean;
  buckets: BucketState[];
}

/**
 * Where rate-limit buckets live: in memory for one relay, in Redis for several behind a load balancer.
 * Each bucket is a token bucket refilled at `limit` per `windowMs`. `consume` is all-or-nothing over
 * its checks and atomic; time comes from the caller, so tests (and replicas) agree on the clock.
 */
export interface RateLimitStore {
  consume(checks: BucketCheck[], windowMs: number, nowMs: number): Promise<ConsumeResult>;
  /** Takes `cost` after the fact (completion tokens), into debt if need be. */
  debit(key: string, cost: number, limit: number, windowMs: number, nowMs: number): Promise<void>;
}

/** The bucket arithmetic, shared by the stores (the Redis store runs the same steps in Lua). */
export function refill(level: number, updatedAt: number, limit: number, windowMs: number, nowMs: number): number {
  return quantize(Math.min(limit, level + (Math.max(0, nowMs - updatedAt) * limit) / windowMs));
}

/** Levels are kept to a millionth, so every store (and Lua's 14-digit numbers) computes the same values. */
export function quantize(level: number): number {
  return Math.floor(level * 1e6 + 0.5) / 1e6;
}

export function bucketState(key: string, limit: number, level: number, cost: number, allowed: boolean, windowMs: number): BucketState {
  return {
    key,
    limit,
    remaining: Math.max(0, Math.floor(level)),
    resetMs: Math.ceil(((limit - level) * windowMs) / limit),
    retryAfterMs: allowed ? 0 : Math.max(0, Math.ceil(((cost - level) * windowMs) / limit)),
  };
}
