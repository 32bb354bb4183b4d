import { describe, expect, it, vi } from 'vitest';
import { agentSession } from '../../test/support/agent-session.js';
import { capMessage } from './cap-message.js';
import { estimateTokens } from './estimate-tokens.js';
import { prepareCooperatively } from './prepare-cooperatively.js';
import { clearTokenCaches } from './tokenizer.js';
import { truncateContext } from './truncate-context.js';

function pseudoRandomText(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let seed = 7;
  let text = '';
  for (let i = 0; i < length; i += 1) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    text += alphabet[seed % 64];
  }
  return text;
}

describe('prepareCooperatively', () => {
  it('gives exactly what the synchronous engine gives', async () => {
    const { messages } = agentSession({ steps: 60, seed: 3, minToolTokens: 300, maxToolTokens: 12_000 });
    const options = { contextWindow: 60_000, reserveOutputTokens: 4_000 };
    clearTokenCaches();
    const cooperative = await prepareCooperatively(() => truncateContext(messages, options));
    clearTokenCaches();
    const direct = truncateContext(messages, options);
    expect(cooperative.messages).toEqual(direct.messages);
    expect(cooperative.report).toEqual(direct.report);
  });

  it('lets timers run while it counts a large text', async () => {
    clearTokenCaches();
    const blob = pseudoRandomText(300_000);
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 0);
    const tokens = await prepareCooperatively(() => estimateTokens([{ role: 'tool', tool_call_id: 'c1', content: blob }]), { sliceMs: 2 });
    clearInterval(timer);
    expect(tokens).toBe(estimateTokens([{ role: 'tool', tool_call_id: 'c1', content: blob }]));
    // Hundreds of milliseconds of BPE: without slicing the interval could not fire before the count is done.
    expect(ticks).toBeGreaterThan(1);
  });

  it('reads long tool-call arguments in slices, and cuts them as the synchronous engine does', async () => {
    const content = pseudoRandomText(400_000);
    const message = {
      role: 'assistant' as const,
      content: '',
      tool_calls: [{ id: 'c1', type: 'function' as const, function: { name: 'write', arguments: JSON.stringify({ path: 'a.txt', content }) } }],
    };
    clearTokenCaches();
    const parse = vi.spyOn(JSON, 'parse');
    const cooperative = await prepareCooperatively(() => capMessage(message, 2_000));
    const longest = Math.max(...parse.mock.calls.map(([text]) => text.length));
    parse.mockRestore();
    // A whole parse of the 400 KB arguments would be one long step; in slices the longest piece is a piece of
    // its long string (four chunks, decoded as a quoted literal).
    expect(longest).toBeLessThanOrEqual(4 * 65_536 + 2);
    clearTokenCaches();
    expect(cooperative).toEqual(capMessage(message, 2_000));
    const args = JSON.parse(cooperative.tool_calls?.[0]?.function.arguments ?? '') as { path: string; content: string };
    expect(args.path).toBe('a.txt');
    expect(args.content).toMatch(/tokens omitted by llm-relay/);
  });

  it('remembers long arguments that are not JSON: a later preparation runs the engine once', async () => {
    const message = {
      role: 'assistant' as const,
      content: '',
      tool_calls: [{ id: 'c1', type: 'function' as const, function: { name: 'write', arguments: `{"content":"${pseudoRandomText(150_000)}` } }],
    };
    const prepare = async () => {
      let runs = 0;
      await prepareCooperatively(() => {
        runs += 1;
        return capMessage(message, 2_000);
      });
      return runs;
    };
    expect(await prepare()).toBeGreaterThan(1);
    expect(await prepare()).toBe(1);
  });

  it('stops with a 499 when the client has gone', async () => {
    clearTokenCaches();
    const controller = new AbortController();
    controller.abort();
    const work = prepareCooperatively(() => estimateTokens(pseudoRandomText(300_000)), { signal: controller.signal, sliceMs: 0 });
    await expect(work).rejects.toMatchObject({ status: 499, code: 'client_closed_request' });
  });

  it('does not depend on room in the caches: what it counted stays counted for the whole preparation', async () => {
    const { messages } = agentSession({ steps: 40, seed: 5, minToolTokens: 300, maxToolTokens: 20_000 });
    const options = { contextWindow: 30_000, reserveOutputTokens: 4_000 };
    clearTokenCaches();
    const direct = truncateContext(messages, options);
    // Every run starts on empty process-wide caches, as if other requests had pushed everything out (or a
    // string were too large to store): counts and cuts still carry from one round to the next, so the
    // preparation settles in a few rounds instead of running out of them and counting synchronously.
    let runs = 0;
    const cooperative = await prepareCooperatively(() => {
      runs += 1;
      clearTokenCaches();
      return truncateContext(messages, options);
    });
    expect(cooperative.messages).toEqual(direct.messages);
    expect(runs).toBeLessThanOrEqual(4);
  });
});
