import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkJsonShape, hasWideObject } from './check-json-shape.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** The widest object's member count, by walking the parsed value. */
function widest(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const members = Object.values(value);
  return Math.max(Array.isArray(value) ? 0 : members.length, ...members.map(widest));
}

describe('hasWideObject', () => {
  it('agrees with the parsed value on the widest object, whatever the strings hold', () => {
    const tricky = fc.string({ unit: fc.constantFrom('a', ':', '{', '}', '[', ']', '"', '\\', ',', 'é') });
    const { value } = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, tricky, fc.integer(), fc.array(tie('value'), { maxLength: 6 }), fc.dictionary(tricky, tie('value'), { maxKeys: 6 })),
    }));
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 6 }), (json, max) => hasWideObject(bytes(JSON.stringify(json)), max) === widest(json) > max),
      { numRuns: 500 },
    );
  });

  it('counts members, not colons in keys or values, at every depth', () => {
    expect(hasWideObject(bytes('{"a:b":"c:d","e":{"f":1,"g":2,"h":3}}'), 2)).toBe(true);
    expect(hasWideObject(bytes('{"a:b":"c:d","e":[{"f":1},{"g":2},{"h":3}]}'), 2)).toBe(false);
    expect(hasWideObject(bytes(String.raw`{"a\"":"\\","b":"\\\"","c":1}`), 2)).toBe(true);
  });
});

describe('checkJsonShape', () => {
  it('rejects an object of more than 10,000 members, an array of more than 100,000 items and nesting too deep, as the client’s 400', () => {
    const members = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect(() => checkJsonShape({ messages: [{ metadata: members(10_000) }] })).not.toThrow();
    expect(() => checkJsonShape({ messages: [{ metadata: members(10_001) }] })).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => checkJsonShape(JSON.parse(`${'['.repeat(300)}${']'.repeat(300)}`))).toThrow(/nested more than 256/);
    expect(() => checkJsonShape({ messages: new Array(100_000).fill({ role: 'user' }) })).not.toThrow();
    expect(() => checkJsonShape({ messages: new Array(100_001).fill({ role: 'user' }) })).toThrow(/an array of more than 100,000 items/);
  });
});
