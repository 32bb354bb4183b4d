/** Small cursor moves shared by the family parsers. */

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** The first offset at or after `i` (and before `limit`) that is not JSON whitespace. */
export function skipWhitespace(text: string, i: number, limit: number = text.length): number {
  while (i < limit && isSpace(text.charCodeAt(i))) i += 1;
  return i;
}

/** `end` moved back over whitespace, not before `start`: a truncated value keeps no trailing blank. */
export function trimEndIndex(text: string, start: number, end: number): number {
  while (end > start && isSpace(text.charCodeAt(end - 1))) end -= 1;
  return end;
}

/**
 * The offset just after `token` when only whitespace and stray `}`/`]` (a model closing one brace too many)
 * stand between `i` and it; -1 otherwise.
 */
export function closeAfter(text: string, i: number, token: string): number {
  let j = i;
  for (;;) {
    j = skipWhitespace(text, j);
    const code = text.charCodeAt(j);
    if (code !== 0x7d && code !== 0x5d) break;
    j += 1;
  }
  return text.startsWith(token, j) ? j + token.length : -1;
}

/** The offset after `token` if it follows `i` after whitespace, else -1. */
export function tokenAfter(text: string, i: number, token: string): number {
  const j = skipWhitespace(text, i);
  return text.startsWith(token, j) ? j + token.length : -1;
}
