import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonBounded } from './parse-json-steps.js';

/**
 * Same value as JSON.parse gives, down to what toEqual forgives: key order, -0, own "__proto__" keys and
 * prototypes. Iterative, like the parser, so deep values do not overflow the test's stack either.
 */
function sameJson(actual: unknown, expected: unknown): boolean {
  const pending: [unknown, unknown][] = [[actual, expected]];
  while (pending.length > 0) {
    const [a, b] = pending.pop() as [unknown, unknown];
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
      if (!Object.is(a, b)) return false;
      continue;
    }
    if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    if (keysA.length !== keysB.length || keysA.some((key, i) => key !== keysB[i])) return false;
    for (const key of keysA) {
      pending.push([Object.getOwnPropertyDescriptor(a, key)?.value, Object.getOwnPropertyDescriptor(b, key)?.value]);
    }
  }
  return true;
}

type Outcome = { value: unknown } | { error: unknown };

function outcome(parse: () => unknown): Outcome {
  try {
    return { value: parse() };
  } catch (error) {
    return { error };
  }
}

/** The text cut into pieces of 1 to `most` characters, as a body arrives. */
function inPieces(text: string, most: number, seed: number): string[] {
  const pieces: string[] = [];
  let state = seed;
  for (let at = 0; at < text.length; ) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const size = 1 + (state % most);
    pieces.push(text.slice(at, at + size));
    at += size;
  }
  return pieces;
}

/**
 * Both throw (ours a SyntaxError) or both return the same value; and the text given in pieces (read through
 * the parser's moving window, which is 32 chunks wide) gives the same as the text given whole, down to the
 * error's message.
 */
function agrees(text: string, chunk: number): boolean {
  const ours = outcome(() => parseJsonBounded(text, { chunk }));
  const pieces = inPieces(text, 1 + ((chunk * 7) % 40), text.length + chunk);
  const piecewise = outcome(() => parseJsonBounded(pieces, { chunk }));
  if ('error' in ours !== 'error' in piecewise) return false;
  if ('error' in ours && 'error' in piecewise && String(ours.error) !== String(piecewise.error)) return false;
  if ('value' in ours && 'value' in piecewise && !sameJson(piecewise.value, ours.value)) return false;
  const native = outcome(() => JSON.parse(text));
  if ('error' in native) return 'error' in ours && ours.error instanceof SyntaxError;
  return 'value' in ours && sameJson(ours.value, native.value);
}

// Characters that make strings hard to cut: escapes, quotes, both halves of a surrogate pair, a line separator.
const trickyChar = fc.constantFrom('a', ' ', 'é', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u2028', '😀', '\ud83d', '\ude00', 'u');
const trickyString = fc.string({ unit: trickyChar, maxLength: 80 });
const chunk = fc.integer({ min: 1, max: 48 });
const indent = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.stringMatching(/^[ \t\r\n]{0,3}$/));

// Long strings and long arrays, so that small chunks send them through the piece and batch paths.
const { value: bulkyValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    trickyString,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.constantFrom(true, false, null),
    fc.array(tie('value'), { maxLength: 30 }),
    fc.dictionary(fc.oneof(trickyString, fc.constantFrom('__proto__', 'a', '0', '1')), tie('value'), { maxKeys: 8 }),
  ),
}));

/** Number texts JSON allows, some with hundreds of digits, to test the rounding of numbers longer than a chunk. */
const numberText = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9][0-9]{0,30}$/), fc.stringMatching(/^[1-9]0{300,400}[0-9]{0,3}$/)),
    fc.option(fc.oneof(fc.stringMatching(/^[0-9]{1,30}$/), fc.stringMatching(/^0{0,400}[0-9]{1,20}$/), fc.stringMatching(/^[0-9]{1,3}0{800,900}[0-9]?$/)), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.oneof(fc.stringMatching(/^[0-9]{1,3}$/), fc.stringMatching(/^0{0,30}[0-9]{1,4}$/))), { nil: undefined }),
  )
  .map(([negative, int, fraction, exponent]) => `${negative ? '-' : ''}${int}${fraction === undefined ? '' : `.${fraction}`}${exponent === undefined ? '' : exponent.join('')}`);

