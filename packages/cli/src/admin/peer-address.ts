import type { IncomingMessage, Server } from 'node:http';

/** Set by the server on admin requests only (any copy the client sent is removed first). */
export const PEER_HEADER = 'x-llm-relay-peer';

/**
 * Makes the client's socket address visible to the admin routes, which see only a Web `Request`: before
 * the relay's own listener runs, a request whose target mentions `/admin` or `/ui` gets the header
 * `x-llm-relay-peer` set to the socket's remote address, after every copy the client sent is removed.
 * (The substring test is wider than the admin routes' own, so every admin request is covered.)
 */
export function exposePeerAddress(server: Server): void {
  server.prependListener('request', (req: IncomingMessage) => {
    const target = req.url ?? '';
    if (!target.includes('/admin') && !target.includes('/ui')) return;
    const raw = req.rawHeaders;
    for (let i = raw.length - 2; i >= 0; i -= 2) {
      if ((raw[i] as string).toLowerCase() === PEER_HEADER) raw.splice(i, 2);
    }
    raw.push(PEER_HEADER, req.socket.remoteAddress ?? '');
  });
}

/** The client's address as `exposePeerAddress` set it; undefined when the host did not set it. */
export function peerAddress(request: Request): string | undefined {
  const value = request.headers.get(PEER_HEADER);
  return value === null || value === '' ? undefined : value;
}

/** 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
