import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isGlob, matchesGlob } from './glob.js';

describe('matchesGlob', () => {
  it('matches literal pieces in order, each star standing for any run of characters, the empty one included', () => {
    expect(matchesGlob('gpt-4*', 'gpt-4o')).toBe(true);
    expect(matchesGlob('gpt-4*', 'gpt-4')).toBe(true);
    expect(matchesGlob('gpt-4*', 'gpt-3.5')).toBe(false);
    expect(matchesGlob('*sonnet*', 'claude-sonnet-4-5')).toBe(true);
    expect(matchesGlob('claude-*-4-*', 'claude-sonnet-4-5')).toBe(true);
    expect(matchesGlob('claude-*-4-*', 'claude-sonnet-3-5')).toBe(false);
    expect(matchesGlob('a*b*c', 'abc')).toBe(true);
    expect(matchesGlob('a*b*c', 'acb')).toBe(false);
    expect(matchesGlob('a*a', 'a')).toBe(false);
    expect(matchesGlob('a*a', 'aa')).toBe(true);
    expect(matchesGlob('*', '')).toBe(true);
    expect(matchesGlob('**', 'x')).toBe(true);
    expect(matchesGlob('x*.y', 'xAy')).toBe(false);
    expect(matchesGlob('GPT-*', 'gpt-4')).toBe(false);
  });

  it('finds a later piece after an earlier one without reusing its characters', () => {
    expect(matchesGlob('*ab*ba*', 'aba')).toBe(false);
    expect(matchesGlob('*ab*ba*', 'abba')).toBe(true);
    expect(matchesGlob('*x*yz', 'xyzyz')).toBe(true);
  });

  it('lets no star span a line terminator', () => {
    expect(matchesGlob('gpt-*', 'gpt-4\nmini')).toBe(false);
    expect(matchesGlob('gpt-4', 'gpt-4\n')).toBe(false);
  });

  it('agrees with the regular expression it replaced on short patterns and names', () => {
    const regex = (pattern: string) =>
      new RegExp(
        `^${pattern
          .split('*')
          .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      );
    const text = (chars: string[]) => fc.array(fc.constantFrom(...chars), { maxLength: 8 }).map((list) => list.join(''));
    fc.assert(
      fc.property(text(['a', 'b', '*', '.']), text(['a', 'b', '.', '\n']), (pattern, value) => {
        expect(matchesGlob(pattern, value)).toBe(pattern.includes('*') ? regex(pattern).test(value) : pattern === value);
      }),
      { numRuns: 2_000 },
    );
  });

  it('answers at once for a megabyte name that a backtracking match would take minutes over', () => {
    const name = 'a'.repeat(1_000_000);
    expect(matchesGlob('*a*b*', name)).toBe(false);
    expect(matchesGlob('*a*a*', name)).toBe(true);
  });
});

describe('isGlob', () => {
  it('is any pattern with a star', () => {
    expect(isGlob('gpt-4*')).toBe(true);
    expect(isGlob('gpt-4')).toBe(false);
  });
});
