import type { FamilyMatch, ToolCallFamily } from '../tool-call-family.js';
import { DEEPSEEK_TOKENS, parseDeepseekCalls, type ReadDeepseekCall } from './parse-deepseek-calls.js';
import { readRawJson } from './read-raw-json.js';
import { skipWhitespace, tokenAfter } from './text-cursor.js';

/** The call type before the separator (`function`) is short; a longer run means this is not V3's markup. */
const MAX_TYPE_LENGTH = 64;
const MAX_NAME_LENGTH = 256;
const FENCE = '```';

const readCall: ReadDeepseekCall = ({ text, budget, regionEnd, sep }, start) => {
  const sepAt = sep.next(start);
  if (sepAt < 0 || sepAt - start > MAX_TYPE_LENGTH || text.slice(start, sepAt).includes('<')) return undefined;
  const nameStart = sepAt + DEEPSEEK_TOKENS.sep.length;
  // V3.1 puts the name before the separator and the JSON right after it; V3 puts the name after it.
  const first = text.charCodeAt(skipWhitespace(text, nameStart));
  if (first === 0x7b || first === 0x5b) return undefined;
  const limit = Math.min(text.length, nameStart + MAX_NAME_LENGTH);
  let i = nameStart;
  while (i < limit && text.charCodeAt(i) !== 0x0a && !text.startsWith(FENCE, i) && text.charCodeAt(i) !== 0x7b && text.charCodeAt(i) !== 0x3c) i += 1;
  if (i === limit) return undefined;
  const name = text.slice(nameStart, i).trim();
  if (name === '') return undefined;
  let body = skipWhitespace(text, i);
  const fenced = text.startsWith(FENCE, body);
  if (fenced) {
    // Skip the fence and its language tag (```json).
    let lineEnd = body + FENCE.length;
    while (lineEnd < body + 32 && lineEnd < text.length && text.charCodeAt(lineEnd) !== 0x0a) lineEnd += 1;
    body = text.charCodeAt(lineEnd) === 0x0a ? lineEnd + 1 : body + FENCE.length;
  }
  const args = budget.read(
    (bound) => readRawJson(text, body, bound),
    () => {
      const region = regionEnd(body);
      if (!fenced) return region;
      const fence = text.lastIndexOf(FENCE, region);
      return fence >= body ? fence : region;
    },
  );
  let end = args.end;
  if (fenced) {
    const closed = tokenAfter(text, end, FENCE);
    if (closed >= 0) end = closed;
  }
  return { call: { name, arguments: { kind: 'json', text: args.text } }, end };
};

/**
 * DeepSeek V3 and R1: `<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME\n```json\n{...}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>`,
 * or the JSON without its fence. V3.1's form (name before the separator) is left to that family.
 *
 * @example
 * deepseekV3.parse('<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>ls\n```json\n{}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>')?.calls[0]?.name; // 'ls'
 */
export const deepseekV3: ToolCallFamily = {
  name: 'deepseek-v3',
  openers: [DEEPSEEK_TOKENS.callsBegin, DEEPSEEK_TOKENS.callBegin],
  parse(text: string): FamilyMatch | undefined {
    return parseDeepseekCalls(text, readCall);
  },
};
