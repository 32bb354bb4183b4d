import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repairArguments } from './repair-arguments.js';

type Node =
  | { type: 'string' | 'integer' | 'number' | 'boolean' | 'null' }
  | { type: ['integer', 'null'] }
  | { enum: string[] }
  | { type: 'array'; items: Node }
  | { type: 'object'; properties: Record<string, Node>; required: string[]; additionalProperties?: false };

const key = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/).filter((k) => k !== '__proto__');

function objectOf(node: fc.Arbitrary<Node>): fc.Arbitrary<Node> {
  return fc
    .dictionary(key, node, { maxKeys: 4 })
    .chain((properties) =>
      fc
        .tuple(fc.subarray(Object.keys(properties)), fc.boolean())
        .map(([required, closed]): Node => ({ type: 'object', properties, required, ...(closed ? { additionalProperties: false as const } : {}) })),
    );
}

const { node } = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom<Node>({ type: 'string' }, { type: 'integer' }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }, { type: ['integer', 'null'] }, { enum: ['read', 'write'] }),
    tie('node').map((items): Node => ({ type: 'array', items })),
    objectOf(tie('node')),
  ),
}));

const rootSchema = objectOf(node) as fc.Arbitrary<Extract<Node, { type: 'object' }>>;

// JSON has no -0; any other finite double survives a round trip through its text.
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));

function valueFor(schema: Node): fc.Arbitrary<unknown> {
  if ('enum' in schema) return fc.constantFrom(...schema.enum);
  if (Array.isArray(schema.type)) return fc.oneof(fc.integer(), fc.constant(null));
  switch (schema.type) {
    case 'string':
      return fc.string({ maxLength: 12, unit: 'grapheme' });
    case 'integer':
      return fc.integer();
    case 'number':
      return finite;
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueFor(schema.items), { maxLength: 3 });
    case 'object': {
      const shape = Object.fromEntries(Object.entries(schema.properties).map(([k, sub]) => [k, valueFor(sub)]));
      return fc.record(shape, { requiredKeys: schema.required });
    }
  }
}

const fitting = rootSchema.chain((schema) => valueFor(schema).map((value) => ({ schema, value: value as Record<string, unknown> })));

/** `value` with every number and boolean written as its text, as models write them. */
function stringifyScalars(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(stringifyScalars);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringifyScalars(v)]));
  }
  return value;
}

function hasScalar(value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'boolean') return true;
  if (Array.isArray(value)) return value.some(hasScalar);
  return typeof value === 'object' && value !== null && Object.values(value).some(hasScalar);
}

describe('repairArguments, for values that fit their schema', () => {
  it('passes their JSON text through untouched, with no repair', () => {
    fc.assert(
      fc.property(fitting, fc.boolean(), ({ schema, value }, pretty) => {
        const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
        expect(repairArguments({ kind: 'json', text }, schema)).toEqual({ ok: true, text, value, repairs: [] });
      }),
    );
  });

  it('brings numbers and booleans written as strings back to the original value', () => {
    fc.assert(
      fc.property(fitting, ({ schema, value }) => {
        const outcome = repairArguments({ kind: 'json', text: JSON.stringify(stringifyScalars(value)) }, schema);
        expect(outcome).toEqual({
          ok: true,
          text: JSON.stringify(value),
          value,
          repairs: hasScalar(value) ? ['schema_coercion'] : [],
        });
      }),
    );
  });

  it('builds the same value from fields, typed by the schema, with no repair', () => {
    fc.assert(
      fc.property(fitting, ({ schema, value }) => {
        const fields = Object.entries(value).map(([k, v]) => ({ key: k, value: typeof v === 'string' ? v : JSON.stringify(v) }));
        const outcome = repairArguments({ kind: 'fields', fields }, schema);
        expect(outcome).toEqual({ ok: true, text: JSON.stringify(value), value, repairs: [] });
      }),
    );
  });

  it('never reports success for a value that leaves out a required property', () => {
    fc.assert(
      fc.property(
        fitting.filter(({ schema }) => schema.required.length > 0),
        ({ schema, value }) => {
          const missing = schema.required[0] as string;
          const { [missing]: _, ...rest } = value;
          const outcome = repairArguments({ kind: 'json', text: JSON.stringify(rest) }, schema);
          expect(outcome).toEqual({ ok: false, reason: expect.stringContaining(`"${missing}"`) });
        },
      ),
    );
  });
});
