import { describe, expect, it } from 'vitest';
import { parseLenientJson } from './parse-lenient-json.js';

describe('parseLenientJson', () => {
  it('reads valid JSON without a repair', () => {
    expect(parseLenientJson('{"a": [1, "x"]}')).toEqual({ value: { a: [1, 'x'] }, repaired: false });
    expect(parseLenientJson('"s"')).toEqual({ value: 's', repaired: false });
  });

  it.each([
    ["{'a': 1}", { a: 1 }],
    ['{a: 1,}', { a: 1 }],
    ['```json\n{"a": 1}\n```', { a: 1 }],
    ['json\n{"a": 1}', { a: 1 }],
    ['JSON [1]', [1]],
    ['{"a": True, "b": None}', { a: true, b: null }],
    ['{"a": [1, 2', { a: [1, 2] }],
  ])('mends %j', (text, value) => {
    expect(parseLenientJson(text)).toEqual({ value, repaired: true });
  });

  it('gives up on text no repair can read', () => {
    expect(parseLenientJson('{"a": 1} and more')).toBeUndefined();
    expect(parseLenientJson('')).toBeUndefined();
  });
});
