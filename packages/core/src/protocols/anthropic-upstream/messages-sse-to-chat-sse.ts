import { createParser } from 'eventsource-parser';
import { anthropicUpstreamError } from './anthropic-upstream-error.js';
import { MessagesStreamToChat } from './messages-stream-to-chat.js';

const encoder = new TextEncoder();

/**
 * An Anthropic SSE body as the Chat SSE body an OpenAI-compatible provider would have sent (usage chunk
 * and `[DONE]` included), so every front door's stream stage can take it as it takes a Chat upstream's.
 * An `error` event becomes a `data: {"error": ...}` chunk. Anything that cuts the stream short passes
 * through as an early end, which the next stage reports as an interrupted stream.
 */
export function messagesSseToChatSse(identity: { id: string; model: string; created: number }): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const converter = new MessagesStreamToChat(identity);
  let out = '';
  let closed = false;
  const parser = createParser({
    onEvent: (event) => {
      if (closed) return;
      for (const chunk of converter.push({ event: event.event, data: event.data })) out += `data: ${JSON.stringify(chunk)}\n\n`;
      if (converter.error !== undefined) {
        const error = anthropicUpstreamError({ body: { type: 'error', error: converter.error } });
        out += `data: ${JSON.stringify({ error: { message: error.message, type: error.type, code: error.code } })}\n\n`;
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
