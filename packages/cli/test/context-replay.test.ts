import { estimateTokens, type ChatMessage } from '@llm-relay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSession } from '../../core/test/support/agent-session.js';
import { startRig, type TestRig } from './helpers.js';

const WINDOW = 196_608;

function sharedPrefixTokens(previous: ChatMessage[], current: ChatMessage[]): number {
  let i = 0;
  while (i < previous.length && i < current.length && JSON.stringify(previous[i]) === JSON.stringify(current[i])) i += 1;
  return i === 0 ? 0 : estimateTokens(current.slice(0, i));
}

describe('a long agent session replayed through the relay', () => {
  let rig: TestRig;
  beforeAll(async () => {
    // The fake provider enforces MiniMax-M2.5's window exactly; the relay knows that model from its table.
    rig = await startRig({ contextWindow: WINDOW, keepRequests: 2 }, { model: 'MiniMaxAI/MiniMax-M2.5', logLevel: 'silent' });
  });
  afterAll(() => rig.stop());

  it('is never rejected, keeps the task, and keeps the provider prefix cache warm', async () => {
    const { messages, sendPoints } = agentSession({ steps: 220, seed: 42, minToolTokens: 300, maxToolTokens: 30_000 });
    const reuse: number[] = [];
    const windowShare: number[] = [];
    let rejected = 0;
    let taskKept = 0;
    let truncationBegan = false;
    let previous: ChatMessage[] | undefined;

    for (const point of sendPoints) {
      const response = await fetch(`${rig.relay.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4', max_tokens: 8_192, messages: messages.slice(0, point) }),
      });
      if (response.status !== 200) rejected += 1;
      await response.arrayBuffer();
      if (!(response.headers.get('x-llm-relay-context') ?? 'stage=none').startsWith('stage=none')) truncationBegan = true;
      const sent = rig.fake.requests.at(-1)!;
      if (sent.body.messages.some((message) => message.content === messages[1]?.content)) taskKept += 1;
      windowShare.push(sent.promptTokens / WINDOW);
      if (truncationBegan && previous !== undefined) reuse.push(sharedPrefixTokens(previous, sent.body.messages) / sent.promptTokens);
      previous = sent.body.messages;
    }

    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const sorted = [...reuse].sort((a, b) => a - b);
    const summary = {
      requests: sendPoints.length,
      sessionTokens: estimateTokens(messages),
      rejected,
      taskKeptShare: taskKept / sendPoints.length,
      requestsAfterTruncationBegan: reuse.length,
      meanPrefixReuse: Number(mean(reuse).toFixed(3)),
      medianPrefixReuse: Number((sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(3)),
      cacheBreaks: reuse.filter((share) => share < 0.5).length,
      meanWindowShare: Number(mean(windowShare).toFixed(3)),
    };
    console.log(`context replay: ${JSON.stringify(summary)}`);

    expect(rejected).toBe(0);
    expect(rig.fake.stats.rejected).toBe(0);
    expect(summary.taskKeptShare).toBe(1);
    expect(reuse.length).toBeGreaterThan(100);
    expect(summary.meanPrefixReuse).toBeGreaterThanOrEqual(0.85);
  }, 180_000);
});
