import { describe, expect, it } from 'vitest';
import type { RelayHandlerOptions } from '../options/relay-options.js';
import { messagesFrontDoor } from '../protocols/anthropic-messages/messages-front-door.js';
import type { FrontDoor } from '../protocols/front-door.js';
import { chatFrontDoor } from '../protocols/openai-chat/chat-front-door.js';
import { upstreamRequestFor } from './upstream-request.js';

const options = { upstream: { baseURL: 'http://provider.local/v1' } } as RelayHandlerOptions;
const record = { requestId: 'req_1', startedAt: 0, method: 'POST', path: '/v1/x', status: 0, durationMs: 0 };
const minimax = { target: { upstreamName: 'default', upstream: { baseURL: 'http://provider.local/v1', api: 'responses' as const }, model: 'MiniMax-M2' }, prepared: undefined };

function sent(door: FrontDoor, body: unknown): Record<string, unknown>[] {
  const request = upstreamRequestFor({ request: new Request('http://relay.local/v1/x'), record, door, decoded: door.decode(body), options }, minimax, 'sk-x');
  expect(request.url).toBe('http://provider.local/v1/responses');
  return (request.payload() as { input: Record<string, unknown>[] }).input;
}

describe('the request for a target of another protocol', () => {
  it("reshapes reasoning the relay converted for the target model (MiniMax-M2 wants its <think> text back), never a Chat client's own", () => {
    const chatBody = {
      model: 'm',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello', reasoning_content: 'greet' },
        { role: 'user', content: 'Again' },
      ],
    };
    expect(sent(chatFrontDoor, chatBody)[1]).toEqual({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello' }] });
    const messagesBody = {
      model: 'claude',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'greet', signature: '' },
            { type: 'text', text: 'Hello' },
          ],
        },
        { role: 'user', content: 'Again' },
      ],
    };
    expect(sent(messagesFrontDoor, messagesBody)[1]).toEqual({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: '<think>\ngreet\n</think>\n\nHello' }] });
  });
});
