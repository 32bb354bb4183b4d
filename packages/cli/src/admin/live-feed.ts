const encoder = new TextEncoder();
const HELLO = encoder.encode('retry: 2000\nevent: hello\ndata: {}\n\n');
const PING = encoder.encode(': ping\n\n');

export interface LiveFeedOptions {
  /** Streams open at once; more are refused (503). Default 16. */
  maxClients?: number;
  /** Events waiting for one slow client; one more and that client is dropped. Default 256. */
  maxQueued?: number;
  /** A comment line this often keeps idle proxies from closing the stream. Default 15 s. */
  heartbeatMs?: number;
}

/**
 * Server-sent events to the open admin pages: each finished request as one `request` event. Each client
 * has a bounded queue; a client that falls behind by more than `maxQueued` events is dropped (its stream
 * errors and the page reconnects), so a stalled browser can never make the relay buffer without bound.
 */
export class LiveFeed {
  // Each open stream's controller, with its heartbeat timer.
  private readonly clients = new Map<ReadableStreamDefaultController<Uint8Array>, ReturnType<typeof setInterval>>();
  private readonly maxClients: number;
  private readonly maxQueued: number;
  private readonly heartbeatMs: number;
  /** Clients dropped for being too slow, since the start. */
  dropped = 0;

  constructor(options: LiveFeedOptions = {}) {
    this.maxClients = options.maxClients ?? 16;
    this.maxQueued = options.maxQueued ?? 256;
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
  }

  /** Whether anyone listens: the caller builds an event only then. */
  get listening(): boolean {
    return this.clients.size > 0;
  }

  /** A new `text/event-stream` response, or undefined when `maxClients` are already open. */
  open(): Response | undefined {
    if (this.clients.size >= this.maxClients) return undefined;
    let self: ReadableStreamDefaultController<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          self = controller;
          const timer = setInterval(() => this.send(controller, PING), this.heartbeatMs);
          timer.unref?.();
          this.clients.set(controller, timer);
          // The first bytes go at once: the response's headers are written with them.
          controller.enqueue(HELLO);
        },
        cancel: () => {
          if (self !== undefined) this.forget(self);
        },
      },
      new CountQueuingStrategy({ highWaterMark: this.maxQueued }),
    );
    return new Response(body, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
  }

  /** Sends one event to every client; `data` is serialized once. */
  publish(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    const bytes = encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    for (const client of this.clients.keys()) this.send(client, bytes);
  }

  /** Ends every stream (the relay is stopping). */
  close(): void {
    for (const client of [...this.clients.keys()]) {
      this.forget(client);
      try {
        client.close();
      } catch {
        // Already errored or closed.
      }
    }
  }

  private send(client: ReadableStreamDefaultController<Uint8Array>, bytes: Uint8Array): void {
    if ((client.desiredSize ?? 0) <= 0) {
      // Its queue is full: the client reads slower than requests finish. Dropped, queue and all.
      this.forget(client);
      this.dropped += 1;
      try {
        client.error(new Error('admin event stream: the client fell too far behind and was dropped'));
      } catch {
        // Already gone.
      }
      return;
    }
    client.enqueue(bytes);
  }

  private forget(client: ReadableStreamDefaultController<Uint8Array>): void {
    clearInterval(this.clients.get(client));
    this.clients.delete(client);
  }
}
