import type { EventSourceMessage } from 'eventsource-parser';
import type { RelayError } from '../errors/relay-error.js';
import type { Usage } from '../types/chat.js';
import type { ChunkStage } from './chunk-stage.js';
import { sseErrorEvent } from './sse-error-event.js';
import { earlyEndError, type StreamOutcome, type StreamStageOptions, silenceError, UpstreamEvents } from './upstream-events.js';
import { withoutUsage } from './without-usage.js';

export type { StreamOutcome };

export interface RelayStreamOptions extends StreamStageOptions {
  /** The relay asked for usage the client did not want: remove it so the client sees the stream it asked for. */
  stripUsage: boolean;
  onUsage?(usage: Usage): void;
  /** Rewrites chunks on their way (tool-call repair); chunks it leaves alone keep their bytes. */
  stage?: ChunkStage;
}

const encoder = new TextEncoder();

/**
 * Relays an upstream SSE body event by event: each event goes out as soon as it is complete, while usage
 * and the finish are read off it. Upstream failures, idle timeouts and early ends become a final
 * `data: {"error": ...}` event and a clean close, never a hang or a broken connection.
 */
export function relayEventStream(upstream: ReadableStream<Uint8Array>, options: RelayStreamOptions): ReadableStream<Uint8Array> {
  let pending = '';
  let done = false;
  let finished = false;
  let firstByte = false;

  const handleEvent = (event: EventSourceMessage): string => {
    if (event.data === '[DONE]') {
      done = true;
      return `${flushStage(event)}data: [DONE]\n\n`;
    }
    let chunk: Record<string, unknown> | undefined;
    try {
      chunk = JSON.parse(event.data) as Record<string, unknown>;
    } catch {
      return serialize(event, event.data);
    }
    if (chunk === null || typeof chunk !== 'object') return serialize(event, event.data);
    const replaced = options.stage?.push(chunk);
    if (replaced === undefined) return handleChunk(event, chunk, event.data);
    let out = '';
    for (const piece of replaced) out += handleChunk(event, piece, undefined);
    return out;
  };
  /** One chunk on its way out: usage and the finish read off it, usage removed if the client did not ask. `data`: its bytes as they came. */
  const handleChunk = (event: EventSourceMessage, chunk: Record<string, unknown>, data: string | undefined): string => {
    const choices = chunk.choices;
    if (Array.isArray(choices) && choices.some((choice) => choice?.finish_reason != null)) finished = true;
    if (chunk.usage != null && typeof chunk.usage === 'object') options.onUsage?.(chunk.usage as Usage);
    if (!options.stripUsage || !('usage' in chunk)) return serialize(event, data ?? JSON.stringify(chunk));
    // A provider that sends `"usage": null` on every chunk: the field cut out of the bytes, no copy of the chunk.
    if (data !== undefined && chunk.usage === null && !(Array.isArray(choices) && choices.length === 0)) {
      const without = withoutNullUsage(data);
      if (without !== undefined) return serialize(event, without);
    }
    const rest = withoutUsage(chunk);
    return rest === undefined ? '' : serialize(event, JSON.stringify(rest));
  };
  const flushStage = (event: EventSourceMessage): string => {
    let out = '';
    for (const piece of options.stage?.flush() ?? []) out += handleChunk({ data: '', event: event.event, id: undefined }, piece, undefined);
    return out;
  };
  const source = new UpstreamEvents(upstream, {
    onEvent: (event) => {
      pending += handleEvent(event);
    },
    // Keep-alive comments are forwarded so idle timers downstream see them too.
    onComment: (comment) => {
      pending += `:${comment}\n\n`;
    },
    maxEventBytes: options.maxEventBytes,
    onCancel: options.onCancel,
  });

  const end = (controller: ReadableStreamDefaultController<Uint8Array>, outcome: StreamOutcome, error?: RelayError) => {
    const held = done ? '' : flushStage({ data: '' });
    if (held !== '') controller.enqueue(encoder.encode(held));
    if (error !== undefined) controller.enqueue(encoder.encode(sseErrorEvent(error)));
    controller.close();
    options.onEnd?.(outcome, error?.message);
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (pending === '') {
        const read = await source.read(options.idleTimeoutMs);
        if (read.kind === 'failed') return end(controller, read.outcome, read.error);
        if (read.kind === 'silence') {
          source.giveUp();
          return end(controller, 'idle_timeout', silenceError(options.idleTimeoutMs));
        }
        if (read.kind === 'end') {
          // What a stage still holds goes out before the end, so nothing the upstream sent is lost.
          if (!done) pending += flushStage({ data: '' });
          if (pending !== '') break;
          if (done || finished) return end(controller, 'completed');
          return end(controller, 'interrupted', earlyEndError());
        }
      }
      if (!firstByte) {
        firstByte = true;
        options.onFirstByte?.();
      }
      controller.enqueue(encoder.encode(pending));
      pending = '';
    },
    async cancel(reason) {
      options.onEnd?.('client_cancelled');
      await source.cancel(reason);
    },
  });
}

const NULL_USAGE = ',"usage":null}';

/**
 * A chunk's JSON without its `"usage":null`, cut from the text when it is the last member, as OpenAI and
 * the open servers write it. Every chunk of a stream the relay asked usage for carries it: re-serialising
 * each one cost time per chunk and changed bytes nothing else touched. `undefined`: not in that form.
 */
function withoutNullUsage(data: string): string | undefined {
  // Valid JSON ending so has its last top-level member there (a quote inside a string would be escaped),
  // and only one "usage" key means that member is the one JSON.parse read as null.
  const at = data.length - NULL_USAGE.length;
  if (!data.endsWith(NULL_USAGE) || data.indexOf('"usage":') !== at + 1) return undefined;
  return `${data.slice(0, at)}}`;
}

function serialize(event: EventSourceMessage, data: string): string {
  let out = '';
  if (event.event !== undefined) out += `event: ${event.event}\n`;
  if (event.id !== undefined) out += `id: ${event.id}\n`;
  if (data.includes('\n'))
    return `${out}${data
      .split('\n')
      .map((line) => `data: ${line}`)
      .join('\n')}\n\n`;
  return `${out}data: ${data}\n\n`;
}
