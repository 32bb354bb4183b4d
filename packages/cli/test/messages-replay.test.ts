import type { ChatMessage } from '@llm-relay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSession } from '../../core/test/support/agent-session.js';
import { toChatRequest } from '../../core/src/protocols/anthropic-messages/convert-to-chat-request.js';
import type { MessagesRequest } from '../../core/src/protocols/anthropic-messages/anthropic-types.js';
import { startRig, type TestRig } from './helpers.js';
import { chatToAnthropic } from './support/chat-to-anthropic.js';
import { replaySession } from './support/replay-session.js';

const WINDOW = 196_608;

describe('a long Claude-Code-shaped session replayed through /v1/messages', () => {
  let rig: TestRig;
  beforeAll(async () => {
    rig = await startRig({ contextWindow: WINDOW, keepRequests: 2 }, { model: 'MiniMaxAI/MiniMax-M2.5', logLevel: 'silent' });
  });
  afterAll(() => rig.stop());

  it('to a strict Chat upstream: never rejected, task and newest messages intact, prefix cache warm', async () => {
    const session = agentSession({ steps: 300, seed: 42, minToolTokens: 300, maxToolTokens: 30_000 });
    const asAnthropic = (history: ChatMessage[]): MessagesRequest => ({ model: 'claude-sonnet-4-5', max_tokens: 32_000, stream: true, ...chatToAnthropic(history) }) as MessagesRequest;
    // What the client's conversation is in Chat form: the measure compares the upstream's messages to it.
    const converted = toChatRequest(asAnthropic(session.messages)).chat.messages;
    // Send points in the converted conversation, each mapped to the client history it stands for.
    const originals = new Map(session.sendPoints.map((point) => [toChatRequest(asAnthropic(session.messages.slice(0, point))).chat.messages.length, point]));
    const result = await replaySession(converted, [...originals.keys()], WINDOW, async (history) => {
      const original = session.messages.slice(0, originals.get(history.length));
      const response = await fetch(`${rig.relay.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'dummy', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify(asAnthropic(original)),
      });
      const text = await response.text();
      expect(text.trimEnd().endsWith('data: {"type":"message_stop"}')).toBe(true);
      const sent = rig.fake.requests.at(-1)!;
      const truncated = !(response.headers.get('x-llm-relay-context') ?? 'stage=none').startsWith('stage=none');
      return { status: response.status, messages: sent.body.messages, promptTokens: sent.promptTokens, truncated };
    });
    console.log(`context replay (messages, 196,608): ${JSON.stringify(result)}`);
    expect(result.rejected).toBe(0);
    expect(rig.fake.stats.rejected).toBe(0);
    expect(result.taskKeptShare).toBe(1);
    expect(result.lastFourIntactShare).toBe(1);
    expect(result.requestsAfterTruncationBegan).toBeGreaterThan(200);
    expect(result.meanPrefixReuse).toBeGreaterThanOrEqual(0.88);
    expect(result.medianPrefixReuse).toBeGreaterThanOrEqual(0.94);
  }, 240_000);
});
