import { keyFingerprint } from './key-fingerprint.js';
import type { KeyRests } from './key-rests.js';

export interface PickedKey {
  key: string;
  fingerprint: string;
}

/**
 * The keys of one upstream, taken in turn: requests spread across them, a key resting after a 429 or 529 is
 * skipped until its rest ends (rests are shared through `KeyRests`), and a key the provider refused (401,
 * 403) is out for the life of the process.
 *
 * @example
 * const keys = new ProviderKeys(['sk-a', 'sk-b'], new KeyRests());
 * const picked = keys.next(Date.now()); // { key: 'sk-a', fingerprint: 'key-…' }, then sk-b, then sk-a …
 */
export class ProviderKeys {
  private readonly keys: PickedKey[];
  private readonly removed = new Set<string>();
  private turn = 0;

  constructor(
    keys: readonly string[],
    private readonly rests: KeyRests,
  ) {
    this.keys = [...new Set(keys.filter((key) => key !== ''))].map((key) => ({ key, fingerprint: keyFingerprint(key) }));
  }

  get size(): number {
    return this.keys.length - this.removed.size;
  }

  /** The next usable key; when every key rests, when the first of them may be used again (undefined: none left at all). */
  next(now: number): PickedKey | { restingUntil: number | undefined } {
    let earliest: number | undefined;
    for (let looked = 0; looked < this.keys.length; looked += 1) {
      const candidate = this.keys[(this.turn + looked) % this.keys.length] as PickedKey;
      if (this.removed.has(candidate.fingerprint)) continue;
      const until = this.rests.restingUntil(candidate.fingerprint, now);
      if (until === undefined) {
        this.turn = (this.turn + looked + 1) % this.keys.length;
        return candidate;
      }
      earliest = earliest === undefined ? until : Math.min(earliest, until);
    }
    return { restingUntil: earliest };
  }

  /** Whether another key than `fingerprint` could be used at `now`. */
  hasAnother(fingerprint: string, now: number): boolean {
    return this.keys.some((candidate) => candidate.fingerprint !== fingerprint && !this.removed.has(candidate.fingerprint) && this.rests.restingUntil(candidate.fingerprint, now) === undefined);
  }

  rest(fingerprint: string, untilMs: number): void {
    this.rests.rest(fingerprint, untilMs);
  }

  /** Takes a refused key out; true the first time (one log line per key, not per request). */
  remove(fingerprint: string): boolean {
    if (this.removed.has(fingerprint)) return false;
    this.removed.add(fingerprint);
    return true;
  }
}
