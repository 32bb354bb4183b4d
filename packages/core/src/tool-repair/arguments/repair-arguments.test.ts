import { describe, expect, it } from 'vitest';
import { type ArgumentsOutcome, repairArguments } from './repair-arguments.js';
import { validateArguments } from './validate-arguments.js';

const writeFile = {
  type: 'object',
  properties: { path: { type: 'string' }, content: { type: 'string' } },
  required: ['path'],
};
const counter = {
  type: 'object',
  properties: { count: { type: 'integer' }, force: { type: 'boolean' }, limit: { type: ['integer', 'null'] } },
  required: ['count'],
};

function json(text: string, ...schema: [unknown?]): ArgumentsOutcome {
  // An explicit `undefined` schema is a case of its own, so no default parameter.
  return repairArguments({ kind: 'json', text }, schema.length === 0 ? writeFile : schema[0]);
}

describe('repairArguments on JSON text', () => {
  it('passes a valid object through as the very text, spacing and key order kept', () => {
    const text = '{ "content" : "hi",\n  "path": "a.txt" }';
    expect(json(text)).toEqual({ ok: true, text, value: { content: 'hi', path: 'a.txt' }, repairs: [] });
  });

  it('keeps number spellings the parse would lose', () => {
    const text = '{"count": 12345678901234567890, "force": false}';
    const outcome = json(text, counter);
    expect(outcome.ok && outcome.text).toBe(text);
  });

  it.each([
    ['trailing comma', '{"path": "a.txt",}'],
    ['single quotes', "{'path': 'a.txt'}"],
    ['unquoted keys', '{path: "a.txt"}'],
    ['a code fence', '```json\n{"path": "a.txt"}\n```'],
    ['a leading json word', 'json\n{"path": "a.txt"}'],
    ['a leading json word on one line', 'json {"path": "a.txt"}'],
    ['a missing closing brace', '{"path": "a.txt"'],
  ])('mends %s', (_, text) => {
    expect(json(text)).toEqual({ ok: true, text: '{"path":"a.txt"}', value: { path: 'a.txt' }, repairs: ['json_syntax'] });
  });

  it('mends Python constants', () => {
    const outcome = json('{"count": 1, "force": True, "limit": None}', counter);
    expect(outcome).toEqual({
      ok: true,
      text: '{"count":1,"force":true,"limit":null}',
      value: { count: 1, force: true, limit: null },
      repairs: ['json_syntax'],
    });
  });

  it('mends a text cut off inside a string', () => {
    const outcome = json('{"path": "a.txt", "content": "hel');
    expect(outcome).toEqual({
      ok: true,
      text: '{"path":"a.txt","content":"hel"}',
      value: { path: 'a.txt', content: 'hel' },
      repairs: ['json_syntax'],
    });
  });

  it('reads arguments encoded twice', () => {
    const outcome = json(JSON.stringify('{"path": "a.txt"}'));
    expect(outcome).toEqual({ ok: true, text: '{"path":"a.txt"}', value: { path: 'a.txt' }, repairs: ['json_syntax'] });
  });

  it('takes empty text as {} when the schema allows it, counting no repair', () => {
    expect(json('  \n', { type: 'object', properties: { verbose: { type: 'boolean' } } })).toEqual({
      ok: true,
      text: '{}',
      value: {},
      repairs: [],
    });
    expect(json('', undefined)).toEqual({ ok: true, text: '{}', value: {}, repairs: [] });
  });

  it('refuses empty text when a property is required', () => {
    expect(json('')).toEqual({ ok: false, reason: 'arguments are empty: "path" is required' });
  });

  it.each([
    ['an array', '[{"path": "a.txt"}]'],
    ['a string', '"a.txt"'],
    ['a number', '42'],
    ['null', 'null'],
  ])('refuses arguments that are %s', (kind, text) => {
    expect(json(text)).toEqual({ ok: false, reason: `arguments must be a JSON object, not ${kind}` });
  });

  it('refuses text no repair can read', () => {
    expect(json('{"path": "a.txt"} and then some prose')).toEqual({ ok: false, reason: 'arguments are not valid JSON' });
  });

  it('coerces values to the schema and re-serializes', () => {
    const outcome = json('{"count": "10", "force": "True", "limit": "None"}', counter);
    expect(outcome).toEqual({
      ok: true,
      text: '{"count":10,"force":true,"limit":null}',
      value: { count: 10, force: true, limit: null },
      repairs: ['schema_coercion'],
    });
  });

  it('records both repairs when both were needed', () => {
    const outcome = json("{'count': '3',}", counter);
    expect(outcome).toEqual({ ok: true, text: '{"count":3}', value: { count: 3 }, repairs: ['json_syntax', 'schema_coercion'] });
  });

  it('leaves a valid value alone even where a coercion could apply', () => {
    const schema = { type: 'object', properties: { id: { type: ['string', 'integer'] } } };
    const text = '{"id": "10"}';
    expect(json(text, schema)).toEqual({ ok: true, text, value: { id: '10' }, repairs: [] });
  });

  it('names the property that cannot fit and invents nothing', () => {
    expect(json('{"count": "10.5"}', counter)).toEqual({ ok: false, reason: '"count" must be integer' });
    expect(json('{"force": true}', counter)).toEqual({ ok: false, reason: '"count" is required' });
  });

  it('fills no defaults', () => {
    const schema = { type: 'object', properties: { depth: { type: 'integer', default: 3 } } };
    expect(json('{}', schema)).toEqual({ ok: true, text: '{}', value: {}, repairs: [] });
  });

  it('accepts any object for a tool without a schema', () => {
    for (const schema of [undefined, null, true, 'nonsense']) {
      expect(json('{"anything": [1, 2]}', schema)).toMatchObject({ ok: true, repairs: [] });
    }
    expect(json('[1]', undefined)).toMatchObject({ ok: false });
  });

  it('treats a schema the validator does not understand as valid', () => {
    const text = '{"a": 1}';
    expect(json(text, { type: 'nonsense' })).toEqual({ ok: true, text, value: { a: 1 }, repairs: [] });
    expect(json(text, { type: 'object', properties: { a: { $ref: '#/$defs/missing' } } })).toMatchObject({ ok: true });
  });

  it('honours a draft-07 schema with definitions', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      definitions: { level: { type: 'integer', minimum: 0 } },
      properties: { level: { $ref: '#/definitions/level' } },
      required: ['level'],
      additionalProperties: false,
    };
    expect(json('{"level": "2"}', schema)).toMatchObject({ ok: true, value: { level: 2 }, repairs: ['schema_coercion'] });
    expect(json('{"level": 2, "extra": 1}', schema)).toEqual({ ok: false, reason: '"extra" is not allowed' });
    expect(json('{"level": -1}', schema)).toMatchObject({ ok: false, reason: expect.stringContaining('"level"') });
  });

  it('handles a 1 MB string argument', () => {
    const content = 'x'.repeat(1024 * 1024);
    const text = JSON.stringify({ path: 'big.txt', content });
    const outcome = json(text);
    expect(outcome.ok && outcome.text).toBe(text);
  });

  it('mends a truncated 1 MB argument', () => {
    const content = 'y'.repeat(1024 * 1024);
    const outcome = json(`{"path": "big.txt", "content": "${content}`);
    expect(outcome).toMatchObject({ ok: true, value: { path: 'big.txt', content }, repairs: ['json_syntax'] });
  });
});

