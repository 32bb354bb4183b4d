import { errorResponse } from '../../errors/error-response.js';
import type { FrontDoor } from '../front-door.js';
import { originalErrorAnswer } from '../original-error-answer.js';
import { chatStreamWithoutUsage, chatStreamWithUsage } from './chat-answer-stream.js';
import { chatStreamWriter } from './chat-stream-writer.js';
import { nativeChat } from './native-chat.js';
import { validateChatRequest } from './validate-chat-request.js';

const NOTHING: readonly string[] = [];
const withUsage = () => chatStreamWriter(true);
const withoutUsage = () => chatStreamWriter(false);
const asItCame = (completion: unknown) => completion;

/** OpenAI Chat Completions, the relay's internal form too: from a Chat upstream, answers pass as it sent them. */
export const chatFrontDoor: FrontDoor = {
  protocol: 'openai-chat',
  api: 'chat',
  path: '/chat/completions',
  route: 'chat',
  countTokens: undefined,
  // The shape of every error off a route unless another protocol's headers say otherwise.
  recognizes: () => false,
  decode(body) {
    const chat = validateChatRequest(body);
    const includeUsage = chat.stream_options?.include_usage === true;
    return {
      chat,
      model: chat.model,
      stream: chat.stream === true,
      convertedReasoning: false,
      clampOutput: false,
      dropped: NOTHING,
      conversationId: undefined,
      native: nativeChat(chat, includeUsage),
      answer: asItCame,
      answerStream: includeUsage ? chatStreamWithUsage : chatStreamWithoutUsage,
      writer: includeUsage ? withUsage : withoutUsage,
    };
  },
  errorResponse: (error, headers) => originalErrorAnswer(error, 'chat', headers) ?? errorResponse(error, headers),
};
