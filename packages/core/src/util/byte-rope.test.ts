import { describe, expect, it } from 'vitest';
import { ByteRope } from './byte-rope.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('ByteRope', () => {
  it('reads bytes and runs across chunks, empty ones included, never past the start it is given', () => {
    const rope = new ByteRope([bytes('ab\\\\'), new Uint8Array(0), bytes('\\'), bytes('\\\\"  \n '), new Uint8Array(0)]);
    expect(rope.size).toBe(12);
    expect([rope.at(0), rope.at(4), rope.at(7)]).toEqual([0x61, 0x5c, 0x22]);
    // Five backslashes end before the quote at 7, from 2 to 6.
    expect(rope.runBefore(7, 0, 0x5c)).toBe(5);
    expect(rope.runBefore(7, 4, 0x5c)).toBe(3);
    expect(rope.runBefore(12, 0, 0x20, 0x0a)).toBe(4);
    expect(rope.runBefore(2, 0, 0x5c)).toBe(0);
    expect([...rope.views(1, 9)].map((view) => new TextDecoder().decode(view)).join('')).toBe(`b${'\\'.repeat(5)}" `);
  });
});
