import { clearTokenCaches } from '@llm-relay/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startRig, type TestRig } from './helpers.js';

let rig: TestRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

/**
 * Sends one large request and, while it is in the relay, health checks back to back: some must come back
 * before the large one does. A request that held the event loop from its first byte to its answer (a
 * whole-body parse, a pass over every message in one go) would let none through.
 */
async function answeredWhileHealthy(url: string, path: string, body: unknown): Promise<{ status: number; healthBefore: number; json: unknown }> {
  clearTokenCaches();
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  let done = false;
  const big = fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: bytes }).then(async (response) => {
    const json = (await response.json()) as unknown;
    done = true;
    return { status: response.status, json };
  });
  let healthBefore = 0;
  while (!done) {
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    await health.arrayBuffer();
    if (!done) healthBefore += 1;
  }
  return { ...(await big), healthBefore };
}

const tool = (name: string) => ({
  type: 'function',
  function: { name, description: `The ${name} tool.`, parameters: { type: 'object', properties: { path: { type: 'string' }, n: { type: 'integer' } }, required: ['path'] } },
});

describe('every large shape of request is answered while the relay keeps answering others', () => {
  it('50,000 short messages (Chat), cut to the window', async () => {
    rig = await startRig();
    const messages = Array.from({ length: 50_000 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `step ${i}: ran the tests, ${i % 7} failures left` }));
    const result = await answeredWhileHealthy(rig.relay.url, '/v1/chat/completions', { model: 'gpt-4', messages });
    expect(result.status).toBe(200);
    expect(result.healthBefore).toBeGreaterThan(0);
    const sent = rig.fake.requests.at(-1)!;
    expect(sent.body.messages[0]).toEqual(messages[0]);
    expect(sent.body.messages.at(-1)).toEqual(messages.at(-1));
    expect(sent.promptTokens).toBeLessThanOrEqual(196_608);
  }, 60_000);

  it('a 20 MB tool output in the newest turn (Chat), capped', async () => {
    rig = await startRig();
    const output = 'PASS src/module.test.ts (12 tests) 31 ms\n'.repeat(500_000);
    const messages = [
      { role: 'user', content: 'run the tests' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'bash', arguments: '{"command":"npm test"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: output },
    ];
    const result = await answeredWhileHealthy(rig.relay.url, '/v1/chat/completions', { model: 'gpt-4', messages });
    expect(result.status).toBe(200);
    expect(result.healthBefore).toBeGreaterThan(0);
    const sent = rig.fake.requests.at(-1)!;
    const kept = String(sent.body.messages[2]?.content);
    // Cut on arrival to what the model's window could keep, then by the engine: one notice, counting both cuts.
    expect(kept.match(/tokens omitted by llm-relay/g)).toHaveLength(1);
    expect(Number(/([\d,]+) tokens omitted/.exec(kept)?.[1]?.replaceAll(',', ''))).toBeGreaterThan(19_000_000);
    expect(output.startsWith(kept.slice(0, kept.indexOf('\n[...')))).toBe(true);
    expect(output.endsWith(kept.slice(kept.indexOf('...]\n') + 5))).toBe(true);
    const line = rig.logs.map((text) => JSON.parse(text) as { path?: string; cutOnArrival?: unknown }).find((entry) => entry.path === '/v1/chat/completions');
    expect(line?.cutOnArrival).toEqual({ texts: 1, bytes: expect.any(Number) });
  }, 60_000);

  it('a 20 MB tool result (Anthropic Messages) and function output (Responses), cut on arrival like a Chat one', async () => {
    rig = await startRig();
    const output = 'ok 1 - src/parser.test.ts > reads a line\n'.repeat(500_000);
    const messages = [
      { role: 'user', content: 'run the tests' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'bash', input: { command: 'npm test' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: output }] },
    ];
    const anthropic = await answeredWhileHealthy(rig.relay.url, '/v1/messages', { model: 'claude-sonnet-4', max_tokens: 100, messages });
    expect([anthropic.status, anthropic.healthBefore > 0]).toEqual([200, true]);
    expect(String(rig.fake.requests.at(-1)!.body.messages.at(-1)?.content)).toMatch(/^ok 1 .*tokens omitted by llm-relay.*reads a line\n$/s);
    const input = [
      { role: 'user', content: 'run the tests' },
      { type: 'function_call', call_id: 'c1', name: 'bash', arguments: '{"command":"npm test"}' },
      { type: 'function_call_output', call_id: 'c1', output },
    ];
    const responses = await answeredWhileHealthy(rig.relay.url, '/v1/responses', { model: 'gpt-5', input });
    expect([responses.status, responses.healthBefore > 0]).toEqual([200, true]);
    expect(String(rig.fake.requests.at(-1)!.body.messages.at(-1)?.content)).toMatch(/^ok 1 .*tokens omitted by llm-relay.*reads a line\n$/s);
    const cut = rig.logs.map((text) => JSON.parse(text) as { cutOnArrival?: { texts: number } }).filter((entry) => entry.cutOnArrival !== undefined);
    expect(cut.map((entry) => entry.cutOnArrival?.texts)).toEqual([1, 1]);
  }, 60_000);

  it('1,000 tools offered (Chat), and 5,000, which cannot fit the window, refused in the Chat error shape', async () => {
    rig = await startRig();
    const request = (count: number) => ({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }], tools: Array.from({ length: count }, (_, i) => tool(`tool_${i}`)) });
    const fits = await answeredWhileHealthy(rig.relay.url, '/v1/chat/completions', request(1_000));
    expect([fits.status, fits.healthBefore > 0]).toEqual([200, true]);
    expect(rig.fake.requests.at(-1)!.body.tools).toHaveLength(1_000);
    const over = await answeredWhileHealthy(rig.relay.url, '/v1/chat/completions', request(5_000));
    expect([over.status, over.healthBefore > 0]).toEqual([400, true]);
    expect(over.json).toMatchObject({ error: { code: 'context_length_exceeded', type: 'invalid_request_error' } });
  }, 60_000);

  it('one message of 20,000 content blocks (Anthropic Messages)', async () => {
    rig = await startRig();
    const content = Array.from({ length: 20_000 }, (_, i) => ({ type: 'text', text: `block ${i} of the listing` }));
    const result = await answeredWhileHealthy(rig.relay.url, '/v1/messages', { model: 'claude-sonnet-4', max_tokens: 100, messages: [{ role: 'user', content }] });
    expect(result.json).toMatchObject({ type: 'message' });
    expect(result.status).toBe(200);
  }, 60_000);

  it('an assistant turn of 2,000 tool calls with their results (Responses)', async () => {
    rig = await startRig();
    const input: unknown[] = [{ role: 'user', content: 'check every file' }];
    for (let i = 0; i < 2_000; i += 1) input.push({ type: 'function_call', call_id: `c${i}`, name: 'read', arguments: `{"path":"src/file${i}.ts"}` });
    for (let i = 0; i < 2_000; i += 1) input.push({ type: 'function_call_output', call_id: `c${i}`, output: `export const x${i} = ${i};` });
    const result = await answeredWhileHealthy(rig.relay.url, '/v1/responses', {
      model: 'gpt-5',
      input,
      tools: [{ type: 'function', name: 'read', parameters: { type: 'object', properties: { path: { type: 'string' } } } }],
    });
    expect(result.status).toBe(200);
    expect(rig.fake.requests.at(-1)!.body.messages.filter((m: { role: string }) => m.role === 'tool')).toHaveLength(2_000);
  }, 60_000);
});
