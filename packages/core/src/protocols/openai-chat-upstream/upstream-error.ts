import type { RelayErrorType } from '../../errors/relay-error.js';
import type { UpstreamApi } from '../../options/relay-options.js';
import { parseContextOverflow } from '../../upstream/context-overflow.js';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { passedResponseHeaders } from '../../upstream/upstream-headers.js';
import type { UpstreamErrorAnswer } from '../upstream-codec.js';

/**
 * An OpenAI-shaped error answer (`{"error": {"message", "type", "code", "param"}}`, as Chat and Responses
 * providers send) as a failure: its fields kept, and the answer itself for a client of the same protocol.
 * A body of another shape is wrapped with its status and first 500 characters. A refused provider key (401)
 * is the relay's fault, not the client's: 502 `upstream_auth_error`, never a 401 that sends an agent to log in.
 */
export function openAIUpstreamFailure(answer: UpstreamErrorAnswer, api: UpstreamApi): UpstreamFailure {
  const { status, text } = answer;
  const headers = passedResponseHeaders(answer.headers);
  const error = errorField(text);
  // A provider that names the overflow in its code is believed whatever its status (some answer 500).
  const named = typeof error === 'object' && error.code === 'context_length_exceeded';
  const overflow = parseContextOverflow(named ? 400 : status, text);
  const message = typeof error === 'object' && typeof error.message === 'string' ? error.message : undefined;
  if (status === 401) {
    const detail = message ?? (text.slice(0, 500) || 'no detail');
    const refused = `The upstream rejected the relay's provider key (${detail}). Check the key configured for this upstream.`;
    return new UpstreamFailure({ upstreamStatus: status, status: 502, type: 'upstream_error', code: 'upstream_auth_error', message: refused, headers, overflow: undefined, original: undefined });
  }
  if (typeof error === 'object' && message !== undefined) {
    return new UpstreamFailure({
      upstreamStatus: status,
      status,
      message,
      type: typeof error.type === 'string' ? (error.type as RelayErrorType) : undefined,
      code: typeof error.code === 'string' ? error.code : null,
      param: typeof error.param === 'string' ? error.param : null,
      headers,
      overflow,
      original: { api, status, text },
    });
  }
  const detail = typeof error === 'string' ? error : text.slice(0, 500);
  return new UpstreamFailure({
    upstreamStatus: status,
    status,
    type: status >= 500 ? 'upstream_error' : 'invalid_request_error',
    code: 'upstream_error',
    message: `The upstream answered ${status}: ${detail}`,
    headers,
    overflow,
    original: undefined,
  });
}

function errorField(text: string): Record<string, unknown> | string | undefined {
  try {
    const error = (JSON.parse(text) as { error?: unknown } | null)?.error;
    if (typeof error === 'string') return error;
    return error !== null && typeof error === 'object' ? (error as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
