import { Readable } from 'node:stream';
import type { UpstreamFetch, UpstreamRequestInit, UpstreamResponse } from '@llm-relay/core';
import { Agent, type Dispatcher } from 'undici';

/**
 * The relay's upstream client, on undici's dispatcher API over one keep-alive pool: consecutive requests to
 * the provider reuse connections instead of paying a handshake each, and a call costs about a third of
 * undici's own `fetch` (measured in `pnpm bench`), which matters on the relay's hot path.
 *
 * The pool has no connection cap: a stream holds its connection until the answer ends, so with a cap of n
 * the (n+1)th concurrent stream would wait, unanswered, for another to finish (with a cap of 256,
 * 2,000 streams of 2 s each opened in waves, the last 18 s after the first). Connections stay bounded by
 * the requests in flight.
 */
export function pooledFetch(): { fetch: UpstreamFetch; close(): Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: null });
  const pooled = async (url: string, init: UpstreamRequestInit): Promise<UpstreamResponse> => {
    const { origin, pathname, search } = new URL(url);
    // The dispatcher does not decompress, so ask for none. (Object.assign: on Node 20 a property written
    // after a spread costs a runtime call.)
    const headers: Record<string, string> = Object.assign({}, init.headers, { 'accept-encoding': 'identity' });
    // undici keeps the body until the answer ends, a whole stream: given a string it keeps that and the
    // bytes it makes of it, given bytes only those (one copy of the request per open stream, not two).
    const body = typeof init.body === 'string' ? Buffer.from(init.body) : init.body;
    const answer = await agent.request({ origin, path: `${pathname}${search}`, method: init.method, headers, body, signal: init.signal });
    return new PooledAnswer(answer);
  };
  return { fetch: pooled, close: () => agent.close() };
}

/**
 * An upstream answer as the core reads it. An event stream is passed on as a Web stream as it comes; any
 * other body is read by undici at once when asked for, without the Web stream a `Response` would build
 * (on Node 20 that stream is the larger part of an upstream call's cost to the relay).
 */
class PooledAnswer implements UpstreamResponse {
  readonly status: number;
  readonly headers = new Headers();
  readonly body: ReadableStream<Uint8Array> | null = null;
  // A whole body is read at once, whether or not the caller gets to it: an unread body would hold its
  // pooled connection. A failed read is the caller's to see through text(), never an unhandled rejection.
  readonly #whole: Promise<string> | undefined;

  constructor(answer: Dispatcher.ResponseData) {
    this.status = answer.statusCode;
    for (const [name, value] of Object.entries(answer.headers)) {
      if (Array.isArray(value)) for (const item of value) this.headers.append(name, item);
      else if (value !== undefined) this.headers.set(name, value);
    }
    if (this.headers.get('content-type')?.startsWith('text/event-stream') === true) {
      this.body = Readable.toWeb(answer.body) as ReadableStream<Uint8Array>;
    } else {
      this.#whole = answer.body.text();
      this.#whole.catch(() => undefined);
    }
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  text(): Promise<string> {
    return this.#whole ?? new Response(this.body).text();
  }
}
