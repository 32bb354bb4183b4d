import { RelayError } from '../errors/relay-error.js';
import { retryAfterMs } from '../routing/retry-policy.js';
import type { ProviderKeys } from '../upstream/provider-keys.js';

/** How long a rate-limited key rests when the provider does not say: about a minute, as most providers' windows. */
const DEFAULT_REST_MS = 60_000;

/**
 * What an upstream's error answer means for the key that got it: a 429 or 529 rests it for the provider's
 * `retry-after`; a 401 or 403 takes it out (never the last key: then the error goes to the client as it
 * is). `switch` says another key can take the request at once.
 */
export function keyOutcome(keys: ProviderKeys, fingerprint: string, status: number, headers: Headers): { switch: boolean; reported?: 'rested' | 'removed' } {
  const now = Date.now();
  if (status === 429 || status === 529) {
    keys.rest(fingerprint, now + (retryAfterMs(headers) ?? DEFAULT_REST_MS));
    return { switch: keys.hasAnother(fingerprint, now), reported: 'rested' };
  }
  if ((status === 401 || status === 403) && keys.hasAnother(fingerprint, now)) {
    return { switch: true, reported: keys.remove(fingerprint) ? 'removed' : undefined };
  }
  return { switch: false };
}

/** The answer when every key of an upstream rests: a 429 that says when the first one is back. */
export function keysResting(upstream: string, restingUntil: number | undefined, now: number): RelayError {
  const seconds = restingUntil === undefined ? undefined : Math.max(1, Math.ceil((restingUntil - now) / 1000));
  return new RelayError({
    status: restingUntil === undefined ? 503 : 429,
    code: restingUntil === undefined ? 'upstream_keys_refused' : 'rate_limit_exceeded',
    message: restingUntil === undefined ? `The provider refused every key of upstream "${upstream}".` : `Every provider key of upstream "${upstream}" is rate limited; try again in ${seconds} s.`,
    headers: seconds === undefined ? undefined : { 'retry-after': String(seconds) },
  });
}
