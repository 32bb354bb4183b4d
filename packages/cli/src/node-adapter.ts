import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

export type WebHandler = (request: Request) => Promise<Response>;

/**
 * A node:http listener around a Web handler: the incoming request becomes a `Request` whose signal aborts
 * when the client goes away, and the `Response` body is written with backpressure and cancelled on close.
 */
export function nodeListener(handler: WebHandler, onError: (error: unknown) => void = () => undefined) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort(new Error('client disconnected'));
    });
    let request: Request;
    try {
      request = toRequest(req, controller.signal);
    } catch (error) {
      onError(error);
      res.writeHead(400, { 'content-type': 'application/json' }).end(
        JSON.stringify({ error: { message: 'Malformed request.', type: 'invalid_request_error', param: null, code: null } }),
      );
      return;
    }
    handler(request)
      .then((response) => writeResponse(response, res, controller.signal))
      .catch((error: unknown) => {
        onError(error);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'Internal relay error', type: 'api_error', param: null, code: 'internal_error' } }));
        } else res.destroy();
      });
  };
}

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const host = req.headers.host ?? 'localhost';
  const url = new URL(req.url ?? '/', `http://${host}`);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    // HTTP/2 pseudo-headers and hop-by-hop framing are not part of the Web request.
    if (name.startsWith(':')) continue;
    headers.append(name, req.rawHeaders[i + 1] as string);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method,
    headers,
    signal,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
    // Node's fetch needs this for a streamed request body.
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit);
}

async function writeResponse(response: Response, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel(signal.reason).catch(() => undefined);
  if (signal.aborted) return cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        // Wait for the socket to drain before reading more from the upstream: backpressure end to end.
        await new Promise<void>((resolve) => {
          const resume = () => {
            res.off('drain', resume);
            res.off('close', resume);
            resolve();
          };
          res.on('drain', resume);
          res.on('close', resume);
        });
        if (signal.aborted) return;
      }
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}
