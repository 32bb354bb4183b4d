import type { TokenFinder } from './token-finder.js';

export interface ValueEnd {
  /** Where the value's text ends (exclusive). */
  end: number;
  /** Where reading resumes: after the closer, at the cut, or the end of the text. */
  next: number;
  /** `closer` when the value's own closing tag ended it, `cut` when the next structural tag did, `eof` when the text ran out. */
  by: 'closer' | 'cut' | 'eof';
}

/**
 * Where an XML-style value starting at `from` ends: at its closing tag, unless one of the `cuts` (the next
 * parameter's or the call's tag, which a model that forgot the closer writes next) comes first. A value may
 * hold any other `<...>` (`a < b`, `</div>`), so nothing else ends it.
 *
 * @example
 * findValueEnd(text, v, new TokenFinder(text, '</parameter>'), [new TokenFinder(text, '\n<parameter=')]);
 */
export function findValueEnd(text: string, from: number, closer: TokenFinder, cuts: readonly TokenFinder[]): ValueEnd {
  const close = closer.next(from);
  let cut = -1;
  for (const finder of cuts) {
    const at = finder.next(from);
    if (at >= 0 && (cut < 0 || at < cut)) cut = at;
  }
  if (close >= 0 && (cut < 0 || close < cut)) return { end: close, next: close + closer.token.length, by: 'closer' };
  if (cut >= 0) return { end: cut, next: cut, by: 'cut' };
  return { end: text.length, next: text.length, by: 'eof' };
}
