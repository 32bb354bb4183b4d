import { describe, expect, it } from 'vitest';
import { hermes } from './hermes.js';

const json = (text: string) => ({ kind: 'json', text });

describe('hermes', () => {
  it('reads a Qwen3 call and leaves the text after it', () => {
    const markup = '<tool_call>\n{"name": "read_file", "arguments": {"path": "src/a.ts"}}\n</tool_call>';
    expect(hermes.parse(`${markup}\nLet me read it.`)).toEqual({ calls: [{ name: 'read_file', arguments: json('{"path": "src/a.ts"}') }], end: markup.length });
  });

  it('reads parallel calls with and without line breaks between them', () => {
    const markup =
      '<tool_call>\n{"name": "a", "arguments": {}}\n</tool_call>\n<tool_call>\n{"name": "b", "arguments": {"x": 1}}\n</tool_call><tool_call>{"name": "c", "arguments": {"y": [1, {"z": "}"}]}}</tool_call>';
    const match = hermes.parse(`${markup} tail`);
    expect(match?.calls.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(match?.calls[2]?.arguments).toEqual(json('{"y": [1, {"z": "}"}]}'));
    expect(match?.end).toBe(markup.length);
  });

  it('takes the last call without its </tool_call>', () => {
    const text = '<tool_call>\n{"name": "a", "arguments": {}}\n</tool_call>\n<tool_call>\n{"name": "b", "arguments": {"q": "x"}}';
    expect(hermes.parse(text)).toEqual({
      calls: [
        { name: 'a', arguments: json('{}') },
        { name: 'b', arguments: json('{"q": "x"}') },
      ],
      end: text.length,
    });
  });

  it('gives the content of arguments written as a JSON string, and takes parameters for arguments', () => {
    const text = '<tool_call>\n{"name": "a", "arguments": "{\\"cmd\\": \\"ls\\"}"}\n</tool_call>\n<tool_call>\n{"name": " b ", "parameters": {"n": 2}}\n</tool_call>';
    expect(hermes.parse(text)?.calls).toEqual([
      { name: 'a', arguments: json('{"cmd": "ls"}') },
      { name: 'b', arguments: json('{"n": 2}') },
    ]);
  });

  it('keeps a string that holds </tool_call> inside the arguments', () => {
    const text = '<tool_call>\n{"name": "write", "arguments": {"content": "x\\n</tool_call>\\n<tool_call>"}}\n</tool_call>';
    expect(hermes.parse(text)).toEqual({ calls: [{ name: 'write', arguments: json('{"content": "x\\n</tool_call>\\n<tool_call>"}') }], end: text.length });
  });

  it('returns broken and truncated JSON as raw text, and still reads the calls after a broken one', () => {
    const text =
      '<tool_call>\n{"name": "a", "arguments": {"s": "unterminated}\n</tool_call>\n<tool_call>\n{"name": "b", "arguments": {"t": 1}}\n</tool_call>\n<tool_call>\n{"name": "c", "arguments": {"u": "cut';
    expect(hermes.parse(text)?.calls).toEqual([
      { name: 'a', arguments: json('{"s": "unterminated}') },
      { name: 'b', arguments: json('{"t": 1}') },
      { name: 'c', arguments: json('{"u": "cut') },
    ]);
  });

  it('forgives one closing brace too many', () => {
    const text = '<tool_call>\n{"name": "a", "arguments": {"x": 1}}}\n</tool_call>';
    expect(hermes.parse(text)).toEqual({ calls: [{ name: 'a', arguments: json('{"x": 1}') }], end: text.length });
  });

  it("declines Qwen3-Coder's and GLM's markup and objects without a name", () => {
    expect(hermes.parse('<tool_call>\n<function=ls>\n</function>\n</tool_call>')).toBeUndefined();
    expect(hermes.parse('<tool_call>ls\n<arg_key>a</arg_key>\n<arg_value>1</arg_value>\n</tool_call>')).toBeUndefined();
    expect(hermes.parse('<tool_call>\n{"arguments": {}}\n</tool_call>')).toBeUndefined();
    expect(hermes.parse('<tool_call>\n{"name": ')).toBeUndefined();
  });
});
