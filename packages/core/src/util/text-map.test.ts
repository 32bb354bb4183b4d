import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampledKey, V8_HASHED_CHARS } from './long-text-key.js';
import { TextMap } from './text-map.js';

// Long texts of one length that differ only at a character the sampled key skips: near-copies, as a file
// read again after a one-character edit, or texts made to collide.
const LENGTH = 20_000;
const base = 'x'.repeat(LENGTH);
const variant = (i: number): string => `${base.slice(0, 100)}${String.fromCharCode(0x4e00 + i)}${base.slice(101)}`;
// Two unsampled places (100 and 1,000), each holding one of a few characters that differ in various bits.
const CODES = [0x78, 0x79, 0x7a, 0x178, 0x4e01];
const twoPlaces = (first: number, second: number): string =>
  `${base.slice(0, 100)}${String.fromCharCode(CODES[first] as number)}${base.slice(101, 1_000)}${String.fromCharCode(CODES[second] as number)}${base.slice(1_001)}`;

describe('TextMap', () => {
  it('tells apart long texts that share a sampled key, however many there are', () => {
    expect(sampledKey(variant(1))).toBe(sampledKey(variant(2)));
    const map = new TextMap<number>();
    for (let i = 0; i < 50; i += 1) {
      map.set(variant(i), i);
      // Every earlier one is still found with its own value, from the branches of one tree.
      for (let j = 0; j <= i; j += 1) expect(map.get(variant(j))).toBe(j);
      expect(map.has(variant(i + 1))).toBe(false);
    }
    map.set(variant(7), 700);
    expect([map.get(variant(7)), map.get(variant(8)), map.size]).toEqual([700, 8, 50]);
  });

  it('finds a long text by its content, not by the string object', () => {
    const map = new TextMap<string>();
    const text = `${'a'.repeat(V8_HASHED_CHARS)}b`;
    map.set(text, 'found');
    expect(map.get(['a'.repeat(V8_HASHED_CHARS), 'b'].join(''))).toBe('found');
    expect(map.get(`${'a'.repeat(V8_HASHED_CHARS)}c`)).toBeUndefined();
  });

  it('samples neither of the two places the generated near-copies differ in', () => {
    expect(new Set(CODES.flatMap((_, first) => CODES.map((_, second) => sampledKey(twoPlaces(first, second))))).size).toBe(1);
  });

  it('behaves as a Map over any mix of short texts, long texts and near-copies', () => {
    const pool = ['', 'a', 'x'.repeat(V8_HASHED_CHARS), 'x'.repeat(V8_HASHED_CHARS + 1), base, ...Array.from({ length: 8 }, (_, i) => variant(i))];
    for (let first = 0; first < CODES.length; first += 1) for (let second = 0; second < CODES.length; second += 1) pool.push(twoPlaces(first, second));
    const op = fc.record({ set: fc.boolean(), text: fc.integer({ min: 0, max: pool.length - 1 }), value: fc.integer() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const map = new TextMap<number>();
        const model = new Map<string, number>();
        for (const { set, text, value } of ops) {
          const key = pool[text] as string;
          if (set) {
            map.set(key, value);
            model.set(key, value);
          }
          expect(map.get(key)).toBe(model.get(key));
          expect(map.has(key)).toBe(model.has(key));
        }
        expect(map.size).toBe(model.size);
      }),
      { numRuns: 200 },
    );
  });
});
