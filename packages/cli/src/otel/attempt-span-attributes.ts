import type { UpstreamAttempt } from '@llm-relay/core';
import type { Attributes } from '@opentelemetry/api';
import { ERROR_TYPE, GEN_AI_OPERATION_NAME, GEN_AI_PROVIDER_NAME, GEN_AI_REQUEST_MODEL, HTTP_RESPONSE_STATUS_CODE, OPERATION_CHAT } from './span-attribute-names.js';

// An error that is already a code (`context_length_exceeded`) rather than a sentence for a person.
const CODE = /^[a-z][a-z0-9_.]*$/;

/** What an upstream call's span knows from its start: where it goes, for which model, which try it is. */
export function attemptStartAttributes(call: Pick<UpstreamAttempt, 'upstream' | 'model' | 'attempt'>): Attributes {
  const attributes: Attributes = {
    [GEN_AI_OPERATION_NAME]: OPERATION_CHAT,
    [GEN_AI_PROVIDER_NAME]: call.upstream,
    'llm_relay.attempt': call.attempt,
  };
  if (call.model !== undefined) attributes[GEN_AI_REQUEST_MODEL] = call.model;
  return attributes;
}

/** What an upstream call's span learns at its end: the status, why it failed, whether the relay tries again. */
export function attemptOutcomeAttributes(attempt: UpstreamAttempt): Attributes {
  const attributes: Attributes = { 'llm_relay.will_retry': attempt.willRetry };
  if (attempt.status !== undefined) attributes[HTTP_RESPONSE_STATUS_CODE] = attempt.status;
  const errorType = attemptErrorType(attempt);
  if (errorType !== undefined) attributes[ERROR_TYPE] = errorType;
  return attributes;
}

/**
 * Why an upstream call failed, low-cardinality: an error the core gave as a code, else the HTTP status,
 * else `_OTHER` (the conventions' word for a failure without a known type: a refused connection, a timeout).
 * The core's error messages are sentences that may quote the upstream, so they never become the type.
 *
 * @example attemptErrorType({ ...attempt, status: 503 }) // '503'
 */
export function attemptErrorType(attempt: UpstreamAttempt): string | undefined {
  if (attempt.errorCode !== undefined && attempt.errorCode !== '') return attempt.errorCode;
  if (attempt.error !== undefined && CODE.test(attempt.error)) return attempt.error;
  if (attempt.status !== undefined && attempt.status >= 400) return String(attempt.status);
  return attempt.error !== undefined ? '_OTHER' : undefined;
}
