import type { EventSourceMessage } from 'eventsource-parser';
import type { RelayError } from '../errors/relay-error.js';
import type { Usage } from '../types/chat.js';
import type { ChunkStage } from './chunk-stage.js';
import { streamError } from './stream-error.js';
import type { StreamWriter } from './stream-writer.js';
import { earlyEndError, type StreamOutcome, type StreamStageOptions, silenceError, UpstreamEvents } from './upstream-events.js';

export interface TranslateStreamOptions extends StreamStageOptions {
  /** A protocol with a keep-alive event (Anthropic's `ping`) sends one after this much silence. Default 10 s. */
  pingIntervalMs?: number;
  onUsage?(usage: Usage): void;
  /** Rewrites chunks before the writer sees them (tool-call repair). */
  stage?: ChunkStage;
}

const encoder = new TextEncoder();

/**
 * An upstream Chat SSE body as another protocol's stream: each chunk is parsed and handed to the writer,
 * whose events go out as soon as they exist. The writer's opening events go first, before the upstream's
 * first byte. `[DONE]` or a finish reason ends the answer normally; a cut connection, an early end, an
 * error chunk or a long silence end it with the protocol's error event, never with silence.
 */
export function translateChatStream(upstream: ReadableStream<Uint8Array>, writer: StreamWriter, options: TranslateStreamOptions): ReadableStream<Uint8Array> {
  const pingIntervalMs = Math.min(options.pingIntervalMs ?? 10_000, options.idleTimeoutMs);
  let out = writer.start();
  let finished = false;
  let failed: RelayError | undefined;
  let closed = false;
  // Silence is judged on events (an upstream that only sends keep-alive comments is silent), pings on
  // what the client got (it must hear something while the upstream says nothing it can pass on).
  let lastEvent = Date.now();
  let lastSent = Date.now();
  let firstByte = false;

  const onEvent = (event: EventSourceMessage) => {
    lastEvent = Date.now();
    if (closed || failed !== undefined) return;
    if (event.data === '[DONE]') {
      flushStage();
      finished = true;
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(event.data);
    } catch {
      return;
    }
    const record = chunk !== null && typeof chunk === 'object' ? (chunk as Record<string, unknown>) : {};
    // Some providers report a failure as a data chunk with `error` and no choices.
    if (record.error !== undefined && !Array.isArray(record.choices)) {
      failed = streamError(`The upstream failed mid-stream: ${describe(record.error)}`, undefined, 'upstream_error');
      return;
    }
    if (record.usage !== null && typeof record.usage === 'object') options.onUsage?.(record.usage as Usage);
    if (Array.isArray(record.choices) && record.choices.some((choice) => (choice as { finish_reason?: unknown })?.finish_reason != null)) finished = true;
    const replaced = options.stage?.push(record);
    if (replaced === undefined) out += writer.push(chunk);
    else for (const piece of replaced) out += writer.push(piece);
  };
  const flushStage = () => {
    for (const piece of options.stage?.flush() ?? []) out += writer.push(piece);
  };
  const source = new UpstreamEvents(upstream, { onEvent, maxEventBytes: options.maxEventBytes, onCancel: options.onCancel });

  const end = (controller: ReadableStreamDefaultController<Uint8Array>, outcome: StreamOutcome, error?: RelayError) => {
    // What a stage still holds goes to the client before the end, so nothing the upstream sent is lost.
    if (outcome !== 'client_cancelled') flushStage();
    closed = true;
    out += error === undefined ? writer.finish() : writer.fail(error);
    controller.enqueue(encoder.encode(out));
    out = '';
    controller.close();
    options.onEnd?.(outcome, error?.message);
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // The first pull finds the writer's opening events waiting and sends them at once.
      while (out === '') {
        if (failed !== undefined) {
          source.giveUp();
          return end(controller, 'upstream_error', failed);
        }
        // Wake for the next ping that is due, else for the idle deadline.
        const untilPing = writer.ping !== undefined ? pingIntervalMs - (Date.now() - lastSent) : Number.POSITIVE_INFINITY;
        const untilIdle = options.idleTimeoutMs - (Date.now() - lastEvent);
        const read = await source.read(Math.max(1, Math.min(untilPing, untilIdle)));
        if (read.kind === 'failed') return end(controller, read.outcome, read.error);
        if (read.kind === 'end') {
          if (failed !== undefined) return end(controller, 'upstream_error', failed);
          if (finished) return end(controller, 'completed');
          return end(controller, 'interrupted', earlyEndError());
        }
        if (out !== '') break;
        if (Date.now() - lastEvent >= options.idleTimeoutMs) {
          source.giveUp();
          return end(controller, 'idle_timeout', silenceError(options.idleTimeoutMs));
        }
        if (writer.ping !== undefined && Date.now() - lastSent >= pingIntervalMs) out += writer.ping();
      }
      if (!firstByte) {
        firstByte = true;
        options.onFirstByte?.();
      }
      controller.enqueue(encoder.encode(out));
      out = '';
      lastSent = Date.now();
    },
    async cancel(reason) {
      closed = true;
      options.onEnd?.('client_cancelled');
      await source.cancel(reason);
    },
  });
}

function describe(error: unknown): string {
  if (typeof error === 'string') return error;
  const message = error !== null && typeof error === 'object' ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : JSON.stringify(error).slice(0, 300);
}
