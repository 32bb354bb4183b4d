import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytePieces } from '../../test/support/byte-pieces.js';
import { ChunkDecoder } from './chunk-decoder.js';

function decodeInPieces(bytes: Uint8Array, cuts: number[]): string {
  const decoder = new ChunkDecoder();
  let text = '';
  for (const piece of bytePieces(bytes, cuts)) text += decoder.decode(piece);
  return text + decoder.end();
}

describe('ChunkDecoder', () => {
  it('decodes text cut anywhere, even inside a character, as one decode of the whole', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', '日', '😀', '\n', '"', '\uFEFF'), maxLength: 60 }), fc.array(fc.nat(), { maxLength: 20 }), (text, cuts) => {
        // A byte order mark is dropped at the start of the text only, as a streaming TextDecoder drops it.
        expect(decodeInPieces(new TextEncoder().encode(text), cuts)).toBe(new TextDecoder().decode(new TextEncoder().encode(text)));
      }),
      { numRuns: 1_000 },
    );
  });

  it('gives bytes that are not UTF-8 the replacement character, as TextDecoder does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
        const decoded = decodeInPieces(bytes, cuts);
        // Where a piece boundary falls inside an invalid sequence, the number of replacements may differ; the valid characters may not.
        expect(decoded.replaceAll('\uFFFD', '')).toBe(new TextDecoder().decode(bytes).replaceAll('\uFFFD', ''));
      }),
      { numRuns: 1_000 },
    );
  });
});
