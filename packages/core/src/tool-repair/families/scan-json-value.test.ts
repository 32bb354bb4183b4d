import { describe, expect, it } from 'vitest';
import { scanJsonValue } from './scan-json-value.js';

describe('scanJsonValue', () => {
  it('ends a value at its balanced close, respecting strings and escapes', () => {
    expect(scanJsonValue('{"a": "}\\"]"} tail', 0)).toBe(13);
    expect(scanJsonValue('[1, [2], {"b": "\\\\"}] x', 0)).toBe(21);
    expect(scanJsonValue('"a\\\\" rest', 0)).toBe(5);
    expect(scanJsonValue('true, 1', 0)).toBe(4);
  });

  it('returns -1 for a value that does not close before the limit', () => {
    expect(scanJsonValue('{"a": "b', 0)).toBe(-1);
    expect(scanJsonValue('{"a": 1}', 0, 5)).toBe(-1);
    expect(scanJsonValue('"abc\\"', 0)).toBe(-1);
    expect(scanJsonValue('', 0)).toBe(-1);
  });
});
