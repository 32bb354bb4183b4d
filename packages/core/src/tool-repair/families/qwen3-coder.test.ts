import { describe, expect, it } from 'vitest';
import { qwen3Coder } from './qwen3-coder.js';

const fields = (...pairs: [string, string][]) => ({ kind: 'fields', fields: pairs.map(([key, value]) => ({ key, value })) });

describe('qwen3-coder', () => {
  it('reads a wrapped call, stripping the one line break the template puts around each value', () => {
    const markup = '<tool_call>\n<function=write_file>\n<parameter=path>\nsrc/a.ts\n</parameter>\n<parameter=content>\nif (a < b) {\n  return "</div>";\n}\n\n</parameter>\n</function>\n</tool_call>';
    expect(qwen3Coder.parse(`${markup}\nDone.`)).toEqual({
      calls: [{ name: 'write_file', arguments: fields(['path', 'src/a.ts'], ['content', 'if (a < b) {\n  return "</div>";\n}\n']) }],
      end: markup.length,
    });
  });

  it('reads calls without the <tool_call> wrapper', () => {
    const markup = '<function=ls>\n<parameter=dir>\n.\n</parameter>\n</function>\n<function=pwd>\n</function>';
    expect(qwen3Coder.parse(`${markup} ok`)).toEqual({
      calls: [
        { name: 'ls', arguments: fields(['dir', '.']) },
        { name: 'pwd', arguments: fields() },
      ],
      end: markup.length,
    });
  });

  it('reads parallel calls', () => {
    const text = '<tool_call>\n<function=a>\n<parameter=x>\n1\n</parameter>\n</function>\n</tool_call>\n<tool_call>\n<function=b>\n<parameter=y>\n[1, 2]\n</parameter>\n</function>\n</tool_call>';
    expect(qwen3Coder.parse(text)?.calls).toEqual([
      { name: 'a', arguments: fields(['x', '1']) },
      { name: 'b', arguments: fields(['y', '[1, 2]']) },
    ]);
  });

  it('ends a value without </parameter> at the next parameter or </function> line', () => {
    const markup = '<tool_call>\n<function=edit>\n<parameter=old>\n<div>\n</div>\n<parameter=new>\n<span/>\n</function>\n</tool_call>';
    expect(qwen3Coder.parse(markup)).toEqual({ calls: [{ name: 'edit', arguments: fields(['old', '<div>\n</div>'], ['new', '<span/>']) }], end: markup.length });
  });

  it('takes the last call without </parameter>, </function> and </tool_call>', () => {
    const text = '<tool_call>\n<function=a>\n</function>\n</tool_call>\n<tool_call>\n<function=run>\n<parameter=cmd>\nnpm test\n';
    expect(qwen3Coder.parse(text)).toEqual({
      calls: [
        { name: 'a', arguments: fields() },
        { name: 'run', arguments: fields(['cmd', 'npm test']) },
      ],
      end: text.length,
    });
  });

  it("declines Hermes' and GLM's markup and a function head that never closes", () => {
    expect(qwen3Coder.parse('<tool_call>\n{"name": "a", "arguments": {}}\n</tool_call>')).toBeUndefined();
    expect(qwen3Coder.parse('<tool_call>ls\n<arg_key>a</arg_key>\n<arg_value>1</arg_value>\n</tool_call>')).toBeUndefined();
    expect(qwen3Coder.parse('<function=a b\nc')).toBeUndefined();
  });
});
