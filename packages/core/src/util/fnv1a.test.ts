import { describe, expect, it } from 'vitest';
import { fnv1a, fnv1aHex64 } from './fnv1a.js';

describe('fnv1a', () => {
  it('resumes across pieces, and fnv1aHex64 is the standard hash and a second-seed hash in one pass', () => {
    expect(fnv1a('b', fnv1a('a'))).toBe(fnv1a('ab'));
    const hex = fnv1aHex64('some text');
    expect(hex).toMatch(/^[0-9a-f]{16}$/);
    expect(hex.slice(0, 8)).toBe(fnv1a('some text').toString(16).padStart(8, '0'));
    expect(hex.slice(8)).toBe(fnv1a('some text', 0x9e3779b9).toString(16).padStart(8, '0'));
    expect(fnv1aHex64('some text!')).not.toBe(hex);
  });
});
