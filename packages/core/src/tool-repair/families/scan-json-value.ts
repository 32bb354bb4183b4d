const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Where a JSON string starting at `start` (a `"`) ends, or -1 if it does not close before `limit`. */
export function scanJsonString(text: string, start: number, limit: number = text.length): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0 || quote >= limit) return -1;
    // A quote ends the string unless an odd run of backslashes escapes it.
    let slashes = 0;
    while (quote - slashes - 1 > start && text.charCodeAt(quote - slashes - 1) === BACKSLASH) slashes += 1;
    if (slashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

function isBareEnd(code: number): boolean {
  return code === 0x2c || code === CLOSE_BRACE || code === CLOSE_BRACKET || code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x3c;
}

/**
 * Where the JSON value starting at `start` ends (exclusive), or -1 when it does not close before `limit`.
 * Only balance is checked, strings and escapes respected; whether the JSON is valid is the repair stage's
 * business. Brackets are counted together, so `{]` closes too: what matters is where the model stopped.
 *
 * @example
 * scanJsonValue('{"a": "}"} tail', 0); // 10
 */
export function scanJsonValue(text: string, start: number, limit: number = text.length): number {
  if (start >= limit) return -1;
  const first = text.charCodeAt(start);
  if (first === QUOTE) return scanJsonString(text, start, limit);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let i = start;
    while (i < limit && !isBareEnd(text.charCodeAt(i))) i += 1;
    return i > start ? i : -1;
  }
  let depth = 0;
  for (let i = start; i < limit; i += 1) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = scanJsonString(text, i, limit);
      if (end < 0) return -1;
      i = end - 1;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
