import { describe, expect, it } from 'vitest';
import { llama3 } from './llama3.js';

const json = (text: string) => ({ kind: 'json', text });

describe('llama3', () => {
  it('reads a call with parameters and takes <|eom_id|> as part of the markup', () => {
    const markup = '<|python_tag|>{"name": "get_weather", "parameters": {"city": "Paris"}}<|eom_id|>';
    expect(llama3.parse(`${markup}after`)).toEqual({ calls: [{ name: 'get_weather', arguments: json('{"city": "Paris"}') }], end: markup.length });
  });

  it('reads several calls separated by ; or line breaks, with arguments too', () => {
    const markup = '<|python_tag|>{"name": "a", "parameters": {"x": 1}}; {"name": "b", "arguments": {"y": 2}}\n{"name": "c", "parameters": {}}<|eot_id|>';
    expect(llama3.parse(markup)).toEqual({
      calls: [
        { name: 'a', arguments: json('{"x": 1}') },
        { name: 'b', arguments: json('{"y": 2}') },
        { name: 'c', arguments: json('{}') },
      ],
      end: markup.length,
    });
  });

  it('leaves text after the JSON when no end token follows', () => {
    const markup = '<|python_tag|>{"name": "a", "parameters": {}}';
    expect(llama3.parse(`${markup} then I will wait.`)?.end).toBe(markup.length);
  });

  it("declines built-in tools' Python calls", () => {
    expect(llama3.parse('<|python_tag|>brave_search.call(query="x")<|eom_id|>')).toBeUndefined();
  });
});
