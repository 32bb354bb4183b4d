import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAnthropicEvents } from '../../../test/support/check-anthropic-events.js';
import { AnthropicStreamWriter } from './anthropic-stream-writer.js';

interface CallPlan {
  id: string;
  name: string;
  args: string;
  pieces: string[];
  /** How many argument pieces go out before the id and name are sent. */
  lateBy: number;
}

const toolChunk = (index: number, fields: Record<string, unknown>) => ({
  choices: [{ index: 0, delta: { tool_calls: [{ index, ...fields }] }, finish_reason: null }],
});

function cut(text: string, positions: readonly number[]): string[] {
  const sorted = [...new Set(positions.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  return [0, ...sorted].map((start, i) => text.slice(start, sorted[i] ?? text.length)).filter((piece) => piece !== '');
}

// The chunks of one call: argument pieces, with id and name in the piece at `lateBy` (or after all of them).
function callChunks(index: number, plan: CallPlan): unknown[] {
  const chunks = plan.pieces.map((piece) => toolChunk(index, { function: { arguments: piece } }));
  const at = Math.min(plan.lateBy, chunks.length);
  chunks.splice(at, 0, toolChunk(index, { id: plan.id, type: 'function', function: { name: plan.name } }));
  return chunks;
}

function run(chunks: unknown[], finishReason: string | null): ReturnType<typeof checkAnthropicEvents> {
  const writer = new AnthropicStreamWriter({ id: 'msg_p', model: 'claude-sonnet-4-5' });
  let sse = writer.start();
  for (const c of chunks) sse += writer.push(c);
  if (finishReason !== null) sse += writer.push({ choices: [{ index: 0, delta: {}, finish_reason: finishReason }] });
  return checkAnthropicEvents(sse + writer.finish());
}

const argsText = fc
  .tuple(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), fc.boolean())
  .map(([value, pretty]) => JSON.stringify(value, null, pretty ? 2 : undefined));

const callPlan = (i: number) =>
  fc
    .record({ args: argsText, positions: fc.array(fc.nat(), { maxLength: 12 }), lateBy: fc.nat(6) })
    .map(({ args, positions, lateBy }): CallPlan => ({ id: `call_${i}`, name: `tool_${i}`, args, pieces: cut(args, positions), lateBy }));

describe('AnthropicStreamWriter properties', () => {
  it('rebuilds the arguments whatever position they are split at', () => {
    const args = '{"command":"echo \\"{}\\" ]","list":[1,{"a":null}],"text":"日本語"}';
    for (let at = 0; at <= args.length; at += 1) {
      for (const lateBy of [0, 1, 2]) {
        const plan = { id: 'call_0', name: 'Bash', args, pieces: cut(args, [at]), lateBy };
        const stream = run(callChunks(0, plan), 'tool_calls');
        expect(stream.blocks).toHaveLength(1);
        expect(JSON.parse(stream.blocks[0]?.text ?? '')).toEqual(JSON.parse(args));
      }
    }
  });

  it('gives well-formed events and whole arguments for any split, late ids and interleaving', () => {
    const scenario = fc.integer({ min: 1, max: 4 }).chain((count) =>
      fc.record({
        plans: fc.tuple(...Array.from({ length: count }, (_, i) => callPlan(i))),
        order: fc.array(fc.nat(count - 1), { maxLength: 80 }),
        text: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
        finish: fc.constantFrom('tool_calls', 'stop', null),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ plans, order, text, finish }) => {
        // Interleave the calls' chunk queues in a random order, each call's own chunks staying in order.
        const queues = plans.map((plan, i) => callChunks(i, plan));
        const chunks: unknown[] = text === undefined ? [] : [{ choices: [{ index: 0, delta: { content: text } }] }];
        for (const pick of order) if ((queues[pick]?.length ?? 0) > 0) chunks.push(queues[pick]?.shift());
        for (const queue of queues) chunks.push(...queue);

        const stream = run(chunks, finish);
        const tools = stream.blocks.filter((block) => block.type === 'tool_use');
        expect(tools.map((block) => block.id).sort()).toEqual(plans.map((plan) => plan.id).sort());
        for (const block of tools) {
          const plan = plans.find((p) => p.id === block.id);
          expect(block.name).toBe(plan?.name);
          expect(JSON.parse(block.text)).toEqual(JSON.parse(plan?.args ?? ''));
        }
        expect(stream.stopReason).toBe('tool_use');
        if (text !== undefined) expect(stream.blocks[0]).toEqual({ type: 'text', text });
      }),
      { numRuns: 300 },
    );
  });
});
