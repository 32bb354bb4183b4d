import { BEARER_HEADERS } from '../../upstream/upstream-headers.js';
import type { UpstreamCodec } from '../upstream-codec.js';
import { fromResponsesResponse } from './upstream-answer.js';
import { responsesUpstreamFailure } from './upstream-error.js';
import { toResponsesRequest } from './upstream-request.js';
import { responsesSseToChatSse } from './upstream-stream.js';

/** OpenAI Responses, stateless (`store: false`): the only API some of OpenAI's coding models answer on. */
export const responsesUpstreamCodec: UpstreamCodec = {
  api: 'responses',
  endpoint: 'responses',
  countTokensEndpoint: undefined,
  headers: BEARER_HEADERS,
  // Reasoning goes back to Responses only as its encrypted items, which the Chat form does not carry.
  carriesReasoningContent: false,
  repairsToolCalls: false,
  // Encrypted reasoning goes back only to the key it was encrypted for.
  keyBoundBody: true,
  outputBeyondWindow: false,
  encode: (chat, target) => toResponsesRequest(chat, target),
  decodeAnswer: fromResponsesResponse,
  decodeStream: (body, identity) => body.pipeThrough(responsesSseToChatSse(identity)),
  decodeError: responsesUpstreamFailure,
};
