import { type StreamStats, sseEventStream } from '../sse-event-stream.js';
import { waitOrAbandon } from '../wait-or-abandon.js';
import { type AnthropicMessageResponse, anthropicStreamEvents } from './anthropic-stream-events.js';
import type { FakeAnthropicReply } from './fake-anthropic-reply.js';
import type { CacheUsage } from './prompt-cache.js';

export interface AnswerOptions {
  id: string;
  requestId: string;
  model: string;
  stream: boolean;
  chunks: number;
  delayMs: number;
  /** Break the stream after this many events. */
  dropAfter?: number;
  stats: StreamStats;
  signal: AbortSignal;
}

/**
 * The answer to `POST /v1/messages`: a whole Message as JSON, or its SSE stream. A client that leaves
 * during the delay before a whole Message gets a 499 and counts as aborted.
 */
export async function answerMessage(reply: FakeAnthropicReply, usage: CacheUsage, options: AnswerOptions): Promise<Response> {
  const message: AnthropicMessageResponse = {
    id: options.id,
    type: 'message',
    role: 'assistant',
    model: options.model,
    content: reply.content,
    stop_reason: reply.stopReason,
    stop_sequence: null,
    usage: { ...usage, output_tokens: reply.outputTokens },
  };
  if (!options.stream) {
    const gaveUp = await waitOrAbandon(options.delayMs, options.signal, options.stats);
    if (gaveUp !== undefined) return gaveUp;
    options.stats.completed += 1;
    return Response.json(message, { headers: { 'request-id': options.requestId } });
  }
  const events = anthropicStreamEvents(message, options.chunks);
  return new Response(sseEventStream(events, options.delayMs, options.dropAfter, options.stats, options.signal), {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': options.requestId },
  });
}
