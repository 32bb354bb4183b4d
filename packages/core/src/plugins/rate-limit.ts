import { RelayError } from '../errors/relay-error.js';
import { MemoryRateLimitStore } from './memory-rate-limit-store.js';
import type { BucketCheck, BucketState, RateLimitStore } from './rate-limit-store.js';
import type { RelayContext, RelayPlugin } from './relay-plugin.js';

export interface RateLimits {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

export interface RateLimitOptions {
  /** Default: in this process. Pass a shared store (e.g. Redis) for several replicas. */
  store?: RateLimitStore;
  /** The limits of a client key by name (`undefined` when no keys are configured); none = unlimited. */
  limitsFor(keyName: string | undefined): RateLimits | undefined;
  /** The clock, injectable for tests. */
  now?: () => number;
  /** Default 60,000 (per minute). */
  windowMs?: number;
  /** Bucket key prefix in the store. */
  prefix?: string;
}

interface Decision {
  keyName: string;
  limits: RateLimits;
}

/**
 * Requests and tokens per minute per client key. Prompt tokens are counted before forwarding, completion
 * tokens added from the reported usage afterwards. Over a limit: 429 with `Retry-After` and the
 * `x-ratelimit-*` headers OpenAI clients already read; under it, the same headers tell what is left.
 */
export function rateLimit(options: RateLimitOptions): RelayPlugin {
  const store = options.store ?? new MemoryRateLimitStore();
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 60_000;
  const prefix = options.prefix ?? 'llm-relay:rl:';
  // Bucket keys per key name, made once: a relay has a handful of key names, each on every request.
  const bucketKeys = new Map<string, { req: string; tok: string }>();
  const keyFor = (kind: 'req' | 'tok', name: string): string => {
    let known = bucketKeys.get(name);
    if (known === undefined) {
      known = { req: `${prefix}req:${name}`, tok: `${prefix}tok:${name}` };
      if (bucketKeys.size < 10_000) bucketKeys.set(name, known);
    }
    return known[kind];
  };

  return {
    name: 'rate-limit',
    async beforeForward(context, info) {
      const keyName = context.record.keyName;
      const limits = options.limitsFor(keyName);
      if (limits === undefined) return;
      const name = keyName ?? 'anonymous';
      const checks: BucketCheck[] = [];
      if (limits.requestsPerMinute !== undefined) checks.push({ key: keyFor('req', name), cost: 1, limit: limits.requestsPerMinute });
      // A prompt larger than the whole minute's budget still goes through once the bucket is full.
      if (limits.tokensPerMinute !== undefined) checks.push({ key: keyFor('tok', name), cost: Math.min(info.promptTokens, limits.tokensPerMinute), limit: limits.tokensPerMinute });
      if (checks.length === 0) return;
      let result: Awaited<ReturnType<RateLimitStore['consume']>>;
      try {
        result = await store.consume(checks, windowMs, now());
      } catch (error) {
        // The limits cannot be checked (a shared store is down): refuse clearly, as a gateway whose limits hold.
        throw new RelayError({
          status: 503,
          type: 'api_error',
          code: 'rate_limit_store_unavailable',
          message: `The relay cannot check rate limits right now (${error instanceof Error ? error.message : 'its store failed'}); try again shortly.`,
          headers: { 'retry-after': '1' },
        });
      }
      const [requests, tokens] = splitBuckets(result.buckets, limits);
      setHeaders(context.responseHeaders, requests, tokens);
      context.record.rateLimit = { allowed: result.allowed, remainingRequests: requests?.remaining, remainingTokens: tokens?.remaining };
      context.state.rateLimit = { keyName: name, limits } satisfies Decision;
      if (result.allowed) return;
      const blocking = result.buckets.filter((bucket) => bucket.retryAfterMs > 0);
      const retryAfterMs = Math.max(...blocking.map((bucket) => bucket.retryAfterMs));
      const what = blocking.map((bucket) => (bucket === requests ? `requests per minute (limit ${bucket.limit})` : `tokens per minute (limit ${bucket.limit}, this request ${info.promptTokens})`));
      throw new RelayError({
        status: 429,
        type: 'rate_limit_error',
        code: 'rate_limit_exceeded',
        message: `Rate limit reached for key "${name}" on ${what.join(' and ')}. Retry in ${formatDuration(retryAfterMs)}.`,
        headers: Object.assign({ 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) }, headerRecord(requests, tokens)),
      });
    },
    onResponse(context: RelayContext) {
      const decision = context.state.rateLimit as Decision | undefined;
      const completion = context.record.completionTokens;
      if (decision?.limits.tokensPerMinute === undefined || !context.record.rateLimit?.allowed || !completion) return;
      return store.debit(keyFor('tok', decision.keyName), completion, decision.limits.tokensPerMinute, windowMs, now());
    },
  };
}

function splitBuckets(buckets: BucketState[], limits: RateLimits): [BucketState | undefined, BucketState | undefined] {
  if (limits.requestsPerMinute === undefined) return [undefined, buckets[0]];
  return [buckets[0], buckets[1]];
}

/** The `x-ratelimit-*` headers of the two buckets, one by one (on every request: no record in between). */
function eachHeader(requests: BucketState | undefined, tokens: BucketState | undefined, set: (name: string, value: string) => void): void {
  if (requests !== undefined) {
    set('x-ratelimit-limit-requests', String(requests.limit));
    set('x-ratelimit-remaining-requests', String(requests.remaining));
    set('x-ratelimit-reset-requests', formatDuration(requests.resetMs));
  }
  if (tokens !== undefined) {
    set('x-ratelimit-limit-tokens', String(tokens.limit));
    set('x-ratelimit-remaining-tokens', String(tokens.remaining));
    set('x-ratelimit-reset-tokens', formatDuration(tokens.resetMs));
  }
}

function headerRecord(requests: BucketState | undefined, tokens: BucketState | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  eachHeader(requests, tokens, (name, value) => (headers[name] = value));
  return headers;
}

function setHeaders(target: Headers, requests: BucketState | undefined, tokens: BucketState | undefined): void {
  eachHeader(requests, tokens, (name, value) => target.set(name, value));
}

/** OpenAI's reset format: `20ms`, `1.5s`, `6m0s`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  const seconds = ms / 1_000;
  if (seconds < 60) return `${Number(seconds.toFixed(3))}s`;
  return `${Math.floor(seconds / 60)}m${Number((seconds % 60).toFixed(3))}s`;
}
