import { toRelayError } from '../../errors/error-response.js';
import type { RelayError } from '../../errors/relay-error.js';

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
  request_id?: string;
}

const TYPES: Readonly<Record<number, AnthropicErrorType>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  // 503 is the upstream saying "busy, try later", which is what Anthropic's 529 means to Claude Code.
  503: 'overloaded_error',
  529: 'overloaded_error',
};

/** The Anthropic error type for an HTTP status: other 4xx are invalid requests, other 5xx (502, 504) api errors. */
export function anthropicErrorType(status: number): AnthropicErrorType {
  return TYPES[status] ?? (status >= 400 && status < 500 ? 'invalid_request_error' : 'api_error');
}

/**
 * The wording Claude Code parses to offer compaction.
 *
 * @example promptTooLongMessage(201234, 180000) // 'prompt is too long: 201234 tokens > 180000 maximum'
 */
export function promptTooLongMessage(needed: number, maximum: number): string {
  return `prompt is too long: ${Math.round(needed)} tokens > ${Math.round(maximum)} maximum`;
}

/**
 * A RelayError as Anthropic's error body. A `context_length_exceeded` error is re-worded as
 * `prompt is too long: N tokens > M maximum` (from its `contextLength`) so Claude Code recognises it.
 *
 * @example anthropicErrorBody(new RelayError({ status: 429, message: 'Slow down' }), 'req_1')
 * // { type: 'error', error: { type: 'rate_limit_error', message: 'Slow down' }, request_id: 'req_1' }
 */
export function anthropicErrorBody(error: RelayError, requestId?: string): AnthropicErrorBody {
  const body: AnthropicErrorBody = { type: 'error', error: { type: anthropicErrorType(error.status), message: anthropicMessage(error) } };
  if (requestId !== undefined) body.request_id = requestId;
  return body;
}

/**
 * Any thrown value as an Anthropic-shaped JSON response with the error's status and headers (`retry-after`).
 * `request_id` is taken from `requestId`, else from a `request-id` or `x-request-id` header.
 */
export function anthropicErrorResponse(error: unknown, headers?: HeadersInit, requestId?: string): Response {
  const relayError = toRelayError(error);
  const responseHeaders = new Headers(headers);
  responseHeaders.set('content-type', 'application/json');
  for (const [name, value] of Object.entries(relayError.headers)) responseHeaders.set(name, value);
  const id = requestId ?? responseHeaders.get('request-id') ?? responseHeaders.get('x-request-id') ?? undefined;
  return new Response(JSON.stringify(anthropicErrorBody(relayError, id)), { status: relayError.status, headers: responseHeaders });
}

function anthropicMessage(error: RelayError): string {
  if (error.code !== 'context_length_exceeded' || error.message.startsWith('prompt is too long')) return error.message;
  // The numbers come with the error (the relay's own, or what the upstream's codec read off its answer);
  // without them the prefix alone still tells Claude Code the prompt must shrink.
  const numbers = error.contextLength;
  return numbers === undefined ? `prompt is too long: ${error.message}` : promptTooLongMessage(numbers.needed, numbers.maximum);
}
