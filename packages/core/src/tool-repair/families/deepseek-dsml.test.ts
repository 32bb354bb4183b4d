import { describe, expect, it } from 'vitest';
import { deepseekDsml } from './deepseek-dsml.js';

describe('deepseek-dsml', () => {
  it('reads DSML invokes with string="true|false" as declared types', () => {
    const markup =
      '<｜DSML｜function_calls>\n<｜DSML｜invoke name="get_weather">\n<｜DSML｜parameter name="location" string="true">San Francisco</｜DSML｜parameter>\n<｜DSML｜parameter name="days" string="false">5</｜DSML｜parameter>\n</｜DSML｜invoke>\n<｜DSML｜invoke name="now">\n</｜DSML｜invoke>\n</｜DSML｜function_calls>';
    expect(deepseekDsml.parse(`${markup}\nOK`)).toEqual({
      calls: [
        {
          name: 'get_weather',
          arguments: {
            kind: 'fields',
            fields: [
              { key: 'location', value: 'San Francisco', declared: 'string' },
              { key: 'days', value: '5', declared: 'json' },
            ],
          },
        },
        { name: 'now', arguments: { kind: 'fields', fields: [] } },
      ],
      end: markup.length,
    });
  });

  it('reads an invoke whose body is JSON, and the form without DSML marks', () => {
    const markup = '<function_calls>\n<invoke name="ls">\n{"dir": "."}\n</invoke>\n</function_calls>';
    expect(deepseekDsml.parse(`${markup} x`)).toEqual({ calls: [{ name: 'ls', arguments: { kind: 'json', text: '{"dir": "."}' } }], end: markup.length });
  });

  it('takes the last invoke without its closers', () => {
    const text = '<｜DSML｜function_calls>\n<｜DSML｜invoke name="write">\n<｜DSML｜parameter name="content" string="true">a < b\n</div>';
    expect(deepseekDsml.parse(text)).toEqual({ calls: [{ name: 'write', arguments: { kind: 'fields', fields: [{ key: 'content', value: 'a < b\n</div>', declared: 'string' }] } }], end: text.length });
  });

  it('declines a block without invokes', () => {
    expect(deepseekDsml.parse('<｜DSML｜function_calls>\n{"name": "a"}\n</｜DSML｜function_calls>')).toBeUndefined();
  });
});
