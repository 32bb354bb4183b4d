/** Header names whose values are secrets (keys, tokens, cookies, signatures): never kept, never shown. */
const SECRET = /authorization|api[-_]?key|token|secret|password|cookie|signature|credential|admin[-_]?key/i;
/** A header value longer than this is cut: headers are shown for debugging, not kept as evidence. */
const MAX_VALUE_CHARS = 512;

/**
 * The request's headers as one flat list, name then value, with every secret replaced by `[redacted]`:
 * taken when the request is recorded, so that no key is ever held in the inspector's memory (one array a
 * request rather than one per header: the ring may keep tens of thousands).
 *
 * @example
 * redactHeaders(new Headers({ authorization: 'Bearer sk-1', 'user-agent': 'claude-cli' }));
 * // ['authorization', '[redacted]', 'user-agent', 'claude-cli']
 */
export function redactHeaders(headers: Headers): string[] {
  const flat: string[] = [];
  headers.forEach((value, name) => {
    if (name === 'x-llm-relay-peer') return;
    flat.push(name, SECRET.test(name) ? '[redacted]' : value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value);
  });
  return flat;
}

/** The flat list as name/value pairs, for showing. */
export function headerPairs(flat: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i] as string, flat[i + 1] as string]);
  return pairs;
}
