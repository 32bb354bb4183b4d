import { describe, expect, it } from 'vitest';
import { mistral } from './mistral.js';

const json = (text: string) => ({ kind: 'json', text });

describe('mistral', () => {
  it('reads the pre-v11 array, keeping ids', () => {
    const markup = '[TOOL_CALLS] [{"name": "get_weather", "arguments": {"city": "Paris"}, "id": "abc123def"}, {"name": "now", "arguments": {}}]';
    expect(mistral.parse(`${markup}\n\nThe weather`)).toEqual({
      calls: [
        { name: 'get_weather', id: 'abc123def', arguments: json('{"city": "Paris"}') },
        { name: 'now', arguments: json('{}') },
      ],
      end: markup.length,
    });
  });

  it('reads v11 calls, each with its own marker or several after one', () => {
    const repeated = '[TOOL_CALLS]get_weather[ARGS]{"city": "Paris"}[TOOL_CALLS]now[ARGS]{}';
    expect(mistral.parse(`${repeated} ok`)).toEqual({
      calls: [
        { name: 'get_weather', arguments: json('{"city": "Paris"}') },
        { name: 'now', arguments: json('{}') },
      ],
      end: repeated.length,
    });
    const once = '[TOOL_CALLS]a[ARGS]{"x": 1}b[ARGS]{"y": 2}';
    expect(mistral.parse(`${once} ok`)).toEqual({
      calls: [
        { name: 'a', arguments: json('{"x": 1}') },
        { name: 'b', arguments: json('{"y": 2}') },
      ],
      end: once.length,
    });
  });

  it('reads [CALL_ID] ids and calls whose [ARGS] token was dropped', () => {
    const markup = '[TOOL_CALLS]ls[CALL_ID]Ab3dE6gH9[ARGS]{"dir": "."}[TOOL_CALLS]pwd{}';
    expect(mistral.parse(`${markup}\nDone {x}`)).toEqual({
      calls: [
        { name: 'ls', id: 'Ab3dE6gH9', arguments: json('{"dir": "."}') },
        { name: 'pwd', arguments: json('{}') },
      ],
      end: markup.length,
    });
  });

  it('returns truncated arguments as raw text', () => {
    const text = '[TOOL_CALLS]run[ARGS]{"cmd": "npm';
    expect(mistral.parse(text)).toEqual({ calls: [{ name: 'run', arguments: json('{"cmd": "npm') }], end: text.length });
  });

  it('declines prose after the marker', () => {
    expect(mistral.parse('[TOOL_CALLS] I will now call a tool.')).toBeUndefined();
    expect(mistral.parse('[TOOL_CALLS] [1, 2]')).toBeUndefined();
  });
});
