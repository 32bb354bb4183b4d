import { jsonrepair } from 'jsonrepair';

/** A JSON text read as JSON, and whether that took a repair. */
export interface LenientJson {
  value: unknown;
  repaired: boolean;
}

/**
 * Reads a JSON text as a model wrote it: strictly when it is valid, else through `jsonrepair` (trailing
 * commas, single quotes, unquoted keys, code fences, Python constants, a truncated end). `undefined`
 * when even the repair cannot read it.
 *
 * @example parseLenientJson("{'a': 1,}") // { value: { a: 1 }, repaired: true }
 */
export function parseLenientJson(text: string): LenientJson | undefined {
  try {
    return { value: JSON.parse(text), repaired: false };
  } catch {
    // Not valid JSON: try the repair below.
  }
  try {
    // jsonrepair reads a bare leading `json` (a code fence that lost its backticks) as a value of its own.
    return { value: JSON.parse(jsonrepair(text.replace(/^\s*json\s*(?=[{[])/i, ''))), repaired: true };
  } catch {
    return undefined;
  }
}
