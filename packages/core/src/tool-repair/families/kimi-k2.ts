import type { FamilyMatch, ToolCallFamily, WrittenCall } from '../tool-call-family.js';
import { JsonScanBudget } from './json-scan-budget.js';
import { readRawJson } from './read-raw-json.js';
import { closeAfter, skipWhitespace, tokenAfter } from './text-cursor.js';
import { TokenFinder } from './token-finder.js';

const SECTION_OPENS = ['<|tool_calls_section_begin|>', '<|tool_call_section_begin|>'];
const SECTION_CLOSES = ['<|tool_calls_section_end|>', '<|tool_call_section_end|>'];
const CALL_BEGIN = '<|tool_call_begin|>';
const ARGUMENT_BEGIN = '<|tool_call_argument_begin|>';
const CALL_END = '<|tool_call_end|>';
const MAX_ID_LENGTH = 512;

/** `functions.NAME:0` → `NAME`; ids without the prefix or the index are taken as they come. */
function nameFromId(id: string): string {
  const bare = id.startsWith('functions.') ? id.slice('functions.'.length) : id;
  const colon = bare.lastIndexOf(':');
  return (colon > 0 && /^\d+$/.test(bare.slice(colon + 1)) ? bare.slice(0, colon) : bare).trim();
}

/**
 * Kimi K2: `<|tool_calls_section_begin|>` around `<|tool_call_begin|>functions.NAME:0<|tool_call_argument_begin|>{json}<|tool_call_end|>`
 * calls (the singular `<|tool_call_section_begin|>` too, or no section at all). The id is kept.
 *
 * @example
 * kimiK2.parse('<|tool_calls_section_begin|><|tool_call_begin|>functions.ls:0<|tool_call_argument_begin|>{}<|tool_call_end|><|tool_calls_section_end|>')?.calls[0];
 * // { name: 'ls', id: 'functions.ls:0', arguments: { kind: 'json', text: '{}' } }
 */
export const kimiK2: ToolCallFamily = {
  name: 'kimi-k2',
  openers: [...SECTION_OPENS, CALL_BEGIN],
  parse(text: string): FamilyMatch | undefined {
    const section = SECTION_OPENS.find((open) => text.startsWith(open));
    const budget = new JsonScanBudget(text);
    const argumentBegin = new TokenFinder(text, ARGUMENT_BEGIN);
    const bounds = [CALL_END, CALL_BEGIN, ...SECTION_CLOSES].map((token) => new TokenFinder(text, token));
    const calls: WrittenCall[] = [];
    let end = section ? section.length : 0;
    for (;;) {
      const p = skipWhitespace(text, end);
      if (!text.startsWith(CALL_BEGIN, p)) break;
      const idStart = p + CALL_BEGIN.length;
      const argsAt = argumentBegin.next(idStart);
      if (argsAt < 0 || argsAt - idStart > MAX_ID_LENGTH) break;
      const id = text.slice(idStart, argsAt).trim();
      if (id.includes('<|')) break;
      const name = nameFromId(id);
      if (name === '') break;
      const argsStart = argsAt + ARGUMENT_BEGIN.length;
      const args = budget.read(
        (limit) => readRawJson(text, argsStart, limit),
        () => Math.min(...bounds.map((finder) => finder.next(argsStart)).filter((at) => at >= 0), text.length),
      );
      calls.push({ name, id, arguments: { kind: 'json', text: args.text } });
      const closed = closeAfter(text, args.end, CALL_END);
      end = closed >= 0 ? closed : args.end;
    }
    if (calls.length === 0) return undefined;
    for (const close of SECTION_CLOSES) {
      const closed = tokenAfter(text, end, close);
      if (closed >= 0) return { calls, end: closed };
    }
    return { calls, end };
  },
};
