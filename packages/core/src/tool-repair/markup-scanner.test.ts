import { describe, expect, it } from 'vitest';
import { MarkupScanner } from './markup-scanner.js';

const OPENERS = { openers: ['<tool_call>', '<function=', '[TOOL_CALLS]', '<|python_tag|>'], longest: 14 };

function scan(pieces: string[], max = 1_000_000) {
  const scanner = new MarkupScanner(OPENERS, max);
  const released = pieces.map((piece) => scanner.push(piece));
  return { released, end: scanner.finish() };
}

describe('MarkupScanner', () => {
  it('releases plain text at once, piece by piece', () => {
    const { released, end } = scan(['Hello, ', 'world. a < b and [x] fine', '\n']);
    expect(released).toEqual(['Hello, ', 'world. a < b and [x] fine', '\n']);
    expect(end).toEqual({ text: '', overflowed: false });
  });

  it('holds only a tail that may still open markup', () => {
    const { released, end } = scan(['I will run it.<tool', '_call>{"name":"bash"}']);
    expect(released).toEqual(['I will run it.', '']);
    expect(end.region).toBe('<tool_call>{"name":"bash"}');
  });

  it('lets a held tail go when it turns out to be text', () => {
    const { released, end } = scan(['x <tool', 'box> y']);
    expect(released).toEqual(['x ', '<toolbox> y']);
    expect(end.region).toBeUndefined();
  });

  it('finds an opener split at every position', () => {
    const text = 'Before.\n<function=bash>\n<parameter=command>\nls\n</parameter>\n</function>';
    for (let cut = 0; cut <= text.length; cut += 1) {
      const { released, end } = scan([text.slice(0, cut), text.slice(cut)]);
      expect(released.join('') + end.text).toBe('Before.\n');
      expect(end.region).toBe(text.slice('Before.\n'.length));
    }
  });

  it('ignores openers in fenced code, inline code, think blocks and quotes', () => {
    const text = [
      'Example:\n```xml\n<tool_call>{"name":"bash"}</tool_call>\n```\n',
      'inline `<function=x>` here\n',
      '<think>maybe <tool_call>{"name":"bash"}</tool_call></think>\n',
      'write "<tool_call>" to call\n',
    ].join('');
    const { released, end } = scan([text]);
    expect(released.join('') + end.text).toBe(text);
    expect(end.region).toBeUndefined();
  });

  it('finds the opener after a fence closes and after </think>', () => {
    const { released, end } = scan(['```\ncode\n```\n<think>hmm</think>', '<tool_call>{}']);
    expect(released.join('')).toBe('```\ncode\n```\n<think>hmm</think>');
    expect(end.region).toBe('<tool_call>{}');
  });

  it('sends a region over the bound out as text and passes the rest through', () => {
    const { released, end } = scan(['a<tool_call>', 'x'.repeat(30), 'tail'], 20);
    expect(released.join('')).toBe(`a<tool_call>${'x'.repeat(30)}tail`);
    expect(end.overflowed).toBe(true);
    expect(end.overflowedStart).toBe(`<tool_call>${'x'.repeat(30)}`);
    expect(end.region).toBeUndefined();
  });

  it('is linear: a megabyte of "<" characters in one-character pieces', () => {
    const scanner = new MarkupScanner(OPENERS, 1_000_000);
    let out = '';
    for (let i = 0; i < 1_000_000; i += 1) out += scanner.push('<');
    out += scanner.finish().text;
    expect(out.length).toBe(1_000_000);
  });
});
