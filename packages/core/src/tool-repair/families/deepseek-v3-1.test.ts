import { describe, expect, it } from 'vitest';
import { deepseekV31 } from './deepseek-v3-1.js';

const json = (text: string) => ({ kind: 'json', text });

describe('deepseek-v3.1', () => {
  it('reads parallel calls and leaves the text after the section', () => {
    const markup =
      '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_weather<｜tool▁sep｜>{"location": "Tokyo"}<｜tool▁call▁end｜><｜tool▁call▁begin｜>get_time<｜tool▁sep｜>{}<｜tool▁call▁end｜><｜tool▁calls▁end｜>';
    expect(deepseekV31.parse(`${markup}<｜end▁of▁sentence｜>`)).toEqual({
      calls: [
        { name: 'get_weather', arguments: json('{"location": "Tokyo"}') },
        { name: 'get_time', arguments: json('{}') },
      ],
      end: markup.length,
    });
  });

  it('takes the last call without its end tokens', () => {
    const text = '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>run<｜tool▁sep｜>{"cmd": "ls"';
    expect(deepseekV31.parse(text)).toEqual({ calls: [{ name: 'run', arguments: json('{"cmd": "ls"') }], end: text.length });
  });

  it("declines V3's form", () => {
    expect(deepseekV31.parse('<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>ls\n```json\n{}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>')).toBeUndefined();
  });
});
