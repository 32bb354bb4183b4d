import type { RetryConfig } from '../options/relay-options.js';

/** Statuses worth another try: rate limited, timed out, or the provider failing. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * How long to wait before retry number `retry` (1-based): exponential with jitter, or what the upstream's
 * `Retry-After` / `retry-after-ms` asks. Returns undefined when the upstream asks for longer than
 * `maxDelayMs`: better to move on to a fallback than to hold the client.
 */
export function retryDelay(retry: number, config: RetryConfig, headers: Headers | undefined, random: () => number = Math.random): number | undefined {
  const base = config.baseDelayMs ?? 250;
  const max = config.maxDelayMs ?? 10_000;
  const asked = retryAfterMs(headers);
  if (asked !== undefined) return asked <= max ? asked : undefined;
  const exponential = Math.min(max, base * 2 ** (retry - 1));
  return Math.round(exponential * (0.5 + random() * 0.5));
}

/** What an upstream's `retry-after-ms` or `Retry-After` (seconds or a date) asks for, in ms. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  if (headers === undefined) return undefined;
  const ms = Number(headers.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
