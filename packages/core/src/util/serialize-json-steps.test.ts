import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SerializeJsonStepsOptions, serializeJsonBounded, serializeJsonSteps } from './serialize-json-steps.js';

/** Every value through the bytes path, in pieces of a few characters, so each rule meets a piece border. */
const tiny: SerializeJsonStepsOptions = { threshold: 0, chunk: 3 };

function text(result: string | Uint8Array): string {
  return typeof result === 'string' ? result : new TextDecoder().decode(result);
}

function bytesPath(value: unknown, options: SerializeJsonStepsOptions = tiny): string {
  const result = serializeJsonBounded(value, options);
  expect(typeof result).not.toBe('string');
  return text(result);
}

/** The first index where the two differ (a length counts), or -1: a readable failure for megabytes. */
function firstDifference(actual: Uint8Array, expected: Uint8Array): number {
  const length = Math.min(actual.length, expected.length);
  for (let i = 0; i < length; i++) if (actual[i] !== expected[i]) return i;
  return actual.length === expected.length ? -1 : length;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('serializeJsonSteps', () => {
  it('returns a small value as exactly JSON.stringify does, as a string', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi "there"\n😀' }], temperature: 0.2 };
    expect(serializeJsonBounded(body)).toBe(JSON.stringify(body));
  });

  it('returns a value past the threshold as the UTF-8 bytes of JSON.stringify, byte for byte', () => {
    const body = { model: 'm', messages: [{ role: 'tool', content: 'naïve 😀 "q" \\ \n\u2028'.repeat(70_000) }] };
    const result = serializeJsonBounded(body);
    expect(typeof result).not.toBe('string');
    expect(firstDifference(result as Uint8Array, new TextEncoder().encode(JSON.stringify(body)))).toBe(-1);
  });

  it('yields between steps, and hands the native stringify nothing much bigger than a chunk', () => {
    const body = {
      long: 'x'.repeat(50_000),
      messages: Array.from({ length: 2000 }, (_, i) => ({ role: 'user', content: `message ${i}`, parts: [{ type: 'text', text: 'abc'.repeat(i % 50) }] })),
      // A small value under a long key: not batched, or the batch's stringify would hold the whole key.
      ['k'.repeat(30_000)]: { a: 1 },
    };
    const stringify = vi.spyOn(JSON, 'stringify');
    const steps = serializeJsonSteps(body, { threshold: 0, chunk: 1000 });
    let yields = 0;
    let step = steps.next();
    for (; step.done !== true; step = steps.next()) yields++;
    const longest = Math.max(...stringify.mock.results.map((result) => String(result.value).length));
    stringify.mockRestore();
    expect(text(step.value)).toBe(JSON.stringify(body));
    expect(yields).toBeGreaterThan(JSON.stringify(body).length / 1000 / 2);
    expect(longest).toBeLessThanOrEqual(2 * 1000 + 2);
  });

  it('keeps own-key order, integer-like keys first, and serializes an own __proto__ key like any other', () => {
    const value = JSON.parse('{"b":1,"__proto__":{"x":[1,2]},"2":"two","a":{"__proto__":null},"1":"one"}') as unknown;
    expect(bytesPath(value)).toBe('{"1":"one","2":"two","b":1,"__proto__":{"x":[1,2]},"a":{"__proto__":null}}');
    expect(bytesPath(value)).toBe(JSON.stringify(value));
  });

  it('omits undefined, function and symbol members of objects and writes null for them in arrays', () => {
    const value = { a: undefined, b: () => 1, c: Symbol('c'), d: 1, list: [undefined, () => 1, Symbol('s'), 2], e: undefined };
    expect(bytesPath(value)).toBe('{"d":1,"list":[null,null,null,2]}');
    expect(bytesPath({ only: undefined })).toBe('{}');
    expect(bytesPath([undefined])).toBe('[null]');
  });

  it('writes non-finite numbers as null and -0 as 0', () => {
    expect(bytesPath([NaN, Infinity, -Infinity, -0, 1e21, 5e-324])).toBe(JSON.stringify([NaN, Infinity, -Infinity, -0, 1e21, 5e-324]));
    expect(bytesPath({ n: NaN })).toBe('{"n":null}');
  });

  it('calls toJSON once, with the key, index or "" it sits under, and not again on what it returns', () => {
    const calls: string[] = [];
    const marked = (name: string) => ({
      toJSON(key: string) {
        calls.push(`${name}:${key}`);
        return { name, nested: { toJSON: () => 'inner' } };
      },
    });
    const value = { first: marked('a'), list: [0, marked('b')], date: new Date(0) };
    const selfReturning = { toJSON: () => selfReturning, x: 1 };
    expect(bytesPath(value)).toBe(JSON.stringify(value));
    expect(calls).toEqual(['a:first', 'b:1', 'a:first', 'b:1']);
    expect(bytesPath(marked('root'))).toBe(JSON.stringify(marked('root')));
    expect(calls.slice(4)).toEqual(['root:', 'root:']);
    // At every chunk size: the member named toJSON meets the batching of short keys as well as of long ones.
    for (let chunk = 1; chunk <= 24; chunk++) expect(bytesPath({ s: selfReturning }, { threshold: 0, chunk })).toBe('{"s":{"x":1}}');
  });

  it('omits or nulls what toJSON turns into undefined, and has no text for a root that is', () => {
    const gone = { toJSON: () => undefined };
    expect(bytesPath({ a: gone, b: [gone] })).toBe('{"b":[null]}');
    expect(() => serializeJsonBounded(gone, tiny)).toThrow(TypeError);
    expect(() => serializeJsonBounded(undefined)).toThrow(TypeError);
    expect(() => serializeJsonBounded(() => 1, tiny)).toThrow(TypeError);
  });

  it('unwraps Number, String and Boolean objects, however long', () => {
    const value = [new Number(3), new String('hé"y'), new Boolean(false), { s: new String('z'.repeat(20)) }];
    expect(bytesPath(value)).toBe(JSON.stringify(value));
  });

  it('throws a TypeError for a BigInt and for a cycle, as JSON.stringify does', () => {
    expect(() => serializeJsonBounded({ a: [1n] }, tiny)).toThrow(TypeError);
    const cycle: Record<string, unknown> = { a: [1] };
    (cycle.a as unknown[]).push({ back: cycle });
    expect(() => serializeJsonBounded(cycle, tiny)).toThrow(TypeError);
    expect(() => serializeJsonBounded(cycle, { threshold: 0 })).toThrow(TypeError);
    const selfArray: unknown[] = [];
    selfArray.push(selfArray);
    expect(() => serializeJsonBounded(selfArray)).toThrow(TypeError);
  });

  it('serializes the same object twice when it is shared but not a cycle', () => {
    const shared = { x: [1, 'two'] };
    expect(bytesPath([shared, { s: shared }, shared])).toBe(JSON.stringify([shared, { s: shared }, shared]));
  });

  it('serializes nesting too deep for the native recursion, without recursing', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 20_000; i++) value = i % 2 === 0 ? [value] : { k: value };
    const expected = `${'{"k":['.repeat(10_000)}"leaf"${']}'.repeat(10_000)}`;
    expect(text(serializeJsonBounded(value))).toBe(expected);
    expect(text(serializeJsonBounded(value, { threshold: 0, chunk: 7 }))).toBe(expected);
  });

  it('escapes long strings in slices exactly as the whole, whatever falls on a slice border', () => {
    const escapes = `${Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).join('')}"\\/\u2028\u2029\u007f`;
    const surrogates = '😀a😀😀\ud83d\ude00\ud83d_\ude00_\udbff\udfff\ude00\ud800';
    const value = `${escapes + surrogates}é${escapes}😀😀😀`;
    for (let chunk = 1; chunk <= 12; chunk++) {
      for (let shift = 0; shift < 4; shift++) {
        const shifted = 'x'.repeat(shift) + value;
        expect(bytesPath([shifted, { [shifted]: shifted }], { threshold: 0, chunk })).toBe(JSON.stringify([shifted, { [shifted]: shifted }]));
      }
    }
  });

  it('writes a member with a long key only when its value has JSON', () => {
    const key = 'k"😀'.repeat(10);
    const value = { [key]: undefined, [`${key}!`]: 1, [`${key}?`]: { toJSON: () => undefined }, after: [key] };
    expect(bytesPath(value, { threshold: 0, chunk: 5 })).toBe(JSON.stringify(value));
  });
});
