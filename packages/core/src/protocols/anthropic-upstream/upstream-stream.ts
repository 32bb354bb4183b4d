import { upstreamSseToChatSse } from '../upstream-sse-to-chat-sse.js';
import { MessagesStreamToChat } from './messages-stream-to-chat.js';
import { anthropicUpstreamError } from './upstream-error.js';

/**
 * An Anthropic SSE body as the Chat SSE body an OpenAI-compatible provider would have sent (see
 * `upstreamSseToChatSse`); an `error` event becomes a Chat error chunk in OpenAI's terms.
 */
export function messagesSseToChatSse(identity: { id: string; model: string; created: number }): TransformStream<Uint8Array, Uint8Array> {
  return upstreamSseToChatSse(new MessagesStreamToChat(identity), (failure) => {
    const error = anthropicUpstreamError({ body: { type: 'error', error: failure } });
    return { message: error.message, type: error.type, code: error.code };
  });
}
