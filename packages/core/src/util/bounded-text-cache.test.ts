import { describe, expect, it } from 'vitest';
import { BoundedTextCache } from './bounded-text-cache.js';
import { sampledKey } from './long-text-key.js';

const base = 'y'.repeat(30_000);
const variant = (c: string): string => `${base.slice(0, 100)}${c}${base.slice(101)}`;

describe('BoundedTextCache', () => {
  it('keeps short and long texts, each found by its content', () => {
    const cache = new BoundedTextCache<number>(10, 1_000_000);
    cache.set('short', 1);
    cache.set(base, 2, base.length);
    expect([cache.get('short'), cache.get(base.slice(0)), cache.get(`${base}z`), cache.size]).toEqual([1, 2, undefined, 2]);
  });

  it('lets two long texts with one sampled key take turns in one entry, never answering one with the other', () => {
    expect(sampledKey(variant('a'))).toBe(sampledKey(variant('b')));
    const cache = new BoundedTextCache<string>(10, 1_000_000);
    cache.set(variant('a'), 'a');
    expect(cache.get(variant('b'))).toBeUndefined();
    cache.set(variant('b'), 'b');
    expect([cache.get(variant('a')), cache.get(variant('b')), cache.size]).toEqual([undefined, 'b', 1]);
  });

  it('does not answer a short text that spells a long text key with the long text value', () => {
    const cache = new BoundedTextCache<string>(10, 1_000_000);
    cache.set(base, 'long');
    expect(cache.get(sampledKey(base))).toBeUndefined();
  });
});
