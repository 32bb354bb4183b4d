import { createParser } from 'eventsource-parser';
import type { UpstreamStreamConverter } from './upstream-stream-converter.js';

const encoder = new TextEncoder();

/** An upstream's mid-stream error in OpenAI's terms: the `error` of a Chat error chunk. */
export type ChatStreamError = { message: string; type: string; code: string | null };

/**
 * Another protocol's SSE body as the Chat SSE body an OpenAI-compatible provider would have sent (usage
 * chunk and `[DONE]` included), so every front door's stream stage takes it as it takes a Chat upstream's.
 * An error event becomes a `data: {"error": ...}` chunk. Anything that cuts the stream short passes through
 * as an early end, which the next stage reports as an interrupted stream.
 */
export function upstreamSseToChatSse(
  converter: UpstreamStreamConverter,
  chatError: (error: NonNullable<UpstreamStreamConverter['error']>) => ChatStreamError,
): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  let out = '';
  let closed = false;
  const parser = createParser({
    onEvent: (event) => {
      if (closed) return;
      for (const chunk of converter.push({ event: event.event, data: event.data })) out += `data: ${JSON.stringify(chunk)}\n\n`;
      if (converter.error !== undefined) {
        out += `data: ${JSON.stringify({ error: chatError(converter.error) })}\n\n`;
        closed = true;
      } else if (converter.done) {
        out += `data: ${JSON.stringify(converter.usageChunk())}\n\ndata: [DONE]\n\n`;
        closed = true;
      }
    },
  });
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(bytes, controller) {
      parser.feed(decoder.decode(bytes, { stream: true }));
      if (out !== '') controller.enqueue(encoder.encode(out));
      out = '';
    },
    flush(controller) {
      parser.feed(decoder.decode());
      if (out !== '') controller.enqueue(encoder.encode(out));
    },
  });
}
