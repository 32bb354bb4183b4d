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
