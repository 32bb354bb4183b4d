import { randomId } from '../../util/random-id.js';
import type { FrontDoor } from '../front-door.js';
import { anthropicErrorResponse, anthropicErrorType } from './anthropic-error.js';
import { AnthropicStreamWriter } from './anthropic-stream-writer.js';
import { claudeSessionId } from './claude-session-id.js';
import { toAnthropicMessage } from './convert-from-chat-response.js';
import { toChatRequest } from './convert-to-chat-request.js';
import { nativeMessages } from './native-messages.js';
import { validateMessagesRequest } from './validate-messages-request.js';

/** Anthropic Messages (Claude Code) in front of a Chat upstream. */
export const messagesFrontDoor: FrontDoor = {
  protocol: 'anthropic-messages',
  decode(body) {
    const request = validateMessagesRequest(body);
    // Thinking travels as `reasoning_content`; the relay strips it for upstreams that do not take it.
    const { chat, droppedTools, origins } = toChatRequest(request, { reasoningContent: true });
    const id = randomId('msg_');
    return {
      chat,
      model: request.model,
      stream: request.stream === true,
      clampOutput: true,
      dropped: droppedTools,
      conversationId: claudeSessionId(request.metadata),
      answer: (completion) => toAnthropicMessage(completion, request.model),
      native: nativeMessages(request, chat.messages, origins),
      writer: () => {
        const writer = new AnthropicStreamWriter({ id, model: request.model });
        return {
          start: () => writer.start(),
          push: (chunk) => writer.push(chunk),
          finish: () => writer.finish(),
          fail: (error) => writer.fail(error.message, anthropicErrorType(error.status)),
          ping: () => writer.ping(),
        };
      },
    };
  },
  errorResponse: (error, headers) => anthropicErrorResponse(error, headers),
};
