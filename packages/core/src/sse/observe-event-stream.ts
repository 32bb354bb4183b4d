import type { EventSourceMessage } from 'eventsource-parser';
import type { RelayError } from '../errors/relay-error.js';
import { earlyEndError, type StreamOutcome, type StreamStageOptions, silenceError, UpstreamEvents } from './upstream-events.js';

export interface ObserveStreamOptions extends StreamStageOptions {
  /** Reads each event of the copy; returns true once the event that ends the answer has been seen. */
  onEvent(event: EventSourceMessage): boolean | undefined;
  /** The protocol's own error event, appended when the upstream fails half-way. */
  errorEvent(error: RelayError): string;
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
  // Whether what went to the client ends an event; if not, the relay's own bytes must first end it.
  let atBoundary = true;
  const source = new UpstreamEvents(upstream, {
    onEvent: (event) => {
      if (options.onEvent(event) === true) ended = true;
    },
    maxEventBytes: options.maxEventBytes,
    onCancel: options.onCancel,
  });
  const end = (controller: ReadableStreamDefaultController<Uint8Array>, outcome: StreamOutcome, error?: RelayError) => {
    const close = atBoundary ? '' : '\n\n';
    if (error !== undefined) controller.enqueue(encoder.encode(close + options.errorEvent(error)));
    else if (close !== '') controller.enqueue(encoder.encode(close));
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
      if (read.kind === 'end') return ended ? end(controller, 'completed') : end(controller, 'interrupted', earlyEndError());
      if (!firstByte) {
        firstByte = true;
        options.onFirstByte?.();
      }
      atBoundary = endsEvent(read.bytes);
      controller.enqueue(read.bytes);
    },
    async cancel(reason) {
      options.onEnd?.('client_cancelled');
      await source.cancel(reason);
    },
  });
}

/** Whether bytes end with a blank line (an SSE event's end), with LF or CRLF line ends. */
function endsEvent(bytes: Uint8Array): boolean {
  const n = bytes.length;
  const LF = 0x0a;
  if (n >= 2 && bytes[n - 1] === LF && bytes[n - 2] === LF) return true;
  return n >= 4 && bytes[n - 1] === LF && bytes[n - 2] === 0x0d && bytes[n - 3] === LF && bytes[n - 4] === 0x0d;
}
