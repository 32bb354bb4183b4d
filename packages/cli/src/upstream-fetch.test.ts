import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pooledFetch } from './upstream-fetch.js';

// A raw upstream on port 0: what it answers depends on the path.
let server: Server;
let base: string;
const seen: { headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      if (req.url === '/json') {
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-remaining-requests': '7' }).end('{"ok":true}');
      } else if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: 1\n\n');
        setTimeout(() => res.end('data: [DONE]\n\n'), 20);
      } else if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: 'x'.repeat(512 * 1024) }));
      } else if (req.url === '/empty') {
        res.writeHead(204).end();
      } else {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' }).end('{"error":{"message":"slow down"}}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (fetch: ReturnType<typeof pooledFetch>['fetch'], path: string) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' }, body: '{"q":1}', signal: new AbortController().signal });

describe('pooledFetch', () => {
  it('answers a whole body through text() without a stream, headers and status as sent', async () => {
    const client = pooledFetch();
    const answer = await post(client.fetch, '/json');
    expect(answer.status).toBe(200);
    expect(answer.ok).toBe(true);
    expect(answer.body).toBeNull();
    expect(answer.headers.get('x-ratelimit-remaining-requests')).toBe('7');
    expect(answer.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await answer.text()).toBe('{"ok":true}');
    // The request went as given, but asking for no compression (the dispatcher does not decompress).
    expect(seen.at(-1)).toMatchObject({ body: '{"q":1}', headers: { 'content-type': 'application/json', 'accept-encoding': 'identity' } });
    await client.close();
  });

  it('passes an event stream on as a Web stream, which text() also reads whole', async () => {
    const client = pooledFetch();
    const first = await post(client.fetch, '/stream');
    expect(first.body).toBeInstanceOf(ReadableStream);
    const reader = (first.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: 1\n\n');
    await reader.cancel();
    const second = await post(client.fetch, '/stream');
    expect(await second.text()).toBe('data: 1\n\ndata: [DONE]\n\n');
    await client.close();
  });

  it('never holds a pooled connection for a whole answer nobody read', { timeout: 20_000 }, async () => {
    const client = pooledFetch();
    let connections = 0;
    const count = () => (connections += 1);
    server.on('connection', count);
    // Unread answers one after another, each too big for undici's buffer: an unread one would keep its
    // socket paused and busy, so each call would need a connection of its own. Read, they share a few.
    for (let i = 0; i < 260; i += 1) expect((await post(client.fetch, '/big')).status).toBe(200);
    server.off('connection', count);
    expect(connections).toBeLessThan(50);
    await client.close();
  });

  it('gives error answers and empty ones their status and text', async () => {
    const client = pooledFetch();
    const limited = await post(client.fetch, '/limited');
    expect([limited.status, limited.ok, limited.headers.get('retry-after')]).toEqual([429, false, '3']);
    expect(JSON.parse(await limited.text())).toEqual({ error: { message: 'slow down' } });
    const empty = await post(client.fetch, '/empty');
    expect([empty.status, await empty.text()]).toEqual([204, '']);
    await client.close();
  });
});
