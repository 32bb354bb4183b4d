import { describe, expect, it } from 'vitest';
import { deepseekV3 } from './deepseek-v3.js';

const json = (text: string) => ({ kind: 'json', text });

describe('deepseek-v3', () => {
  it('reads fenced calls (V3-0324, R1) and leaves the end-of-sentence token after them', () => {
    const markup =
      '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n{"location": "Tokyo"}\n```<｜tool▁call▁end｜>\n<｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n{"location": "Paris", "note": "```"}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>';
    expect(deepseekV3.parse(`${markup}<｜end▁of▁sentence｜>`)).toEqual({
      calls: [
        { name: 'get_weather', arguments: json('{"location": "Tokyo"}') },
        { name: 'get_weather', arguments: json('{"location": "Paris", "note": "```"}') },
      ],
      end: markup.length,
    });
  });

  it('reads the bare-JSON variant without the fence', () => {
    const markup = '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>ls\n{"dir": "."}<｜tool▁call▁end｜><｜tool▁calls▁end｜>';
    expect(deepseekV3.parse(`${markup} ok`)).toEqual({ calls: [{ name: 'ls', arguments: json('{"dir": "."}') }], end: markup.length });
  });

  it('takes the last call without its end tokens', () => {
    const text = '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>run\n```json\n{"cmd": "npm t';
    expect(deepseekV3.parse(text)).toEqual({ calls: [{ name: 'run', arguments: json('{"cmd": "npm t') }], end: text.length });
  });

  it("declines V3.1's form", () => {
    expect(deepseekV3.parse('<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>ls<｜tool▁sep｜>{"dir": "."}<｜tool▁call▁end｜><｜tool▁calls▁end｜>')).toBeUndefined();
  });
});
