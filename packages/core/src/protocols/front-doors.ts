import { messagesFrontDoor } from './anthropic-messages/messages-front-door.js';
import type { FrontDoor } from './front-door.js';
import { chatFrontDoor } from './openai-chat/chat-front-door.js';
import { responsesFrontDoor } from './openai-responses/responses-front-door.js';

/** Every protocol the relay accepts, the first being the one errors off every route answer in by default. */
export const FRONT_DOORS: readonly FrontDoor[] = [chatFrontDoor, messagesFrontDoor, responsesFrontDoor];
