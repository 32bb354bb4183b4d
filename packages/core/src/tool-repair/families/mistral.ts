import type { FamilyMatch, ToolCallFamily, WrittenCall } from '../tool-call-family.js';
import { JsonScanBudget } from './json-scan-budget.js';
import { readJsonCall } from './read-json-call.js';
import { readRawJson } from './read-raw-json.js';
import { skipWhitespace } from './text-cursor.js';
import { TokenFinder } from './token-finder.js';

const MARK = '[TOOL_CALLS]';
const ARGS = '[ARGS]';
const CALL_ID = '[CALL_ID]';
const MAX_NAME_LENGTH = 256;

interface Context {
  text: string;
  budget: JsonScanBudget;
  marks: TokenFinder;
}

function regionEnd({ text, marks }: Context, from: number): number {
  const next = marks.next(from);
  return next < 0 ? text.length : next;
}

/** Pre-v11: `[TOOL_CALLS] [{"name": ..., "arguments": ..., "id"?: ...}, ...]`. */
function readArray(context: Context, open: number, calls: WrittenCall[]): number {
  const { text, budget } = context;
  let end = open + 1;
  let i = skipWhitespace(text, end);
  while (text.charCodeAt(i) === 0x7b) {
    const body = i;
    const read = budget.read(
      (limit) => readJsonCall(text, body, limit),
      () => regionEnd(context, body),
    );
    if (!read.call) break;
    calls.push(read.call);
    end = read.end;
    i = skipWhitespace(text, end);
    if (text.charCodeAt(i) === 0x2c) i = skipWhitespace(text, i + 1);
  }
  const close = skipWhitespace(text, end);
  return text.charCodeAt(close) === 0x5d ? close + 1 : end;
}

/**
 * v11+: `NAME[ARGS]{json}`, `NAME[CALL_ID]id[ARGS]{json}`, or `NAME{json}` when the special tokens were
 * dropped from the text. `requireToken` for a call that follows another without its own `[TOOL_CALLS]`: only an
 * explicit `[ARGS]` tells a next call from ordinary text that happens to hold a brace.
 */
function readNamed(context: Context, start: number, requireToken: boolean): { call: WrittenCall; end: number } | undefined {
  const { text, budget } = context;
  const limit = Math.min(text.length, start + MAX_NAME_LENGTH);
  let i = start;
  while (i < limit && text.charCodeAt(i) !== 0x5b && text.charCodeAt(i) !== 0x7b) i += 1;
  const name = text.slice(start, i).trim();
  if (name === '' || /\s/.test(name)) return undefined;
  let id: string | undefined;
  if (text.startsWith(CALL_ID, i)) {
    const idStart = i + CALL_ID.length;
    const idLimit = Math.min(text.length, idStart + MAX_NAME_LENGTH);
    let j = idStart;
    while (j < idLimit && text.charCodeAt(j) !== 0x5b && text.charCodeAt(j) !== 0x7b) j += 1;
    id = text.slice(idStart, j).trim();
    i = j;
  }
  if (text.startsWith(ARGS, i)) i += ARGS.length;
  else if (requireToken || text.charCodeAt(i) !== 0x7b) return undefined;
  const body = i;
  const args = budget.read(
    (bound) => readRawJson(text, body, bound),
    () => regionEnd(context, body),
  );
  const call: WrittenCall = { name, arguments: { kind: 'json', text: args.text } };
  if (id) call.id = id;
  return { call, end: args.end };
}

/**
 * Mistral: `[TOOL_CALLS]` then a JSON array of calls (before tokenizer v11), or `NAME[ARGS]{json}` per call
 * (v11+, `[TOOL_CALLS]` repeated or once before several; v13 adds `[CALL_ID]id`, kept as the call's id).
 *
 * @example
 * mistral.parse('[TOOL_CALLS]ls[ARGS]{"dir": "."}')?.calls[0]; // { name: 'ls', arguments: { kind: 'json', text: '{"dir": "."}' } }
 */
export const mistral: ToolCallFamily = {
  name: 'mistral',
  openers: [MARK],
  parse(text: string): FamilyMatch | undefined {
    const context: Context = { text, budget: new JsonScanBudget(text), marks: new TokenFinder(text, MARK) };
    const calls: WrittenCall[] = [];
    let end = 0;
    let pos = 0;
    while (text.startsWith(MARK, pos)) {
      const start = skipWhitespace(text, pos + MARK.length);
      if (text.charCodeAt(start) === 0x5b && !text.startsWith(ARGS, start) && !text.startsWith(CALL_ID, start)) {
        const before = calls.length;
        const arrayEnd = readArray(context, start, calls);
        if (calls.length === before) break;
        end = arrayEnd;
      } else {
        let read = readNamed(context, start, false);
        if (!read) break;
        while (read) {
          calls.push(read.call);
          end = read.end;
          read = readNamed(context, skipWhitespace(text, end), true);
        }
      }
      pos = skipWhitespace(text, end);
    }
    return calls.length > 0 ? { calls, end } : undefined;
  },
};
