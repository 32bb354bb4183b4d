import type { StreamWriter } from '../../sse/stream-writer.js';
import { translateChatStream } from '../../sse/translate-chat-stream.js';
import { randomId } from '../../util/random-id.js';
import type { AnswerStreamOptions, FrontDoor } from '../front-door.js';
import { originalErrorAnswer } from '../original-error-answer.js';
import { anthropicErrorResponse, anthropicErrorType } from './anthropic-error.js';
import { AnthropicStreamWriter } from './anthropic-stream-writer.js';
import { claudeSessionId } from './claude-session-id.js';
import { toAnthropicMessage } from './convert-from-chat-response.js';
import { toChatRequest } from './convert-to-chat-request.js';
import { nativeMessages } from './native-messages.js';
import { messagesTokenCount } from './token-count.js';
import { validateMessagesRequest } from './validate-messages-request.js';

/** Anthropic Messages (Claude Code): to a Chat or Responses upstream through the Chat form, to an Anthropic one as it came. */
export const messagesFrontDoor: FrontDoor = {
  protocol: 'anthropic-messages',
  api: 'anthropic',
  path: '/messages',
  route: 'messages',
  countTokens: messagesTokenCount,
  recognizes: (headers) => headers.has('anthropic-version'),
  decode(body) {
    const request = validateMessagesRequest(body);
    // Thinking travels as `reasoning_content`; the relay strips it for upstreams that do not take it.
    const { chat, droppedTools, origins } = toChatRequest(request, { reasoningContent: true });
    const writer = messagesWriter(randomId('msg_'), request.model);
    return {
      chat,
      model: request.model,
      stream: request.stream === true,
      convertedReasoning: true,
      clampOutput: true,
      dropped: droppedTools,
      conversationId: claudeSessionId(request.metadata),
      native: nativeMessages(request, chat.messages, origins),
      answer: (completion) => toAnthropicMessage(completion, request.model),
      answerStream: (chatSse: ReadableStream<Uint8Array>, options: AnswerStreamOptions) => translateChatStream(chatSse, writer(), options),
      writer,
    };
  },
  errorResponse: (error, headers) => originalErrorAnswer(error, 'anthropic', headers) ?? anthropicErrorResponse(error, headers),
};

/** Made outside `decode`, so the writer of a stream that lives for minutes keeps only its id and model. */
function messagesWriter(id: string, model: string): () => StreamWriter {
  return () => {
    const writer = new AnthropicStreamWriter({ id, model });
    return {
      start: () => writer.start(),
      push: (chunk) => writer.push(chunk),
      finish: () => writer.finish(),
      fail: (error) => writer.fail(error.message, anthropicErrorType(error.status)),
      ping: () => writer.ping(),
    };
  };
}
