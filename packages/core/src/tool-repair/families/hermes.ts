import type { FamilyMatch, ToolCallFamily, WrittenCall } from '../tool-call-family.js';
import { JsonScanBudget } from './json-scan-budget.js';
import { readJsonCall } from './read-json-call.js';
import { closeAfter, skipWhitespace } from './text-cursor.js';
import { TokenFinder } from './token-finder.js';

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';

/**
 * Hermes, Qwen2.5 and Qwen3: a JSON object per `<tool_call>`, one after another for parallel calls.
 *
 * @example
 * hermes.parse('<tool_call>\n{"name": "ls", "arguments": {"dir": "."}}\n</tool_call>');
 * // { calls: [{ name: 'ls', arguments: { kind: 'json', text: '{"dir": "."}' } }], end: 65 }
 */
export const hermes: ToolCallFamily = {
  name: 'hermes',
  openers: [OPEN],
  parse(text: string): FamilyMatch | undefined {
    const budget = new JsonScanBudget(text);
    const closer = new TokenFinder(text, CLOSE);
    const calls: WrittenCall[] = [];
    let end = 0;
    let pos = 0;
    while (text.startsWith(OPEN, pos)) {
      const body = skipWhitespace(text, pos + OPEN.length);
      // Anything but an object here is another family's markup (Qwen3-Coder's `<function=`, GLM's name).
      if (text.charCodeAt(body) !== 0x7b) break;
      const read = budget.read(
        (limit) => readJsonCall(text, body, limit),
        () => {
          const close = closer.next(body);
          return close < 0 ? text.length : close;
        },
      );
      if (!read.call) break;
      calls.push(read.call);
      const closed = closeAfter(text, read.end, CLOSE);
      end = closed >= 0 ? closed : read.end;
      pos = skipWhitespace(text, end);
    }
    return calls.length > 0 ? { calls, end } : undefined;
  },
};
