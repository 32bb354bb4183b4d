import type { FamilyMatch, WrittenCall } from '../tool-call-family.js';
import { JsonScanBudget } from './json-scan-budget.js';
import { skipWhitespace, tokenAfter } from './text-cursor.js';
import { TokenFinder } from './token-finder.js';

const BAR = '\uFF5C';
const SPACE = '\u2581';
/** DeepSeek's tokens use fullwidth bars (U+FF5C) and lower-eighth blocks (U+2581) for spaces. */
function token(words: string): string {
  return `<${BAR}${words.split(' ').join(SPACE)}${BAR}>`;
}

export const DEEPSEEK_TOKENS = {
  callsBegin: token('tool calls begin'),
  callsEnd: token('tool calls end'),
  callBegin: token('tool call begin'),
  callEnd: token('tool call end'),
  sep: token('tool sep'),
} as const;

/** What a DeepSeek dialect needs to read one call. */
export interface DeepseekCallContext {
  text: string;
  budget: JsonScanBudget;
  /** Where the current call's text must stop at the latest: its end token, the next call, or the section's end. */
  regionEnd(from: number): number;
  sep: TokenFinder;
}

/** One call read from just after `<｜tool▁call▁begin｜>`, or `undefined` when it is not this dialect's. */
export type ReadDeepseekCall = (context: DeepseekCallContext, start: number) => { call: WrittenCall; end: number } | undefined;

/**
 * The section and call framing DeepSeek V3, R1 and V3.1 share: `<｜tool▁calls▁begin｜>` (optional), calls
 * `<｜tool▁call▁begin｜>…<｜tool▁call▁end｜>`, `<｜tool▁calls▁end｜>`. The dialect reads what is between.
 */
export function parseDeepseekCalls(text: string, readCall: ReadDeepseekCall): FamilyMatch | undefined {
  const bounds = [DEEPSEEK_TOKENS.callEnd, DEEPSEEK_TOKENS.callBegin, DEEPSEEK_TOKENS.callsEnd].map((t) => new TokenFinder(text, t));
  const context: DeepseekCallContext = {
    text,
    budget: new JsonScanBudget(text),
    regionEnd: (from) => Math.min(...bounds.map((finder) => finder.next(from)).filter((at) => at >= 0), text.length),
    sep: new TokenFinder(text, DEEPSEEK_TOKENS.sep),
  };
  const calls: WrittenCall[] = [];
  let end = text.startsWith(DEEPSEEK_TOKENS.callsBegin) ? DEEPSEEK_TOKENS.callsBegin.length : 0;
  for (;;) {
    const p = skipWhitespace(text, end);
    if (!text.startsWith(DEEPSEEK_TOKENS.callBegin, p)) break;
    const read = readCall(context, p + DEEPSEEK_TOKENS.callBegin.length);
    if (!read) break;
    calls.push(read.call);
    const closed = tokenAfter(text, read.end, DEEPSEEK_TOKENS.callEnd);
    end = closed >= 0 ? closed : read.end;
  }
  if (calls.length === 0) return undefined;
  const closed = tokenAfter(text, end, DEEPSEEK_TOKENS.callsEnd);
  return { calls, end: closed >= 0 ? closed : end };
}
