import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../types/chat.js';
import { applyReasoningRoundTrip, reasoningRoundTrip } from './reasoning-round-trip.js';

describe('reasoningRoundTrip', () => {
  it('reads the table by model family, and an explicit setting wins', () => {
    expect(reasoningRoundTrip('deepseek-v4-pro', undefined)).toBe('send-back');
    expect(reasoningRoundTrip('deepseek-ai/DeepSeek-V3.2', undefined)).toBe('send-back');
    expect(reasoningRoundTrip('moonshotai/Kimi-K2-Thinking', undefined)).toBe('send-back');
    expect(reasoningRoundTrip('zai-org/GLM-4.6', undefined)).toBe('send-back');
    expect(reasoningRoundTrip('MiniMaxAI/MiniMax-M2.5', undefined)).toBe('inline-think');
    expect(reasoningRoundTrip('gpt-4o', undefined)).toBe('drop');
    expect(reasoningRoundTrip(undefined, undefined)).toBe('drop');
    expect(reasoningRoundTrip('deepseek-v4-pro', false)).toBe('drop');
    expect(reasoningRoundTrip('gpt-4o', true)).toBe('send-back');
  });
});

describe('applyReasoningRoundTrip', () => {
  const untouched: ChatMessage = { role: 'user', content: 'Task' };
  const history: ChatMessage[] = [untouched, { role: 'assistant', content: 'Done.', reasoning_content: 'I looked.' }];

  it('sends back, drops, or writes the thinking into the text as the model wrote it', () => {
    expect(applyReasoningRoundTrip(history, 'send-back')).toBe(history);
    const dropped = applyReasoningRoundTrip(history, 'drop');
    expect(dropped[0]).toBe(untouched);
    expect(dropped[1]).toEqual({ role: 'assistant', content: 'Done.' });
    expect(applyReasoningRoundTrip(history, 'inline-think')[1]).toEqual({ role: 'assistant', content: '<think>\nI looked.\n</think>\n\nDone.' });
  });

  it('leaves text that already holds its thinking, and histories without reasoning, as they are', () => {
    const inline: ChatMessage[] = [{ role: 'assistant', content: '<think>x</think>Done.', reasoning_content: 'x' }];
    expect(applyReasoningRoundTrip(inline, 'inline-think')[0]).toEqual({ role: 'assistant', content: '<think>x</think>Done.' });
    const plain: ChatMessage[] = [untouched];
    expect(applyReasoningRoundTrip(plain, 'drop')).toBe(plain);
  });
});
