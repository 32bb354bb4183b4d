// Upstream headers a client can act on; everything else (cookies, server details) stays here.
const PASSED_RESPONSE_HEADERS = ['retry-after', 'retry-after-ms', 'openai-processing-ms'];
const PASSED_RESPONSE_PREFIXES = ['x-ratelimit-', 'anthropic-ratelimit-'];

/** What an upstream codec adds to every request: the client headers its protocol forwards, and how the key goes. */
export interface ProtocolHeaders {
  /** Client headers that mean something to this protocol's upstream (never credentials, cookies or hop-by-hop ones). */
  forwarded: readonly string[];
  /** Writes the provider key (and any header the protocol requires) onto the request's headers. */
  authorize(headers: Record<string, string>, apiKey: string | undefined): void;
}

/** The upstream request's headers, as a plain record (every fetch takes one, and it costs less than `Headers`). */
export function upstreamRequestHeaders(protocol: ProtocolHeaders, incoming: Headers, apiKey: string | undefined, requestId: string, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of protocol.forwarded) {
    const value = incoming.get(name);
    if (value !== null) headers[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
  headers['content-type'] = 'application/json';
  headers.accept = 'application/json, text/event-stream';
  headers['x-request-id'] = requestId;
  protocol.authorize(headers, apiKey);
  return headers;
}

/** OpenAI's way, which most providers copy: `Authorization: Bearer`. */
export const BEARER_HEADERS: ProtocolHeaders = {
  forwarded: ['accept-language', 'openai-beta'],
  authorize(headers, apiKey) {
    if (apiKey !== undefined && apiKey !== '') headers.authorization = `Bearer ${apiKey}`;
  },
};

/** Copies the upstream headers worth passing back onto the client's response headers (every answer: no record in between). */
export function passResponseHeaders(upstream: Headers, target: Headers): void {
  eachPassed(upstream, (name, value) => target.set(name, value));
}

/** Those headers as a record (an error carries them to whichever front door answers it); the upstream's request id renamed. */
export function passedResponseHeaders(upstream: Headers): Record<string, string> {
  const passed: Record<string, string> = {};
  eachPassed(upstream, (name, value) => {
    passed[name] = value;
  });
  return passed;
}

function eachPassed(upstream: Headers, visit: (name: string, value: string) => void): void {
  upstream.forEach((value, name) => {
    if (isPassed(name)) visit(name, value);
  });
  const upstreamId = upstream.get('x-request-id') ?? upstream.get('request-id');
  if (upstreamId !== null) visit('x-upstream-request-id', upstreamId);
}

function isPassed(name: string): boolean {
  return PASSED_RESPONSE_HEADERS.includes(name) || PASSED_RESPONSE_PREFIXES.some((prefix) => name.startsWith(prefix));
}
