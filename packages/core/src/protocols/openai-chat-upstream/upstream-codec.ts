import { BEARER_HEADERS } from '../../upstream/upstream-headers.js';
import type { UpstreamCodec } from '../upstream-codec.js';
import { fromChatResponse } from './upstream-answer.js';
import { openAIUpstreamFailure } from './upstream-error.js';
import { chatUpstreamBody } from './upstream-request.js';
import { chatSseAsChatSse } from './upstream-stream.js';

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
  encode: (chat) => ({ body: chatUpstreamBody(chat), dropped: NOTHING }),
  decodeAnswer: fromChatResponse,
  decodeStream: chatSseAsChatSse,
  decodeError: (answer) => openAIUpstreamFailure(answer, 'chat'),
};

const NOTHING: readonly string[] = [];
