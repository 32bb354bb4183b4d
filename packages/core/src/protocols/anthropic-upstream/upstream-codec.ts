import type { ProtocolHeaders } from '../../upstream/upstream-headers.js';
import type { UpstreamCodec } from '../upstream-codec.js';
import { fromMessagesResponse } from './upstream-answer.js';
import { anthropicUpstreamFailure } from './upstream-error.js';
import { anthropicUpstreamBody } from './upstream-request.js';
import { messagesSseToChatSse } from './upstream-stream.js';

const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

/** Claude Code's protocol version and beta flags mean something to an Anthropic upstream only; the key goes in `x-api-key`. */
const ANTHROPIC_HEADERS: ProtocolHeaders = {
  forwarded: ['anthropic-version', 'anthropic-beta'],
  authorize(headers, apiKey) {
    headers['anthropic-version'] ??= DEFAULT_ANTHROPIC_VERSION;
    if (apiKey !== undefined && apiKey !== '') headers['x-api-key'] = apiKey;
  },
};

/** Anthropic Messages (Anthropic itself, and the providers that copy its API). */
export const anthropicUpstreamCodec: UpstreamCodec = {
  api: 'anthropic',
  endpoint: 'messages',
  countTokensEndpoint: 'messages/count_tokens',
  headers: ANTHROPIC_HEADERS,
  // Thinking without Anthropic's signature is refused there: the conversion leaves `reasoning_content` out.
  carriesReasoningContent: false,
  repairsToolCalls: false,
  keyBoundBody: false,
  outputBeyondWindow: true,
  encode: (chat, target) => ({ body: anthropicUpstreamBody(chat, target), dropped: NOTHING }),
  decodeAnswer: fromMessagesResponse,
  decodeStream: (body, identity) => body.pipeThrough(messagesSseToChatSse(identity)),
  decodeError: anthropicUpstreamFailure,
};

const NOTHING: readonly string[] = [];
