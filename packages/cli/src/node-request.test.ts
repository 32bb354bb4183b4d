import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { nodeRequest } from './node-request.js';

const incoming = {
  method: 'POST',
  url: '/v1/chat/completions?x=1',
  headers: { host: 'relay.local:8080' },
  rawHeaders: ['Host', 'relay.local:8080', 'Content-Type', 'application/json', 'X-Multi', 'a', 'X-Multi', 'b'],
} as unknown as IncomingMessage;

describe('nodeRequest', () => {
  it('serves method, URL, headers, signal and body straight from Node', async () => {
    const controller = new AbortController();
    const request = nodeRequest(incoming, [new TextEncoder().encode('{"a":'), new TextEncoder().encode('1}')], controller.signal);
    expect(request).toBeInstanceOf(Request);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('http://relay.local:8080/v1/chat/completions?x=1');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.headers.get('x-multi')).toBe('a, b');
    expect(request.signal).toBe(controller.signal);
    expect(await request.json()).toEqual({ a: 1 });
    expect(new TextDecoder().decode(await request.arrayBuffer())).toBe('{"a":1}');
  });

  it('behaves as a real Request for everything else', async () => {
    const request = nodeRequest(incoming, [new TextEncoder().encode('hello')], new AbortController().signal);
    expect(request.body).toBeInstanceOf(ReadableStream);
    expect(await request.clone().text()).toBe('hello');
    expect(request.redirect).toBe('follow');
    expect(request.bodyUsed).toBe(false);
  });
});
