import type { UpstreamAttempt } from '@llm-relay/core';
import { describe, expect, it } from 'vitest';
import { attemptErrorType, attemptOutcomeAttributes, attemptStartAttributes } from './attempt-span-attributes.js';

describe('attemptErrorType', () => {
  const attempt: UpstreamAttempt = { upstream: 'default', model: 'm', attempt: 1, startedAt: 0, durationMs: 3, willRetry: false };
  it('names a failed call by its code or status, and a success not at all', () => {
    expect(attemptErrorType({ ...attempt, status: 200 })).toBeUndefined();
    expect(attemptErrorType({ ...attempt, status: 503, willRetry: true })).toBe('503');
    expect(attemptErrorType({ ...attempt, status: 400, error: 'context_length_exceeded' })).toBe('context_length_exceeded');
    expect(attemptErrorType({ ...attempt, errorCode: 'upstream_timeout', error: 'The upstream did not answer within 5 ms.' } as UpstreamAttempt)).toBe('upstream_timeout');
  });

  it('never turns a sentence into a type', () => {
    expect(attemptErrorType({ ...attempt, error: 'Could not reach the upstream at http://x: ECONNREFUSED' })).toBe('_OTHER');
  });

  it('records where the call went and which try it was, then its status and whether the relay retries', () => {
    expect(attemptStartAttributes(attempt)).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'default',
      'gen_ai.request.model': 'm',
      'llm_relay.attempt': 1,
    });
    expect(attemptOutcomeAttributes({ ...attempt, status: 429, willRetry: true })).toEqual({
      'http.response.status_code': 429,
      'error.type': '429',
      'llm_relay.will_retry': true,
    });
  });
});
