import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serializeJsonBounded } from './serialize-json-steps.js';

/** Small thresholds and chunks send small values down the bytes path, with piece borders everywhere. */
const options = fc.record({ threshold: fc.integer({ min: 0, max: 200 }), chunk: fc.integer({ min: 1, max: 48 }) });

function agrees(value: unknown, settings: { threshold: number; chunk: number }): boolean {
  const result = serializeJsonBounded(value, settings);
  const text = typeof result === 'string' ? result : new TextDecoder().decode(result);
  return text === JSON.stringify(value);
}

// Characters whose escaping differs or that must not be cut: escapes, quotes, both halves of a surrogate pair.
const trickyChar = fc.constantFrom('a', ' ', 'é', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u007f', '\u2028', '😀', '\ud83d', '\ude00', 'u');
const longString = fc.string({ unit: trickyChar, maxLength: 200 });
const key = fc.oneof(fc.string({ unit: trickyChar, maxLength: 60 }), fc.constantFrom('__proto__', 'toString', 'a', '0', '1', '10'));

// Members JSON.stringify drops or turns to null, numbers it writes as null, and toJSON in its common forms.
const oddLeaf = fc.oneof(
  fc.constantFrom(undefined, NaN, Infinity, -Infinity, -0, () => 1, Symbol('s')),
  fc.date({ noInvalidDate: true }),
  longString.map((text) => ({ toJSON: (at: string) => `${at}:${text}` })),
  // What toJSON returns is not asked for its own toJSON again.
  longString.map((text) => ({ toJSON: () => ({ toJSON: () => 'not called', text }) })),
  longString.map((text) => new String(text)),
);

const { value: oddValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    longString,
    oddLeaf,
    fc.double(),
    fc.constantFrom(true, false, null),
    fc.array(tie('value'), { maxLength: 30 }),
    fc.dictionary(key, tie('value'), { maxKeys: 8 }),
  ),
}));

describe('serializeJsonBounded (property)', () => {
  it('gives exactly the text of JSON.stringify for any JSON value, at any chunk and threshold', () => {
    fc.assert(
      fc.property(fc.jsonValue(), options, (value, settings) => agrees(value, settings)),
      { numRuns: 500 },
    );
  });

  it('gives exactly the text of JSON.stringify for values with long escaped strings, odd keys, undefined members and toJSON', () => {
    fc.assert(
      fc.property(oddValue, options, (value, settings) => {
        // A root with no JSON text is the one documented difference: it throws instead of returning undefined.
        if (JSON.stringify(value) === undefined) {
          expect(() => serializeJsonBounded(value, settings)).toThrow(TypeError);
          return true;
        }
        return agrees(value, settings);
      }),
      { numRuns: 500 },
    );
  });

  it('gives byte-identical UTF-8 on the bytes path', () => {
    fc.assert(
      fc.property(fc.array(longString, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 16 }), (strings, chunk) => {
        const result = serializeJsonBounded(strings, { threshold: 0, chunk });
        const expected = new TextEncoder().encode(JSON.stringify(strings));
        return typeof result !== 'string' && result.length === expected.length && result.every((byte, i) => byte === expected[i]);
      }),
      { numRuns: 300 },
    );
  });
});
