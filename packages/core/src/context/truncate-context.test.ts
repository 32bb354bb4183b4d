import { describe, expect, it } from 'vitest';
import { agentSession } from '../../test/support/agent-session.js';
import { RelayError } from '../errors/relay-error.js';
import { toolSequenceError } from '../fake-provider/tool-sequence-error.js';
import type { ChatMessage } from '../types/chat.js';
import { estimateTokens } from './estimate-tokens.js';
import { truncateContext } from './truncate-context.js';

const filler = (n: number) => Array.from({ length: n }, (_, i) => `row ${i} of a long tool output`).join('\n');

function goRelayHistory(): ChatMessage[] {
  // "message 0 + the last 7" would keep the tool answers below but drop the call they answer.
  const messages: ChatMessage[] = [
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'TASK: fix the bug' },
  ];
  for (let i = 0; i < 12; i += 1) {
    messages.push({ role: 'assistant', content: '', tool_calls: [0, 1, 2].map((j) => ({ id: `c${i}_${j}`, type: 'function' as const, function: { name: 'read', arguments: '{}' } })) });
    for (let j = 0; j < 3; j += 1) messages.push({ role: 'tool', tool_call_id: `c${i}_${j}`, content: filler(150) });
  }
  return messages;
}

describe('truncateContext', () => {
  it('sends the newest tool output whole when it fits, even after an overflow capped the older ones', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'TASK' },
    ];
    for (let i = 0; i < 6; i += 1) {
      messages.push({ role: 'assistant', content: '', tool_calls: [{ id: `c${i}`, type: 'function', function: { name: 'read', arguments: '{}' } }] });
      messages.push({ role: 'tool', tool_call_id: `c${i}`, content: filler(400 + i) });
    }
    const limits = { maxPromptTokens: 14_000, maxMessageTokens: 2_000, lowWaterRatio: 0.9 };
    const earlier = truncateContext(messages.slice(0, 10), limits);
    expect(earlier.report.messagesCapped).toBeGreaterThan(0);
    const { messages: out, report } = truncateContext(messages, limits);
    // Each output is ~4,000 tokens, twice the cap: the newest four messages still arrive as sent.
    expect(out.slice(-4)).toEqual(messages.slice(-4));
    expect(report.protectedRecent).toBeGreaterThanOrEqual(4);
    expect(report.tokensAfter).toBeLessThanOrEqual(14_000);
  });

  it('keeps the prefix of the previous request until the next overflow', () => {
    const { messages, sendPoints } = agentSession({ steps: 80, seed: 11, minToolTokens: 500, maxToolTokens: 9_000 });
    const limits = { maxPromptTokens: 50_000, maxMessageTokens: 3_000 };
    let previous: ChatMessage[] | undefined;
    let stable = 0;
    for (const point of sendPoints) {
      const { messages: out } = truncateContext(messages.slice(0, point), limits);
      if (previous !== undefined && out.length >= previous.length && previous.every((m, i) => JSON.stringify(m) === JSON.stringify(out[i]))) stable += 1;
      previous = out;
    }
    // Most requests extend the previous one; only overflows (a few) re-cut it.
    expect(stable).toBeGreaterThan(sendPoints.length * 0.6);
  });

  it('returns the very same array when the request fits', () => {
    const messages: ChatMessage[] = [{ role: 'user', content: 'hi' }];
    const result = truncateContext(messages, { maxPromptTokens: 1_000 });
    expect(result.messages).toBe(messages);
    expect(result.report.stage).toBe('none');
  });

  it('never orphans a tool message where the Go relay did, and keeps the task', () => {
    const messages = goRelayHistory();
    const { messages: out, report } = truncateContext(messages, { maxPromptTokens: 8_000, keepToolResults: 3 });
    expect(toolSequenceError(out)).toBeUndefined();
    expect(estimateTokens(out)).toBeLessThanOrEqual(8_000);
    expect(out[0]).toBe(messages[0]);
    expect(out[1]?.content).toBe('TASK: fix the bug');
    expect(out.at(-1)).toBe(messages.at(-1));
    expect(report.turnsDropped + report.toolResultsCleared).toBeGreaterThan(0);
    expect(report.tokensAfter).toBe(estimateTokens(out));
    // The Go relay's rule on the same input, for contrast:
    expect(toolSequenceError([messages[0] as ChatMessage, ...messages.slice(-7)])).toBeDefined();
  });

  it('clears old tool results before dropping turns, naming the tool', () => {
    const messages = goRelayHistory();
    const { messages: out, report } = truncateContext(messages, { maxPromptTokens: 40_000, keepToolResults: 3 });
    expect(report.stage).toBe('clear');
    expect(report.turnsDropped).toBe(0);
    expect(out.length).toBe(messages.length);
    expect(out[3]?.content).toMatch(/output of the "read" tool \([\d,]+ tokens\) was cleared/);
    expect(out.at(-1)?.content).toBe(messages.at(-1)?.content);
  });

  it('keeps the same prefix across a growing conversation until the budget is outgrown again', () => {
    const { messages, sendPoints } = agentSession({ steps: 120, seed: 3, maxToolTokens: 8_000 });
    const options = { maxPromptTokens: 60_000 };
    let previous: ChatMessage[] | undefined;
    let breaks = 0;
    let requests = 0;
    for (const point of sendPoints) {
      const { messages: out, report } = truncateContext(messages.slice(0, point), options);
      if (report.stage === 'none') continue;
      requests += 1;
      if (previous !== undefined && !previous.every((message, i) => JSON.stringify(message) === JSON.stringify(out[i]))) breaks += 1;
      previous = out;
    }
    expect(requests).toBeGreaterThan(80);
    // A sliding window would break the prefix on every request.
    expect(breaks).toBeLessThan(requests / 5);
  });

  it('caps the newest turn harder, then answers context_length_exceeded with the numbers', () => {
    const huge: ChatMessage[] = [
      { role: 'user', content: 'task' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: filler(4_000) },
    ];
    const { messages: out, report } = truncateContext(huge, { maxPromptTokens: 3_000 });
    expect(report.stage).toBe('hard-cap');
    expect(estimateTokens(out)).toBeLessThanOrEqual(3_000);
    expect(out.at(-1)?.content).toContain('tokens omitted');

    const impossible: ChatMessage[] = [
      { role: 'system', content: filler(100) },
      { role: 'user', content: 'task' },
    ];
    try {
      truncateContext(impossible, { maxPromptTokens: 50 });
      expect.unreachable();
    } catch (error) {
      expect(RelayError.isInstance(error)).toBe(true);
      expect((error as RelayError).code).toBe('context_length_exceeded');
      expect((error as RelayError).message).toMatch(/budget is 50 tokens/);
    }
  });
});
