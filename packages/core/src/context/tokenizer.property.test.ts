import fc from 'fast-check';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { bpePieces } from './bpe-pieces.js';
import { countText, loadEncoding } from './tokenizer.js';

const exact = (text: string) => o200k.countTokens(text, { disallowedSpecial: new Set() });

// Short runs of characters from the classes the split pattern distinguishes, so boundaries of every kind occur.
const atom = fc.constantFrom('a', 'Z', 'é', '日', '1', '-', '.', "'", ' ', '\n', '/', '😀', '\t', 'x', 'ab', '<|endoftext|>', '  ', '\r\n');
const run = fc.tuple(atom, fc.integer({ min: 1, max: 150 })).map(([text, times]) => text.repeat(times));
const adversarial = fc.array(run, { minLength: 1, maxLength: 12 }).map((runs) => runs.join(''));
const prose = fc.array(fc.constantFrom('the ', 'Function', '(x)', ' => ', '42', '\n  ', "don't ", 'ÉTÉ ', 'ok.', '/path/to', '  '), { maxLength: 400 }).map((parts) => parts.join(''));

describe("the relay's own counting loop over gpt-tokenizer's core", () => {
  it('counts any text of up to one piece exactly as countTokens does, in both encodings', async () => {
    await loadEncoding('cl100k_base');
    const cl100k = await import('gpt-tokenizer/encoding/cl100k_base');
    const short = fc.oneof(
      fc.string({ maxLength: 64 }),
      fc.string({ unit: 'binary', maxLength: 64 }),
      adversarial.map((text) => text.slice(0, 64)),
      prose.map((text) => text.slice(0, 64)),
    );
    fc.assert(
      fc.property(short, (text) => {
        expect(countText(text, 'o200k_base', false)).toBe(exact(text));
        expect(countText(text, 'cl100k_base', false)).toBe(cl100k.countTokens(text, { disallowedSpecial: new Set() }));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('countText bound', () => {
  it('is never below the exact count, and above it by at most nine tokens per forced cut', () => {
    fc.assert(
      fc.property(fc.oneof(adversarial, prose, fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
        const counted = countText(text, 'o200k_base', false);
        const truth = exact(text);
        expect(counted).toBeGreaterThanOrEqual(truth);
        expect(counted).toBeLessThanOrEqual(truth + 9 * bpePieces(text).forced);
      }),
      { numRuns: 2000 },
    );
  }, 30_000);

  it('stays above the exact count where a forced cut lets both sides merge better (64 dots, then ".a")', () => {
    const text = `${'.'.repeat(65)}a`;
    expect(countText(text, 'o200k_base', false)).toBeGreaterThanOrEqual(exact(text));
  });

  it('is exact for ordinary text, whose pieces are all cut at pre-token boundaries', () => {
    fc.assert(
      fc.property(prose, (text) => {
        expect(countText(text, 'o200k_base', false)).toBe(exact(text));
      }),
      { numRuns: 200 },
    );
  });
});
