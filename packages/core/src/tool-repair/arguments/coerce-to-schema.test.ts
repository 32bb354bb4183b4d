import { describe, expect, it } from 'vitest';
import { coerceToSchema } from './coerce-to-schema.js';

function property(schema: unknown): unknown {
  return { type: 'object', properties: { v: schema } };
}

/** The coerced value of property `v`, or `unchanged` when the coercer left the object as it was. */
function coerce(value: unknown, schema: unknown): unknown {
  const input = { v: value };
  const result = coerceToSchema(input, property(schema));
  if (!result.changed) {
    expect(result.value).toBe(input);
    return 'unchanged';
  }
  return (result.value as { v: unknown }).v;
}

describe('coerceToSchema: scalars', () => {
  it.each([
    ['10', { type: 'integer' }, 10],
    ['-3', { type: 'integer' }, -3],
    [' 7\n', { type: 'integer' }, 7],
    ['10.5', { type: 'number' }, 10.5],
    ['1e3', { type: 'number' }, 1000],
    ['-0.25', { type: 'number' }, -0.25],
    ['true', { type: 'boolean' }, true],
    ['True', { type: 'boolean' }, true],
    ['FALSE', { type: 'boolean' }, false],
    ['null', { type: ['integer', 'null'] }, null],
    ['None', { type: 'null' }, null],
    ['None', { type: 'integer', nullable: true }, null],
    [5, { type: 'string' }, '5'],
    [2.5, { type: 'string' }, '2.5'],
    [true, { type: 'string' }, 'true'],
  ])('%j to %j', (value, schema, expected) => {
    expect(coerce(value, schema)).toEqual(expected);
  });

  it.each([
    ['10.5', { type: 'integer' }],
    ['007', { type: 'integer' }],
    ['12abc', { type: 'number' }],
    ['', { type: 'number' }],
    ['Infinity', { type: 'number' }],
    ['99999999999999999999', { type: 'integer' }],
    ['yes', { type: 'boolean' }],
    ['1', { type: 'boolean' }],
    ['None', { type: 'integer' }],
    [null, { type: 'string' }],
    [1, { type: 'boolean' }],
    [2.5, { type: 'integer' }],
  ])('leaves %j for %j', (value, schema) => {
    expect(coerce(value, schema)).toBe('unchanged');
  });

  it('leaves a value that already fits, even when another type could read it', () => {
    expect(coerce('10', { type: ['string', 'integer'] })).toBe('unchanged');
    expect(coerce('null', { type: 'string', nullable: true })).toBe('unchanged');
  });
});

describe('coerceToSchema: structures', () => {
  it('parses an array or object sent as a JSON string', () => {
    expect(coerce('["a", "b"]', { type: 'array', items: { type: 'string' } })).toEqual(['a', 'b']);
    expect(coerce('{"x": 1}', { type: 'object' })).toEqual({ x: 1 });
  });

  it('mends a broken JSON string on the way, then coerces inside it', () => {
    expect(coerce("[{'n': '1'},]", { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } })).toEqual([{ n: 1 }]);
  });

  it('does not read a plain string as a structure', () => {
    expect(coerce('a, b', { type: 'array' })).toBe('unchanged');
    expect(coerce('{"x": 1}', { type: 'array' })).toBe('unchanged');
  });

  it('does not wrap a single value into an array', () => {
    expect(coerce('a.txt', { type: 'array', items: { type: 'string' } })).toBe('unchanged');
    expect(coerce(3, { type: 'array', items: { type: 'integer' } })).toBe('unchanged');
  });

  it('coerces items, tuples and additional properties', () => {
    expect(coerce(['1', '2'], { type: 'array', items: { type: 'integer' } })).toEqual([1, 2]);
    expect(coerce(['1', 'true', '3'], { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'boolean' }], items: { type: 'string' } })).toEqual([1, true, '3']);
    expect(coerce(['1', 'true', 3], { type: 'array', items: [{ type: 'integer' }, { type: 'boolean' }], additionalItems: { type: 'string' } })).toEqual([1, true, '3']);
    expect(coerce({ a: '1', b: '2' }, { type: 'object', additionalProperties: { type: 'number' } })).toEqual({ a: 1, b: 2 });
  });

  it('keeps keys it has no schema for, in their order', () => {
    const result = coerceToSchema({ z: 'x', count: '2', a: '3' }, { type: 'object', properties: { count: { type: 'integer' } } });
    expect(result.changed).toBe(true);
    expect(Object.keys(result.value as object)).toEqual(['z', 'count', 'a']);
    expect(result.value).toEqual({ z: 'x', count: 2, a: '3' });
  });

  it('keeps a key named __proto__ a plain key', () => {
    const input = JSON.parse('{"__proto__": "1", "n": "2"}') as Record<string, unknown>;
    const schema = { type: 'object', properties: { __proto__: { type: 'integer' }, n: { type: 'integer' } } };
    const result = coerceToSchema(input, JSON.parse(JSON.stringify(schema).replace('"n":', '"__proto__":{"type":"integer"},"n":')));
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(Object.hasOwn(result.value as object, '__proto__')).toBe(true);
    expect((result.value as Record<string, unknown>).n).toBe(2);
  });

  it('does not touch the input', () => {
    const input = { v: ['1', { w: 'true' }] };
    const snapshot = structuredClone(input);
    coerceToSchema(input, property({ type: 'array', prefixItems: [{ type: 'integer' }, { type: 'object', properties: { w: { type: 'boolean' } } }] }));
    expect(input).toEqual(snapshot);
  });
});

