import { describe, expect, it } from 'vitest';
import { validateArguments } from './validate-arguments.js';

const schema = {
  type: 'object',
  properties: {
    path: { type: 'string' },
    count: { type: 'integer', minimum: 1 },
    mode: { enum: ['read', 'write'] },
    tags: { type: 'array', items: { type: 'string' } },
    limit: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
    url: { type: 'string', format: 'uri' },
  },
  required: ['path'],
  additionalProperties: false,
};

describe('validateArguments', () => {
  it('accepts arguments that fit', () => {
    expect(validateArguments({ path: 'a', count: 2, mode: 'read', tags: ['x'], limit: null }, schema)).toBeUndefined();
  });

  it.each([
    [{}, '"path" is required'],
    [{ path: 1 }, '"path" must be string'],
    [{ path: 'a', count: '2' }, '"count" must be integer'],
    [{ path: 'a', count: 0 }, '"count": 0 is less than 1'],
    [{ path: 'a', mode: 'delete' }, '"mode" must be one of "read", "write"'],
    [{ path: 'a', tags: ['x', 2] }, '"tags[1]" must be string'],
    [{ path: 'a', limit: 'none' }, '"limit" must be integer or null'],
    [{ path: 'a', extra: true }, '"extra" is not allowed'],
  ])('names the problem in %j', (value, message) => {
    expect(validateArguments(value, schema)).toBe(message);
  });

  it('does not enforce format, which providers and tools treat as a hint', () => {
    expect(validateArguments({ path: 'a', url: 'relative/path' }, schema)).toBeUndefined();
  });

  it('reads a draft-07 schema by its draft: $ref siblings are ignored there', () => {
    const draft7 = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      definitions: { name: { type: 'string' } },
      properties: { name: { $ref: '#/definitions/name', minLength: 5 } },
    };
    expect(validateArguments({ name: 'ab' }, draft7)).toBeUndefined();
    expect(validateArguments({ name: 3 }, draft7)).toBe('"name" must be string');
    // In 2020-12 the sibling counts.
    expect(validateArguments({ name: 'ab' }, { ...draft7, $schema: undefined })).toMatch(/^"name"/);
  });

  it('checks tuples written in draft-07 style', () => {
    const tuple = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { p: { type: 'array', items: [{ type: 'integer' }] } } };
    expect(validateArguments({ p: ['x'] }, tuple)).toBe('"p[0]" must be integer');
  });

  it('accepts anything for a tool without an object schema', () => {
    expect(validateArguments({ a: 1 }, undefined)).toBeUndefined();
    expect(validateArguments({ a: 1 }, false)).toBeUndefined();
  });

  it('treats a schema it cannot understand as valid rather than failing the call', () => {
    expect(validateArguments({ a: 1 }, { type: 'nonsense' })).toBeUndefined();
    expect(validateArguments({ a: 1 }, { type: 'object', properties: { a: { $ref: '#/$defs/gone' } } })).toBeUndefined();
    expect(validateArguments({ a: 'x' }, { type: 'object', properties: { a: { type: 'string', pattern: '(' } } })).toBeUndefined();
    expect(validateArguments({ a: 1 }, { type: 'object', required: true, properties: { a: { type: 'any' } } })).toBeUndefined();
    expect(validateArguments({ a: 1 }, { $id: 'http://[bad', type: 'object' })).toBeUndefined();
  });

  it('still checks the parts of a schema it understands', () => {
    expect(validateArguments({ a: 1, b: 'x' }, { type: 'object', properties: { a: { type: 'nonsense' }, b: { type: 'integer' } } })).toBe('"b" must be integer');
  });

  it('honours nullable: true', () => {
    const nullable = { type: 'object', properties: { a: { type: 'string', nullable: true }, e: { enum: ['x'], type: 'string', nullable: true } } };
    expect(validateArguments({ a: null, e: null }, nullable)).toBeUndefined();
    expect(validateArguments({ a: 1 }, nullable)).toBe('"a" must be string or null');
  });

  it('does not write into the client schema', () => {
    const client = { type: 'object', properties: { a: { $ref: '#/$defs/a' } }, $defs: { a: { type: 'string' } } };
    const before = JSON.stringify(client);
    validateArguments({ a: 1 }, client);
    expect(JSON.stringify(client)).toBe(before);
    expect(Object.getOwnPropertyNames(client.properties.a)).toEqual(['$ref']);
  });

  it('works on a frozen schema', () => {
    const frozen = Object.freeze({ type: 'object', required: Object.freeze(['a']) });
    expect(validateArguments({}, frozen)).toBe('"a" is required');
  });

  it('checks a deeply nested value', () => {
    const tree = { $ref: '#/$defs/t', $defs: { t: { type: 'object', properties: { n: { type: 'integer' }, c: { $ref: '#/$defs/t' } } } } };
    let value: Record<string, unknown> = { n: 'x' };
    for (let i = 0; i < 100; i++) value = { c: value };
    expect(validateArguments(value, tree)).toBe(`"${Array.from({ length: 100 }, () => 'c').join('.')}.n" must be integer`);
  });
});
