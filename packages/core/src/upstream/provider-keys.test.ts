import { describe, expect, it } from 'vitest';
import { keyFingerprint } from './key-fingerprint.js';
import { KeyRests } from './key-rests.js';
import { ProviderKeys } from './provider-keys.js';

const keyOf = (picked: ReturnType<ProviderKeys['next']>) => ('key' in picked ? picked.key : undefined);

describe('ProviderKeys', () => {
  it('takes the keys in turn, skips a resting one until its rest ends, and never hands out a removed one', () => {
    const keys = new ProviderKeys(['a', 'b', 'c', 'a'], new KeyRests());
    expect(keys.size).toBe(3);
    expect([0, 0, 0, 0].map(() => keyOf(keys.next(0)))).toEqual(['a', 'b', 'c', 'a']);
    keys.rest(keyFingerprint('b'), 1_000);
    expect([0, 0, 0].map(() => keyOf(keys.next(500)))).toEqual(['c', 'a', 'c']);
    expect(keyOf(keys.next(1_000))).toBe('a');
    expect(keyOf(keys.next(1_000))).toBe('b');
    expect(keys.remove(keyFingerprint('c'))).toBe(true);
    expect(keys.remove(keyFingerprint('c'))).toBe(false);
    expect([0, 0, 0].map(() => keyOf(keys.next(2_000)))).toEqual(['a', 'b', 'a']);
  });

  it('says when the first key is back when every key rests, and whether another key is free', () => {
    const rests = new KeyRests();
    const keys = new ProviderKeys(['a', 'b'], rests);
    keys.rest(keyFingerprint('a'), 3_000);
    expect(keys.hasAnother(keyFingerprint('a'), 0)).toBe(true);
    keys.rest(keyFingerprint('b'), 2_000);
    expect(keys.hasAnother(keyFingerprint('a'), 0)).toBe(false);
    expect(keys.next(0)).toEqual({ restingUntil: 2_000 });
  });
});

describe('KeyRests', () => {
  it('only lengthens rests, reports its own, takes others quietly, and forgets ended ones', () => {
    const published: [string, number][] = [];
    const rests = new KeyRests({ onRest: (key, until) => published.push([key, until]) });
    rests.rest('k', 100);
    rests.rest('k', 50);
    expect(rests.apply('k', 80)).toBe(false);
    expect(rests.apply('k', 200)).toBe(true);
    expect(published).toEqual([['k', 100]]);
    expect(rests.restingUntil('k', 150)).toBe(200);
    expect(rests.restingUntil('k', 200)).toBeUndefined();
    expect(rests.apply('x', Number.NaN)).toBe(false);
  });

  it('fingerprints keys stably without containing them', () => {
    expect(keyFingerprint('sk-secret-123')).toBe(keyFingerprint('sk-secret-123'));
    expect(keyFingerprint('sk-secret-123')).toMatch(/^key-[0-9a-f]{16}$/);
    expect(keyFingerprint('sk-secret-124')).not.toBe(keyFingerprint('sk-secret-123'));
  });
});
