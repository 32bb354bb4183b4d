// The Web-standard floor: the least a `(Request) => Promise<Response>` relay can do, on the relay's own
// adapter (serveHandler from llm-relay) with a pooled undici upstream like the relay's. It forwards the
// request body as bytes and answers with the upstream's body: read whole, or passed on as it comes for
// an event stream. Nothing is parsed, so the gap between this and the relay is the relay's own work.
import { Readable } from 'node:stream';
import { serveHandler } from 'llm-relay';
import { Agent } from 'undici';

const upstream = new URL(process.argv[2]);
const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: null });

async function handler(request) {
  const { pathname, search } = new URL(request.url);
  const answer = await agent.request({
    origin: upstream.origin,
    path: `${pathname}${search}`,
    method: request.method,
    headers: { 'content-type': request.headers.get('content-type') ?? 'application/json', 'accept-encoding': 'identity' },
    // Not `request.body`: on the relay's adapter that getter builds the full Request with its body stream.
    body: request.method === 'GET' || request.method === 'HEAD' ? null : new Uint8Array(await request.arrayBuffer()),
  });
  const type = String(answer.headers['content-type'] ?? 'application/json');
  const body = type.startsWith('text/event-stream') ? Readable.toWeb(answer.body) : await answer.body.arrayBuffer();
  return new Response(body, { status: answer.statusCode, headers: { 'content-type': type } });
}

const server = await serveHandler(handler, { port: 0, host: '127.0.0.1' });
process.stderr.write(`floor relay listening on ${server.url}\n`);
process.on('SIGTERM', () => process.exit(0));
