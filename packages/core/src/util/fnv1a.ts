const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * 32-bit FNV-1a over a string's UTF-16 code units: fast, Web-standard, and resumable (pass the previous
 * hash as `seed` to hash a long text piece by piece). Not cryptographic: for cache keys and ids that only need to tell texts apart.
 *
 * @example fnv1a('b', fnv1a('a')) === fnv1a('ab') // true
 */
export function fnv1a(text: string, seed = FNV_OFFSET_BASIS): number {
  let hash = seed;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

const SECOND_SEED = 0x9e3779b9;

/**
 * Two FNV-1a hashes of `text` (the standard basis and a second seed), in one pass, as 16 hex digits: 64 bits,
 * for ids and fingerprints that must not collide by chance.
 *
 * @example fnv1aHex64('sk-live-...') // '3f09a1c27d4be810'
 */
export function fnv1aHex64(text: string): string {
  let low = FNV_OFFSET_BASIS;
  let high = SECOND_SEED;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    low = Math.imul(low ^ code, FNV_PRIME);
    high = Math.imul(high ^ code, FNV_PRIME);
  }
  return `${(low >>> 0).toString(16).padStart(8, '0')}${(high >>> 0).toString(16).padStart(8, '0')}`;
}
