import { describe, expect, it } from 'vitest';
import { glm } from './glm.js';

const fields = (...pairs: [string, string][]) => ({ kind: 'fields', fields: pairs.map(([key, value]) => ({ key, value })) });

describe('glm', () => {
  it('reads GLM-4.5/4.6 calls with line breaks, values exactly as written', () => {
    const markup = '<tool_call>get_weather\n<arg_key>city</arg_key>\n<arg_value>北京</arg_value>\n<arg_key>days</arg_key>\n<arg_value>[1, 2]</arg_value>\n</tool_call>\n<tool_call>now\n</tool_call>';
    expect(glm.parse(`${markup}\nDone`)).toEqual({
      calls: [
        { name: 'get_weather', arguments: fields(['city', '北京'], ['days', '[1, 2]']) },
        { name: 'now', arguments: fields() },
      ],
      end: markup.length,
    });
  });

  it('reads GLM-4.7 calls without line breaks, and a call with no arguments', () => {
    const markup = '<tool_call>get_weather<arg_key>city</arg_key><arg_value>a < b\n</arg_value></tool_call><tool_call>now</tool_call>';
    expect(glm.parse(`${markup} tail`)).toEqual({
      calls: [
        { name: 'get_weather', arguments: fields(['city', 'a < b\n']) },
        { name: 'now', arguments: fields() },
      ],
      end: markup.length,
    });
  });

  it('takes the last call without </tool_call> or </arg_value>', () => {
    const text = '<tool_call>a<arg_key>x</arg_key><arg_value>1</arg_value></tool_call><tool_call>b<arg_key>y</arg_key><arg_value>two<arg_key>z</arg_key><arg_value>3';
    expect(glm.parse(text)).toEqual({
      calls: [
        { name: 'a', arguments: fields(['x', '1']) },
        { name: 'b', arguments: fields(['y', 'two'], ['z', '3']) },
      ],
      end: text.length,
    });
  });

  it("declines Hermes' and Qwen3-Coder's markup", () => {
    expect(glm.parse('<tool_call>\n{"name": "a", "arguments": {}}\n</tool_call>')).toBeUndefined();
    expect(glm.parse('<tool_call>{"name": "a"}</tool_call>')).toBeUndefined();
    expect(glm.parse('<tool_call>{"name":"a","arguments":{}}</tool_call>')).toBeUndefined();
    expect(glm.parse('<tool_call>\n<function=a>\n</function>\n</tool_call>')).toBeUndefined();
    expect(glm.parse('<tool_call>two words\n</tool_call>')).toBeUndefined();
  });
});
