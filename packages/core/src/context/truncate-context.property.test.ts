import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RelayError } from '../errors/relay-error.js';
import { toolSequenceError } from '../fake-provider/tool-sequence-error.js';
import type { ChatMessage } from '../types/chat.js';
import { estimateTokens } from './estimate-tokens.js';
import { truncateContext } from './truncate-context.js';

type Tagged = ChatMessage & { _i?: number };

const text = fc
  .tuple(fc.constantFrom('log line ', 'const x = 1; ', 'ok ', '日本語 ', 'ERROR at src/a.ts:10 '), fc.integer({ min: 1, max: 400 }), fc.nat(999))
  .map(([word, times, id]) => `${id} ${word.repeat(times)}`);
const hugeText = fc.integer({ min: 2_000, max: 12_000 }).map((times) => `huge ${'output row '.repeat(times)}`);

const turn = fc.oneof(
  { weight: 3, arbitrary: text.map((content): Tagged[] => [{ role: 'user', content }]) },
  { weight: 2, arbitrary: text.map((content): Tagged[] => [{ role: 'assistant', content }]) },
  {
    weight: 1,
    arbitrary: text.map((content): Tagged[] => [
      {
        role: 'user',
        content: [
          { type: 'text', text: content },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        ],
      },
    ]),
  },
  { weight: 1, arbitrary: text.map((content): Tagged[] => [{ role: 'system', content }]) },
  {
    weight: 5,
    arbitrary: fc.tuple(fc.array(fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: hugeText }), { minLength: 1, maxLength: 4 }), fc.boolean()).map(([outputs, reversed]): Tagged[] => {
      const ids = outputs.map(() => `call_${Math.random().toString(36).slice(2, 10)}`);
      const answers: Tagged[] = outputs.map((content, i) => ({ role: 'tool', tool_call_id: ids[i] as string, content }));
      return [
        { role: 'assistant', content: '', tool_calls: ids.map((id) => ({ id, type: 'function' as const, function: { name: 'bash', arguments: JSON.stringify({ command: 'ls' }) } })) },
        ...(reversed ? answers.reverse() : answers),
      ];
    }),
  },
);

const conversation = fc.tuple(fc.array(text, { minLength: 1, maxLength: 2 }), text, fc.array(turn, { minLength: 0, maxLength: 40 })).map(([systems, task, turns]) => {
  const messages: Tagged[] = [...systems.map((content): Tagged => ({ role: 'system', content })), { role: 'user', content: task }, ...turns.flat()];
  // Tool-call ids from Math.random would defeat replay; renumber them deterministically.
  let counter = 0;
  const rename = new Map<string, string>();
  return messages.map((message, i) => {
    const tagged: Tagged = { ...message, _i: i };
    if (message.tool_calls)
      tagged.tool_calls = message.tool_calls.map((call) => {
        const id = `c${counter++}`;
        rename.set(call.id, id);
        return { ...call, id };
      });
    if (message.tool_call_id) tagged.tool_call_id = rename.get(message.tool_call_id) as string;
    return tagged;
  });
});

const options = fc.record({
  maxPromptTokens: fc.integer({ min: 1_500, max: 40_000 }),
  // Low thresholds too, so clearing (which must free this much to happen) is reached often.
  minClearTokens: fc.integer({ min: 0, max: 1_500 }),
  maxMessageTokens: fc.integer({ min: 300, max: 8_000 }),
  keepToolResults: fc.integer({ min: 1, max: 6 }),
  protectRecent: fc.integer({ min: 1, max: 6 }),
  lowWaterRatio: fc.double({ min: 0.3, max: 0.9, noNaN: true }),
});

/** The newest turn: the last message, or the assistant message whose tool results end the conversation. */
function newestTurn(messages: Tagged[]): Tagged[] {
  let start = messages.length - 1;
  while (start > 0 && messages[start]?.role === 'tool') start -= 1;
  return messages[start]?.role === 'assistant' && messages.at(-1)?.role === 'tool' ? messages.slice(start) : messages.slice(-1);
}

function run(messages: Tagged[], opts: Parameters<typeof truncateContext>[1]) {
  try {
    return truncateContext(messages, opts);
  } catch (error) {
    if (RelayError.isInstance(error) && error.code === 'context_length_exceeded') return undefined;
    throw error;
  }
}

describe('truncateContext invariants', () => {
  it('fits, stays valid, keeps system/task/newest in order, and is idempotent and deterministic', () => {
    const stages = new Set<string>();
    fc.assert(
      fc.property(conversation, options, (messages, opts) => {
        const result = run(messages, opts);
        if (result === undefined) {
          // Only allowed when the pinned messages and the newest one cannot fit at all.
          const pinned = messages.filter((m) => m.role === 'system' || m._i === messages.find((x) => x.role === 'user')?._i);
          expect(estimateTokens([...pinned, messages.at(-1) as Tagged])).toBeGreaterThan(opts.maxPromptTokens * 0.2);
          return;
        }
        stages.add(result.report.stage);
        // Clearing is checked whenever it happened, also when a drop followed it (the report names the furthest stage).
        if (result.report.toolResultsCleared > 0) stages.add('cleared');
        const out = result.messages as Tagged[];
        expect(estimateTokens(out)).toBeLessThanOrEqual(opts.maxPromptTokens);
        expect(result.report.tokensAfter).toBe(estimateTokens(out));
        expect(toolSequenceError(out)).toBeUndefined();

        const indices = out.map((m) => m._i as number);
        expect(indices).toEqual([...indices].sort((a, b) => a - b));
        const systems = messages.filter((m) => m.role === 'system').map((m) => m._i);
        expect(indices.filter((i) => systems.includes(i))).toEqual(systems);
        const task = messages.find((m) => m.role === 'user')?._i as number;
        expect(indices).toContain(task);
        expect(indices.at(-1)).toBe(messages.length - 1);
        const firstAfterSystem = out.find((m) => m.role !== 'system');
        expect(firstAfterSystem?._i).toBe(task);

        // The newest turn reaches the model as sent whenever it fits beside the pinned messages, and the cap
        // and clear stages leave the newest `protectRecent` messages alone.
        const pinned = messages.filter((m) => m.role === 'system' || m._i === task);
        const turnMessages = newestTurn(messages).filter((m) => !pinned.includes(m));
        if (estimateTokens([...pinned, ...turnMessages]) <= opts.maxPromptTokens) {
          for (const message of turnMessages) expect(out.find((m) => m._i === message._i)).toEqual(message);
        }
        if (result.report.stage !== 'hard-cap') {
          for (const message of messages.slice(-opts.protectRecent)) {
            const sent = out.find((m) => m._i === message._i);
            if (sent !== undefined) expect(sent).toEqual(message);
          }
        }
        expect(result.report.protectedRecent).toBeGreaterThanOrEqual(Math.min(messages.length, result.report.stage === 'none' ? messages.length : 1));

        const again = truncateContext(out, opts);
        expect(again.messages).toEqual(out);
        expect(truncateContext(structuredClone(messages), opts).messages).toEqual(out);
      }),
      { numRuns: 250 },
    );
    // The generator must reach every stage, or the invariants above were checked on easy cases only.
    expect([...stages].sort()).toEqual(expect.arrayContaining(['cleared', 'drop', 'hard-cap', 'none']));
  }, 30_000);
});
