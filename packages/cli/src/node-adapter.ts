import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeRequest } from './node-request.js';

export type WebHandler = (request: Request) => Promise<Response>;

/**
 * A node:http listener around a Web handler: the incoming request becomes a `Request` whose signal aborts
 * when the client goes away, and the `Response` body is written with backpressure and cancelled on close.
 */
export interface NodeListenerOptions {
  /** Bodies above this are answered 413 without being read further. Default 32 MiB. */
  maxBodyBytes?: number;
  onError?(error: unknown): void;
}

/**
 * A node:http listener around a Web handler: the incoming request becomes a `Request` whose signal aborts
 * when the client goes away, and the `Response` body is written with backpressure and cancelled on close.
 */
export function nodeListener(handler: WebHandler, options: NodeListenerOptions = {}) {
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort(new Error('client disconnected'));
    });
    readBody(req, maxBodyBytes)
      .then((body) => handler(nodeRequest(req, body, controller.signal)))
      .then((response) => writeResponse(response, res, controller.signal))
      .catch((error: unknown) => {
        options.onError?.(error);
        if (!res.headersSent) writeError(res, 500, 'internal_error', 'Internal relay error');
        else res.destroy();
      });
  };
}

/**
 * The body as the pieces it came in, never more than `maxBytes + 1` of it: the handler reads a small body
 * whole and a large one piece by piece (joining 30 MB is itself a step of 100 ms or more). Past the limit
 * the rest is discarded; the handler sees one byte too many (or the declared length) and answers 413 as usual.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array[] | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return Promise.resolve(undefined);
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    req.resume();
    return Promise.resolve([]);
  }
  return new Promise((resolve, reject) => {
    let chunks: Uint8Array[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      const room = maxBytes + 1 - size;
      chunks.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
      size += chunk.byteLength;
      if (size > maxBytes) {
        req.resume();
        done();
      }
    };
    // The request lives as long as its answer (a whole stream): its listeners must not keep the chunks.
    const detach = () => {
      req.off('data', onData);
      req.off('end', done);
      req.off('error', fail);
      req.on('error', ignore);
    };
    const done = () => {
      const body = chunks;
      chunks = [];
      detach();
      resolve(body);
    };
    const fail = (error: Error) => {
      detach();
      chunks = [];
      reject(error);
    };
    req.on('data', onData);
    req.once('end', done);
    req.once('error', fail);
  });
}

function ignore(): void {}

function writeError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message, type: 'api_error', param: null, code } }));
}

async function writeResponse(response: Response, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (response.body === null) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel(signal.reason).catch(() => undefined);
  if (signal.aborted) return cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    const first = await reader.read();
    if (first.done) {
      res.writeHead(response.status, headers).end();
      return;
    }
    // An event stream is written as it comes; anything else is read one step ahead, so a body in one
    // piece (every non-streamed answer) goes out with its length in a single write.
    const streaming = response.headers.get('content-type')?.startsWith('text/event-stream') === true;
    const second = streaming ? undefined : await reader.read();
    if (second?.done === true) {
      headers['content-length'] = String(first.value.byteLength);
      res.writeHead(response.status, headers).end(first.value);
      return;
    }
    res.writeHead(response.status, headers);
    let chunk: ReadableStreamReadResult<Uint8Array> = first;
    let lookahead = second;
    for (; !chunk.done; ) {
      if (!res.write(chunk.value)) {
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
      chunk = lookahead ?? (await reader.read());
      lookahead = undefined;
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}
