import type { FamilyMatch, ToolCallFamily, WrittenCall } from '../tool-call-family.js';
import { JsonScanBudget } from './json-scan-budget.js';
import { readJsonCall } from './read-json-call.js';
import { skipWhitespace, tokenAfter } from './text-cursor.js';
import { TokenFinder } from './token-finder.js';

const TAG = '<|python_tag|>';
const ENDS = ['<|eom_id|>', '<|eot_id|>'];

/**
 * Llama 3.1–3.3: `<|python_tag|>{"name": "x", "parameters": {...}}` (or `arguments`), several separated by `;`
 * or line breaks, perhaps followed by `<|eom_id|>`/`<|eot_id|>`. Built-in tools' Python calls are not JSON
 * and are left as text.
 *
 * @example
 * llama3.parse('<|python_tag|>{"name": "ls", "parameters": {}}<|eom_id|>')?.end; // 57
 */
export const llama3: ToolCallFamily = {
  name: 'llama3',
  openers: [TAG],
  parse(text: string): FamilyMatch | undefined {
    if (!text.startsWith(TAG)) return undefined;
    const budget = new JsonScanBudget(text);
    const ends = ENDS.map((token) => new TokenFinder(text, token));
    const calls: WrittenCall[] = [];
    let end = TAG.length;
    let i = skipWhitespace(text, end);
    while (text.charCodeAt(i) === 0x7b) {
      const body = i;
      const read = budget.read(
        (limit) => readJsonCall(text, body, limit),
        () => Math.min(...ends.map((finder) => finder.next(body)).filter((at) => at >= 0), text.length),
      );
      if (!read.call) break;
      calls.push(read.call);
      end = read.end;
      i = skipWhitespace(text, end);
      if (text.charCodeAt(i) === 0x3b) i = skipWhitespace(text, i + 1);
    }
    if (calls.length === 0) return undefined;
    for (const token of ENDS) {
      const closed = tokenAfter(text, end, token);
      if (closed >= 0) return { calls, end: closed };
    }
    return { calls, end };
  },
};
