import { toRelayError } from '../../errors/error-response.js';
import type { RelayError } from '../../errors/relay-error.js';
import { parseContextOverflow } from '../../upstream/context-overflow.js';

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

// The relay's own wording (errors/context-length-error.ts), with thousands separators.
const RELAY_WORDING = /needs at least ([\d,]+) prompt tokens.*?budget is ([\d,]+) tokens/s;

/**
 * Reads "needed" and "maximum" from a context-length message: the relay's own, or any provider wording
 * `parseContextOverflow` knows. Undefined when the text has no numbers.
 */
export function contextLengthNumbers(message: string): { needed: number; maximum: number } | undefined {
  // The lazy `.*?` rescans the rest at each place the wording starts: a wording is read near the start or not at all.
  const relay = RELAY_WORDING.exec(message.slice(0, 8_192));
  if (relay !== null) return { needed: Number(relay[1]?.replace(/,/g, '')), maximum: Number(relay[2]?.replace(/,/g, '')) };
  const overflow = parseContextOverflow(400, message);
  if (overflow?.actual === undefined || overflow.limit === undefined) return undefined;
  return { needed: overflow.actual, maximum: overflow.limit };
}

/**
 * A RelayError as Anthropic's error body. A `context_length_exceeded` error is re-worded as
 * `prompt is too long: N tokens > M maximum` so Claude Code recognises it.
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
  const numbers = contextLengthNumbers(error.message);
  // Without numbers the prefix alone still tells Claude Code the prompt must shrink.
  return numbers === undefined ? `prompt is too long: ${error.message}` : promptTooLongMessage(numbers.needed, numbers.maximum);
}
