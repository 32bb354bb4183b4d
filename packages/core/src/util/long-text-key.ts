/**
 * V8 hashes a string of more than this many characters by its length alone (`String::kMaxHashCalcLength`):
 * every long text of one length lands in one bucket of a Map, and a lookup compares the text with each of
 * them. 2,000 texts of 17,000 characters that differ only at the end took 4.8 s to put in a Map.
 */
export const V8_HASHED_CHARS = 16_383;

// Characters hashed at each end of a sampled key, and spread over the middle.
const END_CHARS = 64;
const SPREAD_CHARS = 128;

/**
 * A short key for a long text from its length and 256 of its characters (both ends and a spread over the
 * middle): constant time, so cheap enough for every lookup, and equal for two texts that differ only
 * between the samples (a file read again after a one-character edit): users tell those apart themselves.
 *
 * @example sampledKey('x'.repeat(20_000)) // '20000:5f1e09a2c4d7b3e8'
 */
export function sampledKey(text: string): string {
  const length = text.length;
  let low = 0x811c9dc5;
  let high = 0x9e3779b9;
  const step = Math.max(1, Math.floor((length - 2 * END_CHARS) / SPREAD_CHARS));
  const take = (i: number): void => {
    const code = text.charCodeAt(i);
    low = Math.imul(low ^ code, 0x85ebca6b);
    low ^= low >>> 13;
    high = Math.imul(high ^ code, 0xc2b2ae35);
    high ^= high >>> 16;
  };
  for (let i = 0; i < END_CHARS && i < length; i += 1) take(i);
  for (let k = 0, i = END_CHARS; k < SPREAD_CHARS && i < length; k += 1, i += step) take(i);
  for (let i = Math.max(0, length - END_CHARS); i < length; i += 1) take(i);
  return `${length}:${hex(low)}${hex(high)}`;
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
