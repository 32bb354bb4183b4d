import { afterEach, describe, expect, it, vi } from 'vitest';
import { JSON_STEP_CHARS, parseJsonBounded, parseJsonSteps } from './parse-json-steps.js';

/** Parses at every chunk size from 1 to `upTo`, so each cut point (pieces, batches, promotions) lands everywhere. */
function expectAtEveryChunk(text: string, upTo = 24): void {
  const expected = JSON.parse(text);
  for (let chunk = 1; chunk <= upTo; chunk++) {
    const actual = parseJsonBounded(text, { chunk });
    expect(actual, `chunk ${chunk}`).toEqual(expected);
    expect(JSON.stringify(actual), `chunk ${chunk}`).toBe(JSON.stringify(expected));
  }
}

function expectSyntaxError(text: string, chunk?: number): SyntaxError {
  expect(() => JSON.parse(text)).toThrow(SyntaxError);
  let thrown: unknown;
  try {
    parseJsonBounded(text, chunk === undefined ? {} : { chunk });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(SyntaxError);
  // Says where: a position, or that the text ended early.
  expect((thrown as SyntaxError).message).toMatch(/position \d+|end of JSON input/);
  return thrown as SyntaxError;
}

const big = (length: number, unit = 'x') => unit.repeat(Math.ceil(length / unit.length));

describe('parseJsonSteps', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('parses a text no longer than a chunk without yielding', () => {
    const steps = parseJsonSteps('{"a":[1,2]}');
    expect(steps.next()).toEqual({ done: true, value: { a: [1, 2] } });
  });

  it('yields between steps of a long text and returns what JSON.parse returns', () => {
    const text = JSON.stringify({ messages: Array.from({ length: 5000 }, (_, i) => ({ role: 'user', content: `message ${i}` })) });
    const steps = parseJsonSteps(text);
    let yields = 0;
    let step = steps.next();
    while (step.done !== true) {
      yields++;
      step = steps.next();
    }
    expect(yields).toBeGreaterThan(text.length / JSON_STEP_CHARS / 2);
    expect(step.value).toEqual(JSON.parse(text));
  });

  it('hands JSON.parse at most about a chunk at a time, and about a chunk of work per step', () => {
    const chunk = 4096;
    const bodies = [
      JSON.stringify({ messages: [{ role: 'user', content: big(100_000, 'a "quoted" line\n') }] }),
      JSON.stringify({ messages: Array.from({ length: 3000 }, (_, i) => ({ role: 'user', content: `message ${i}` })) }),
      JSON.stringify([{ content: Array.from({ length: 5000 }, (_, i) => ({ type: 'text', text: `part ${i}` })) }]),
      JSON.stringify({ [big(10_000, 'key')]: [1, 2, 3], wide: Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i])) }),
      `[${'9'.repeat(50_000)}, ${'['.repeat(2000)}${']'.repeat(2000)}, "${big(30_000, '\\u00e9\\\\')}"]`,
    ];
    for (const text of bodies) {
      const parse = vi.spyOn(JSON, 'parse');
      const steps = parseJsonSteps(text, { chunk });
      let longest = 0;
      let longestString = 0;
      let mostPerStep = 0;
      for (let done = false; !done; ) {
        parse.mockClear();
        done = steps.next().done === true;
        const parsed = parse.mock.calls.map(([argument]) => argument);
        for (const argument of parsed) {
          if (argument.startsWith('"')) longestString = Math.max(longestString, argument.length);
          else longest = Math.max(longest, argument.length);
        }
        // A piece of a long string is a copy more than a parse: it counts a quarter, as in the parser.
        const work = parsed.reduce((sum, argument) => sum + (argument.startsWith('"') ? argument.length / 4 : argument.length), 0);
        mostPerStep = Math.max(mostPerStep, work);
      }
      parse.mockRestore();
      expect(longest).toBeLessThanOrEqual(chunk + 6);
      // Pieces of a long string are four chunks: decoded, still large enough for V8's large-object space.
      expect(longestString).toBeLessThanOrEqual(4 * chunk + 2);
      expect(mostPerStep).toBeLessThanOrEqual(2 * chunk + 12);
    }
  });

  it('parses an array of records alike, also where a guessed batch end falls inside a record or a string', () => {
    const chunk = 4096;
    const messages = JSON.stringify({ messages: Array.from({ length: 3000 }, (_, i) => ({ role: 'user', content: `message ${i}` })) });
    // Records holding records that begin the same way, and strings holding the text between two records.
    const nested = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ role: 'user', content: i % 3 === 0 ? [{ role: 'x', content: '},{"role":"' }, { role: 'y' }] : `m ${i}` })));
    for (const text of [messages, nested]) {
      const parse = vi.spyOn(JSON, 'parse');
      const value = parseJsonBounded(text, { chunk });
      const calls = parse.mock.calls.length;
      parse.mockRestore();
      expect(value).toEqual(JSON.parse(text));
      // Guesses that fail cost a native parse each and are given up after a few: the calls stay a few per chunk.
      // (What guessing saves, the scan of every character, shows in time only: see the dimension bench.)
      expect(calls).toBeLessThanOrEqual((3 * text.length) / chunk);
    }
  });

  describe('returns what JSON.parse returns', () => {
    it('for every escape, raw unicode, and the characters JSON leaves unescaped', () => {
      expectAtEveryChunk(String.raw`["\" \\ \/ \b \f \n \r \t \u0041\u00e9\u4e2d\uD83D\uDE00", "é中😀 \u2028\u2029 ~", ""]`);
    });

    it('for runs of backslashes of every length before a quote, escaped or closing, wherever a search stops', () => {
      const runs = Array.from({ length: 12 }, (_, k) => `"${'\\\\'.repeat(k)}", "${'\\\\'.repeat(k)}\\"x", {"${'\\\\'.repeat(k)}": ["\\"${'\\\\'.repeat(k)}"]}`);
      expectAtEveryChunk(`[${runs.join(', ')}]`, 40);
      const long = `{"a": ["${'\\\\'.repeat(200_000)}", "${'\\\\'.repeat(150_001)}\\""]}`;
      expect(parseJsonBounded(long)).toEqual(JSON.parse(long));
    });

    it('for surrogate pairs split between two pieces, escaped or raw, and for lone surrogates', () => {
      const text = String.raw`["\ud83d\ude00", "x\ud83d\ude00", "xx\ud83d\ude00y", "😀😀😀", "a😀", "\ud83d", "\ude00\ud83d", "\udbff\udfff"]`;
      expectAtEveryChunk(text, 40);
      expect((parseJsonBounded(text, { chunk: 7 }) as string[]).slice(0, 3)).toEqual(['😀', 'x😀', 'xx😀y']);
    });

    it('for numbers of every form, exactly rounded however long', () => {
      const numbers = [
        '0',
        '-0',
        '1',
        '-1',
        '1.5',
        '-1.5e-7',
        '1E+3',
        '2e-0',
        '123456789012345678901234567890',
        '1e400',
        '-1e400',
        '1e-400',
        '-1e-400',
        '0.1',
        '5e-324',
        '2.4703282292062327e-324',
        '2.4703282292062328e-324',
        '1.7976931348623157e308',
        '1.7976931348623159e308',
        '9007199254740993',
        `1${'0'.repeat(400)}1e-400`,
        `0.${'0'.repeat(500)}1e501`,
        `4.${'9'.repeat(1000)}`,
        `1${'0'.repeat(1000)}`,
        `2.5${'0'.repeat(900)}1`,
        `2.5${'0'.repeat(900)}`,
        `-0.${'0'.repeat(2000)}`,
        `1e${'0'.repeat(40)}5`,
        `1e-${'9'.repeat(40)}`,
        '0e5',
        '-0E-3',
        '0.0e1',
        '-0.5e+1',
      ];
      for (const number of numbers) {
        const expected = JSON.parse(number) as number;
        for (const chunk of [1, 2, 5, 16, 64]) {
          expect(Object.is(parseJsonBounded(number, { chunk }), expected), `${number.slice(0, 30)} at chunk ${chunk}`).toBe(true);
        }
      }
      expectAtEveryChunk(`[${numbers.join(',')}]`, 8);
    });

    it('for nested and empty containers, literals, and every kind of whitespace', () => {
      expectAtEveryChunk('{"a":[],"b":{},"c":[[],[{}],{"d":[]}],"e":[{"f":[1,[2,[3,{}]]]}],"g":[true,false,null]}');
      expectAtEveryChunk(' \t\r\n{ \t\r\n"a" \t\r\n: \t\r\n[ \t\r\n1 \t\r\n, \t\r\n{ \n} \t\r\n] \t\r\n} \t\r\n');
      expectAtEveryChunk('"just a string"');
      expectAtEveryChunk(`${' '.repeat(50)}null${'\n'.repeat(50)}`);
    });

    it('for keys longer than a chunk, keys with escapes, and empty keys', () => {
      expectAtEveryChunk(String.raw`{"a\"b\\c\u00e9😀 long key long key": {"": 1, "\ud83d\ude00": [2]}, "": ""}`, 40);
    });

    it('for "__proto__" as an own key, never setting the prototype, in small and large objects', () => {
      const texts = [
        '{"__proto__": {"polluted": true}, "x": 1}',
        `{"pad": "${big(60)}", "__proto__": {"polluted": true}, "x": [1, 2]}`,
        `{"a": 1, "__proto__": "${big(60)}", "b": {"__proto__": [1]}}`,
      ];
      for (const text of texts) {
        expectAtEveryChunk(text, 32);
        for (const chunk of [4, 16, 64]) {
          const value = parseJsonBounded(text, { chunk }) as Record<string, unknown>;
          expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
          expect(Object.keys(value)).toContain('__proto__');
        }
      }
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    });

    it('defining members, as JSON.parse does, even where the prototype has a setter', () => {
      let setterCalls = 0;
      Object.defineProperty(Object.prototype, 'trap', { set: () => void setterCalls++, configurable: true });
      try {
        const text = `{"a": "${big(40)}", "b": 1, "trap": [1], "c": {"d": 2, "trap": 3}}`;
        for (let chunk = 1; chunk <= 40; chunk++) {
          const value = parseJsonBounded(text, { chunk }) as Record<string, unknown>;
          expect(Object.getOwnPropertyDescriptor(value, 'trap')?.value).toEqual([1]);
          expect(Object.getOwnPropertyDescriptor(value.c, 'trap')?.value).toBe(3);
        }
        expect(setterCalls).toBe(0);
      } finally {
        delete (Object.prototype as { trap?: unknown }).trap;
      }
    });

    it('for duplicate keys: the last value wins, in the place of the first, also across batches and large values', () => {
      const text = `{"a": 1, "b": 2, "c": "${big(50)}", "a": 3, "d": [${'4,'.repeat(20)}4], "b": "${big(50, 'y')}", "a": {"z": 5}}`;
      expectAtEveryChunk(text, 40);
      const value = parseJsonBounded(text, { chunk: 8 }) as Record<string, unknown>;
      expect(Object.keys(value)).toEqual(['a', 'b', 'c', 'd']);
      expect(value.a).toEqual({ z: 5 });
    });

    it('for a large body at the default chunk: a long string, many messages, many parts', () => {
      const bodies = [
        { messages: [{ role: 'user', content: big(300_000, 'tool output with "quotes", \\ and é😀\n') }] },
        { messages: Array.from({ length: 5000 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `message ${i} ${'x'.repeat(i % 100)}` })) },
        { messages: [{ role: 'user', content: Array.from({ length: 10_000 }, (_, i) => ({ type: 'text', text: `part ${i}` })) }] },
      ];
      for (const body of bodies) {
        const text = JSON.stringify(body, null, 1);
        expect(text.length).toBeGreaterThan(JSON_STEP_CHARS);
        expect(parseJsonBounded(text)).toEqual(body);
      }
    });

    it('for 10,000 levels of nesting, without recursion', () => {
      const depth = 10_000;
      const texts = [`${'['.repeat(depth)}"${big(100)}"${']'.repeat(depth)}`, `${'{"a":'.repeat(depth)}[1, "${big(100)}", 2]${'}'.repeat(depth)}`, `${'[0, '.repeat(depth)}null${']'.repeat(depth)}`];
      for (const text of texts) {
        for (const chunk of [16, 1000, JSON_STEP_CHARS]) {
          // Walked down by hand: toEqual, like JSON.stringify, recurses and would overflow the stack.
          let value = parseJsonBounded(text, { chunk });
          let expected: unknown = JSON.parse(text);
          let differences = 0;
          for (let level = 0; level < depth; level++) {
            if (Array.isArray(expected) !== Array.isArray(value) || typeof value !== 'object') differences++;
            if (Array.isArray(expected) && (value as unknown[]).length !== expected.length) differences++;
            const child = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : (v as { a: unknown }).a);
            value = child(value);
            expected = child(expected);
          }
          expect(differences).toBe(0);
          expect(value).toEqual(expected);
        }
      }
    });
  });

  describe('throws a SyntaxError exactly where JSON.parse would', () => {
    it('for a trailing comma, in small and large arrays and objects', () => {
      expectSyntaxError('[1,2,]', 2);
      expectSyntaxError('{"a":1,}', 2);
      expectSyntaxError(`[${'"item",'.repeat(20_000)}]`);
      expectSyntaxError(`{"messages": [${'{"role": "user"},'.repeat(10_000)}]}`);
      expectSyntaxError(`{"a": "${big(100_000)}",}`);
    });

    it('for a missing comma between two large members, or a comma with nothing before it', () => {
      expectSyntaxError(`["${big(100_000)}" "${big(100_000)}"]`);
      expectSyntaxError(`{"a": "${big(100_000)}" "b": 1}`);
      expectSyntaxError(`[[${'1,'.repeat(50_000)}1] [2]]`);
      expectSyntaxError(`[, ${'1,'.repeat(50_000)}1]`);
      expectSyntaxError(`[[ , ${'1,'.repeat(50_000)}1]]`);
      expectSyntaxError(`{"a" [${'1,'.repeat(50_000)}1]}`);
    });

    it('for an unterminated string, array or object', () => {
      expectSyntaxError(`["${big(200_000)}`);
      expectSyntaxError(`["${big(200_000)}\\"]`);
      expectSyntaxError(`{"a": [${'1,'.repeat(50_000)}1]`);
      expectSyntaxError(`${'['.repeat(10_000)}${']'.repeat(9_999)}`, 16);
    });

    it('for anything after the value', () => {
      expectSyntaxError(`{"a": "${big(100_000)}"} x`);
      expectSyntaxError(`[${'1,'.repeat(50_000)}1]]`);
      expectSyntaxError(`"${big(100_000)}" "more"`);
    });

    it('for an empty text, only whitespace, or whitespace JSON does not allow', () => {
      expectSyntaxError('');
      expectSyntaxError(' '.repeat(100_000));
      expectSyntaxError(`\ufeff{"a": "${big(100_000)}"}`);
      expectSyntaxError(`{"a":\u00a0"${big(100_000)}"}`);
    });

    it('for bad strings, numbers and literals inside large containers', () => {
      expectSyntaxError(`["${big(100_000)}\\x"]`);
      expectSyntaxError(`["${big(100_000)}\n"]`);
      expectSyntaxError(`["${big(100_000)}\\u12"]`);
      expectSyntaxError(`[${'1,'.repeat(50_000)}01]`);
      expectSyntaxError(`[${'1,'.repeat(50_000)}1.]`);
      expectSyntaxError(`[${'1,'.repeat(50_000)}${'1'.repeat(100_000)}e]`);
      expectSyntaxError(`[${'1,'.repeat(50_000)}tru]`);
      expectSyntaxError(`[${'1,'.repeat(50_000)}nulls]`);
      expectSyntaxError(`{"a": [${'1,'.repeat(50_000)}1], 2: 3}`);
      expectSyntaxError(`{"a": 1, 2: [${'1,'.repeat(50_000)}1]}`);
      expectSyntaxError(`{"a": [${'1,'.repeat(50_000)}1], "b" 3}`);
    });

    it('naming the position in the whole text', () => {
      const text = `[${'"item", '.repeat(20_000)}"item" "oops"]`;
      const error = expectSyntaxError(text);
      expect(error.message).toContain(`position ${text.indexOf('"oops"')}`);
    });
  });
});
