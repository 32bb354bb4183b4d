import type { RelayError } from '../errors/relay-error.js';
import type { UpstreamApi } from '../options/relay-options.js';
import { UpstreamFailure } from '../upstream/upstream-failure.js';

/**
 * An upstream's own error answer, as it came (its retry hints on the headers), for a client that speaks the
 * upstream's protocol: same protocol in and out stays lossless. Undefined when there is none to pass on.
 */
export function originalErrorAnswer(error: RelayError, api: UpstreamApi, headers: Headers): Response | undefined {
  const original = error instanceof UpstreamFailure ? error.original : undefined;
  if (original?.api !== api) return undefined;
  const answerHeaders = new Headers(headers);
  for (const [name, value] of Object.entries(error.headers)) answerHeaders.set(name, value);
  answerHeaders.set('content-type', 'application/json');
  return new Response(original.text, { status: original.status, headers: answerHeaders });
}
