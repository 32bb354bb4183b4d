import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { estimateTokens } from './estimate-tokens.js';
import { loadEncoding } from './tokenizer.js';

describe('estimateTokens', () => {
  it('counts a string with o200k_base by default', () => {
    const text = 'function add(a, b) { return a + b; } // 日本語 ✓';
    expect(estimateTokens(text)).toBe(countTokens(text));
  });

  it('uses cl100k_base for GPT-4-era models, once loaded', async () => {
    const text = 'The quick brown fox jumps over the lazy dog, repeatedly and with gusto.';
    await loadEncoding('cl100k_base');
    expect(estimateTokens(text, { model: 'gpt-4-0613' })).toBe(countCl100k(text));
    expect(estimateTokens(text, { model: 'gpt-4o' })).toBe(countTokens(text));
  });

  it("adds OpenAI's chat framing: 3 per message, 1 per name, 3 for the reply", () => {
    expect(estimateTokens([{ role: 'user', content: 'Hello' }])).toBe(3 + 1 + 1 + 3);
    expect(estimateTokens([{ role: 'user', content: 'Hello', name: 'bob' }])).toBe(3 + 1 + 1 + 1 + countTokens('bob') + 3);
  });

  it('counts tool calls, tool definitions, text parts and images', () => {
    const call = { id: 'c1', type: 'function' as const, function: { name: 'bash', arguments: '{"command":"ls -la"}' } };
    const withCall = estimateTokens({ role: 'assistant', content: '', tool_calls: [call] });
    expect(withCall).toBe(3 + 1 + 3 + countTokens('bash') + countTokens('{"command":"ls -la"}'));
    const tools = [{ type: 'function', function: { name: 'bash', parameters: { type: 'object' } } }];
    const request = { messages: [{ role: 'user' as const, content: 'hi' }], tools };
    expect(estimateTokens(request)).toBe(estimateTokens(request.messages) + countTokens(JSON.stringify(tools)));
    const parts = estimateTokens({
      role: 'user',
      content: [
        { type: 'text', text: 'look' },
        { type: 'image_url', image_url: { url: 'data:x' } },
      ],
    });
    expect(parts).toBe(3 + 1 + countTokens('look') + 765);
  });

  it('scales by a per-model factor and gives the same count from the cache', () => {
    const long = 'cached text that is long enough to be memoised. '.repeat(40);
    const first = estimateTokens(long);
    expect(estimateTokens(long)).toBe(first);
    expect(estimateTokens(long, { cache: false })).toBe(first);
    expect(estimateTokens(long, { factor: 1.5 })).toBe(Math.ceil(first * 1.5));
  });
});
