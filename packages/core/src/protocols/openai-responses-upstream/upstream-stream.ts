import { upstreamSseToChatSse } from '../upstream-sse-to-chat-sse.js';
import { ResponsesStreamToChat } from './responses-stream-to-chat.js';

/**
 * A Responses SSE body as the Chat SSE body an OpenAI-compatible provider would have sent (see
 * `upstreamSseToChatSse`); `response.failed` and `error` events keep OpenAI's error type and code.
 */
export function responsesSseToChatSse(identity: { id: string; model: string; created: number }): TransformStream<Uint8Array, Uint8Array> {
  return upstreamSseToChatSse(new ResponsesStreamToChat(identity), (failure) => ({ message: failure.message, type: failure.type, code: failure.code ?? null }));
}
