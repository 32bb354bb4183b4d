/** A longer "tag" is not one of ours; the cap also keeps a missing `>` from costing more than this. */
const MAX_TAG_LENGTH = 2_048;

export interface TagAttributes {
  attributes: Map<string, string>;
  /** The offset just after the tag's `>`. */
  end: number;
}

function isNameChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2d || code === 0x3a;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * Reads the attributes of a tag from `start` (just after its name) to its `>`: `name="x"`, `name='x'` or
 * `name=x`. `undefined` when the tag does not close within a sane length.
 *
 * @example
 * readTagAttributes('<invoke name="ls">', 7); // { attributes: Map { name → 'ls' }, end: 18 }
 */
export function readTagAttributes(text: string, start: number): TagAttributes | undefined {
  const attributes = new Map<string, string>();
  const limit = Math.min(text.length, start + MAX_TAG_LENGTH);
  let i = start;
  while (i < limit) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      i += 1;
      continue;
    }
    if (code === 0x3e) return { attributes, end: i + 1 };
    if (code === 0x2f && text.charCodeAt(i + 1) === 0x3e) return { attributes, end: i + 2 };
    const nameStart = i;
    while (i < limit && isNameChar(text.charCodeAt(i))) i += 1;
    if (i === nameStart) return undefined;
    const key = text.slice(nameStart, i);
    while (i < limit && isSpace(text.charCodeAt(i))) i += 1;
    if (text.charCodeAt(i) !== 0x3d) {
      attributes.set(key, '');
      continue;
    }
    i += 1;
    while (i < limit && isSpace(text.charCodeAt(i))) i += 1;
    const quote = text.charCodeAt(i);
    if (quote === 0x22 || quote === 0x27) {
      const close = text.indexOf(quote === 0x22 ? '"' : "'", i + 1);
      if (close < 0 || close >= limit) return undefined;
      attributes.set(key, text.slice(i + 1, close));
      i = close + 1;
    } else {
      const valueStart = i;
      while (i < limit && !isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== 0x3e) i += 1;
      attributes.set(key, text.slice(valueStart, i));
    }
  }
  return undefined;
}
