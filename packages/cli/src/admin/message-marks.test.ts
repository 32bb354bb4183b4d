import { type ChatMessage, truncateContext } from '@llm-relay/core';
import { describe, expect, it } from 'vitest';
import { markMessages } from './message-marks.js';

const text = (tokens: number, seed: string) => Array.from({ length: tokens }, (_, i) => `${seed}${i % 97}`).join(' ');

/** A system prompt, a task, then steps of one tool call and a result of `toolTokens`. */
function conversation(steps: number, toolTokens: number): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are a coding agent.' },
    { role: 'user', content: 'TASK: make the tests pass.' },
  ];
  for (let i = 0; i < steps; i += 1) {
    messages.push({ role: 'assistant', content: `step ${i}`, tool_calls: [{ id: `c${i}`, type: 'function', function: { name: 'bash', arguments: '{"command":"ls"}' } }] });
    messages.push({ role: 'tool', tool_call_id: `c${i}`, content: text(toolTokens, `w${i}x`) });
  }
  return messages;
}

describe('markMessages', () => {
  it('marks as many dropped, cleared and capped messages as the context engine reports', () => {
    const messages = conversation(40, 2_000);
    const sent = truncateContext(messages, { maxPromptTokens: 30_000, maxMessageTokens: 1_500, keepToolResults: 2, protectRecent: 4 });
    expect(sent.report.stage).not.toBe('none');
    const marked = markMessages({ model: 'm', messages }, sent);
    const count = (mark: string) => marked.filter((m) => m.mark === mark).length;
    expect(count('dropped')).toBe(sent.report.messagesDropped);
    expect(count('cleared')).toBe(sent.report.toolResultsCleared);
    expect(count('capped')).toBe(sent.report.messagesCapped);
    expect(count('dropped') + count('cleared') + count('capped')).toBeGreaterThan(0);
    expect(marked.filter((m) => m.protected)).toHaveLength(sent.report.protectedRecent);
    expect(marked.slice(-sent.report.protectedRecent).every((m) => m.mark === 'kept')).toBe(true);
    // The task is pinned: never dropped.
    expect(marked[1]?.mark).toBe('kept');
    const cleared = marked.find((m) => m.mark === 'cleared');
    if (cleared !== undefined) expect(cleared.sentText).toMatch(/^\[llm-relay: this output of/);
  });

  it('marks every message kept when nothing was cut, or when the engine is off', () => {
    const messages = conversation(2, 50);
    const sent = truncateContext(messages, { maxPromptTokens: 100_000 });
    expect(markMessages({ messages }, sent).every((m) => m.mark === 'kept' && !m.protected)).toBe(true);
    expect(markMessages({ messages }, undefined).every((m) => m.mark === 'kept')).toBe(true);
  });

  it('cuts long texts to the preview length and says how long they were', () => {
    const marked = markMessages({ messages: [{ role: 'user', content: 'x'.repeat(5_000) }] }, undefined, 100);
    expect(marked[0]?.text).toHaveLength(101);
    expect(marked[0]?.chars).toBe(5_000);
  });
});
