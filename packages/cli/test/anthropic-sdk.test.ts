import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_KEY, startRig, type TestRig } from './helpers.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const firstTurn = fixture('claude-code-messages-request.json');
const toolTurn = fixture('claude-code-tool-result-request.json');

const bash: Anthropic.Tool = { name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } };
const read: Anthropic.Tool = { name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };

describe('the official @anthropic-ai/sdk through /v1/messages to a Chat upstream', () => {
  let rig: TestRig;
  let client: Anthropic;
  beforeAll(async () => {
    rig = await startRig({ parallelToolCalls: 1 });
    client = new Anthropic({ baseURL: rig.relay.url, apiKey: 'dummy', maxRetries: 0 });
  });
  afterAll(() => rig.stop());

  it('gets a whole Message, with usage, and the provider key injected', async () => {
    const message = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1_000, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello' }] });
    expect(message.type).toBe('message');
    expect(message.model).toBe('claude-sonnet-4-5');
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from the fake provider. Last message: "Hello"' }]);
    expect(message.stop_reason).toBe('end_turn');
    const sent = rig.fake.requests.at(-1)!;
    expect(message.usage.input_tokens).toBe(sent.promptTokens);
    expect(sent.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(sent.headers['x-api-key']).toBeUndefined();
    expect(sent.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello' },
    ]);
  });

  it('streams text with every event named and every block closed', async () => {
    const stream = client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1_000, messages: [{ role: 'user', content: 'Hello' }] });
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from the fake provider. Last message: "Hello"' }]);
    expect(types[0]).toBe('message_start');
    expect(types.filter((type) => type === 'content_block_start')).toHaveLength(1);
    expect(types.filter((type) => type === 'content_block_stop')).toHaveLength(1);
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(message.usage.input_tokens).toBe(rig.fake.requests.at(-1)?.promptTokens);
  });

  it('does a tool round trip: tool_use out, tool_result back as a tool message', async () => {
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'List the files' }];
    const first = await client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1_000, tools: [bash], messages }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(use).toMatchObject({ name: 'Bash', input: { command: 'echo fake-tool-ok' } });
    messages.push({ role: 'assistant', content: first.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: use!.id, content: 'a.txt b.txt' }] });
    const second = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1_000, tools: [bash], messages });
    expect(second.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('a.txt b.txt') });
    const sent = rig.fake.requests.at(-1)!.body.messages;
    expect(sent.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: use!.id, function: { name: 'Bash', arguments: '{"command":"echo fake-tool-ok"}' } }] });
    expect(sent.at(-1)).toEqual({ role: 'tool', tool_call_id: use!.id, content: 'a.txt b.txt' });
  });

  it('answers count_tokens locally with the relay counter', async () => {
    const before = rig.fake.stats.requests;
    const counted = await client.messages.countTokens({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hello' }] });
    expect(counted.input_tokens).toBe(8);
    expect(rig.fake.stats.requests).toBe(before);
  });

  it('counts a tool result cut on arrival for what it was (its left-out bytes a token each), not for what was kept', async () => {
    const output = 'PASS src/module.test.ts (12 tests) 31 ms\n'.repeat(250_000);
    const messages = [
      { role: 'user' as const, content: 'run the tests' },
      { role: 'assistant' as const, content: [{ type: 'tool_use' as const, id: 'toolu_1', name: 'bash', input: { command: 'npm test' } }] },
      { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: 'toolu_1', content: output }] },
    ];
    const counted = await client.messages.countTokens({ model: 'claude-sonnet-4-5', messages });
    // 10 MB of log, a 200k window keeps 6.4 MB on arrival: the count still says more than the window, as the whole would.
    expect(counted.input_tokens).toBeGreaterThan(3_500_000);
    expect(counted.input_tokens).toBeLessThanOrEqual(output.length + 10_000);
  });

  it('replays the recorded Claude Code requests; where cache_control sits does not change the upstream bytes', async () => {
    const send = async (body: unknown) => {
      const response = await fetch(`${rig.relay.url}/v1/messages?beta=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'dummy', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'claude-code-20250219' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toMatch(/^event: message_start\n/);
      expect(text.trimEnd()).toMatch(/event: message_stop\ndata: \{"type":"message_stop"\}$/);
      return JSON.stringify(rig.fake.requests.at(-1)!.body);
    };
    await send(firstTurn);
    const recorded = await send(toolTurn);
    // The next turn as Claude Code sends it: the marker moved off the tool result, which became a lone block.
    const moved = structuredClone(toolTurn);
    const result = moved.messages.at(-1).content[0];
    delete result.cache_control;
    moved.messages[0].content.at(-1).cache_control = { type: 'ephemeral' };
    moved.system[1].cache_control = undefined;
    expect(await send(moved)).toBe(recorded);
    const sent = JSON.parse(recorded);
    expect(recorded).not.toContain('cache_control');
    expect(recorded).not.toContain('x-anthropic-billing-header');
    // Claude Code's max_tokens (128,000) is clamped to the upstream model's output limit.
    expect(sent.max_tokens).toBeLessThanOrEqual(8_192);
    expect(sent.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user', 'system', 'assistant', 'tool']);
    expect(sent.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: expect.stringMatching(/^toolu_/) });
  });
});

describe('the @anthropic-ai/sdk: parallel calls, thinking and errors', () => {
  let rig: TestRig;
  let client: Anthropic;
  beforeAll(async () => {
    rig = await startRig({ parallelToolCalls: 3, reasoning: 'Let me think about it.' });
    client = new Anthropic({ baseURL: rig.relay.url, apiKey: 'dummy', maxRetries: 0 });
  });
  afterAll(() => rig.stop());

  it('streams parallel tool calls as separate tool_use blocks, after a thinking block', async () => {
    const message = await client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1_000, tools: [bash, read], messages: [{ role: 'user', content: 'Look around' }] }).finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'tool_use', 'tool_use', 'tool_use']);
    expect(message.content[0]).toMatchObject({ type: 'thinking', thinking: 'Let me think about it.' });
    const uses = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(uses.map((use) => use.name)).toEqual(['Bash', 'Read', 'Bash']);
    expect(new Set(uses.map((use) => use.id)).size).toBe(3);
    expect(uses[1]?.input).toEqual({ path: 'fake' });
  });

  it('sends thinking back as reasoning_content only to upstreams that take it', async () => {
    await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 1_000,
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: '' },
            { type: 'text', text: 'Hello' },
          ],
        },
        { role: 'user', content: 'Again' },
      ],
    });
    expect(rig.fake.requests.at(-1)!.body.messages[1]).toEqual({ role: 'assistant', content: 'Hello' });
  });

  it('answers a malformed request with a 400 in Anthropic shape', async () => {
    const bad = await fetch(`${rig.relay.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'x', messages: 'hi' }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('messages') } });
  });

  it('lists models in a shape the SDK reads', async () => {
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toContain('fake-model');
  });
});

