import { scanJsonValue } from './scan-json-value.js';
import { skipWhitespace, trimEndIndex } from './text-cursor.js';

export interface RawJson {
  /** The JSON text as written (perhaps broken or cut short). */
  text: string;
  /** Where the value ends; `limit` when it did not close. */
  end: number;
  /** The value did not close before `limit` (or did not start like JSON), so it runs to `limit`. */
  truncated: boolean;
}

/**
 * Reads the JSON arguments text that starts (after whitespace) at `start`: up to where the value closes, or
 * everything to `limit` when it does not, so a broken call still reaches the repair stage with its raw text.
 *
 * @example
 * readRawJson('{"a":1}<|tool_call_end|>', 0, 31); // { text: '{"a":1}', end: 7, truncated: false }
 */
export function readRawJson(text: string, start: number, limit: number): RawJson {
  const i = skipWhitespace(text, start, limit);
  const end = scanJsonValue(text, i, limit);
  const code = text.charCodeAt(i);
  const looksLikeJson = code === 0x7b || code === 0x5b || code === 0x22;
  if (end >= 0 && looksLikeJson) return { text: text.slice(i, end), end, truncated: false };
  return { text: text.slice(i, trimEndIndex(text, i, limit)), end: limit, truncated: true };
}
