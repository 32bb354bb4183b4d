import { errorResponse } from '../../errors/error-response.js';
import { RelayError } from '../../errors/relay-error.js';
import type { StreamWriter } from '../../sse/stream-writer.js';
import { translateChatStream } from '../../sse/translate-chat-stream.js';
import type { AnswerStreamOptions, FrontDoor } from '../front-door.js';
import { originalErrorAnswer } from '../original-error-answer.js';
import { fromChatResponse } from './convert-from-chat-response.js';
import { toChatRequest } from './convert-to-chat-request.js';
import { nativeResponses } from './native-responses.js';
import { newResponseId } from './response-ids.js';
import { ResponsesStreamWriter } from './responses-stream-writer.js';
import { validateResponsesRequest } from './validate-responses-request.js';

type WriterInit = ConstructorParameters<typeof ResponsesStreamWriter>[0];

// OpenAI's 429s that no waiting cures: the account's quota or plan, not its rate.
const QUOTA_CODES = new Set(['insufficient_quota', 'usage_limit_reached', 'usage_not_included']);

/** OpenAI Responses (Codex CLI): to a Chat or Anthropic upstream through the Chat form, to a Responses one as it came. */
export const responsesFrontDoor: FrontDoor = {
  protocol: 'openai-responses',
  api: 'responses',
  path: '/responses',
  route: 'responses',
  countTokens: undefined,
  recognizes: () => false,
  decode(body) {
    const request = validateResponsesRequest(body);
    const { chat, toolMap, droppedTools, droppedParams, origins } = toChatRequest(request, { reasoningContent: true });
    const init: WriterInit = { id: newResponseId(), model: request.model ?? '', toolMap, createdAt: Math.floor(Date.now() / 1000), request };
    const writer = responsesWriter(init);
    return {
      chat,
      model: request.model,
      stream: request.stream === true,
      convertedReasoning: true,
      clampOutput: true,
      dropped: [...droppedTools, ...droppedParams],
      conversationId: typeof request.prompt_cache_key === 'string' ? request.prompt_cache_key : undefined,
      native: nativeResponses(request, chat.messages, origins),
      answer: (completion) => fromChatResponse(completion, init),
      answerStream: (chatSse: ReadableStream<Uint8Array>, options: AnswerStreamOptions) => translateChatStream(chatSse, writer(), options),
      writer,
    };
  },
  // Codex waits and retries on `rate_limit_exceeded`, whatever code the provider gave its 429: such a 429 is
  // answered in the relay's words, not passed on as the provider wrote it. A spent quota is no wait-and-retry:
  // it goes as it came, for Codex to report.
  errorResponse: (error, headers) =>
    error.status === 429 && error.code !== 'rate_limit_exceeded' && !QUOTA_CODES.has(error.code ?? '')
      ? errorResponse(new RelayError({ status: 429, message: error.message, code: 'rate_limit_exceeded', headers: error.headers }), headers)
      : (originalErrorAnswer(error, 'responses', headers) ?? errorResponse(error, headers)),
};

/** Made outside `decode`: the writer echoes the request's settings in `response.created`, and needs nothing else of its scope. */
function responsesWriter(init: WriterInit): () => StreamWriter {
  return () => {
    const writer = new ResponsesStreamWriter(init);
    return {
      start: () => writer.start(),
      push: (chunk) => writer.push(chunk),
      finish: () => writer.finish(),
      fail: (error) => writer.fail({ message: error.message, code: error.code, type: error.type }),
    };
  };
}
