import type { FamilyMatch, ToolCallFamily } from '../tool-call-family.js';
import { parseXmlFunctions } from './parse-xml-functions.js';

/**
 * ByteDance Seed-OSS: Qwen3-Coder's `<function=NAME><parameter=KEY>` inside `<seed:tool_call>…</seed:tool_call>`.
 * Without the wrapper it is indistinguishable from Qwen3-Coder, which takes `<function=`.
 *
 * @example
 * seedOss.parse('<seed:tool_call>\n<function=ls>\n<parameter=dir>\n.\n</parameter>\n</function>\n</seed:tool_call>')?.calls.length; // 1
 */
export const seedOss: ToolCallFamily = {
  name: 'seed-oss',
  openers: ['<seed:tool_call>'],
  parse(text: string): FamilyMatch | undefined {
    return parseXmlFunctions(text, '<seed:tool_call>', '</seed:tool_call>');
  },
};
