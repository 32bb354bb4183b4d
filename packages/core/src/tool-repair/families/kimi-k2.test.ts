import { describe, expect, it } from 'vitest';
import { kimiK2 } from './kimi-k2.js';

const json = (text: string) => ({ kind: 'json', text });

describe('kimi-k2', () => {
  it('reads a section of calls, keeping their ids', () => {
    const markup =
      '<|tool_calls_section_begin|>\n<|tool_call_begin|>functions.get_weather:0<|tool_call_argument_begin|>{"city": "Paris"}<|tool_call_end|>\n<|tool_call_begin|>functions.get_time:1<|tool_call_argument_begin|>{}<|tool_call_end|>\n<|tool_calls_section_end|>';
    expect(kimiK2.parse(`${markup}\nOK`)).toEqual({
      calls: [
        { name: 'get_weather', id: 'functions.get_weather:0', arguments: json('{"city": "Paris"}') },
        { name: 'get_time', id: 'functions.get_time:1', arguments: json('{}') },
      ],
      end: markup.length,
    });
  });

  it('reads the singular section spelling, a call without a section, and ids without functions.', () => {
    const singular = '<|tool_call_section_begin|><|tool_call_begin|>search:0<|tool_call_argument_begin|>{"q": 1}<|tool_call_end|><|tool_call_section_end|>';
    expect(kimiK2.parse(`${singular} x`)).toEqual({ calls: [{ name: 'search', id: 'search:0', arguments: json('{"q": 1}') }], end: singular.length });
    const bare = '<|tool_call_begin|>functions.ls:0<|tool_call_argument_begin|>{"dir": "."}<|tool_call_end|>';
    expect(kimiK2.parse(`${bare} x`)).toEqual({ calls: [{ name: 'ls', id: 'functions.ls:0', arguments: json('{"dir": "."}') }], end: bare.length });
  });

  it('takes the last call without its end tokens, and broken JSON as raw text', () => {
    const text =
      '<|tool_calls_section_begin|><|tool_call_begin|>functions.a:0<|tool_call_argument_begin|>{"x": "unterminated}<|tool_call_end|><|tool_call_begin|>functions.b:1<|tool_call_argument_begin|>{"y": [1';
    expect(kimiK2.parse(text)).toEqual({
      calls: [
        { name: 'a', id: 'functions.a:0', arguments: json('{"x": "unterminated}') },
        { name: 'b', id: 'functions.b:1', arguments: json('{"y": [1') },
      ],
      end: text.length,
    });
  });

  it('declines a section without calls', () => {
    expect(kimiK2.parse('<|tool_calls_section_begin|>hello<|tool_calls_section_end|>')).toBeUndefined();
    expect(kimiK2.parse('<|tool_call_begin|>functions.a:0 no argument token')).toBeUndefined();
  });
});
