import { describe, expect, it } from 'vitest';
import { contextLengthError } from '../../errors/context-length-error.js';
import { RelayError } from '../../errors/relay-error.js';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { anthropicErrorBody, anthropicErrorResponse, anthropicErrorType, promptTooLongMessage } from './anthropic-error.js';

describe('anthropic errors', () => {
  it('maps statuses to Anthropic error types', () => {
    const types = [400, 401, 403, 404, 413, 422, 429, 500, 502, 503, 504, 529].map((status) => [status, anthropicErrorType(status)]);
    expect(Object.fromEntries(types)).toEqual({
      400: 'invalid_request_error',
      401: 'authentication_error',
      403: 'permission_error',
      404: 'not_found_error',
      413: 'request_too_large',
      422: 'invalid_request_error',
      429: 'rate_limit_error',
      500: 'api_error',
      502: 'api_error',
      503: 'overloaded_error',
      504: 'api_error',
      529: 'overloaded_error',
    });
  });

  it('re-words the relay context error as Claude Code expects', () => {
    const error = contextLengthError(180_000, 201_234, 'Shorten the conversation.');
    expect(anthropicErrorBody(error, 'req_1')).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'prompt is too long: 201234 tokens > 180000 maximum' },
      request_id: 'req_1',
    });
    expect(promptTooLongMessage(9000.4, 8192)).toBe('prompt is too long: 9000 tokens > 8192 maximum');
  });

  it("takes an upstream overflow's numbers from the failure, not from its wording, and keeps the text when there are none", () => {
    const upstream = new UpstreamFailure({
      status: 400,
      code: 'context_length_exceeded',
      message: 'Input is over the window.',
      upstreamStatus: 400,
      overflow: { actual: 9_000, limit: 8_192 },
      original: undefined,
    });
    expect(anthropicErrorBody(upstream).error.message).toBe('prompt is too long: 9000 tokens > 8192 maximum');
    const vague = new RelayError({ status: 400, code: 'context_length_exceeded', message: 'context window exceeded' });
    expect(anthropicErrorBody(vague).error.message).toBe('prompt is too long: context window exceeded');
    const already = new RelayError({ status: 400, code: 'context_length_exceeded', message: promptTooLongMessage(5, 4) });
    expect(anthropicErrorBody(already).error.message).toBe('prompt is too long: 5 tokens > 4 maximum');
  });

  it('answers with the status, the error headers and a request id', async () => {
    const error = new RelayError({ status: 429, message: 'Too many requests', headers: { 'retry-after': '7' } });
    const response = anthropicErrorResponse(error, { 'x-request-id': 'relay-abc' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'Too many requests' }, request_id: 'relay-abc' });
    const crash = anthropicErrorResponse(new Error('boom'));
    expect(crash.status).toBe(500);
    expect(await crash.json()).toEqual({ type: 'error', error: { type: 'api_error', message: 'Internal relay error' } });
  });
});
