import type { FamilyMatch, ToolCallFamily, WrittenCall } from '../tool-call-family.js';
import { JsonScanBudget } from './json-scan-budget.js';
import { readJsonCall } from './read-json-call.js';
import { skipWhitespace, tokenAfter } from './text-cursor.js';
import { TokenFinder } from './token-finder.js';

const OPEN = '<tool_calls>';
const CLOSE = '</tool_calls>';

/**
 * MiniMax-M1 (MiniMax-Text-01): `<tool_calls>` holding one `{"name": ..., "arguments": ...}` per line.
 *
 * @example
 * minimaxM1.parse('<tool_calls>\n{"name": "ls", "arguments": {}}\n</tool_calls>')?.calls[0]?.name; // 'ls'
 */
export const minimaxM1: ToolCallFamily = {
  name: 'minimax-m1',
  openers: [OPEN],
  parse(text: string): FamilyMatch | undefined {
    if (!text.startsWith(OPEN)) return undefined;
    const budget = new JsonScanBudget(text);
    const closer = new TokenFinder(text, CLOSE);
    const calls: WrittenCall[] = [];
    let end = OPEN.length;
    let i = skipWhitespace(text, end);
    while (text.charCodeAt(i) === 0x7b) {
      const body = i;
      const read = budget.read(
        (limit) => readJsonCall(text, body, limit),
        () => {
          const close = closer.next(body);
          return close < 0 ? text.length : close;
        },
      );
      if (!read.call) break;
      calls.push(read.call);
      end = read.end;
      i = skipWhitespace(text, end);
      // Lines are the separator; a comma between objects is a slip worth forgiving.
      if (text.charCodeAt(i) === 0x2c) i = skipWhitespace(text, i + 1);
    }
    if (calls.length === 0) return undefined;
    const closed = tokenAfter(text, end, CLOSE);
    return { calls, end: closed >= 0 ? closed : end };
  },
};
