import type { WrittenCall } from '../tool-call-family.js';
import { scanJsonString, scanJsonValue } from './scan-json-value.js';
import { skipWhitespace, trimEndIndex } from './text-cursor.js';

export interface JsonCallRead {
  /** The call, when the object named one. */
  call: WrittenCall | undefined;
  /** Where the object ends: after its `}`, where it stopped making sense, or `limit`. */
  end: number;
  /** A member ran past `limit` without closing. */
  truncated: boolean;
}

/** A JSON string literal's content; a broken or unterminated one keeps its raw inside. */
function decodeString(literal: string, closed: boolean): string {
  const candidate = closed ? literal : `${literal}"`;
  try {
    const value: unknown = JSON.parse(candidate);
    if (typeof value === 'string') return value;
  } catch {
    // Fall through to the raw text: a bad escape is not a reason to lose the call.
  }
  return closed ? literal.slice(1, -1) : literal.slice(1);
}

/**
 * Reads one `{"name": ..., "arguments": ...}` object (the shape Hermes, MiniMax-M1, Mistral and Llama write)
 * starting at `start` (a `{`), member by member, so that a broken `arguments` value still yields the call with
 * its raw text. `parameters` is taken for `arguments`; an `arguments` written as a JSON string gives that
 * string's content; an `id` member is kept.
 *
 * @example
 * readJsonCall('{"name": "ls", "arguments": {"dir": "."}}', 0, 41).call;
 * // { name: 'ls', arguments: { kind: 'json', text: '{"dir": "."}' } }
 */
export function readJsonCall(text: string, start: number, limit: number): JsonCallRead {
  let name: string | undefined;
  let id: string | undefined;
  let args: string | undefined;
  let argsKey = '';
  let truncated = false;
  let i = start + 1;
  for (;;) {
    i = skipWhitespace(text, i, limit);
    if (i >= limit) {
      truncated = true;
      break;
    }
    const code = text.charCodeAt(i);
    if (code === 0x7d) {
      i += 1;
      break;
    }
    if (code === 0x2c) {
      i += 1;
      continue;
    }
    if (code !== 0x22) break;
    const keyEnd = scanJsonString(text, i, limit);
    if (keyEnd < 0) {
      truncated = true;
      i = limit;
      break;
    }
    const key = decodeString(text.slice(i, keyEnd), true);
    const colon = skipWhitespace(text, keyEnd, limit);
    if (text.charCodeAt(colon) !== 0x3a) {
      i = colon;
      truncated = colon >= limit;
      break;
    }
    const valueStart = skipWhitespace(text, colon + 1, limit);
    const scanned = scanJsonValue(text, valueStart, limit);
    const valueEnd = scanned < 0 ? trimEndIndex(text, valueStart, limit) : scanned;
    const isString = text.charCodeAt(valueStart) === 0x22;
    const raw = text.slice(valueStart, valueEnd);
    if (key === 'name' && isString && scanned >= 0) name = decodeString(raw, true).trim();
    else if (key === 'id' && isString && scanned >= 0) id = decodeString(raw, true);
    else if ((key === 'arguments' || (key === 'parameters' && argsKey !== 'arguments')) && valueEnd > valueStart) {
      argsKey = key;
      args = isString ? decodeString(raw, scanned >= 0) : raw;
    }
    if (scanned < 0) {
      truncated = true;
      i = limit;
      break;
    }
    i = scanned;
  }
  if (name === undefined || name === '') return { call: undefined, end: i, truncated };
  const call: WrittenCall = { name, arguments: { kind: 'json', text: args ?? '{}' } };
  if (id !== undefined) call.id = id;
  return { call, end: i, truncated };
}
