import { describe, expect, it } from 'vitest';
import { compileSchema } from './compile-schema.js';

describe('compileSchema', () => {
  it('compiles a schema object once', () => {
    const schema = { type: 'object' };
    expect(compileSchema(schema)).toBe(compileSchema(schema));
    expect(compileSchema({ type: 'object' })).not.toBe(compileSchema(schema));
  });

  it('has nothing to compile for a tool without an object schema', () => {
    expect(compileSchema(undefined)).toBeUndefined();
    expect(compileSchema(true)).toBeUndefined();
    expect(compileSchema([])).toBeUndefined();
  });

  it('checks a sub-schema with $refs resolved against the whole', () => {
    const compiled = compileSchema({ $defs: { n: { type: 'integer' } }, anyOf: [{ $ref: '#/$defs/n' }] });
    const root = compiled?.root as { anyOf: [{ $ref: string }] };
    expect(compiled?.check(1, root.anyOf[0])).toBeUndefined();
    expect(compiled?.check('1', root.anyOf[0])?.at(-1)?.keyword).toBe('type');
    expect(compiled?.resolveRef(root.anyOf[0])).toEqual({ type: 'integer' });
  });

  it('checks nothing when the validator cannot take the schema', () => {
    const compiled = compileSchema({ $defs: { a: { $id: 'http://x/a' }, b: { $id: 'http://x/a' } }, type: 'string' });
    expect(compiled?.check(1)).toBeUndefined();
    expect(compiled?.resolveRef({ $ref: '#/$defs/a' })).toBeUndefined();
  });
});
