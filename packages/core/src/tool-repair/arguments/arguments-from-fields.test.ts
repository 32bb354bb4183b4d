import { describe, expect, it } from 'vitest';
import { argumentsFromFields } from './arguments-from-fields.js';

const schema = {
  type: 'object',
  properties: {
    path: { type: 'string' },
    count: { type: 'integer' },
    ratio: { type: 'number' },
    force: { type: 'boolean' },
    nothing: { type: 'null' },
    items: { type: 'array' },
    options: { type: 'object' },
    maybe: { type: ['integer', 'null'] },
    either: { anyOf: [{ type: 'integer' }, { type: 'boolean' }] },
    textOrList: { anyOf: [{ type: 'string' }, { type: 'array' }] },
    level: { $ref: '#/$defs/level' },
    mode: { enum: [1, 2] },
  },
  $defs: { level: { type: 'integer' } },
};

function build(key: string, value: string, declared?: 'string' | 'json', on: unknown = schema) {
  return argumentsFromFields([declared === undefined ? { key, value } : { key, value, declared }], on);
}

describe('argumentsFromFields', () => {
  it('keeps text for a string property, even text that looks like JSON', () => {
    expect(build('path', '{"a": 1}')).toEqual({ value: { path: '{"a": 1}' }, repaired: false });
    expect(build('path', '  spaced \n')).toEqual({ value: { path: '  spaced \n' }, repaired: false });
    expect(build('textOrList', '[1]')).toEqual({ value: { textOrList: '[1]' }, repaired: false });
  });

  it.each([
    ['count', '42', 42],
    ['ratio', '0.5', 0.5],
    ['force', 'true', true],
    ['nothing', 'null', null],
    ['items', '[1, "a"]', [1, 'a']],
    ['options', '{"deep": {"x": 1}}', { deep: { x: 1 } }],
    ['maybe', 'null', null],
    ['either', 'false', false],
    ['level', '3', 3],
    ['mode', '2', 2],
  ])('reads %s as JSON', (key, value, expected) => {
    expect(build(key, value)).toEqual({ value: { [key]: expected }, repaired: false });
  });

  it('mends a broken structure with jsonrepair', () => {
    expect(build('items', "['a', 'b',]")).toEqual({ value: { items: ['a', 'b'] }, repaired: true });
  });

  it('leaves a scalar that is not JSON for coercion to read', () => {
    expect(build('force', 'True')).toEqual({ value: { force: 'True' }, repaired: false });
    expect(build('count', 'lots')).toEqual({ value: { count: 'lots' }, repaired: false });
  });

  it('keeps text for a property the schema says nothing of', () => {
    expect(build('unknown', '5')).toEqual({ value: { unknown: '5' }, repaired: false });
    expect(argumentsFromFields([{ key: 'count', value: '5' }], undefined)).toEqual({ value: { count: '5' }, repaired: false });
  });

  it('follows what the markup declared over the schema', () => {
    expect(build('count', '5', 'string')).toEqual({ value: { count: '5' }, repaired: false });
    expect(build('path', '5', 'json')).toEqual({ value: { path: 5 }, repaired: false });
    expect(build('unknown', '{"a": 1,}', 'json')).toEqual({ value: { unknown: { a: 1 } }, repaired: true });
    expect(build('unknown', 'plain words', 'json')).toEqual({ value: { unknown: 'plain words' }, repaired: true });
  });

  it('types by additionalProperties and through a root $ref', () => {
    expect(build('any', '3', undefined, { type: 'object', additionalProperties: { type: 'integer' } })).toEqual({
      value: { any: 3 },
      repaired: false,
    });
    const viaRef = { $ref: '#/$defs/args', $defs: { args: { type: 'object', properties: { n: { type: 'number' } } } } };
    expect(build('n', '1.5', undefined, viaRef)).toEqual({ value: { n: 1.5 }, repaired: false });
  });

  it('keeps field order, the last of a repeated key, and __proto__ as a key', () => {
    const built = argumentsFromFields(
      [
        { key: 'b', value: '1' },
        { key: '__proto__', value: 'x' },
        { key: 'a', value: '2' },
        { key: 'b', value: '3' },
      ],
      undefined,
    );
    expect(Object.keys(built.value)).toEqual(['b', '__proto__', 'a']);
    expect(built.value.b).toBe('3');
    expect(Object.getPrototypeOf(built.value)).toBe(Object.prototype);
  });

  it('handles a 1 MB field', () => {
    const content = 'z'.repeat(1024 * 1024);
    const built = argumentsFromFields([{ key: 'path', value: content }], schema);
    expect(built.value.path).toBe(content);
  });
});
