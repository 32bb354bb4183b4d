import type { ChatMessage } from '@llm-relay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSession } from '../../core/test/support/agent-session.js';
import { toChatRequest } from '../../core/src/protocols/openai-responses/convert-to-chat-request.js';
import type { ResponsesRequest } from '../../core/src/protocols/openai-responses/responses-types.js';
import { startRig, type TestRig } from './helpers.js';
import { chatToResponsesInput } from './support/chat-to-responses.js';
import { replaySession } from './support/replay-session.js';

const WINDOW = 196_608;
const TOOLS = ['bash', 'read_file', 'grep', 'run_tests', 'edit_file'].map((name) => ({ type: 'function', name, parameters: { type: 'object', properties: { command: { type: 'string' } } } }));

describe('a long Codex-shaped session replayed through /v1/responses', () => {
  let rig: TestRig;
  beforeAll(async () => {
    rig = await startRig({ contextWindow: WINDOW, keepRequests: 2 }, { model: 'MiniMaxAI/MiniMax-M2.5', logLevel: 'silent' });
  });
  afterAll(() => rig.stop());

  it('to a strict Chat upstream: never rejected, task and newest messages intact, prefix cache warm', async () => {
    const session = agentSession({ steps: 300, seed: 42, minToolTokens: 300, maxToolTokens: 30_000 });
    const asResponses = (history: ChatMessage[]) =>
      ({ model: 'gpt-5-codex', stream: true, store: false, tools: TOOLS, parallel_tool_calls: true, input: chatToResponsesInput(history) }) as unknown as ResponsesRequest;
    const converted = toChatRequest(asResponses(session.messages)).chat.messages;
    const originals = new Map(session.sendPoints.map((point) => [toChatRequest(asResponses(session.messages.slice(0, point))).chat.messages.length, point]));
    const result = await replaySession(converted, [...originals.keys()], WINDOW, async (history) => {
      const original = session.messages.slice(0, originals.get(history.length));
      const response = await fetch(`${rig.relay.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer dummy' },
        body: JSON.stringify(asResponses(original)),
      });
      const text = await response.text();
      expect(text.trimEnd().split('\n\n').at(-1)).toMatch(/^event: response\.completed\n/);
      const sent = rig.fake.requests.at(-1)!;
      const truncated = !(response.headers.get('x-llm-relay-context') ?? 'stage=none').startsWith('stage=none');
      return { status: response.status, messages: sent.body.messages, promptTokens: sent.promptTokens, truncated };
    });
    console.log(`context replay (responses, 196,608): ${JSON.stringify(result)}`);
    expect(result.rejected).toBe(0);
    expect(rig.fake.stats.rejected).toBe(0);
    expect(result.taskKeptShare).toBe(1);
    expect(result.lastFourIntactShare).toBe(1);
    expect(result.requestsAfterTruncationBegan).toBeGreaterThan(200);
    expect(result.meanPrefixReuse).toBeGreaterThanOrEqual(0.88);
    expect(result.medianPrefixReuse).toBeGreaterThanOrEqual(0.94);
  }, 240_000);
});
