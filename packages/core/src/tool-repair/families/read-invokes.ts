import type { WrittenArguments, WrittenCall, WrittenField } from '../tool-call-family.js';
import { findValueEnd } from './find-value-end.js';
import type { JsonScanBudget } from './json-scan-budget.js';
import { readRawJson } from './read-raw-json.js';
import { readTagAttributes } from './read-tag-attributes.js';
import { skipWhitespace } from './text-cursor.js';
import { TokenFinder } from './token-finder.js';

/** The tag spellings of one invoke/parameter dialect. */
export interface InvokeSyntax {
  /** `<invoke`, `<｜DSML｜invoke`. */
  invoke: string;
  invokeClose: string;
  /** `<parameter`, `<｜DSML｜parameter`. */
  parameter: string;
  parameterClose: string;
  /** The block's closing tag (`</minimax:tool_call>`): a value without its closer also ends before it. */
  blockClose: string;
}

export interface InvokesRead {
  calls: WrittenCall[];
  /** Where the last invoke ends. */
  end: number;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function declaredType(flag: string | undefined): WrittenField['declared'] {
  if (flag === 'true') return 'string';
  if (flag === 'false') return 'json';
  return undefined;
}

/**
 * Reads consecutive `<invoke name="NAME">` blocks of `<parameter name="KEY">VALUE</parameter>` from `start`
 * (MiniMax-M2, DeepSeek DSML, and the Claude-style XML some models imitate). Values are kept exactly as
 * written, since these templates add no line breaks around them; a `string="true|false"` attribute becomes
 * `declared`. An invoke whose body is a JSON object instead (a DSML variant) gives JSON arguments.
 *
 * @example
 * readInvokes('<invoke name="ls">\n<parameter name="dir">.</parameter>\n</invoke>', 0, syntax, budget);
 * // { calls: [{ name: 'ls', arguments: { kind: 'fields', fields: [{ key: 'dir', value: '.' }] } }], end: 54 }
 */
export function readInvokes(text: string, start: number, syntax: InvokeSyntax, budget: JsonScanBudget): InvokesRead {
  const parameterClose = new TokenFinder(text, syntax.parameterClose);
  const invokeClose = new TokenFinder(text, syntax.invokeClose);
  const cuts = [`\n${syntax.parameter}`, `\n${syntax.invokeClose}`, `\n${syntax.invoke}`, `\n${syntax.blockClose}`].map((token) => new TokenFinder(text, token));
  const calls: WrittenCall[] = [];
  let end = start;
  for (;;) {
    const p = skipWhitespace(text, end);
    if (!text.startsWith(syntax.invoke, p) || !isSpace(text.charCodeAt(p + syntax.invoke.length))) break;
    const tag = readTagAttributes(text, p + syntax.invoke.length);
    const name = tag?.attributes.get('name')?.trim();
    if (!tag || !name) break;
    const fields: WrittenField[] = [];
    let json: string | undefined;
    let i = tag.end;
    for (;;) {
      const k = skipWhitespace(text, i);
      if (text.startsWith(syntax.invokeClose, k)) {
        i = k + syntax.invokeClose.length;
        break;
      }
      if (text.startsWith(syntax.parameter, k) && isSpace(text.charCodeAt(k + syntax.parameter.length))) {
        const head = readTagAttributes(text, k + syntax.parameter.length);
        const key = head?.attributes.get('name')?.trim();
        if (!head || key === undefined) break;
        const found = findValueEnd(text, head.end, parameterClose, cuts);
        const field: WrittenField = { key, value: text.slice(head.end, found.end) };
        const declared = declaredType(head.attributes.get('string'));
        if (declared) field.declared = declared;
        fields.push(field);
        i = found.next;
        continue;
      }
      if (fields.length === 0 && json === undefined && text.charCodeAt(k) === 0x7b) {
        const raw = budget.read(
          (limit) => readRawJson(text, k, limit),
          () => {
            const close = invokeClose.next(k);
            return close < 0 ? text.length : close;
          },
        );
        json = raw.text;
        i = raw.end;
        continue;
      }
      break;
    }
    const args: WrittenArguments = json !== undefined ? { kind: 'json', text: json } : { kind: 'fields', fields };
    calls.push({ name, arguments: args });
    end = i;
  }
  return { calls, end };
}
