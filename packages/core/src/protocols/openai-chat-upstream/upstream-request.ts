import type { ChatMessage, ChatRequest } from '../../types/chat.js';

/**
 * The Chat request a target gets: its model, the fitted messages, usage asked for on streams (so logs and
 * limits see real counts; the stream strips it again when the client did not ask). The client's object is
 * not changed: a fallback builds its own from the same request.
 */
export function chatUpstreamRequest(chat: ChatRequest, model: string | undefined, messages: readonly ChatMessage[] | undefined): ChatRequest {
  const sent: ChatRequest = { ...chat };
  if (model !== undefined) sent.model = model;
  if (messages !== undefined) sent.messages = messages as ChatMessage[];
  if (chat.stream === true) sent.stream_options = { ...chat.stream_options, include_usage: true };
  return sent;
}
