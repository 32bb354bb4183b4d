import { isJsonObject } from './is-json-object.js';
import { validateArguments } from './validate-arguments.js';

/**
 * The object texts of two or more whole JSON objects written back to back (`{"a":1}{"b":2}`, or with
 * whitespace between), which some models write when they mean several calls. `undefined` for a single
 * object or when any piece is not a whole, valid object (a truncated tail, text between). Linear: one
 * string-aware scan, then one parse per piece.
 *
 * @example splitGluedObjects('{"a":1} {"b":2}') // ['{"a":1}', '{"b":2}']
 */
export function splitGluedObjects(text: string): string[] | undefined {
  const pieces: string[] = [];
  let at = skipWhitespace(text, 0);
  while (at < text.length) {
    if (text.charCodeAt(at) !== OPEN_BRACE) return undefined;
    const end = objectEnd(text, at);
    if (end === undefined) return undefined;
    pieces.push(text.slice(at, end));
    at = skipWhitespace(text, end);
  }
  if (pieces.length < 2) return undefined;
  for (const piece of pieces) {
    try {
      if (!isJsonObject(JSON.parse(piece))) return undefined;
    } catch {
      return undefined;
    }
  }
  return pieces;
}

/**
 * The argument texts of several calls glued into one, when every piece fits the tool's schema on its
 * own; `undefined` otherwise, and the call stays one call to be repaired or reported. Requiring each
 * piece to fit keeps a split to what the model evidently meant: whole calls of this tool. (A tool with
 * no schema takes any object, so its glued calls split.)
 *
 * @example splitGluedCall('{"path":"a"}{"path":"b"}', { type: 'object', required: ['path'] })
 * // ['{"path":"a"}', '{"path":"b"}']
 */
export function splitGluedCall(text: string, schema: unknown): string[] | undefined {
  const pieces = splitGluedObjects(text);
  if (pieces === undefined) return undefined;
  return pieces.every((piece) => validateArguments(JSON.parse(piece), schema) === undefined) ? pieces : undefined;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Just past the bracket that closes the one at `start`; brackets inside strings do not count. */
function objectEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth++;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      // A mismatched pair ends the piece all the same; parsing the piece then rejects it.
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  for (let code = text.charCodeAt(i); code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d; code = text.charCodeAt(i)) {
    i++;
  }
  return i;
}
