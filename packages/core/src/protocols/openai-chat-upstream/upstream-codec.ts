import type { ChatMessage, ChatRequest } from '../../types/chat.js';
import { BEARER_HEADERS } from '../../upstream/upstream-headers.js';
import type { UpstreamCodec } from '../upstream-codec.js';
import { openAIUpstreamFailure } from './upstream-error.js';

/** An OpenAI-compatible Chat Completions provider: the relay's internal form, so nothing to convert either way. */
export const chatUpstreamCodec: UpstreamCodec = {
  api: 'chat',
  endpoint: 'chat/completions',
  countTokensEndpoint: undefined,
  headers: BEARER_HEADERS,
  carriesReasoningContent: true,
  repairsToolCalls: true,
  keyBoundBody: false,
  outputBeyondWindow: false,
  encode: (chat) => ({ body: withoutEncryptedReasoning(chat), dropped: NOTHING }),
  decodeAnswer: (answer) => answer,
  decodeStream: (body) => body,
  decodeError: (answer) => openAIUpstreamFailure(answer, 'chat'),
};

const NOTHING: readonly string[] = [];

/**
 * Another provider's encrypted reasoning (`reasoning_details`, carried for a Responses upstream) means nothing
 * to a Chat provider, and a strict one refuses a message field it does not know.
 */
function withoutEncryptedReasoning(chat: ChatRequest): ChatRequest {
  if (!chat.messages.some((message) => 'reasoning_details' in message)) return chat;
  return { ...chat, messages: chat.messages.map((message) => ('reasoning_details' in message ? omitDetails(message) : message)) };
}

function omitDetails(message: ChatMessage): ChatMessage {
  const { reasoning_details: _details, ...rest } = message;
  return rest as ChatMessage;
}