describe('repairArguments on fields', () => {
  const schema = {
    type: 'object',
    properties: {
      path: { type: 'string' },
      content: { type: 'string' },
      count: { type: 'integer' },
      force: { type: 'boolean' },
      todos: { type: 'array', items: { type: 'object', properties: { done: { type: 'boolean' } } } },
    },
    required: ['path'],
  };

  it('types each field by its property schema without counting a repair', () => {
    const outcome = repairArguments(
      {
        kind: 'fields',
        fields: [
          { key: 'path', value: 'package.json' },
          { key: 'content', value: '{"name": "x"}' },
          { key: 'count', value: '3' },
          { key: 'force', value: 'false' },
          { key: 'todos', value: '[{"done": true}]' },
        ],
      },
      schema,
    );
    expect(outcome).toEqual({
      ok: true,
      text: '{"path":"package.json","content":"{\\"name\\": \\"x\\"}","count":3,"force":false,"todos":[{"done":true}]}',
      value: { path: 'package.json', content: '{"name": "x"}', count: 3, force: false, todos: [{ done: true }] },
      repairs: [],
    });
  });

  it('mends a broken structure and coerces a Python boolean', () => {
    const outcome = repairArguments(
      {
        kind: 'fields',
        fields: [
          { key: 'path', value: 'a' },
          { key: 'todos', value: "[{'done': 'yes'},]" },
          { key: 'force', value: 'True' },
        ],
      },
      schema,
    );
    // "yes" is no boolean the relay will guess at: the nested value is named.
    expect(outcome).toEqual({ ok: false, reason: '"todos[0].done" must be boolean' });
    const fixed = repairArguments(
      {
        kind: 'fields',
        fields: [
          { key: 'path', value: 'a' },
          { key: 'todos', value: "[{'done': true},]" },
          { key: 'force', value: 'True' },
        ],
      },
      schema,
    );
    expect(fixed).toEqual({
      ok: true,
      text: '{"path":"a","todos":[{"done":true}],"force":true}',
      value: { path: 'a', todos: [{ done: true }], force: true },
      repairs: ['json_syntax', 'schema_coercion'],
    });
  });

  it('reports a missing required field rather than making one up', () => {
    expect(repairArguments({ kind: 'fields', fields: [{ key: 'count', value: '1' }] }, schema)).toEqual({
      ok: false,
      reason: '"path" is required',
    });
  });

  it('reports a value that will not read as the type', () => {
    expect(
      repairArguments(
        {
          kind: 'fields',
          fields: [
            { key: 'path', value: 'a' },
            { key: 'count', value: 'many' },
          ],
        },
        schema,
      ),
    ).toEqual({
      ok: false,
      reason: '"count" must be integer',
    });
  });
});

