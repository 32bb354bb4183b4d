import { describe, expect, it } from 'vitest';
import { splitGluedCall, splitGluedObjects } from './split-glued-objects.js';

describe('splitGluedObjects', () => {
  it.each([
    ['{"a":1}{"b":2}', ['{"a":1}', '{"b":2}']],
    ['{"a":1} {"b":2}', ['{"a":1}', '{"b":2}']],
    ['  {"a":1}\n{"b":2}\r\n\t{"c":3}  ', ['{"a":1}', '{"b":2}', '{"c":3}']],
    ['{"s":"}{"}{"t":"\\"}{"}', ['{"s":"}{"}', '{"t":"\\"}{"}']],
    ['{"n":{"m":[1,{"k":2}]}}{}', ['{"n":{"m":[1,{"k":2}]}}', '{}']],
  ])('splits %j', (text, pieces) => {
    expect(splitGluedObjects(text)).toEqual(pieces);
  });

  it.each([
    ['a single object', '{"a":1}'],
    ['nothing', '   '],
    ['a truncated tail', '{"a":1}{"b":'],
    ['text between', '{"a":1} and {"b":2}'],
    ['a comma between', '{"a":1},{"b":2}'],
    ['an array piece', '{"a":1}[1]'],
    ['a piece that is not valid JSON', '{\'a\':1}{"b":2}'],
    ['mismatched brackets', '{"a":[1}{"b":2}'],
    ['an unclosed string', '{"a":"x}{"b":2}'],
  ])('leaves %s', (_, text) => {
    expect(splitGluedObjects(text)).toBeUndefined();
  });

  // 1 MB of openers: quadratic rescanning would run past the test's timeout.
  it('scans a long text of many glued objects', () => {
    const piece = JSON.stringify({ content: '{'.repeat(10_000) + '"'.repeat(0), n: 1 });
    const text = Array.from({ length: 100 }, () => piece).join('');
    expect(splitGluedObjects(text)).toHaveLength(100);
  });
});

describe('splitGluedCall', () => {
  const schema = { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] };

  it('splits when every piece is a whole call of the tool', () => {
    expect(splitGluedCall('{"path":"a"}{"path":"b"}', schema)).toEqual(['{"path":"a"}', '{"path":"b"}']);
  });

  it('keeps the call whole when a piece does not fit', () => {
    expect(splitGluedCall('{"path":"a"}{"other":"b"}', schema)).toBeUndefined();
    expect(splitGluedCall('{"path":"a"}{"path":1}', schema)).toBeUndefined();
    expect(splitGluedCall('{"path":"a"}', schema)).toBeUndefined();
  });

  it('splits for a tool with no schema, which takes any object', () => {
    expect(splitGluedCall('{}{}', undefined)).toEqual(['{}', '{}']);
  });
});