/** A JSON text with one edit: most are no longer JSON, in every way a hand could break one. */
const mutatedText = fc
  .tuple(
    bulkyValue,
    indent,
    fc.nat(),
    fc.constantFrom('delete', 'insert', 'replace', 'duplicate'),
    fc.constantFrom(',', ':', '[', ']', '{', '}', '"', '\\', ' ', '0', '-', '.', 'e', 'x', 't', '\u00a0', '\n'),
  )
  .map(([value, space, at, edit, char]) => {
    const text = JSON.stringify(value, null, space);
    const i = at % (text.length + 1);
    if (edit === 'delete') return text.slice(0, i) + text.slice(i + 1);
    if (edit === 'insert') return text.slice(0, i) + char + text.slice(i);
    if (edit === 'replace') return text.slice(0, i) + char + text.slice(i + 1);
    return text.slice(0, i) + text.slice(Math.max(0, i - 7), i) + text.slice(i);
  });

// Arrays of records alike, as a conversation is: the parser guesses batches from the text between two members
// (`,{"role"`), which also occurs inside nested records and inside strings, where a guess must fail safely.
const separatorish = fc.constantFrom('user', ',{"role"', '},{"role":"x"}', '"},{"role":"', ',{', ',"');
const { record } = fc.letrec<{ record: unknown }>((tie) => ({
  record: fc.record({
    role: fc.oneof(trickyString, separatorish),
    content: fc.oneof({ depthSize: 'small' }, trickyString, separatorish, bulkyValue, fc.array(tie('record'), { maxLength: 5 })),
  }),
}));
const records = fc.oneof(fc.array(record, { maxLength: 40 }), fc.array(fc.oneof(trickyString, separatorish), { maxLength: 60 }));

/** Records as JSON with one edit, most no longer JSON. */
const mutatedRecords = fc
  .tuple(records, indent, fc.nat(), fc.constantFrom('delete', 'insert', 'replace'), fc.constantFrom(',', '[', ']', '{', '}', '"', '\\', ' ', 'x'))
  .map(([value, space, at, edit, char]) => {
    const text = JSON.stringify(value, null, space);
    const i = at % (text.length + 1);
    if (edit === 'delete') return text.slice(0, i) + text.slice(i + 1);
    if (edit === 'insert') return text.slice(0, i) + char + text.slice(i);
    return text.slice(0, i) + char + text.slice(i + 1);
  });

describe('parseJsonBounded (property)', () => {
  it('returns what JSON.parse returns for arrays of records alike, whose members it takes in guessed batches', () => {
    fc.assert(
      fc.property(records, indent, fc.integer({ min: 1, max: 200 }), (value, space, size) => agrees(JSON.stringify(value, null, space), size)),
      { numRuns: 500 },
    );
  });

  it('throws exactly when JSON.parse throws, for mutated arrays of records', () => {
    fc.assert(
      fc.property(mutatedRecords, fc.integer({ min: 1, max: 200 }), (text, size) => agrees(text, size)),
      { numRuns: 600 },
    );
  });

  it('returns what JSON.parse returns for any JSON value, at any chunk size and indentation', () => {
    fc.assert(
      fc.property(fc.jsonValue(), indent, chunk, (value, space, size) => agrees(JSON.stringify(value, null, space), size)),
      { numRuns: 400 },
    );
  });

  it('returns what JSON.parse returns for values with long and escaped strings, long arrays and odd keys', () => {
    fc.assert(
      fc.property(bulkyValue, indent, chunk, (value, space, size) => agrees(JSON.stringify(value, null, space), size)),
      { numRuns: 400 },
    );
  });

  it('rounds numbers exactly as JSON.parse does, however many digits they have', () => {
    fc.assert(
      fc.property(numberText, fc.integer({ min: 1, max: 64 }), (text, size) => {
        expect(agrees(`[${text}, ${text}]`, size)).toBe(true);
        return agrees(text, size);
      }),
      { numRuns: 400 },
    );
  });

  it('throws exactly when JSON.parse throws, for mutated JSON texts', () => {
    fc.assert(
      fc.property(mutatedText, chunk, (text, size) => agrees(text, size)),
      { numRuns: 600 },
    );
  });

  it('throws exactly when JSON.parse throws, for arbitrary strings', () => {
    const jsonish = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', ',', ':', '"', '\\', ' ', '1', '0', '-', 'e', '.', 'a', 'u', 'true', 'null') });
    fc.assert(
      fc.property(fc.oneof(fc.string(), jsonish), fc.integer({ min: 1, max: 8 }), (text, size) => agrees(text, size)),
      { numRuns: 600 },
    );
  });
});
