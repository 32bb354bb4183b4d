import type { ChatRequest, Usage } from '../../types/chat.js';
import type { NativeRequest } from '../front-door.js';
import { chatUpstreamRequest } from '../openai-chat-upstream/upstream-request.js';
import { chatStreamWithoutUsage, chatStreamWithUsage } from './chat-answer-stream.js';

/**
 * A Chat client to a Chat upstream: the request with the engine's messages and the target's model; the
 * answer as sent (tool-call repair aside). A Chat client's reasoning fields are its own business and go as sent.
 */
export function nativeChat(chat: ChatRequest, includeUsage: boolean): NativeRequest {
  return {
    body: (kept, model) => chatUpstreamRequest(chat, model, kept?.messages),
    usage: usageOf,
    relay: includeUsage ? chatStreamWithUsage : chatStreamWithoutUsage,
  };
}

function usageOf(answer: unknown): Usage | undefined {
  return (answer as { usage?: Usage } | null)?.usage;
}