describe('coerceToSchema: enum and const', () => {
  it('matches an enum member regardless of case', () => {
    expect(coerce('Read', { type: 'string', enum: ['read', 'write'] })).toBe('read');
    expect(coerce('WRITE', { enum: ['read', 'write'] })).toBe('write');
  });

  it('matches a member of another JSON type', () => {
    expect(coerce('2', { enum: [1, 2, 3] })).toBe(2);
    expect(coerce(2, { enum: ['1', '2'] })).toBe('2');
    expect(coerce('none', { enum: ['a', null] })).toBe(null);
    expect(coerce('Fast', { const: 'fast' })).toBe('fast');
  });

  it('does not guess between members that differ only in case, or trim', () => {
    expect(coerce('b', { enum: ['A', 'a'] })).toBe('unchanged');
    expect(coerce('B', { enum: ['b', 'B '] })).toBe('b');
    expect(coerce(' read', { enum: ['read'] })).toBe('unchanged');
    expect(coerce('delete', { enum: ['read', 'write'] })).toBe('unchanged');
  });
});

describe('coerceToSchema: anyOf, oneOf, nullable, $ref', () => {
  it('takes the first branch the value fits after coercion', () => {
    expect(coerce('5', { anyOf: [{ type: 'boolean' }, { type: 'integer' }, { type: 'number' }] })).toBe(5);
    expect(coerce('true', { oneOf: [{ type: 'integer' }, { type: 'boolean' }] })).toBe(true);
    expect(coerce('[1]', { anyOf: [{ type: 'null' }, { type: 'array', items: { type: 'integer' } }] })).toEqual([1]);
  });

  it('prefers a branch the value fits as it is', () => {
    expect(coerce('5', { anyOf: [{ type: 'integer' }, { type: 'string' }] })).toBe('unchanged');
  });

  it('leaves a value no branch takes', () => {
    expect(coerce('x', { anyOf: [{ type: 'integer' }, { type: 'boolean' }] })).toBe('unchanged');
  });

  it('reads nullable types both ways', () => {
    expect(coerce('null', { type: ['integer', 'null'] })).toBe(null);
    expect(coerce('4', { type: ['integer', 'null'] })).toBe(4);
    const schema = { type: 'object', properties: { v: { $ref: '#/$defs/n', nullable: true } }, $defs: { n: { type: 'integer' } } };
    expect(coerceToSchema({ v: 'None' }, schema).value).toEqual({ v: null });
    expect(coerceToSchema({ v: '3' }, schema).value).toEqual({ v: 3 });
  });

  it('follows $ref to $defs and definitions, recursively', () => {
    const schema = {
      type: 'object',
      properties: { tree: { $ref: '#/$defs/node' }, size: { $ref: '#/definitions/size' } },
      $defs: { node: { type: 'object', properties: { n: { type: 'integer' }, kids: { type: 'array', items: { $ref: '#/$defs/node' } } } } },
      definitions: { size: { type: 'number' } },
    };
    const result = coerceToSchema({ tree: { n: '1', kids: [{ n: '2', kids: [] }] }, size: '1.5' }, schema);
    expect(result).toEqual({ value: { tree: { n: 1, kids: [{ n: 2, kids: [] }] }, size: 1.5 }, changed: true });
  });

  it('survives a schema that refers to itself without moving into the value', () => {
    const schema = { type: 'object', allOf: [{ $ref: '#' }], anyOf: [{ $ref: '#' }], properties: { a: { type: 'integer' } } };
    expect(coerceToSchema({ a: '1' }, schema)).toEqual({ value: { a: 1 }, changed: true });
  });

  it('applies allOf parts in turn', () => {
    expect(coerce({ a: '1', b: 'false' }, { allOf: [{ properties: { a: { type: 'integer' } } }, { properties: { b: { type: 'boolean' } } }] })).toEqual({
      a: 1,
      b: false,
    });
  });
});

