import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChatStreamRepair } from './chat-stream-repair.js';
import { FAMILY_ENCODERS, type FamilyEncoder, type PlainCall } from './families/encode-tool-calls.js';
import { TOOL_CALL_FAMILIES } from './families/index.js';
import { offeredTools } from './offered-tools.js';
import { repairCompletion } from './repair-completion.js';
import type { RepairListener } from './repair-report.js';

// Values of every JSON type, with the characters markup is made of inside strings.
const fragment = fc.constantFrom('a < b', '</div>', '<b>', '>', '"', "'", '\\', '\n', '  ', '日本語', '😀', '{', '}', '[', ']', ':', ',', 'x', 'null', '10', 'true');
const text = fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join(''));
const { value } = fc.letrec<{ leaf: unknown; value: unknown }>((tie) => ({
  leaf: fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom(1.5, -0.25)),
  value: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('leaf'), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), tie('value'), { maxKeys: 3 })),
}));
const argsArb = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), value, { minKeys: 1, maxKeys: 4 });
const callsArb = fc.array(argsArb, { minLength: 1, maxLength: 3 }).map((list) => list.map((args, i): PlainCall => ({ name: `tool_${i}`, args })));
// Where a stream is cut: any set of offsets, as fractions of its length.
const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });

/** The JSON schema a value fits, as a client would have declared it. */
function schemaOf(value: unknown): Record<string, unknown> {
  if (value === null) return { type: 'null' };
  if (Array.isArray(value)) return { type: 'array' };
  if (typeof value === 'object') return { type: 'object', properties: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schemaOf(v)])), required: Object.keys(value) };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  return { type: typeof value };
}

function toolsFor(calls: readonly PlainCall[]) {
  return offeredTools(calls.map((call) => ({ type: 'function', function: { name: call.name, parameters: schemaOf(call.args) } })));
}

const silent: RepairListener = { repaired: () => undefined, unrepaired: () => undefined };

function piecesOf(content: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((cut) => Math.floor(cut * content.length)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const point of [...points, content.length]) {
    pieces.push(content.slice(from, point));
    from = point;
  }
  return pieces;
}

/** Streams the pieces through the stage and puts the client's answer back together. */
function streamThrough(pieces: readonly string[], tools: ReturnType<typeof offeredTools>) {
  const stage = new ChatStreamRepair(TOOL_CALL_FAMILIES, tools, 1_000_000, silent);
  const chunks = [...pieces.map((piece) => ({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })), { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }];
  let content = '';
  const calls: { name: string; arguments: string }[] = [];
  let finish: unknown;
  for (const chunk of chunks) {
    for (const out of stage.push(chunk) ?? [chunk]) {
      const choice = (out.choices as { delta: { content?: string; tool_calls?: { index: number; function: { name: string; arguments: string } }[] }; finish_reason: unknown }[])[0]!;
      content += choice.delta.content ?? '';
      for (const call of choice.delta.tool_calls ?? []) calls[call.index] = { name: call.function.name, arguments: call.function.arguments };
      if (choice.finish_reason !== null) finish = choice.finish_reason;
    }
  }
  return { content, calls, finish };
}

function expectCalls(found: { name: string; arguments: string }[], expected: readonly PlainCall[]) {
  expect(found.map((call) => call.name)).toEqual(expected.map((call) => call.name));
  found.forEach((call, i) => expect(JSON.parse(call.arguments)).toEqual(expected[i]!.args));
}

const PROSE = 'Let me check that.\n';

function checkEncoder(encoder: FamilyEncoder, variant: string, calls: PlainCall[], cuts: number[]) {
  const content = PROSE + encoder.encode(calls, variant);
  const tools = toolsFor(calls);
  const streamed = streamThrough(piecesOf(content, cuts), tools);
  expect(streamed.content).toBe(PROSE);
  expectCalls(streamed.calls, calls);
  expect(streamed.finish).toBe('tool_calls');
  const completion = { choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] };
  const whole = repairCompletion(completion, TOOL_CALL_FAMILIES, tools, silent) as { choices: { message: { content: string; tool_calls: { function: { name: string; arguments: string } }[] } }[] };
  expect(whole.choices[0]!.message.content).toBe(PROSE);
  expectCalls(
    whole.choices[0]!.message.tool_calls.map((call) => call.function),
    calls,
  );
}

describe('tool-call repair, end to end over generated calls and schemas', () => {
  for (const encoder of FAMILY_ENCODERS) {
    it(`${encoder.family.name}: every variant, whole and streamed at any cuts, gives back the same calls`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...encoder.variants), callsArb, cutsArb, (variant, calls, cuts) => checkEncoder(encoder, variant, calls, cuts)),
        { numRuns: 60 },
      );
    });

    it(`${encoder.family.name}: cut at every single position, and into one-character pieces`, () => {
      const calls: PlainCall[] = [
        { name: 'tool_0', args: { command: 'ls -la | grep "x" < in', count: 3 } },
        { name: 'tool_1', args: { path: 'a/b.ts', options: { force: true, list: [1, 'two'] } } },
      ];
      const content = PROSE + encoder.encode(calls, encoder.variants[0]!);
      for (let cut = 0; cut <= content.length; cut += 1) checkEncoder(encoder, encoder.variants[0]!, calls, [cut / content.length]);
      const tools = toolsFor(calls);
      const single = streamThrough([...content], tools);
      expect(single.content).toBe(PROSE);
      expectCalls(single.calls, calls);
    });
  }

  it('plain text without markers passes through unchanged, streamed (same text) or whole (the same object)', () => {
    const piece = fc.constantFrom('<', '<tool', '[TOOL', '[', '`', '```', '\n', '<think>', '</think>', '<b>', 'word ', '日本', '<|', '<｜', '"', '{}');
    const tools = offeredTools([{ type: 'function', function: { name: 'bash', parameters: { type: 'object' } } }]);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), cutsArb, (parts, cuts) => {
        const content = parts.join('');
        expect(streamThrough(piecesOf(content, cuts), tools).content).toBe(content);
        const completion = { choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] };
        expect(repairCompletion(completion, TOOL_CALL_FAMILIES, tools, silent)).toBe(completion);
      }),
      { numRuns: 400 },
    );
  });
});