// The relay is a shared server: no schema or value, however odd, may hold the event loop for longer than
// about 50 ms. Before the check's work was bounded (MAX_CHECK_WORK), these took from 0.3 s to minutes; here
// each shows the bound taking effect (what is too costly is not checked), and a blow-up would pass the
// test's timeout. The time itself is measured in the bench, not here.
describe('repairArguments: bounded work', () => {
  function timed(text: string, schema: unknown): { outcome: ArgumentsOutcome } {
    return { outcome: repairArguments({ kind: 'json', text }, schema) };
  }

  /** `levels` nested anyOfs of `width` branches, every branch the same `$ref` one level down. */
  function sharedRefs(levels: number, width: number, keyword: 'anyOf' | 'allOf' = 'anyOf'): unknown {
    const $defs: Record<string, unknown> = { n0: { type: 'object', properties: { x: { type: 'integer' } } } };
    for (let i = 1; i <= levels; i++) $defs[`n${i}`] = { [keyword]: Array.from({ length: width }, () => ({ $ref: `#/$defs/n${i - 1}` })) };
    return { type: 'object', $defs, properties: { a: { $ref: `#/$defs/n${levels}` } }, required: ['a'] };
  }

  it.each([
    ['25 nested anyOfs of one shared $ref twice (2^25 ways through; was 0.3 s to a stack overflow)', sharedRefs(25, 2)],
    ['8 nested anyOfs of 10 branches (10^8; was 0.5 s)', sharedRefs(8, 10)],
    ['25 nested allOfs of one shared $ref twice (was 0.3 s)', sharedRefs(25, 2, 'allOf')],
  ])('checks nothing it cannot afford: %s', (_, schema) => {
    const { outcome } = timed('{"a": {"x": "1"},}', schema);
    // Not checked, as for a schema the validator cannot read; the JSON is still mended.
    expect(outcome).toEqual({ ok: true, text: '{"a":{"x":"1"}}', value: { a: { x: '1' } }, repairs: ['json_syntax'] });
  });

  it('still checks what it can afford in such a schema: a missing required property', () => {
    const { outcome } = timed('{}', sharedRefs(25, 2));
    expect(outcome).toEqual({ ok: false, reason: '"a" is required' });
  });

  it('does not multiply through a recursive $ref with anyOf, whatever the value depth (was 7 s at depth 20)', () => {
    const branch = { properties: { c: { $ref: '#/$defs/t' } } };
    const schema = { type: 'object', $defs: { t: { anyOf: [{ type: 'object', ...branch }, branch] } }, properties: { a: { $ref: '#/$defs/t' } } };
    let value: unknown = 1;
    for (let i = 0; i < 25; i++) value = { c: value };
    const { outcome } = timed(JSON.stringify({ a: value }), schema);
    expect(outcome.ok).toBe(true);
  });

  it('copies a shared-object schema graph only to its bound (was 0.1 s)', () => {
    let shared: unknown = { type: 'integer' };
    for (let i = 0; i < 16; i++) shared = { anyOf: [shared, shared] };
    const { outcome } = timed('{"a": "1"}', { type: 'object', properties: { a: shared } });
    expect(outcome.ok).toBe(true);
  });

  it('takes a value of 100,000 elements unchecked rather than in one long step (was 0.45 s a check)', () => {
    const schema = {
      type: 'object',
      properties: { items: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, tag: { type: ['string', 'null'] } } } } },
    };
    const items = Array.from({ length: 100_000 }, (_, id) => ({ id: String(id), tag: null }));
    const text = JSON.stringify({ items });
    const { outcome } = timed(text, schema);
    expect(outcome).toEqual({ ok: true, text, value: { items }, repairs: [] });
  });

  it('checks a 10 MB string where no keyword measures it, and skips a length check that would take 80 ms', () => {
    const content = 'x'.repeat(10_000_000);
    const plain = { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path'] };
    expect(validateArguments({ content }, plain)).toBe('"path" is required');
    expect(validateArguments({ path: 'a', content }, { ...plain, properties: { ...plain.properties, content: { type: 'string', maxLength: 5 } } })).toBeUndefined();
  });

  it('skips uniqueItems over an array too long to compare pair by pair (10,000 items was 0.1 s)', () => {
    const schema = { type: 'object', properties: { ids: { type: 'array', uniqueItems: true } } };
    expect(validateArguments({ ids: Array.from({ length: 10_000 }, () => 1) }, schema)).toBeUndefined();
    expect(validateArguments({ ids: [1, 1] }, schema)).toMatch(/^"ids"/);
  });
});