describe('coerceToSchema: limits', () => {
  it('reaches a value nested deep', () => {
    const schema = { $ref: '#/$defs/box', $defs: { box: { type: 'object', properties: { n: { type: 'integer' }, inner: { $ref: '#/$defs/box' } } } } };
    let value: Record<string, unknown> = { n: '0' };
    for (let i = 0; i < 150; i++) value = { inner: value };
    let result = coerceToSchema(value, schema).value as Record<string, unknown>;
    for (let i = 0; i < 150; i++) result = result.inner as Record<string, unknown>;
    expect(result).toEqual({ n: 0 });
  });

  it('does not multiply its work through nested anyOf branches that share a $ref', () => {
    // Each level offers three branches of which only the last fits after coercion; without remembering
    // what a value came to under a node, the tries multiply by three per level.
    // Four levels: the branch checks of five (1,700 units each at the top) no longer fit the budget of one
    // full check (MAX_CHECK_WORK), and a coercion the budget does not cover changes nothing.
    const levels = 4;
    const $defs: Record<string, unknown> = { l0: { type: 'integer' } };
    for (let i = 1; i <= levels; i++) {
      const inner = { $ref: `#/$defs/l${i - 1}` };
      $defs[`l${i}`] = {
        anyOf: [
          { type: 'object', properties: { x: inner }, required: ['never'] },
          { type: 'object', properties: { x: inner }, required: ['nope'] },
          { type: 'object', properties: { x: inner } },
        ],
      };
    }
    const schema = { type: 'object', properties: { v: { $ref: `#/$defs/l${levels}` } }, $defs };
    let value: unknown = '1';
    let expected: unknown = 1;
    for (let i = 0; i < levels; i++) {
      value = { x: value };
      expected = { x: expected };
    }
    const result = coerceToSchema({ v: value }, schema);
    expect(result.value).toEqual({ v: expected });
  });

  it('copies no more of a schema graph than its bound', () => {
    // One object shared at every level: 3^14 nodes as a tree. The copy stops at its bound, and what lies
    // past it checks nothing rather than taking minutes.
    let shared: unknown = { type: 'integer' };
    for (let i = 0; i < 14; i++) shared = { anyOf: [shared, shared, shared] };
    coerceToSchema({ v: '1' }, property(shared));
  });

  it('coerces a long array', () => {
    const items = Array.from({ length: 500 }, (_, i) => String(i));
    const result = coerce(items, { type: 'array', items: { anyOf: [{ type: 'boolean' }, { type: 'integer' }] } }) as number[];
    expect(result[499]).toBe(499);
  });

  it('leaves an array longer than its budget as it is rather than coerce part of it', () => {
    const items = Array.from({ length: 50_000 }, (_, i) => String(i));
    const result = coerceToSchema(items, { type: 'array', items: { anyOf: [{ type: 'boolean' }, { type: 'integer' }] } });
    expect(result).toEqual({ value: items, changed: false });
  });

  it('does nothing without an object schema', () => {
    const value = { a: '1' };
    expect(coerceToSchema(value, undefined)).toEqual({ value, changed: false });
    expect(coerceToSchema(value, true).value).toBe(value);
  });
});
