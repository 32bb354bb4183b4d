import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeListener, type WebHandler } from './node-adapter.js';

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish for `graceMs`, then cuts what is left. */
  close(graceMs?: number): Promise<void>;
}

/** Serves a Web handler over node:http on host:port (port 0 picks a free one). */
export async function serveHandler(
  handler: WebHandler,
  {
    port,
    host = '127.0.0.1',
    onError,
    maxBodyBytes,
    exclusive = false,
  }: {
    port: number;
    host?: string;
    onError?: (error: unknown) => void;
    maxBodyBytes?: number;
    /** In a cluster worker, listen on a port of its own instead of the one the workers share. */
    exclusive?: boolean;
  },
): Promise<RunningServer> {
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, nodeListener(handler, { onError, maxBodyBytes }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Node's default backlog (511) drops SYNs when more connections arrive at once than the loop accepts,
    // and each dropped one waits out TCP's 1 s retransmit (then 3 s): 2,000 streams opened at once lost
    // hundreds to thousands of SYNs this way, none with 4096. The kernel caps it at net.core.somaxconn.
    server.listen({ port, host, exclusive, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    port: address.port,
    url: `http://${shownHost}:${address.port}`,
    close: (graceMs = 10_000) => closeGracefully(server, graceMs),
  };
}

function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    // A keep-alive connection whose stream just finished is idle now; close it rather than wait for its timeout.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    timer.unref();
    sweep.unref();
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
