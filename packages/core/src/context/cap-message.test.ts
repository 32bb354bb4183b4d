import { describe, expect, it } from 'vitest';
import { capMessage } from './cap-message.js';
import { estimateTokens } from './estimate-tokens.js';

const log = Array.from({ length: 3000 }, (_, i) => `line ${i}: npm test output ✓ 日本語 🚀 done`).join('\n');

describe('capMessage', () => {
  it('returns the same object when the message fits', () => {
    const message = { role: 'user' as const, content: 'short' };
    expect(capMessage(message, 100)).toBe(message);
  });

  it('keeps head and tail around a visible notice, within the limit', () => {
    const capped = capMessage({ role: 'tool', tool_call_id: 'c1', content: log }, 2_000);
    const text = capped.content as string;
    expect(estimateTokens(capped)).toBeLessThanOrEqual(2_000);
    expect(text.startsWith('line 0:')).toBe(true);
    expect(text.endsWith('line 2999: npm test output ✓ 日本語 🚀 done')).toBe(true);
    expect(text).toMatch(/\[\.\.\. [\d,]+ tokens omitted by llm-relay \.\.\.\]/);
    expect(text).not.toContain('\uFFFD');
    expect(capped.tool_call_id).toBe('c1');
  });

  it('is deterministic, byte for byte', () => {
    const a = capMessage({ role: 'user', content: log }, 1_234);
    const b = capMessage({ role: 'user', content: `${log}` }, 1_234);
    expect(a.content).toBe(b.content);
  });

  it('cuts the largest text part of array content', () => {
    const capped = capMessage(
      {
        role: 'user',
        content: [
          { type: 'text', text: 'keep me' },
          { type: 'text', text: log },
        ],
      },
      1_500,
    );
    expect(estimateTokens(capped)).toBeLessThanOrEqual(1_500);
    const parts = capped.content as { type: string; text: string }[];
    expect(parts[0]?.text).toBe('keep me');
    expect(parts[1]?.text).toContain('tokens omitted');
  });

  it('leaves tool-call arguments valid JSON', () => {
    const args = JSON.stringify({ path: 'src/big.ts', content: log });
    const capped = capMessage({ role: 'assistant', content: '', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'write', arguments: args } }] }, 1_000);
    expect(estimateTokens(capped)).toBeLessThanOrEqual(1_000);
    const parsed = JSON.parse(capped.tool_calls?.[0]?.function.arguments ?? '');
    expect(parsed.path).toBe('src/big.ts');
    expect(parsed.content).toContain('tokens omitted');
  });
});
