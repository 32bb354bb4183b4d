import type { FamilyMatch, WrittenCall, WrittenField } from '../tool-call-family.js';
import { findValueEnd } from './find-value-end.js';
import { skipWhitespace, tokenAfter } from './text-cursor.js';
import { TokenFinder } from './token-finder.js';

const FUNCTION = '<function=';
const FUNCTION_CLOSE = '</function>';
const PARAMETER = '<parameter=';
const PARAMETER_CLOSE = '</parameter>';
/** Names and keys are short; a longer run before `>` means this is not the markup. */
const MAX_NAME_LENGTH = 256;

/** Where the `>` that ends a `<function=NAME>` or `<parameter=KEY>` head is, or -1. */
function headEnd(text: string, from: number): number {
  const limit = Math.min(text.length, from + MAX_NAME_LENGTH);
  for (let i = from; i < limit; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x3e) return i;
    if (code === 0x0a || code === 0x3c) return -1;
  }
  return -1;
}

interface Finders {
  parameterClose: TokenFinder;
  cuts: TokenFinder[];
}

function readFunction(text: string, start: number, finders: Finders): { call: WrittenCall; end: number } | undefined {
  const nameEnd = headEnd(text, start + FUNCTION.length);
  if (nameEnd < 0) return undefined;
  const name = text.slice(start + FUNCTION.length, nameEnd).trim();
  if (name === '') return undefined;
  const fields: WrittenField[] = [];
  let i = nameEnd + 1;
  for (;;) {
    const k = skipWhitespace(text, i);
    if (text.startsWith(FUNCTION_CLOSE, k)) {
      i = k + FUNCTION_CLOSE.length;
      break;
    }
    if (!text.startsWith(PARAMETER, k)) break;
    const keyEnd = headEnd(text, k + PARAMETER.length);
    if (keyEnd < 0) break;
    const key = text.slice(k + PARAMETER.length, keyEnd).trim();
    const found = findValueEnd(text, keyEnd + 1, finders.parameterClose, finders.cuts);
    let value = text.slice(keyEnd + 1, found.end);
    // The templates put the value on its own lines; a cut already left the line break before the next tag out.
    if (value.startsWith('\n')) value = value.slice(1);
    if (found.by !== 'cut' && value.endsWith('\n')) value = value.slice(0, -1);
    fields.push({ key, value });
    i = found.next;
  }
  return { call: { name, arguments: { kind: 'fields', fields } }, end: i };
}

/**
 * Reads Qwen3-Coder-style calls, `<function=NAME>` with `<parameter=KEY>` values, each optionally wrapped in
 * `open`…`close` (`<tool_call>` for Qwen3-Coder, `<seed:tool_call>` for Seed-OSS). A value ends at
 * `</parameter>`, or, when the model left that out, at the next line that starts a parameter, closes the
 * function or the wrapper.
 *
 * @example
 * parseXmlFunctions('<tool_call>\n<function=ls>\n<parameter=dir>\n.\n</parameter>\n</function>\n</tool_call>', '<tool_call>', '</tool_call>');
 * // { calls: [{ name: 'ls', arguments: { kind: 'fields', fields: [{ key: 'dir', value: '.' }] } }], end: 66 }
 */
export function parseXmlFunctions(text: string, open: string, close: string): FamilyMatch | undefined {
  const finders: Finders = {
    parameterClose: new TokenFinder(text, PARAMETER_CLOSE),
    cuts: [`\n${PARAMETER}`, `\n${FUNCTION_CLOSE}`, `\n${FUNCTION}`, `\n${close}`, `\n${open}`].map((token) => new TokenFinder(text, token)),
  };
  const calls: WrittenCall[] = [];
  let end = 0;
  let pos = 0;
  for (;;) {
    const wrapped = text.startsWith(open, pos);
    let i = wrapped ? skipWhitespace(text, pos + open.length) : pos;
    const before = calls.length;
    // One wrapper normally holds one function; take several if a model packs them together.
    while (text.startsWith(FUNCTION, i)) {
      const read = readFunction(text, i, finders);
      if (!read) break;
      calls.push(read.call);
      end = read.end;
      i = skipWhitespace(text, end);
    }
    if (calls.length === before) break;
    // A closer without its opener is the model's, so it belongs to the markup too.
    const closed = tokenAfter(text, end, close);
    if (closed >= 0) end = closed;
    pos = skipWhitespace(text, end);
  }
  return calls.length > 0 ? { calls, end } : undefined;
}
