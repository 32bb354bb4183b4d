import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FamilyMatch, WrittenArguments } from '../tool-call-family.js';
import { FAMILY_ENCODERS, type FamilyEncoder, fieldText, type PlainCall } from './encode-tool-calls.js';
import { TOOL_CALL_FAMILIES } from './index.js';

// Pieces that stress the parsers: markup-like text, quotes, escapes, fences, line breaks, non-ASCII.
const fragment = fc.constantFrom(
  'a < b',
  '</div>',
  '<b>',
  '>',
  '<',
  '"',
  "'",
  '\\',
  '\\"',
  '\n',
  '\r\n',
  '  ',
  '\t',
  '日本語',
  '😀',
  '{',
  '}',
  '[',
  ']',
  '```',
  ':',
  ',',
  'x',
  'null',
  '&amp;',
  '\u2028',
);
const stringValue = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.array(fragment, { maxLength: 8 }).map((parts) => parts.join('')),
);
const key = fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/).filter((k) => k !== '__proto__');
const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/);

const { value } = fc.letrec<{ leaf: unknown; value: unknown }>((tie) => ({
  // Integers only among random numbers: JSON cannot carry -0, and a float's text is JSON.stringify's anyway.
  leaf: fc.oneof(stringValue, fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom(1.5, -0.25, 1e21)),
  value: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('leaf'), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 3 })),
}));

const call: fc.Arbitrary<PlainCall> = fc.record({ name, args: fc.dictionary(key, value, { maxKeys: 4 }) });
const calls = fc.array(call, { minLength: 1, maxLength: 3 });

function expectArguments(written: WrittenArguments, expected: PlainCall, encoder: FamilyEncoder, variant: string): void {
  if (encoder.style === 'json') {
    expect(written.kind).toBe('json');
    if (written.kind === 'json') expect(JSON.parse(written.text)).toEqual(expected.args);
    return;
  }
  expect(written.kind).toBe('fields');
  if (written.kind !== 'fields') return;
  const entries = Object.entries(expected.args);
  expect(written.fields.map((field) => [field.key, field.value])).toEqual(entries.map(([k, v]) => [k, fieldText(v)]));
  if (encoder.family.name === 'deepseek-dsml') {
    expect(written.fields.map((field) => field.declared)).toEqual(entries.map(([, v]) => (typeof v === 'string' ? 'string' : 'json')));
  }
  void variant;
}

function expectRoundTrip(encoder: FamilyEncoder, input: readonly PlainCall[], variant: string): void {
  const closed = !encoder.openVariants.includes(variant);
  const encoded = encoder.encode(input, variant);
  // Text after closed markup must stay text; open markup runs to the end by definition.
  const text = closed ? `${encoded}\nDone.` : encoded;
  const opener = encoder.family.openers.find((o) => text.startsWith(o));
  expect(opener, `${variant} starts with an opener`).toBeDefined();
  const match: FamilyMatch | undefined = encoder.family.parse(text);
  expect(match, `${encoder.family.name}/${variant}`).toBeDefined();
  if (!match) return;
  expect(match.calls.map((c) => c.name)).toEqual(input.map((c) => c.name));
  match.calls.forEach((written, i) => {
    const expected = input[i] as PlainCall;
    expectArguments(written.arguments, expected, encoder, variant);
    expect(written.id).toBe(encoder.idOf?.(expected, i, variant));
  });
  if (closed) expect(text.slice(match.end)).toBe('\nDone.');
  else expect(text.slice(match.end).trim()).toBe('');
}

describe('every family reads back what its template writes', () => {
  for (const encoder of FAMILY_ENCODERS) {
    it(`${encoder.family.name}: ${encoder.variants.join(', ')}`, () => {
      fc.assert(
        fc.property(calls, (input) => {
          for (const variant of encoder.variants) expectRoundTrip(encoder, input, variant);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('only the right family among those sharing an opener takes the markup', () => {
    fc.assert(
      fc.property(calls, (input) => {
        for (const encoder of FAMILY_ENCODERS) {
          for (const variant of encoder.variants) {
            const text = encoder.encode(input, variant);
            const taker = TOOL_CALL_FAMILIES.find((family) => family.openers.some((o) => text.startsWith(o)) && family.parse(text) !== undefined);
            expect(taker?.name, `${encoder.family.name}/${variant}`).toBe(encoder.family.name);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('never throws on arbitrary text after an opener', () => {
    const openers = [...new Set(TOOL_CALL_FAMILIES.flatMap((family) => family.openers))];
    const noise = fc.array(fc.oneof(fragment, fc.constantFrom(...openers), fc.string({ maxLength: 8 })), { maxLength: 20 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.constantFrom(...TOOL_CALL_FAMILIES), noise, (family, rest) => {
        for (const opener of family.openers) {
          const match = family.parse(opener + rest);
          if (match) expect(match.end).toBeLessThanOrEqual(opener.length + rest.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('every family is linear in the length of the text', () => {
  const MB5 = 5 * 1024 * 1024;
  const big = 'x < y "quoted" \\ </div>\n'.repeat(Math.ceil(MB5 / 24)).slice(0, MB5);
  const bigCall: PlainCall[] = [{ name: 'write_file', args: { path: 'a.txt', content: big } }];
  const manyCalls: PlainCall[] = Array.from({ length: 20_000 }, (_, i) => ({ name: `tool_${i % 7}`, args: { n: i, text: 'a < b, "c"\n' } }));

  // Times are measured in the bench (tool-repair rows); here quadratic work on 5 MB would run past the
  // test's timeout by orders of magnitude, and each parse must still find what it should.
  for (const encoder of FAMILY_ENCODERS) {
    it(`${encoder.family.name}: 5 MB inputs, one call, many calls, broken calls, garbage`, () => {
      const variant = encoder.variants[0] as string;
      const opener = encoder.family.openers[0] as string;
      const one = encoder.encode(bigCall, variant);
      const many = encoder.encode(manyCalls, variant);
      // Each call cut off inside a string (JSON) or missing its value closer (XML): none may rescan the rest.
      const unit = encoder.encode([{ name: 'x', args: { a: 'b' } }], variant);
      const brokenUnit = encoder.style === 'json' ? unit.replace('"b"', '"b') : unit.replace(/<\/(parameter|arg_value|｜DSML｜parameter)>/, '');
      expect(brokenUnit).not.toBe(unit);
      const broken = brokenUnit.repeat(Math.ceil(MB5 / brokenUnit.length));
      const openerSpam = opener.repeat(Math.ceil(MB5 / opener.length));
      const garbage = opener + '{"'.repeat(MB5 / 2);
      for (const text of [openerSpam, garbage, broken]) encoder.family.parse(text);
      expect(encoder.family.parse(one)?.calls.length).toBe(1);
      expect(encoder.family.parse(many)?.calls.length).toBe(manyCalls.length);
    });
  }
});
