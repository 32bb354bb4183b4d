import { describe, expect, it } from 'vitest';
import { seedOss } from './seed-oss.js';

describe('seed-oss', () => {
  it('reads calls inside <seed:tool_call> and leaves the text after them', () => {
    const markup =
      '<seed:tool_call>\n<function=get_weather>\n<parameter=location>\nBeijing\n</parameter>\n<parameter=days>\n3\n</parameter>\n</function>\n</seed:tool_call>\n<seed:tool_call>\n<function=now>\n</function>\n</seed:tool_call>';
    expect(seedOss.parse(`${markup}\nChecking.`)).toEqual({
      calls: [
        {
          name: 'get_weather',
          arguments: {
            kind: 'fields',
            fields: [
              { key: 'location', value: 'Beijing' },
              { key: 'days', value: '3' },
            ],
          },
        },
        { name: 'now', arguments: { kind: 'fields', fields: [] } },
      ],
      end: markup.length,
    });
  });

  it('takes the last call without its closers', () => {
    const text = '<seed:tool_call>\n<function=run>\n<parameter=cmd>\nls -la\n';
    expect(seedOss.parse(text)).toEqual({ calls: [{ name: 'run', arguments: { kind: 'fields', fields: [{ key: 'cmd', value: 'ls -la' }] } }], end: text.length });
  });

  it('declines other markup after its opener', () => {
    expect(seedOss.parse('<seed:tool_call>\n{"name": "a", "arguments": {}}\n</seed:tool_call>')).toBeUndefined();
    expect(seedOss.parse('<seed:tool_call>')).toBeUndefined();
  });
});
