import type { ChatMessage, ChatRequest } from '@llm-relay/core';
import { afterEach, describe, it } from 'vitest';
import type { MessagesRequest } from '../../core/src/protocols/anthropic-messages/anthropic-types.js';
import { toChatRequest as messagesToChat } from '../../core/src/protocols/anthropic-messages/convert-to-chat-request.js';
import { toChatRequest as responsesToChat } from '../../core/src/protocols/openai-responses/convert-to-chat-request.js';
import type { ResponsesRequest } from '../../core/src/protocols/openai-responses/responses-types.js';
import { agentSession } from '../../core/test/support/agent-session.js';
import { startRig, type TestRig } from './helpers.js';
import { chatToAnthropic } from './support/chat-to-anthropic.js';
import { chatToResponsesInput } from './support/chat-to-responses.js';
import { expectHealthyReplay } from './support/expect-healthy-replay.js';
import { replaySession, sendThroughRelay } from './support/replay-session.js';

const WINDOW = 196_608;
const TOOLS = ['bash', 'read_file', 'grep', 'run_tests', 'edit_file'].map((name) => ({ type: 'function', name, parameters: { type: 'object', properties: { command: { type: 'string' } } } }));

interface Route {
  name: string;
  path: string;
  headers: Record<string, string>;
  /** The client's request for a history, as the agent would send it. */
  body(history: ChatMessage[]): unknown;
  /** The relay's own conversion of that request: what the measures compare the upstream's messages to. */
  toChat(body: unknown): ChatRequest;
  /** The stream ended as the protocol says a whole answer ends. */
  complete(text: string): boolean;
}

const routes: Route[] = [
  {
    name: 'Claude Code shape, /v1/messages',
    path: '/v1/messages',
    headers: { 'x-api-key': 'dummy', 'anthropic-version': '2023-06-01' },
    body: (history) => ({ model: 'claude-sonnet-4-5', max_tokens: 32_000, stream: true, ...chatToAnthropic(history) }),
    toChat: (body) => messagesToChat(body as MessagesRequest).chat,
    complete: (text) => text.trimEnd().endsWith('data: {"type":"message_stop"}'),
  },
  {
    name: 'Codex shape, /v1/responses',
    path: '/v1/responses',
    headers: { authorization: 'Bearer dummy' },
    body: (history) => ({ model: 'gpt-5-codex', stream: true, store: false, tools: TOOLS, parallel_tool_calls: true, input: chatToResponsesInput(history) }),
    toChat: (body) => responsesToChat(body as ResponsesRequest).chat,
    complete: (text) => /^event: response\.completed\n/.test(text.trimEnd().split('\n\n').at(-1) ?? ''),
  },
];

let rig: TestRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

describe('a long agent session replayed through each protocol front door to a strict Chat upstream', () => {
  for (const route of routes) {
    it(`${route.name}: never rejected, task and newest messages intact, prefix cache warm`, async () => {
      const running = await startRig({ contextWindow: WINDOW, keepRequests: 2 }, { model: 'MiniMaxAI/MiniMax-M2.5', logLevel: 'silent' });
      rig = running;
      const session = agentSession({ steps: 300, seed: 42, minToolTokens: 300, maxToolTokens: 30_000 });
      const converted = route.toChat(route.body(session.messages)).messages;
      // Send points in the converted conversation, each mapped to the client history it stands for.
      const originals = new Map(session.sendPoints.map((point) => [route.toChat(route.body(session.messages.slice(0, point))).messages.length, point]));
      const result = await replaySession(converted, [...originals.keys()], WINDOW, (history) =>
        sendThroughRelay(running.relay.url, running.fake, route.path, route.headers, route.body(session.messages.slice(0, originals.get(history.length))), route.complete),
      );
      console.log(`context replay (${route.path}, 196,608): ${JSON.stringify(result)}`);
      expectHealthyReplay(result, running.fake);
    }, 240_000);
  }
});
