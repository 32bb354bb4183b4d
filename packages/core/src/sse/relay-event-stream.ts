import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { RelayError } from '../errors/relay-error.js';
import { readWithIdleTimeout } from './read-with-idle-timeout.js';
import { streamError } from './stream-error.js';
import type { Usage } from '../types/chat.js';
import { sseErrorEvent } from './sse-error-event.js';

export type StreamOutcome = 'completed' | 'upstream_error' | 'idle_timeout' | 'interrupted' | 'client_cancelled';

export interface RelayStreamOptions {
  /** Longest silence allowed between two upstream reads. */
  idleTimeoutMs: number;
  /** The relay asked for usage the client did not want: remove it so the client sees the stream it asked for. */
  stripUsage: boolean;
  /** Bounds one SSE event; a provider that never ends a line cannot grow our memory. */
  maxEventBytes?: number;
  onFirstByte?(): void;
  onUsage?(usage: Usage): void;
  onEnd?(outcome: StreamOutcome, detail?: string): void;
  /** Called when the client cancels, to abort the upstream request. */
  onCancel?(): void;
}

const encoder = new TextEncoder();

/**
 * Relays an upstream SSE body event by event: each event goes out as soon as it is complete, while usage
 * and the finish are read off it. Upstream failures, idle timeouts and early ends become a final
 * `data: {"error": ...}` event and a clean close, never a hang or a broken connection.
 */
export function relayEventStream(upstream: ReadableStream<Uint8Array>, options: RelayStreamOptions): ReadableStream<Uint8Array> {
  const reader = upstream.getReader();
  const decoder = new TextDecoder();
  const maxEventBytes = options.maxEventBytes ?? 16 * 1024 * 1024;
  let pending = '';
  let done = false;
  let finished = false;
  let firstByte = false;
  let bytesSinceEvent = 0;

  const parser = createParser({
    onEvent: (event) => {
      bytesSinceEvent = 0;
      pending += handleEvent(event);
    },
    onComment: (comment) => {
      // Keep-alive comments are forwarded so idle timers downstream see them too.
      pending += `:${comment}\n\n`;
    },
  });

  const handleEvent = (event: EventSourceMessage): string => {
    if (event.data === '[DONE]') {
      done = true;
      return 'data: [DONE]\n\n';
    }
    let chunk: Record<string, unknown> | undefined;
    try {
      chunk = JSON.parse(event.data) as Record<string, unknown>;
    } catch {
      return serialize(event, event.data);
    }
    if (chunk === null || typeof chunk !== 'object') return serialize(event, event.data);
    const choices = chunk.choices;
    if (Array.isArray(choices) && choices.some((choice) => choice?.finish_reason != null)) finished = true;
    if (chunk.usage != null && typeof chunk.usage === 'object') options.onUsage?.(chunk.usage as Usage);
    if (!options.stripUsage || !('usage' in chunk)) return serialize(event, event.data);
    // The usage-only chunk was ours; elsewhere only the field goes.
    if (Array.isArray(choices) && choices.length === 0) return '';
    const { usage: _usage, ...rest } = chunk;
    return serialize(event, JSON.stringify(rest));
  };

  const end = (controller: ReadableStreamDefaultController<Uint8Array>, outcome: StreamOutcome, error?: RelayError) => {
    if (error !== undefined) controller.enqueue(encoder.encode(sseErrorEvent(error)));
    controller.close();
    options.onEnd?.(outcome, error?.message);
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (pending === '') {
        let result: ReadableStreamReadResult<Uint8Array> | 'idle';
        try {
          result = await readWithIdleTimeout(reader, options.idleTimeoutMs);
        } catch (error) {
          end(controller, 'interrupted', streamError('The upstream connection failed mid-stream', error));
          return;
        }
        if (result === 'idle') {
          void reader.cancel().catch(() => undefined);
          options.onCancel?.();
          end(controller, 'idle_timeout', streamError(`The upstream sent nothing for ${options.idleTimeoutMs} ms`, undefined, 'idle_timeout'));
          return;
        }
        if (result.done) {
          parser.feed(decoder.decode());
          parser.feed('\n\n');
          if (pending !== '') break;
          if (done || finished) end(controller, 'completed');
          else end(controller, 'interrupted', streamError('The upstream closed the stream before it finished'));
          return;
        }
        bytesSinceEvent += result.value.byteLength;
        if (bytesSinceEvent > maxEventBytes) {
          void reader.cancel().catch(() => undefined);
          options.onCancel?.();
          end(controller, 'upstream_error', streamError(`The upstream sent an SSE event over ${maxEventBytes} bytes`));
          return;
        }
        parser.feed(decoder.decode(result.value, { stream: true }));
      }
      if (!firstByte) {
        firstByte = true;
        options.onFirstByte?.();
      }
      controller.enqueue(encoder.encode(pending));
      pending = '';
    },
    async cancel(reason) {
      options.onCancel?.();
      options.onEnd?.('client_cancelled');
      await reader.cancel(reason).catch(() => undefined);
    },
  });
}

function serialize(event: EventSourceMessage, data: string): string {
  let out = '';
  if (event.event !== undefined) out += `event: ${event.event}\n`;
  if (event.id !== undefined) out += `id: ${event.id}\n`;
  if (data.includes('\n')) return `${out}${data.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`;
  return `${out}data: ${data}\n\n`;
}
