import { expect, it } from 'vitest';
import { isJsonObject } from './is-json-object.js';

it('is true only for objects', () => {
  expect(isJsonObject({})).toBe(true);
  expect(isJsonObject(JSON.parse('{"__proto__": 1}'))).toBe(true);
  for (const value of [[], null, 'x', 1, true, undefined]) expect(isJsonObject(value)).toBe(false);
});
