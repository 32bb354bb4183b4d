import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { delta, finishChunk, runWriter, toolPiece, usageChunk } from '../../../test/support/stream-test-chunks.js';

/** Cuts text at the given positions (sorted, deduplicated by the caller's arbitrary). */
function cut(text: string, positions: number[]): string[] {
  const points = [...new Set(positions.map((position) => position % (text.length + 1)))].sort((a, b) => a - b);
  return [0, ...points].map((start, index) => text.slice(start, points[index] ?? text.length));
}

const call = fc.record({
  args: fc.json(),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
  // Which argument piece carries id and name: they may come late.
  namedAt: fc.nat(),
  name: fc.constantFrom('exec_command', 'view_image', 'multi_agent_v1__spawn_agent'),
});

describe('ResponsesStreamWriter properties', () => {
  it('keeps every stream rule and the exact text and arguments, however the upstream chunks them', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.array(call, { maxLength: 3 }),
        fc.boolean(),
        fc.constantFrom('stop', 'tool_calls', 'length', null),
        (text, textCuts, calls, interleave, finishReason) => {
          const chunks: unknown[] = cut(text, textCuts).map((piece) => delta({ content: piece }));
          const perCall = calls.map((spec, index) => {
            const pieces = cut(spec.args, spec.cuts);
            const namedAt = spec.namedAt % pieces.length;
            return pieces.map((piece, at) => toolPiece(index, { arguments: piece, ...(at === namedAt ? { id: `call_${index}`, name: spec.name } : {}) }));
          });
          if (interleave) {
            for (let at = 0; perCall.some((pieces) => at < pieces.length); at += 1) for (const pieces of perCall) if (at < pieces.length) chunks.push(pieces[at]);
          } else for (const pieces of perCall) chunks.push(...pieces);
          if (finishReason !== null) chunks.push(finishChunk(finishReason), usageChunk);

          const run = runWriter(chunks);
          const output = run.response.output as { type: string; call_id?: string; arguments?: string; content?: { text: string }[] }[];
          expect(
            output
              .filter((item) => item.type === 'message')
              .map((item) => item.content?.[0]?.text)
              .join(''),
          ).toBe(text);
          const byId = new Map(output.filter((item) => item.type === 'function_call').map((item) => [item.call_id, item.arguments]));
          calls.forEach((spec, index) => expect(byId.get(`call_${index}`)).toBe(spec.args));
          expect(run.terminal).toBe(finishReason === 'length' ? 'response.incomplete' : 'response.completed');
        },
      ),
      { numRuns: 300 },
    );
  });
});
