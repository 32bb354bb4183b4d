import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { RelayError } from '../errors/relay-error.js';
import { streamError } from './stream-error.js';

export type StreamOutcome = 'completed' | 'upstream_error' | 'idle_timeout' | 'interrupted' | 'client_cancelled';

/** What every stream stage is told: how long a silence may be, how big an event, and whom to tell what. */
export interface StreamStageOptions {
  /** Longest silence allowed from the upstream. */
  idleTimeoutMs: number;
  /** Bounds one SSE event; a provider that never ends a line cannot grow our memory. Default 16 MiB. */
  maxEventBytes?: number;
  onFirstByte?(): void;
  onEnd?(outcome: StreamOutcome, detail?: string): void;
  /** Called when the client cancels or the relay gives up, to abort the upstream request. */
  onCancel?(): void;
}

/** How one read of the upstream went: bytes parsed, its end, a silence, or a failure that ends the stream. */
export type ReadResult = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'end' } | { kind: 'silence' } | { kind: 'failed'; outcome: StreamOutcome; error: RelayError };

export interface UpstreamEventsOptions {
  onEvent(event: EventSourceMessage): void;
  onComment?(comment: string): void;
  /** Bounds one SSE event; a provider that never ends a line cannot grow our memory. Default 16 MiB. */
  maxEventBytes?: number;
  /** Called when the relay gives up on the upstream or the client leaves, to abort the upstream request. */
  onCancel?(): void;
}

/**
 * The upstream side every stream stage shares: reads the body, feeds an SSE parser, bounds the size of one
 * event, and tells silences apart from failures. A read still pending after a silence is kept, so a stage
 * can send a keep-alive and go on waiting without losing bytes.
 */
export class UpstreamEvents {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private readonly parser;
  private readonly maxEventBytes: number;
  private bytesSinceEvent = 0;
  private pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  // One timer for the stream's silences, not one per read: a timer set and cleared for every chunk was a
  // tenth of the stage's time. The read waiting (if any) and when it gives up; when the timer is due.
  private wake: ((silence: 'silence') => void) | undefined;
  private deadline = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = 0;

  constructor(
    upstream: ReadableStream<Uint8Array>,
    private readonly options: UpstreamEventsOptions,
  ) {
    this.reader = upstream.getReader();
    this.maxEventBytes = options.maxEventBytes ?? 16 * 1024 * 1024;
    this.parser = createParser({
      onEvent: (event) => {
        this.bytesSinceEvent = 0;
        options.onEvent(event);
      },
      onComment: options.onComment,
    });
  }

  /** One read, waiting at most `waitMs`; at the end the parser is flushed, so a last unterminated event counts. */
  async read(waitMs: number): Promise<ReadResult> {
    this.pending ??= this.reader.read();
    let result: ReadableStreamReadResult<Uint8Array> | 'silence';
    try {
      result = await this.within(this.pending, waitMs);
    } catch (error) {
      this.stopTimer();
      return { kind: 'failed', outcome: 'interrupted', error: streamError('The upstream connection failed mid-stream', error) };
    } finally {
      this.wake = undefined;
    }
    if (result === 'silence') return { kind: 'silence' };
    this.pending = undefined;
    if (result.done) {
      this.stopTimer();
      this.parser.feed(this.decoder.decode());
      this.parser.feed('\n\n');
      return { kind: 'end' };
    }
    this.bytesSinceEvent += result.value.byteLength;
    if (this.bytesSinceEvent > this.maxEventBytes) {
      this.giveUp();
      return { kind: 'failed', outcome: 'upstream_error', error: streamError(`The upstream sent an SSE event over ${this.maxEventBytes} bytes`) };
    }
    this.parser.feed(this.decoder.decode(result.value, { stream: true }));
    return { kind: 'bytes', bytes: result.value };
  }

  /** The relay stops reading (a silence too long, a failure it saw in the data): the upstream request is aborted. */
  giveUp(): void {
    this.stopTimer();
    void this.reader.cancel().catch(() => undefined);
    this.options.onCancel?.();
  }

  /** The client left. */
  async cancel(reason: unknown): Promise<void> {
    this.stopTimer();
    this.options.onCancel?.();
    await this.reader.cancel(reason).catch(() => undefined);
  }

  /** The read, or `'silence'` once `waitMs` pass without it. */
  private within(read: Promise<ReadableStreamReadResult<Uint8Array>>, waitMs: number): Promise<ReadableStreamReadResult<Uint8Array> | 'silence'> {
    return new Promise((resolve, reject) => {
      read.then(resolve, reject);
      this.wake = resolve;
      this.deadline = performance.now() + waitMs;
      // The timer set for an earlier read fires late enough for this one, and then looks again; only a
      // nearer deadline (a ping due) sets it anew.
      if (this.timer === undefined || this.timerAt > this.deadline) this.startTimer(waitMs);
    });
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    // No read waiting: the stage is not pulling (its client is slow), which is no silence of the upstream.
    if (this.wake === undefined) return;
    const left = this.deadline - performance.now();
    if (left > 0) return this.startTimer(left);
    this.wake('silence');
  };

  private startTimer(ms: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = performance.now() + ms;
    this.timer = setTimeout(this.onTimer, ms);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** The error for an upstream that closed its stream before the answer was whole. */
export function earlyEndError(): RelayError {
  return streamError('The upstream closed the stream before it finished');
}

/** The error for an upstream silent longer than allowed. */
export function silenceError(idleTimeoutMs: number): RelayError {
  return streamError(`The upstream sent nothing for ${idleTimeoutMs} ms`, undefined, 'idle_timeout');
}
