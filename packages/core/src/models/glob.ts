// A pattern's literal pieces around its `*`s, split once: patterns come from the configuration.
const split = new Map<string, string[]>();
// `*` was `.*` in a regular expression, which spans no line terminator: a name holding one (where the
// pattern has none) still matches nothing.
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * `gpt-4*` matches `gpt-4o` and `gpt-4-turbo`; `*` is the only wildcard, matching is case-sensitive.
 * Linear in the name: the pieces between the `*`s are found left to right, each as early as it can be.
 * (The regular expression this replaces backtracked: `*a*b*` against a 1 MB name was minutes.)
 *
 * @example matchesGlob('claude-*-4-*', 'claude-sonnet-4-5') // true
 */
export function matchesGlob(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  let pieces = split.get(pattern);
  if (pieces === undefined) {
    pieces = pattern.split('*');
    split.set(pattern, pieces);
  }
  const first = pieces[0] as string;
  const last = pieces[pieces.length - 1] as string;
  const end = value.length - last.length;
  if (end < first.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  if (LINE_TERMINATOR.test(value) && !LINE_TERMINATOR.test(pattern)) return false;
  let at = first.length;
  for (let i = 1; i < pieces.length - 1; i += 1) {
    const piece = pieces[i] as string;
    const found = value.indexOf(piece, at);
    if (found === -1 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

export function isGlob(pattern: string): boolean {
  return pattern.includes('*');
}
