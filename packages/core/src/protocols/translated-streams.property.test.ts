import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAnthropicEvents } from '../../test/support/check-anthropic-events.js';
import { checkResponsesStream } from '../../test/support/check-responses-stream.js';
import { translateChatStream } from '../sse/translate-chat-stream.js';
import { messagesFrontDoor } from './anthropic-messages/messages-front-door.js';
import { responsesFrontDoor } from './openai-responses/responses-front-door.js';

interface Call {
  id: string;
  name: string;
  args: Record<string, unknown>;
  /** Argument pieces; id and name arrive with piece `late` (0 = with the first). */
  pieces: string[];
  late: number;
}

const call = fc
  .record({ name: fc.constantFrom('Bash', 'Read', 'Edit'), value: fc.string({ maxLength: 40 }), cuts: fc.array(fc.nat(60), { maxLength: 6 }), late: fc.nat(3) })
  .map(({ name, value, cuts, late }): Omit<Call, 'id'> => {
    const args = { command: value, n: cuts.length };
    const text = JSON.stringify(args);
    const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
    const pieces = [0, ...points].map((start, i) => text.slice(start, [...points, text.length][i])).filter((piece) => piece !== '');
    return { name, args, pieces, late: Math.min(late, pieces.length - 1) };
  });

interface Scenario {
  text: string[];
  calls: Omit<Call, 'id'>[];
  order: number[];
  ending: 'finish-and-done' | 'finish' | 'done' | 'drop' | 'eof';
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  text: fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 4 }),
  calls: fc.array(call, { maxLength: 3 }),
  order: fc.array(fc.nat(2), { maxLength: 40 }),
  ending: fc.constantFrom('finish-and-done' as const, 'finish' as const, 'done' as const, 'drop' as const, 'eof' as const),
});

/** The upstream Chat SSE of a scenario: text first, then the calls' chunks interleaved as `order` says. */
function upstreamSse(s: Scenario): { sse: string; calls: Call[]; fails: boolean } {
  const chunk = (delta: unknown, finish: string | null = null) => `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const calls: Call[] = s.calls.map((c, i) => ({ ...c, id: `call_${i}` }));
  let sse = chunk({ role: 'assistant', content: '' });
  for (const piece of s.text) sse += chunk({ content: piece });
  const next = calls.map(() => 0);
  const emit = (i: number) => {
    const c = calls[i] as Call;
    const k = next[i] as number;
    next[i] = k + 1;
    const known = k === c.late ? { id: c.id, type: 'function', function: { name: c.name, arguments: c.pieces[k] } } : { function: { arguments: c.pieces[k] } };
    sse += chunk({ tool_calls: [{ index: i, ...known }] });
  };
  for (const pick of s.order) if (calls.length > 0 && (next[pick % calls.length] as number) < (calls[pick % calls.length] as Call).pieces.length) emit(pick % calls.length);
  calls.forEach((c, i) => {
    while ((next[i] as number) < c.pieces.length) emit(i);
  });
  const reason = calls.length > 0 ? 'tool_calls' : 'stop';
  if (s.ending === 'finish-and-done' || s.ending === 'finish') sse += chunk({}, reason);
  if (s.ending === 'finish-and-done' || s.ending === 'done') sse += 'data: [DONE]\n\n';
  return { sse, calls, fails: s.ending === 'drop' || s.ending === 'eof' };
}

function body(sse: string, drop: boolean): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(sse);
  return new ReadableStream({
    start(controller) {
      // Arbitrary byte boundaries: a multi-byte character or an event may be split anywhere.
      for (let i = 0; i < bytes.length; i += 37) controller.enqueue(bytes.slice(i, i + 37));
      if (drop) controller.error(new Error('connection reset'));
      else controller.close();
    },
  });
}

async function translate(door: typeof messagesFrontDoor, request: unknown, s: Scenario) {
  const { sse, calls, fails } = upstreamSse(s);
  const writer = door.decode(request).writer();
  const text = await new Response(translateChatStream(body(sse, s.ending === 'drop'), writer, { idleTimeoutMs: 5_000 })).text();
  return { text, calls, fails };
}

const sortedCalls = (calls: { name: string; args: unknown }[]) => calls.map((c) => JSON.stringify([c.name, c.args])).sort();

describe('upstream Chat streams translated for each front door', () => {
  it('always give a well-formed Anthropic event sequence, with every tool call intact', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { text, calls, fails } = await translate(messagesFrontDoor, { model: 'claude-x', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] }, s);
        const checked = checkAnthropicEvents(text);
        expect(checked.end).toBe(fails ? 'error' : 'message_stop');
        if (fails) return;
        expect(
          checked.blocks
            .filter((b) => b.type === 'text')
            .map((b) => b.text)
            .join(''),
        ).toBe(s.text.join(''));
        const tools = checked.blocks.filter((b) => b.type === 'tool_use').map((b) => ({ name: b.name as string, args: JSON.parse(b.text) }));
        expect(sortedCalls(tools)).toEqual(sortedCalls(calls));
        expect(checked.stopReason).toBe(calls.length > 0 ? 'tool_use' : 'end_turn');
      }),
      { numRuns: 300 },
    );
  });

  it('always give a complete Responses event sequence, with every tool call intact', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { text, calls, fails } = await translate(
          responsesFrontDoor,
          { model: 'gpt-x', stream: true, input: 'hi', tools: ['Bash', 'Read', 'Edit'].map((name) => ({ type: 'function', name, parameters: { type: 'object', properties: {} } })) },
          s,
        );
        const checked = checkResponsesStream(text);
        expect(checked.terminal).toBe(fails ? 'response.failed' : 'response.completed');
        if (fails) return;
        const output = checked.response.output as { type: string; name?: string; arguments?: string; content?: { text: string }[] }[];
        expect(
          output
            .filter((item) => item.type === 'message')
            .flatMap((item) => item.content ?? [])
            .map((part) => part.text)
            .join(''),
        ).toBe(s.text.join(''));
        const tools = output.filter((item) => item.type === 'function_call').map((item) => ({ name: item.name as string, args: JSON.parse(item.arguments as string) }));
        expect(sortedCalls(tools)).toEqual(sortedCalls(calls));
      }),
      { numRuns: 300 },
    );
  });
});
