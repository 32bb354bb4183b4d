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

/**
 * The body a Chat provider gets from the Chat form: the form itself, less what only another provider reads.
 * Another provider's encrypted reasoning (`reasoning_details`, carried for a Responses upstream) means nothing
 * to a Chat provider, and a strict one refuses a message field it does not know.
 */
export function chatUpstreamBody(chat: ChatRequest): ChatRequest {
  if (!chat.messages.some((message) => 'reasoning_details' in message)) return chat;
  return { ...chat, messages: chat.messages.map((message) => ('reasoning_details' in message ? omitDetails(message) : message)) };
}

function omitDetails(message: ChatMessage): ChatMessage {
  const { reasoning_details: _details, ...rest } = message;
  return rest as ChatMessage;
}
