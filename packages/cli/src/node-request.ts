import type { IncomingMessage } from 'node:http';

const state = Symbol('llm-relay.nodeRequest');
const decoder = new TextDecoder();

interface State {
  url: string;
  method: string;
  rawHeaders: string[];
  headers?: Headers;
  signal: AbortSignal;
  /** The body as it arrived, in pieces (never joined for the handler, which reads a large body piece by piece). */
  chunks: Uint8Array[] | undefined;
  body?: ReadableStream<Uint8Array>;
  real?: Request;
}

/**
 * A `Request` for an incoming node:http request, built lazily. The relay's handler reads only the method,
 * URL, headers, signal and the whole body; those come straight from Node. Anything else a hook may touch
 * (`clone()`, `body`, `formData()`, ...) builds the real `Request` on first use, so it behaves as one,
 * `instanceof Request` included. Constructing a real `Request` (and its body stream) for every call costs
 * more than the rest of the adapter on Node 20.
 */
class NodeRequest {
  declare [state]: State;

  get method(): string {
    return this[state].method;
  }

  get url(): string {
    return this[state].url;
  }

  get headers(): Headers {
    const s = this[state];
    if (s.headers === undefined) {
      s.headers = new Headers();
      for (let i = 0; i < s.rawHeaders.length; i += 2) {
        const name = s.rawHeaders[i] as string;
        // HTTP/2 pseudo-headers are not part of a Web request.
        if (!name.startsWith(':')) s.headers.append(name, s.rawHeaders[i + 1] as string);
      }
    }
    return s.headers;
  }

  get signal(): AbortSignal {
    return this[state].signal;
  }

  /** The pieces, as a stream: the handler reads a large body this way, without a copy. */
  get body(): ReadableStream<Uint8Array> | null {
    const s = this[state];
    if (s.chunks === undefined) return null;
    if (s.body === undefined) {
      const chunks = s.chunks;
      let next = 0;
      s.body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (next < chunks.length) controller.enqueue(chunks[next++] as Uint8Array);
          else controller.close();
        },
      });
    }
    return s.body;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(joined(this[state].chunks).buffer as ArrayBuffer);
  }

  text(): Promise<string> {
    return Promise.resolve(decoder.decode(joined(this[state].chunks)));
  }

  json(): Promise<unknown> {
    return this.text().then((text) => JSON.parse(text) as unknown);
  }
}

/** The pieces in one new buffer of their own. */
function joined(chunks: Uint8Array[] | undefined): Uint8Array<ArrayBuffer> {
  let size = 0;
  for (const chunk of chunks ?? []) size += chunk.byteLength;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks ?? []) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function real(request: NodeRequest): Request {
  const s = request[state];
  s.real ??= new Request(s.url, { method: s.method, headers: request.headers, signal: s.signal, body: s.chunks === undefined ? undefined : joined(s.chunks) });
  return s.real;
}

// Everything not served above is delegated to a real Request, made on first use.
for (const name of Object.getOwnPropertyNames(Request.prototype)) {
  if (name === 'constructor' || Object.hasOwn(NodeRequest.prototype, name)) continue;
  const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, name) as PropertyDescriptor;
  if (typeof descriptor.value === 'function') {
    Object.defineProperty(NodeRequest.prototype, name, {
      value(this: NodeRequest, ...args: unknown[]) {
        return (real(this) as unknown as Record<string, (...a: unknown[]) => unknown>)[name]?.(...args);
      },
    });
  } else if (descriptor.get !== undefined) {
    Object.defineProperty(NodeRequest.prototype, name, {
      get(this: NodeRequest) {
        return (real(this) as unknown as Record<string, unknown>)[name];
      },
    });
  }
}
Object.setPrototypeOf(NodeRequest.prototype, Request.prototype);

export function nodeRequest(req: IncomingMessage, chunks: Uint8Array[] | undefined, signal: AbortSignal): Request {
  const request = Object.create(NodeRequest.prototype) as NodeRequest;
  request[state] = { url: `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, method: req.method ?? 'GET', rawHeaders: req.rawHeaders, signal, chunks };
  return request as unknown as Request;
}
