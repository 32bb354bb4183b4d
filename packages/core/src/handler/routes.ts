import type { RelayRoute } from '../plugins/relay-plugin.js';
import { messagesFrontDoor } from '../protocols/anthropic-messages/messages-front-door.js';
import type { FrontDoor } from '../protocols/front-door.js';
import { chatFrontDoor } from '../protocols/openai-chat/chat-front-door.js';
import { responsesFrontDoor } from '../protocols/openai-responses/responses-front-door.js';

export interface Route {
  suffix: string;
  route: RelayRoute;
  method: string;
  /** The protocol spoken on this route; none for health and the model list. */
  door?: FrontDoor;
}

/** Matched by suffix in order, so `/messages/count_tokens` comes before `/messages`. */
export const ROUTES: readonly Route[] = [
  { suffix: '/chat/completions', route: 'chat', method: 'POST', door: chatFrontDoor },
  { suffix: '/messages/count_tokens', route: 'count_tokens', method: 'POST', door: messagesFrontDoor },
  { suffix: '/messages', route: 'messages', method: 'POST', door: messagesFrontDoor },
  { suffix: '/responses', route: 'responses', method: 'POST', door: responsesFrontDoor },
  { suffix: '/models', route: 'models', method: 'GET' },
  { suffix: '/health', route: 'health', method: 'GET' },
];
