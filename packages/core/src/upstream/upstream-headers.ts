// Only these client headers go upstream: never the client's credentials, cookies or hop-by-hop headers.
const FORWARDED_REQUEST_HEADERS = ['accept-language', 'openai-beta'];

// Upstream headers a client can act on; everything else (cookies, server details) stays here.
const PASSED_RESPONSE_HEADERS = ['retry-after', 'retry-after-ms', 'openai-processing-ms'];
const PASSED_RESPONSE_PREFIXES = ['x-ratelimit-'];

export function upstreamRequestHeaders(
  incoming: Headers,
  apiKey: string | undefined,
  requestId: string,
  extra: Record<string, string> = {},
): Headers {
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = incoming.get(name);
    if (value !== null) headers.set(name, value);
  }
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  headers.set('content-type', 'application/json');
  headers.set('accept', 'application/json, text/event-stream');
  headers.set('x-request-id', requestId);
  if (apiKey !== undefined && apiKey !== '') headers.set('authorization', `Bearer ${apiKey}`);
  return headers;
}

/** Copies the upstream headers worth passing back onto the client's response headers. */
export function passResponseHeaders(upstream: Headers, target: Headers): void {
  upstream.forEach((value, name) => {
    if (PASSED_RESPONSE_HEADERS.includes(name) || PASSED_RESPONSE_PREFIXES.some((prefix) => name.startsWith(prefix))) {
      target.set(name, value);
    }
  });
  const upstreamId = upstream.get('x-request-id') ?? upstream.get('request-id');
  if (upstreamId !== null) target.set('x-upstream-request-id', upstreamId);
}
