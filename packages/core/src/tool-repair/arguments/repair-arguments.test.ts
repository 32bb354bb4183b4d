import { describe, expect, it } from 'vitest';
import { repairArguments, type ArgumentsOutcome } from './repair-arguments.js';

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

  it('handles a 1 MB string argument quickly', () => {
    const content = 'x'.repeat(1024 * 1024);
    const text = JSON.stringify({ path: 'big.txt', content });
    const start = performance.now();
    const outcome = json(text);
    const elapsed = performance.now() - start;
    expect(outcome.ok && outcome.text).toBe(text);
    expect(elapsed).toBeLessThan(50);
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
      { kind: 'fields', fields: [{ key: 'path', value: 'a' }, { key: 'todos', value: "[{'done': true},]" }, { key: 'force', value: 'True' }] },
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
    expect(repairArguments({ kind: 'fields', fields: [{ key: 'path', value: 'a' }, { key: 'count', value: 'many' }] }, schema)).toEqual({
      ok: false,
      reason: '"count" must be integer',
    });
  });
});
