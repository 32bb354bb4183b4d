import type { RelayErrorType } from '../../errors/relay-error.js';
import { type ContextOverflow, parseContextOverflow } from '../../upstream/context-overflow.js';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { passedResponseHeaders } from '../../upstream/upstream-headers.js';
import { asFields } from '../chat-fields.js';
import type { UpstreamErrorAnswer } from '../upstream-codec.js';

/** An Anthropic error answer in the relay's OpenAI error terms; `new RelayError(fields)` takes it as is. */
export interface AnthropicUpstreamError {
  status: number;
  message: string;
  type: RelayErrorType;
  code: string | null;
  /** Retry hints to pass on (`retry-after`, `retry-after-ms`). */
  headers: Record<string, string>;
}

export interface AnthropicErrorAnswer {
  /** The HTTP status; absent for a mid-stream `error` event, whose type then decides. */
  status?: number;
  /** The body: text as received, or parsed. */
  body: unknown;
  headers?: Headers;
}

const STATUS_OF_TYPE: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};
const PROMPT_TOO_LONG = /prompt is too long: (\d+) tokens > (\d+) maximum/i;
// Models before Claude 4.5 refuse prompt + max_tokens over the window.
const INPUT_AND_OUTPUT = /input length and `?max_tokens`? exceed context limit: (\d+) \+ (\d+) > (\d+)/i;

/**
 * Maps an Anthropic error (`{type:'error', error:{type, message}}`) to the fields of the relay's errors:
 *
 * - overloaded_error / 529 -> 503 `overloaded`: a status every OpenAI client and the relay's retry policy
 *   know as "busy, retry" (529 is Anthropic's own).
 * - rate_limit_error / 429 -> 429 `rate_limit_exceeded`, with "Please try again in Ns." when `retry-after` says.
 * - `prompt is too long: N tokens > M maximum` -> 400 `context_length_exceeded`, worded as OpenAI does
 *   ("maximum context length is M tokens ... resulted in N tokens") with Anthropic's words after it, so
 *   `parseContextOverflow` and clients read the numbers; the older "input length and max_tokens exceed
 *   context limit: N + K > M" likewise (N + K requested).
 * - authentication_error / 401 -> 502 `upstream_auth_error`: the key that failed is the relay's provider
 *   key, not the client's, so a 401 would send the client after the wrong credentials.
 * - anything else keeps its status, with Anthropic's message.
 * `retry-after` and `retry-after-ms` are kept in every case.
 *
 * @example anthropicUpstreamError({ status: 529, body: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' })
 * // { status: 503, message: 'Overloaded', type: 'api_error', code: 'overloaded', headers: {} }
 */
export function anthropicUpstreamError(answer: AnthropicErrorAnswer): AnthropicUpstreamError {
  return readAnthropicError(answer).mapped;
}

/** The mapping, with what the failure value needs besides: the overflow's counts, and whether it was Anthropic's own error shape. */
function readAnthropicError(answer: AnthropicErrorAnswer): { mapped: AnthropicUpstreamError; overflow: ContextOverflow | undefined; anthropic: boolean } {
  const { kind, message, anthropic } = readError(answer.body);
  const status = answer.status ?? STATUS_OF_TYPE[kind] ?? 500;
  const headers = retryHeaders(answer.headers);
  const error = (fields: Omit<AnthropicUpstreamError, 'headers'>, overflow?: ContextOverflow) => ({ mapped: { ...fields, headers }, overflow, anthropic });
  if (kind === 'overloaded_error' || status === 529) return error({ status: 503, message, type: 'api_error', code: 'overloaded' });
  if (kind === 'rate_limit_error' || status === 429) return error({ status: 429, message: withRetryHint(message, headers), type: 'rate_limit_error', code: 'rate_limit_exceeded' });
  if (kind === 'authentication_error' || status === 401) {
    const text = `The Anthropic upstream rejected the relay's API key (${message}). Check the key configured for this upstream.`;
    return error({ status: 502, message: text, type: 'upstream_error', code: 'upstream_auth_error' });
  }
  const overflow = overflowOf(message);
  if (overflow !== undefined) return error({ status: 400, message: overflow.message, type: 'invalid_request_error', code: 'context_length_exceeded' }, overflow.counts);
  // Other wordings of an overflow (no counts in them) are still known as one.
  return error({ status, message, type: typeOf(status), code: null }, typeof answer.body === 'string' ? parseContextOverflow(status, answer.body) : undefined);
}

/** The error's type and message, and whether the body was Anthropic's error shape (`{"type":"error","error":{...}}`). */
function readError(body: unknown): { kind: string; message: string; anthropic: boolean } {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return { kind: '', message: body.trim().slice(0, 500) || 'The Anthropic upstream answered with an error and no body.', anthropic: false };
    }
  }
  const fields = asFields(value);
  const error = asFields(fields.error);
  const message = typeof error.message === 'string' && error.message !== '' ? error.message : 'The Anthropic upstream answered with an error.';
  return { kind: typeof error.type === 'string' ? error.type : '', message, anthropic: fields.type === 'error' && typeof error.message === 'string' };
}

/** Anthropic's overflow wordings, reworded as OpenAI's (which clients recognise), with the counts: the prompt alone is what was counted. */
function overflowOf(message: string): { message: string; counts: ContextOverflow } | undefined {
  const tooLong = PROMPT_TOO_LONG.exec(message);
  if (tooLong !== null) {
    const text = `This model's maximum context length is ${tooLong[2]} tokens. However, your messages resulted in ${tooLong[1]} tokens. (${message})`;
    return { message: text, counts: { limit: Number(tooLong[2]), actual: Number(tooLong[1]) } };
  }
  const both = INPUT_AND_OUTPUT.exec(message);
  if (both !== null) {
    const requested = Number(both[1]) + Number(both[2]);
    const text = `This model's maximum context length is ${both[3]} tokens. However, you requested ${requested} tokens (${both[1]} in the messages, ${both[2]} in the completion). (${message})`;
    return { message: text, counts: { limit: Number(both[3]), actual: Number(both[1]), requested } };
  }
  return undefined;
}

function retryHeaders(headers: Headers | undefined): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['retry-after', 'retry-after-ms']) {
    const value = headers?.get(name);
    if (value !== null && value !== undefined && value !== '') kept[name] = value;
  }
  return kept;
}

// Codex reads "try again in Ns" from a 429 to decide how long to wait.
function withRetryHint(message: string, headers: Record<string, string>): string {
  const seconds = Number(headers['retry-after']);
  if (!Number.isFinite(seconds) || seconds < 0 || /try again/i.test(message)) return message;
  return `${message} Please try again in ${Math.ceil(seconds)}s.`;
}

function typeOf(status: number): RelayErrorType {
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 504) return 'timeout_error';
  return status < 500 ? 'invalid_request_error' : 'api_error';
}

/**
 * An Anthropic error answer as a failure (see `anthropicUpstreamError` for the mapping), with the answer as
 * it came for a Messages client when it is a well-formed Anthropic error and not the relay's refused key.
 */
export function anthropicUpstreamFailure(answer: UpstreamErrorAnswer): UpstreamFailure {
  const { status, text } = answer;
  const { mapped, overflow, anthropic } = readAnthropicError({ status, body: text, headers: answer.headers });
  const original = mapped.code !== 'upstream_auth_error' && anthropic ? { api: 'anthropic' as const, status, text } : undefined;
  return new UpstreamFailure({ ...mapped, upstreamStatus: status, headers: passedResponseHeaders(answer.headers), overflow, original });
}
