import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache.js';

describe('BoundedCache', () => {
  it('evicts the least recently used entry past its count', () => {
    const cache = new BoundedCache<string, number>(2, 100);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.has('b')).toBe(false);
    expect([cache.get('a'), cache.get('c'), cache.size]).toEqual([1, 3, 2]);
  });

  it('evicts past its weight, and does not store an entry heavier than the bound', () => {
    const cache = new BoundedCache<string, string>(100, 10);
    cache.set('a', 'x', 6);
    cache.set('b', 'y', 6);
    expect([cache.has('a'), cache.has('b'), cache.weight]).toEqual([false, true, 6]);
    cache.set('huge', 'z', 11);
    expect([cache.has('huge'), cache.has('b')]).toEqual([false, true]);
  });

  it('caches null values', () => {
    const cache = new BoundedCache<string, null>(10, 10);
    cache.set('n', null);
    expect([cache.get('n'), cache.has('n'), cache.get('m'), cache.size]).toEqual([null, true, undefined, 1]);
  });
});
