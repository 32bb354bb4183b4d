import { describe, expect, it } from 'vitest';
import { normalizeSchema } from './normalize-schema.js';

describe('normalizeSchema', () => {
  it('keeps what checks and drops annotations and format', () => {
    expect(
      normalizeSchema({
        $schema: 'http://json-schema.org/draft-07/schema#',
        title: 'Args',
        description: 'd',
        type: 'object',
        properties: { url: { type: 'string', format: 'uri', default: 'x', 'x-extra': 1 } },
        required: ['url'],
        additionalProperties: false,
      }),
    ).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { url: { type: 'string' } },
      required: ['url'],
      additionalProperties: false,
    });
  });

  it('drops keywords the validator would misread or choke on', () => {
    expect(normalizeSchema({ type: 'nonsense', required: true, pattern: '(', minLength: 'two', enum: 'a', anyOf: {} })).toEqual({});
    expect(normalizeSchema({ type: ['string', 'any'] })).toEqual({});
    expect(normalizeSchema({ patternProperties: { '(': { type: 'string' }, '^a': { type: 'integer' } } })).toEqual({
      patternProperties: { '^a': { type: 'integer' } },
    });
  });

  it('turns nullable into a null type, or a null branch when there is no type', () => {
    expect(normalizeSchema({ type: 'string', nullable: true, enum: ['a'] })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(normalizeSchema({ $ref: '#/$defs/a', nullable: true })).toEqual({ anyOf: [{ type: 'null' }, { $ref: '#/$defs/a' }] });
  });

  it('copies rather than shares', () => {
    const schema = { type: 'object', properties: { a: { enum: [{ x: 1 }] } } };
    const copy = normalizeSchema(schema) as typeof schema;
    expect(copy.properties).not.toBe(schema.properties);
    expect(copy.properties.a.enum[0]).not.toBe(schema.properties.a.enum[0]);
  });

  it('keeps a property named like a keyword, or __proto__', () => {
    const schema = JSON.parse('{"properties": {"type": {"type": "string"}, "__proto__": {"type": "integer"}}}') as unknown;
    const copy = normalizeSchema(schema) as { properties: Record<string, unknown> };
    expect(copy.properties.type).toEqual({ type: 'string' });
    expect(Object.hasOwn(copy.properties, '__proto__')).toBe(true);
  });

  it('stops at its depth bound', () => {
    let deep: unknown = { type: 'integer' };
    for (let i = 0; i < 100; i++) deep = { not: deep };
    let node = normalizeSchema(deep);
    let depth = 0;
    while (typeof node === 'object' && node.not !== undefined) {
      node = node.not as typeof node;
      depth++;
    }
    expect(node).toBe(true);
    expect(depth).toBeLessThan(100);
  });

  it('passes boolean schemas through and reads anything else as true', () => {
    expect(normalizeSchema(false)).toBe(false);
    expect(normalizeSchema('x')).toBe(true);
    expect(normalizeSchema(null)).toBe(true);
  });
});
