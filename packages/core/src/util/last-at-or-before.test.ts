import { describe, expect, it } from 'vitest';
import { lastAtOrBefore } from './last-at-or-before.js';

describe('lastAtOrBefore', () => {
  it('finds the last start at or before a position (of equal starts, the last)', () => {
    const starts = [0, 10, 10, 25];
    expect([0, 9, 10, 24, 25, 99].map((at) => lastAtOrBefore(starts, at))).toEqual([0, 0, 2, 2, 3, 3]);
    expect(lastAtOrBefore([0], 5)).toBe(0);
  });
});
