import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { RelayError } from '../errors/relay-error.js';
import type { StreamOutcome } from './relay-event-stream.js';
import { readWithIdleTimeout } from './read-with-idle-timeout.js';
import { streamError } from './stream-error.js';

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
  const reader = upstream.getReader();
  const decoder = new TextDecoder();
  const maxEventBytes = options.maxEventBytes ?? 16 * 1024 * 1024;
  let ended = false;
  let firstByte = false;
  let bytesSinceEvent = 0;
  const parser = createParser({
    onEvent: (event) => {
      bytesSinceEvent = 0;
      if (options.onEvent(event) === true) ended = true;
    },
  });
  const end = (controller: ReadableStreamDefaultController<Uint8Array>, outcome: StreamOutcome, error?: RelayError) => {
    if (error !== undefined) controller.enqueue(encoder.encode(options.errorEvent(error)));
    controller.close();
    options.onEnd?.(outcome, error?.message);
  };
  const giveUp = () => {
    void reader.cancel().catch(() => undefined);
    options.onCancel?.();
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let result: ReadableStreamReadResult<Uint8Array> | 'idle';
      try {
        result = await readWithIdleTimeout(reader, options.idleTimeoutMs);
      } catch (error) {
        return end(controller, 'interrupted', streamError('The upstream connection failed mid-stream', error));
      }
      if (result === 'idle') {
        giveUp();
        return end(controller, 'idle_timeout', streamError(`The upstream sent nothing for ${options.idleTimeoutMs} ms`, undefined, 'idle_timeout'));
      }
      if (result.done) {
        parser.feed(decoder.decode());
        parser.feed('\n\n');
        return ended ? end(controller, 'completed') : end(controller, 'interrupted', streamError('The upstream closed the stream before it finished'));
      }
      bytesSinceEvent += result.value.byteLength;
      if (bytesSinceEvent > maxEventBytes) {
        giveUp();
        return end(controller, 'upstream_error', streamError(`The upstream sent an SSE event over ${maxEventBytes} bytes`));
      }
      parser.feed(decoder.decode(result.value, { stream: true }));
      if (!firstByte) {
        firstByte = true;
        options.onFirstByte?.();
      }
      controller.enqueue(result.value);
    },
    async cancel(reason) {
      options.onCancel?.();
      options.onEnd?.('client_cancelled');
      await reader.cancel(reason).catch(() => undefined);
    },
  });
}
