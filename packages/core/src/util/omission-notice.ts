import { formatCount } from './format-count.js';

const MARK = ' tokens omitted by llm-relay ...]';
const OPEN = '[... ';

/** The notice the model sees where text was cut: `\n[... 12,345 tokens omitted by llm-relay ...]\n`. */
export function omissionNotice(omitted: number): string {
  return `\n${OPEN}${formatCount(omitted)}${MARK}\n`;
}

/**
 * What the notices written inside `text` between `from` and `to` counted, summed: a text cut on arrival
 * carries one, and a later cut that drops it must count what it stood for as omitted too.
 */
export function omittedWithin(text: string, from: number, to: number): number {
  let total = 0;
  for (let at = text.indexOf(MARK, from); at >= 0 && at + MARK.length <= to; at = text.indexOf(MARK, at + MARK.length)) {
    // The opening is looked for just before the mark only: a search back to the start for every mark
    // would make a text of many marks without openings quadratic.
    const near = Math.max(from, at - OPEN.length - 24);
    const found = text.slice(near, at).lastIndexOf(OPEN);
    if (found < 0) continue;
    const open = near + found;
    const count = Number(text.slice(open + OPEN.length, at).replaceAll(',', ''));
    if (Number.isSafeInteger(count)) total += count;
  }
  return total;
}
