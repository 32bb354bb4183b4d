/**
 * JSON with object keys sorted and `undefined` members left out, so two blocks that differ only in key
 * order (which no model sees) give the same text.
 *
 * @example canonicalJson({ text: 'hi', type: 'text' }) // '{"text":"hi","type":"text"}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