describe('the @anthropic-ai/sdk: errors Claude Code acts on', () => {
  let rig: TestRig;
  let client: Anthropic;
  beforeAll(async () => {
    rig = await startRig({}, { context: { models: { 'fake-model': { contextWindow: 4_000, maxOutputTokens: 1_000 } } } });
    client = new Anthropic({ baseURL: rig.relay.url, apiKey: 'dummy', maxRetries: 0 });
  });
  afterAll(() => rig.stop());

  it('says "prompt is too long: N tokens > M maximum" when even the pinned messages cannot fit', async () => {
    // Sixty system messages are pinned and each is already near the hard cap's floor: nothing can give.
    const messages = [{ role: 'user', content: 'task' }, ...Array.from({ length: 60 }, (_, i) => ({ role: 'system', content: `rule ${i}: ${'keep this rule '.repeat(20)}` }))];
    const response = await fetch(`${rig.relay.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64_000, messages }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^prompt is too long: \d+ tokens > \d+ maximum/);
    expect(rig.fake.stats.requests).toBe(0);
  });

  it('passes a provider 429 on as rate_limit_error with its retry-after', async () => {
    rig.fake.fail({ status: 429, message: 'slow down', headers: { 'retry-after': '30' }, times: 3 });
    const error = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const rateLimited = error as InstanceType<typeof Anthropic.RateLimitError>;
    expect(rateLimited.headers?.get('retry-after')).toBe('30');
    expect(rateLimited.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } });
  });

  it('answers an unknown path in Anthropic shape when the client speaks Anthropic', async () => {
    const response = await fetch(`${rig.relay.url}/v2/nothing`, { headers: { 'anthropic-version': '2023-06-01' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});
