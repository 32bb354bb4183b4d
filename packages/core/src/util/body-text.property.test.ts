import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytePieces } from '../../test/support/byte-pieces.js';
import { bodyTextSteps, scanBodySteps } from './body-text.js';
import { ByteRope } from './byte-rope.js';
import { runSteps } from './run-steps.js';

// Characters whose escaping differs or that must not be cut: escapes, quotes, multi-byte UTF-8, both halves of a surrogate pair.
const trickyChar = fc.constantFrom('a', ' ', 'é', '日', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '😀', '\ud83d', '\ude00', 'u', 'f');
const NOTICE = /\n\[\.\.\. ([\d,]+) tokens omitted by llm-relay \.\.\.\]\n/;

function read(body: unknown, cuts: number[], keep: number): { parsed: unknown; texts: number } {
  const rope = new ByteRope(bytePieces(new TextEncoder().encode(JSON.stringify(body)), cuts));
  const scan = runSteps(scanBodySteps(rope, 1));
  const text = runSteps(bodyTextSteps(rope, scan, keep));
  return { parsed: JSON.parse(text.pieces.join('')), texts: text.cut.texts };
}

describe('a body read with its long texts cut on arrival', () => {
  it('keeps a head and a tail of each cut text, whole characters, around a notice; everything else as JSON.parse reads it', () => {
    let cutRuns = 0;
    fc.assert(
      fc.property(
        fc.string({ unit: trickyChar, minLength: 0, maxLength: 300 }),
        fc.string({ unit: trickyChar, maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.integer({ min: 4, max: 200 }),
        (output, other, cuts, keep) => {
          const body = { model: 'm', messages: [{ role: 'tool', content: output, tool_call_id: other }], image: { url: output, data: output } };
          const { parsed, texts } = read(body, cuts, keep);
          const { messages, image } = parsed as typeof body;
          // Never anything but prose: an image's URL and data stay whole, as do ids.
          expect(image).toEqual(body.image);
          expect(messages[0]?.tool_call_id).toBe(other);
          const kept = messages[0]?.content as string;
          if (texts === 0) {
            expect(kept).toBe(output);
            return;
          }
          cutRuns += 1;
          const notice = NOTICE.exec(kept);
          expect(notice).not.toBeNull();
          const head = kept.slice(0, notice?.index);
          const tail = kept.slice((notice?.index ?? 0) + (notice?.[0].length ?? 0));
          expect(output.startsWith(head)).toBe(true);
          expect(output.endsWith(tail)).toBe(true);
          expect(head.length + tail.length).toBeLessThan(output.length);
          // The notice counts at least the characters left out (it counts their bytes as written).
          expect(Number(notice?.[1]?.replaceAll(',', ''))).toBeGreaterThanOrEqual(output.length - head.length - tail.length);
          // A surrogate pair is not split by the cut.
          expect(/[\ud800-\udbff]$/.test(head) && /^[\udc00-\udfff]/.test(output.slice(head.length))).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
    expect(cutRuns).toBeGreaterThan(50);
  });

  it('refuses a raw control character or a bad escape in the part it leaves out, as JSON.parse would', () => {
    const middle = 'x'.repeat(100);
    for (const bad of ['\u0001', '\\q', '\\u12g4']) {
      const text = `{"model":"m","messages":[{"role":"user","content":"${middle}${bad}${middle}"}]}`;
      const rope = new ByteRope([new TextEncoder().encode(text)]);
      const scan = runSteps(scanBodySteps(rope, 1));
      expect(() => runSteps(bodyTextSteps(rope, scan, 20))).toThrow(SyntaxError);
    }
  });
});
