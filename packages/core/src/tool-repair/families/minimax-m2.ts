import type { FamilyMatch, ToolCallFamily } from '../tool-call-family.js';
import { JsonScanBudget } from './json-scan-budget.js';
import { type InvokeSyntax, readInvokes } from './read-invokes.js';
import { tokenAfter } from './text-cursor.js';

const OPEN = '<minimax:tool_call>';
const CLOSE = '</minimax:tool_call>';
const SYNTAX: InvokeSyntax = { invoke: '<invoke', invokeClose: '</invoke>', parameter: '<parameter', parameterClose: '</parameter>', blockClose: CLOSE };

/**
 * MiniMax-M2: `<minimax:tool_call>` around `<invoke name="NAME">` blocks of `<parameter name="KEY">VALUE</parameter>`;
 * also bare invokes without the wrapper.
 *
 * @example
 * minimaxM2.parse('<minimax:tool_call>\n<invoke name="ls">\n<parameter name="dir">.</parameter>\n</invoke>\n</minimax:tool_call>')?.calls.length; // 1
 */
export const minimaxM2: ToolCallFamily = {
  name: 'minimax-m2',
  openers: [OPEN, '<invoke name='],
  parse(text: string): FamilyMatch | undefined {
    const start = text.startsWith(OPEN) ? OPEN.length : 0;
    const read = readInvokes(text, start, SYNTAX, new JsonScanBudget(text));
    if (read.calls.length === 0) return undefined;
    const closed = tokenAfter(text, read.end, CLOSE);
    return { calls: read.calls, end: closed >= 0 ? closed : read.end };
  },
};
