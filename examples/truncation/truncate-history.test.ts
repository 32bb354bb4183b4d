import { type ChatMessage, estimateTokens } from '@llm-relay/core';
import { toolSequenceError } from '@llm-relay/core/testing';
import { describe, expect, it } from 'vitest';
import { fitHistory, shortenToolOutput } from './truncate-history.js';

const history: ChatMessage[] = [
  { role: 'system', content: 'You are a coding agent.' },
  { role: 'user', content: 'TASK: fix it' },
];
for (let i = 0; i < 60; i += 1) {
  history.push({ role: 'assistant', content: '', tool_calls: [{ id: `c${i}`, type: 'function', function: { name: 'bash', arguments: '{"command":"npm test"}' } }] });
  history.push({ role: 'tool', tool_call_id: `c${i}`, content: `run ${i}\n${'FAIL src/app.test.ts expected 1 got 2\n'.repeat(400)}` });
}

describe('examples/truncation', () => {
  it('fits a 60-step history into an 8k-window model, validly', async () => {
    const { fitted, report, tokens } = await fitHistory(history, 'gpt-4', 1_000);
    expect(report.tokensBefore).toBeGreaterThan(100_000);
    expect(tokens).toBeLessThanOrEqual(report.budget);
    expect(toolSequenceError(fitted)).toBeUndefined();
    expect(fitted[1]?.content).toBe('TASK: fix it');
  });

  it('shortens one tool output', () => {
    const message = shortenToolOutput('x\n'.repeat(20_000), 'c1');
    expect(estimateTokens(message)).toBeLessThanOrEqual(2_000);
    expect(message.content).toContain('tokens omitted');
  });
});
