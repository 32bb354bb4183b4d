import { errorResponse } from '../errors/error-response.js';
import { RelayError } from '../errors/relay-error.js';
import { passResponseHeaders } from './upstream-headers.js';

/**
 * An upstream's error answer, passed back with its status: as it came when it is already OpenAI-shaped,
 * wrapped in that shape otherwise. Any echo of the provider key is redacted first.
 */
export function upstreamErrorResponse(upstream: { status: number; headers: Headers }, rawText: string, baseHeaders: Headers, apiKey: string | undefined): Response {
  const headers = new Headers(baseHeaders);
  passResponseHeaders(upstream.headers, headers);
  const text = apiKey !== undefined && apiKey.length >= 4 ? rawText.split(apiKey).join('[redacted]') : rawText;
  const status = upstream.status;
  let error: unknown;
  try {
    error = (JSON.parse(text) as { error?: unknown }).error;
  } catch {
    error = undefined;
  }
  if (error !== null && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    headers.set('content-type', 'application/json');
    return new Response(text, { status, headers });
  }
  const detail = typeof error === 'string' ? error : text.slice(0, 500);
  return errorResponse(
    new RelayError({ status, type: status >= 500 ? 'upstream_error' : 'invalid_request_error', code: 'upstream_error', message: `The upstream answered ${status}: ${detail}` }),
    headers,
  );
}
