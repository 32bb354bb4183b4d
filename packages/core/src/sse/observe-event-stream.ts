import type { EventSourceMessage } from 'eventsource-parser';
import type { RelayError } from '../errors/relay-error.js';
import { streamError } from './stream-error.js';
import { silenceError, UpstreamEvents, type StreamOutcome } from './upstream-events.js';

export interface ObserveStreamOptions {
  idleTimeoutMs: number;
  /** Reads each event of the copy; returns true once the event that ends the answer has been seen. */
  onEvent(event: EventSourceMessage): boolean | void;
  /** The protocol's own error event, appended when the upstream fails half-way. */
  errorEvent(error: RelayError): string;
  maxEventBytes?: number;
  onFirstByte?(): void;
  onEnd?(outcome: StreamOutcome, detail?: string): void;
  onCancel?(): void;
}

const encoder = new TextEncoder();

/**
 * Passes an upstream SSE body through byte for byte (same protocol in and out: nothing to translate),
 * while a copy is parsed to observe it (usage, the end). A cut connection, an early end or a long silence
 * is finished with the protocol's error event, so the client never takes a cut answer for a whole one.
 */
export function observeEventStream(upstream: ReadableStream<Uint8Array>, options: ObserveStreamOptions): ReadableStream<Uint8Array> {
  let ended = false;
  let firstByte = false;
  const source = new UpstreamEvents(upstream, {
    onEvent: (event) => {
      if (options.onEvent(event) === true) ended = true;
    },
    maxEventBytes: options.maxEventBytes,
    onCancel: options.onCancel,
  });
  const end = (controller: ReadableStreamDefaultController<Uint8Array>, outcome: StreamOutcome, error?: RelayError) => {
    if (error !== undefined) controller.enqueue(encoder.encode(options.errorEvent(error)));
    controller.close();
    options.onEnd?.(outcome, error?.message);
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const read = await source.read(options.idleTimeoutMs);
      if (read.kind === 'failed') return end(controller, read.outcome, read.error);
      if (read.kind === 'silence') {
        source.giveUp();
        return end(controller, 'idle_timeout', silenceError(options.idleTimeoutMs));
      }
      if (read.kind === 'end') return ended ? end(controller, 'completed') : end(controller, 'interrupted', streamError('The upstream closed the stream before it finished'));
      if (!firstByte) {
        firstByte = true;
        options.onFirstByte?.();
      }
      controller.enqueue(read.bytes);
    },
    async cancel(reason) {
      options.onEnd?.('client_cancelled');
      await source.cancel(reason);
    },
  });
}
