import type { FamilyMatch, ToolCallFamily } from '../tool-call-family.js';
import { DEEPSEEK_TOKENS, parseDeepseekCalls, type ReadDeepseekCall } from './parse-deepseek-calls.js';
import { readRawJson } from './read-raw-json.js';
import { skipWhitespace } from './text-cursor.js';

const MAX_NAME_LENGTH = 256;

const readCall: ReadDeepseekCall = ({ text, budget, regionEnd, sep }, start) => {
  const sepAt = sep.next(start);
  if (sepAt < 0 || sepAt - start > MAX_NAME_LENGTH) return undefined;
  const name = text.slice(start, sepAt).trim();
  if (name === '' || name.includes('<') || name.includes('\n')) return undefined;
  const body = skipWhitespace(text, sepAt + DEEPSEEK_TOKENS.sep.length);
  // V3 writes a name after the separator; only JSON there is V3.1's.
  const first = text.charCodeAt(body);
  if (first !== 0x7b && first !== 0x5b) return undefined;
  const args = budget.read(
    (bound) => readRawJson(text, body, bound),
    () => regionEnd(body),
  );
  return { call: { name, arguments: { kind: 'json', text: args.text } }, end: args.end };
};

/**
 * DeepSeek V3.1 (and V3.2's JSON form): `<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>NAME<｜tool▁sep｜>{json}<｜tool▁call▁end｜><｜tool▁calls▁end｜>`.
 *
 * @example
 * deepseekV31.parse('<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>ls<｜tool▁sep｜>{}<｜tool▁call▁end｜><｜tool▁calls▁end｜>')?.calls[0]?.name; // 'ls'
 */
export const deepseekV31: ToolCallFamily = {
  name: 'deepseek-v3.1',
  openers: [DEEPSEEK_TOKENS.callsBegin, DEEPSEEK_TOKENS.callBegin],
  parse(text: string): FamilyMatch | undefined {
    return parseDeepseekCalls(text, readCall);
  },
};
