import type { ToolCallFamily } from './tool-call-family.js';

/** The strings a scanner looks for, worked out once per family list rather than once per answer. */
export interface MarkupOpeners {
  openers: readonly string[];
  /** The longest opener or think tag: a held tail is never longer. */
  longest: number;
}

const THINK_CLOSE = '</think>';
const known = new WeakMap<readonly ToolCallFamily[], MarkupOpeners>();

/** Every family's openers; each must start with `<` or `[`, the only characters the scanner stops at. */
export function markupOpeners(families: readonly ToolCallFamily[]): MarkupOpeners {
  let table = known.get(families);
  if (table === undefined) {
    const openers = [...new Set(families.flatMap((family) => family.openers))];
    const odd = openers.find((opener) => opener[0] !== '<' && opener[0] !== '[');
    if (odd !== undefined) throw new TypeError(`A tool-call opener must start with "<" or "[": ${JSON.stringify(odd)}`);
    table = { openers, longest: Math.max(THINK_CLOSE.length, ...openers.map((opener) => opener.length)) };
    known.set(families, table);
  }
  return table;
}
