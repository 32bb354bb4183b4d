import type { FamilyMatch, ToolCallFamily, WrittenCall, WrittenField } from '../tool-call-family.js';
import { findValueEnd } from './find-value-end.js';
import { skipWhitespace } from './text-cursor.js';
import { TokenFinder } from './token-finder.js';

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';
const KEY = '<arg_key>';
const KEY_CLOSE = '</arg_key>';
const VALUE = '<arg_value>';
const VALUE_CLOSE = '</arg_value>';
const MAX_NAME_LENGTH = 256;

/** The tool name right after `<tool_call>`: up to a line break or `<`, one word; `undefined` if it is not one. */
function readName(text: string, start: number): { name: string; end: number } | undefined {
  const limit = Math.min(text.length, start + MAX_NAME_LENGTH);
  let i = start;
  while (i < limit) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || code === 0x3c) break;
    i += 1;
  }
  // Past a sane length it is not a name. At the end of the text it is a call without arguments or closer.
  if (i === limit && limit < text.length) return undefined;
  const name = text.slice(start, i).trim();
  // An object or a tag here is Hermes' or Qwen3-Coder's markup, and a name is one word.
  if (name === '' || name.startsWith('{') || /\s/.test(name)) return undefined;
  return { name, end: i };
}

/**
 * GLM-4.5/4.6/4.7: `<tool_call>NAME` then `<arg_key>K</arg_key><arg_value>V</arg_value>` pairs and
 * `</tool_call>`, with line breaks between the parts (4.5/4.6) or none (4.7). Values are kept exactly as written.
 *
 * @example
 * glm.parse('<tool_call>ls<arg_key>dir</arg_key><arg_value>.</arg_value></tool_call>');
 * // { calls: [{ name: 'ls', arguments: { kind: 'fields', fields: [{ key: 'dir', value: '.' }] } }], end: 70 }
 */
export const glm: ToolCallFamily = {
  name: 'glm',
  openers: [OPEN],
  parse(text: string): FamilyMatch | undefined {
    const keyClose = new TokenFinder(text, KEY_CLOSE);
    const valueClose = new TokenFinder(text, VALUE_CLOSE);
    // 4.7 writes no line breaks, so a value missing its closer ends at the next tag wherever it stands.
    const cuts = [KEY, CLOSE, OPEN].map((token) => new TokenFinder(text, token));
    const calls: WrittenCall[] = [];
    let end = 0;
    let pos = 0;
    while (text.startsWith(OPEN, pos)) {
      const head = readName(text, pos + OPEN.length);
      if (!head) break;
      const fields: WrittenField[] = [];
      let i = head.end;
      for (;;) {
        const k = skipWhitespace(text, i);
        if (text.startsWith(CLOSE, k)) {
          i = k + CLOSE.length;
          break;
        }
        if (!text.startsWith(KEY, k)) break;
        const keyEnd = keyClose.next(k + KEY.length);
        const nextKey = cuts[0]?.next(k + KEY.length) ?? -1;
        if (keyEnd < 0 || (nextKey >= 0 && nextKey < keyEnd)) break;
        const v = skipWhitespace(text, keyEnd + KEY_CLOSE.length);
        if (!text.startsWith(VALUE, v)) break;
        const found = findValueEnd(text, v + VALUE.length, valueClose, cuts);
        fields.push({ key: text.slice(k + KEY.length, keyEnd).trim(), value: text.slice(v + VALUE.length, found.end) });
        i = found.next;
      }
      calls.push({ name: head.name, arguments: { kind: 'fields', fields } });
      end = i;
      pos = skipWhitespace(text, end);
    }
    return calls.length > 0 ? { calls, end } : undefined;
  },
};
