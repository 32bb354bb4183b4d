import type { FamilyMatch, ToolCallFamily } from '../tool-call-family.js';
import { JsonScanBudget } from './json-scan-budget.js';
import { type InvokeSyntax, readInvokes } from './read-invokes.js';
import { tokenAfter } from './text-cursor.js';

const BAR = '\uFF5C';
const DSML = `${BAR}DSML${BAR}`;
const DSML_OPEN = `<${DSML}function_calls>`;
const DSML_SYNTAX: InvokeSyntax = {
  invoke: `<${DSML}invoke`,
  invokeClose: `</${DSML}invoke>`,
  parameter: `<${DSML}parameter`,
  parameterClose: `</${DSML}parameter>`,
  blockClose: `</${DSML}function_calls>`,
};
/** The same markup without the DSML marks, which V3.2 sometimes writes (and Claude-imitating models too). */
const PLAIN_OPEN = '<function_calls>';
const PLAIN_SYNTAX: InvokeSyntax = { invoke: '<invoke', invokeClose: '</invoke>', parameter: '<parameter', parameterClose: '</parameter>', blockClose: '</function_calls>' };

/**
 * DeepSeek V3.2's DSML: `<｜DSML｜function_calls>` around `<｜DSML｜invoke name="NAME">` blocks of
 * `<｜DSML｜parameter name="KEY" string="true|false">VALUE</｜DSML｜parameter>`; `string` becomes `declared`.
 *
 * @example
 * deepseekDsml.parse('<｜DSML｜function_calls>\n<｜DSML｜invoke name="ls">\n<｜DSML｜parameter name="n" string="false">5</｜DSML｜parameter>\n</｜DSML｜invoke>\n</｜DSML｜function_calls>');
 * // calls[0].arguments.fields[0] → { key: 'n', value: '5', declared: 'json' }
 */
export const deepseekDsml: ToolCallFamily = {
  name: 'deepseek-dsml',
  openers: [DSML_OPEN, DSML_SYNTAX.invoke, PLAIN_OPEN],
  parse(text: string): FamilyMatch | undefined {
    const plain = text.startsWith(PLAIN_OPEN);
    const syntax = plain ? PLAIN_SYNTAX : DSML_SYNTAX;
    const open = plain ? PLAIN_OPEN : DSML_OPEN;
    const start = text.startsWith(open) ? open.length : 0;
    const read = readInvokes(text, start, syntax, new JsonScanBudget(text));
    if (read.calls.length === 0) return undefined;
    const closed = tokenAfter(text, read.end, syntax.blockClose);
    return { calls: read.calls, end: closed >= 0 ? closed : read.end };
  },
};
