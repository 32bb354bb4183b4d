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
  outputBeyondWindow: false,
  encode: (chat) => ({ body: chat, dropped: NOTHING }),
  decodeAnswer: (answer) => answer,
  decodeStream: (body) => body,
  decodeError: (answer) => openAIUpstreamFailure(answer, 'chat'),
};

const NOTHING: readonly string[] = [];
