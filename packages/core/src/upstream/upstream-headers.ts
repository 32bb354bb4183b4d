import type { UpstreamApi } from '../options/relay-options.js';

// Only these client headers go upstream: never the client's credentials, cookies or hop-by-hop headers.
const FORWARDED_REQUEST_HEADERS = ['accept-language', 'openai-beta'];
// Claude Code's protocol version and beta flags mean something to an Anthropic upstream only.
const ANTHROPIC_REQUEST_HEADERS = ['anthropic-version', 'anthropic-beta'];
const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

// Upstream headers a client can act on; everything else (cookies, server details) stays here.
const PASSED_RESPONSE_HEADERS = ['retry-after', 'retry-after-ms', 'openai-processing-ms'];
const PASSED_RESPONSE_PREFIXES_ANTHROPIC = 'anthropic-ratelimit-';
const PASSED_RESPONSE_PREFIXES = ['x-ratelimit-'];

/** The upstream request's headers, as a plain record (every fetch takes one, and it costs less than `Headers`). */
export function upstreamRequestHeaders(incoming: Headers, apiKey: string | undefined, requestId: string, extra: Record<string, string> = {}, api: UpstreamApi = 'chat'): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of api === 'anthropic' ? ANTHROPIC_REQUEST_HEADERS : FORWARDED_REQUEST_HEADERS) {
    const value = incoming.get(name);
    if (value !== null) headers[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
  headers['content-type'] = 'application/json';
  headers.accept = 'application/json, text/event-stream';
  headers['x-request-id'] = requestId;
  if (api === 'anthropic') {
    headers['anthropic-version'] ??= DEFAULT_ANTHROPIC_VERSION;
    if (apiKey !== undefined && apiKey !== '') headers['x-api-key'] = apiKey;
  } else if (apiKey !== undefined && apiKey !== '') {
    headers.authorization = `Bearer ${apiKey}`;
  }
  return headers;
}

/** Copies the upstream headers worth passing back onto the client's response headers. */
export function passResponseHeaders(upstream: Headers, target: Headers): void {
  upstream.forEach((value, name) => {
    if (PASSED_RESPONSE_HEADERS.includes(name) || PASSED_RESPONSE_PREFIXES.some((prefix) => name.startsWith(prefix)) || name.startsWith(PASSED_RESPONSE_PREFIXES_ANTHROPIC)) {
      target.set(name, value);
    }
  });
  const upstreamId = upstream.get('x-request-id') ?? upstream.get('request-id');
  if (upstreamId !== null) target.set('x-upstream-request-id', upstreamId);
}
