const compiled = new Map<string, RegExp>();

/** `gpt-4*` matches `gpt-4o` and `gpt-4-turbo`; `*` is the only wildcard, matching is case-sensitive. */
export function matchesGlob(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    const source = pattern.split('*').map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    regex = new RegExp(`^${source}$`);
    compiled.set(pattern, regex);
  }
  return regex.test(value);
}

export function isGlob(pattern: string): boolean {
  return pattern.includes('*');
}
