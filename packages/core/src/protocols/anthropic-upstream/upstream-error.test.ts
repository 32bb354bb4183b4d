import { describe, expect, it } from 'vitest';
import { isRetryableStatus } from '../../routing/retry-policy.js';
import { parseContextOverflow } from '../../upstream/context-overflow.js';
import { anthropicUpstreamError } from './upstream-error.js';

const body = (type: string, message: string) => JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_1' });

describe('anthropicUpstreamError', () => {
  it('makes an overload a retryable 503 and keeps the retry hints', () => {
    const error = anthropicUpstreamError({ status: 529, body: body('overloaded_error', 'Overloaded'), headers: new Headers({ 'retry-after': '3', 'x-other': '1' }) });
    expect(error).toEqual({ status: 503, message: 'Overloaded', type: 'api_error', code: 'overloaded', headers: { 'retry-after': '3' } });
    expect(isRetryableStatus(error.status)).toBe(true);
  });

  it('keeps a rate limit a 429 with the wait in the message', () => {
    const error = anthropicUpstreamError({
      status: 429,
      body: body('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit.'),
      headers: new Headers({ 'retry-after': '12' }),
    });
    expect(error).toEqual({
      status: 429,
      message: 'Number of request tokens has exceeded your per-minute rate limit. Please try again in 12s.',
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      headers: { 'retry-after': '12' },
    });
  });

  it('words a context overflow so the relay and the client read the numbers', () => {
    const error = anthropicUpstreamError({ status: 400, body: body('invalid_request_error', 'prompt is too long: 212345 tokens > 200000 maximum') });
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'context_length_exceeded' });
    expect(error.message).toContain('prompt is too long: 212345 tokens > 200000 maximum');
    const openAiBody = JSON.stringify({ error: { message: error.message, type: error.type, param: null, code: error.code } });
    expect(parseContextOverflow(error.status, openAiBody)).toEqual({ limit: 200_000, actual: 212_345 });
    expect(parseContextOverflow(error.status, error.message)).toEqual({ limit: 200_000, actual: 212_345 });
  });

  it('reads the older prompt-plus-max_tokens overflow too', () => {
    const error = anthropicUpstreamError({
      status: 400,
      body: body('invalid_request_error', 'input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000, decrease input length or `max_tokens` and try again'),
    });
    expect(error.code).toBe('context_length_exceeded');
    expect(parseContextOverflow(400, error.message)).toEqual({ limit: 200_000, actual: 209_573 });
  });

  it('answers an authentication failure as 502: the relay key failed, not the client', () => {
    expect(anthropicUpstreamError({ status: 401, body: body('authentication_error', 'invalid x-api-key') })).toEqual({
      status: 502,
      message: "The Anthropic upstream rejected the relay's API key (invalid x-api-key). Check the key configured for this upstream.",
      type: 'upstream_error',
      code: 'upstream_auth_error',
      headers: {},
    });
  });

  it.each([
    [400, 'invalid_request_error', 'messages: text content blocks must be non-empty', 400, 'invalid_request_error'],
    [403, 'permission_error', 'Your API key does not have permission', 403, 'permission_error'],
    [404, 'not_found_error', 'model: claude-nope', 404, 'not_found_error'],
    [413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.', 413, 'invalid_request_error'],
    [500, 'api_error', 'Internal server error', 500, 'api_error'],
  ])('keeps %d %s', (status, type, message, expectedStatus, expectedType) => {
    expect(anthropicUpstreamError({ status, body: body(type, message) })).toEqual({ status: expectedStatus, message, type: expectedType, code: null, headers: {} });
  });

  it('takes the status from the type for a mid-stream error event, and copes with bodies that are not JSON', () => {
    expect(anthropicUpstreamError({ body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }).status).toBe(503);
    expect(anthropicUpstreamError({ body: { type: 'error', error: { type: 'api_error', message: 'boom' } } }).status).toBe(500);
    expect(anthropicUpstreamError({ status: 502, body: '<html>Bad gateway</html>' })).toMatchObject({ status: 502, message: '<html>Bad gateway</html>', type: 'api_error' });
    expect(anthropicUpstreamError({ status: 529, body: '' })).toMatchObject({ status: 503, code: 'overloaded' });
  });
});
