import { describe, expect, it } from 'vitest';
import { CountCache } from './count-cache.js';

describe('CountCache', () => {
  it('holds at most its bound of entries, keeping the ones read since the last turnover', () => {
    const cache = new CountCache(10, 1_000);
    // A generation holds five: the sixth turns it over.
    for (let i = 0; i < 6; i++) cache.set(`text ${i}`, i);
    expect(cache.get('text 0')).toBe(0); // read from the old generation: moved up
    for (let i = 6; i < 10; i++) cache.set(`text ${i}`, i);
    // Another turnover dropped what was old: only what was read or written since survives.
    expect(cache.get('text 0')).toBe(0);
    expect(cache.get('text 1')).toBeUndefined();
    expect(cache.get('text 8')).toBe(8);
    for (let i = 0; i < 1_000; i++) cache.set(`many ${i}`, i);
    expect(cache.size).toBeLessThanOrEqual(10);
  });

  it('is bounded by the summed length of its texts, and does not store a text longer than half of it', () => {
    const cache = new CountCache(1_000, 100);
    cache.set('x'.repeat(51), 1);
    expect(cache.get('x'.repeat(51))).toBeUndefined();
    for (let i = 0; i < 20; i++) cache.set(`${i}`.padStart(20, 'y'), i);
    // A generation holds at most 50 characters: two of these 20-character texts, so four in all.
    expect(cache.size).toBeLessThanOrEqual(4);
    expect(cache.get('19'.padStart(20, 'y'))).toBe(19);
  });
});
