import { errorResponse } from '../../errors/error-response.js';
import { RelayError } from '../../errors/relay-error.js';
import type { FrontDoor } from '../front-door.js';
import { fromChatResponse } from './convert-from-chat-response.js';
import { toChatRequest } from './convert-to-chat-request.js';
import { nativeResponses } from './native-responses.js';
import { newResponseId } from './response-ids.js';
import { ResponsesStreamWriter } from './responses-stream-writer.js';
import { validateResponsesRequest } from './validate-responses-request.js';

/** OpenAI Responses (Codex CLI) in front of a Chat upstream; errors keep OpenAI's shape. */
export const responsesFrontDoor: FrontDoor = {
  protocol: 'openai-responses',
  decode(body) {
    const request = validateResponsesRequest(body);
    const { chat, toolMap, droppedTools, droppedParams, origins } = toChatRequest(request, { reasoningContent: true });
    const id = newResponseId();
    const createdAt = Math.floor(Date.now() / 1000);
    const init = { id, model: request.model ?? '', toolMap, createdAt, request };
    return {
      chat,
      model: request.model,
      stream: request.stream === true,
      clampOutput: true,
      dropped: [...droppedTools, ...droppedParams],
      conversationId: typeof request.prompt_cache_key === 'string' ? request.prompt_cache_key : undefined,
      answer: (completion) => fromChatResponse(completion, init),
      native: nativeResponses(request, chat.messages, origins),
      writer: () => {
        const writer = new ResponsesStreamWriter(init);
        return {
          start: () => writer.start(),
          push: (chunk) => writer.push(chunk),
          finish: () => writer.finish(),
          fail: (error) => writer.fail({ message: error.message, code: error.code, type: error.type }),
        };
      },
    };
  },
  // Codex waits and retries on `rate_limit_exceeded`, whatever code the provider gave its 429.
  errorResponse: (error, headers) =>
    errorResponse(
      error.status === 429 && error.code !== 'rate_limit_exceeded' ? new RelayError({ status: 429, message: error.message, code: 'rate_limit_exceeded', headers: error.headers }) : error,
      headers,
    ),
};
