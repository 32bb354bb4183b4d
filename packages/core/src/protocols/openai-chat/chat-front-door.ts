import { errorResponse } from '../../errors/error-response.js';
import type { FrontDoor } from '../front-door.js';
import { validateChatRequest } from './validate-chat-request.js';

/** OpenAI Chat Completions, the relay's internal form too: answers pass through as the upstream sent them. */
export const chatFrontDoor: FrontDoor = {
  protocol: 'openai-chat',
  decode(body) {
    const chat = validateChatRequest(body);
    return { chat, model: chat.model, stream: chat.stream === true, passthrough: true };
  },
  errorResponse: (error, headers) => errorResponse(error, headers),
};
