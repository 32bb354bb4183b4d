/**
 * Whether a parsed JSON value is an object (not an array, not null): the only shape tool arguments take.
 *
 * @example isJsonObject(JSON.parse('{"a":1}')) // true
 * @example isJsonObject(JSON.parse('[1]')) // false
 */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
