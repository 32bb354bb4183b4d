import { describe, expect, it } from 'vitest';
import { minimaxM1 } from './minimax-m1.js';

describe('minimax-m1', () => {
  it('reads one call per line and leaves the text after </tool_calls>', () => {
    const markup = '<tool_calls>\n{"name": "search", "arguments": {"q": "a\\nb"}}\n{"name": "open", "arguments": {"id": 3}}\n</tool_calls>';
    expect(minimaxM1.parse(`${markup}\nOK`)).toEqual({
      calls: [
        { name: 'search', arguments: { kind: 'json', text: '{"q": "a\\nb"}' } },
        { name: 'open', arguments: { kind: 'json', text: '{"id": 3}' } },
      ],
      end: markup.length,
    });
  });

  it('takes calls without </tool_calls>, the last one cut short', () => {
    const text = '<tool_calls>\n{"name": "a", "arguments": {}}\n{"name": "b", "arguments": {"x": [1, 2';
    expect(minimaxM1.parse(text)).toEqual({
      calls: [
        { name: 'a', arguments: { kind: 'json', text: '{}' } },
        { name: 'b', arguments: { kind: 'json', text: '{"x": [1, 2' } },
      ],
      end: text.length,
    });
  });

  it('declines text that is not a JSON call', () => {
    expect(minimaxM1.parse('<tool_calls>\n<invoke name="a">\n</invoke>\n</tool_calls>')).toBeUndefined();
    expect(minimaxM1.parse('<tool_calls>\n{"id": 1}\n</tool_calls>')).toBeUndefined();
  });
});
