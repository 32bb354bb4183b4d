import type { FamilyMatch, ToolCallFamily } from '../tool-call-family.js';
import { parseXmlFunctions } from './parse-xml-functions.js';

/**
 * Qwen3-Coder (and Qwen3.5): `<tool_call>\n<function=NAME>\n<parameter=KEY>\nVALUE\n</parameter>\n</function>\n</tool_call>`,
 * also written without the `<tool_call>` wrapper.
 *
 * @example
 * qwen3Coder.parse('<function=ls>\n<parameter=dir>\n.\n</parameter>\n</function>')?.calls[0]?.name; // 'ls'
 */
export const qwen3Coder: ToolCallFamily = {
  name: 'qwen3-coder',
  openers: ['<tool_call>', '<function='],
  parse(text: string): FamilyMatch | undefined {
    return parseXmlFunctions(text, '<tool_call>', '</tool_call>');
  },
};
