import { fnv1aHex64 } from '../util/fnv1a.js';

/**
 * What logs, metrics and replicas call a provider key instead of the key: `key-` and 16 hex digits of two
 * FNV-1a hashes. Stable across processes (replicas agree on which key rests), useless for recovering the key.
 *
 * @example keyFingerprint('sk-live-...') // 'key-3f09a1c27d4be810'
 */
export function keyFingerprint(key: string): string {
  return `key-${fnv1aHex64(key)}`;
}
