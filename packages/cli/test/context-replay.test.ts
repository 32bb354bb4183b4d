import type { ChatMessage } from '@llm-relay/core';
import { afterEach, describe, expect, it } from 'vitest';
import { agentSession } from '../../core/test/support/agent-session.js';
import { startRig, type TestRig } from './helpers.js';
import { expectHealthyReplay } from './support/expect-healthy-replay.js';
import { replaySession, sendThroughRelay } from './support/replay-session.js';

let rig: TestRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

/** Replays a 300-step session through the Chat route to a fake provider that enforces `window` exactly. */
async function replayChat(window: number) {
  // The relay is told the model's window; the fake provider rejects anything over it.
  rig = await startRig(
    { contextWindow: window, keepRequests: 2 },
    { model: 'MiniMaxAI/MiniMax-M2.5', logLevel: 'silent', context: { models: { 'MiniMaxAI/MiniMax-M2.5': { contextWindow: window } } } },
  );
  const running = rig;
  const { messages, sendPoints } = agentSession({ steps: 300, seed: 42, minToolTokens: 300, maxToolTokens: 30_000 });
  return replaySession(messages, sendPoints, window, (history: ChatMessage[]) =>
    sendThroughRelay(running.relay.url, running.fake, '/v1/chat/completions', {}, { model: 'gpt-4', max_tokens: 8_192, messages: history }),
  );
}

describe('a long agent session replayed through the Chat route', () => {
  it('at a 196,608 window: never rejected, task and newest four messages intact, prefix cache warm', async () => {
    const summary = await replayChat(196_608);
    console.log(`context replay (chat, 196,608): ${JSON.stringify(summary)}`);
    expectHealthyReplay(summary, (rig as TestRig).fake);
  }, 240_000);

  it('at a 131,072 window: never rejected, newest four messages intact in at least 98% of requests', async () => {
    const summary = await replayChat(131_072);
    console.log(`context replay (chat, 131,072): ${JSON.stringify(summary)}`);
    expect(summary.rejected).toBe(0);
    expect(summary.taskKeptShare).toBe(1);
    expect(summary.lastFourIntactShare).toBeGreaterThanOrEqual(0.98);
    expect(summary.meanPrefixReuse).toBeGreaterThanOrEqual(0.82);
  }, 240_000);
});
