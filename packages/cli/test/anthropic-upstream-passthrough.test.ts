import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import Anthropic from '@anthropic-ai/sdk';
import { type AnthropicFakeProvider, createAnthropicFakeProvider } from '@llm-relay/core/testing';
import { type RunningRelay, type RunningServer, serveHandler, startRelay } from 'llm-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_KEY, waitFor } from './helpers.js';

const toolTurn = JSON.parse(readFileSync(new URL('./fixtures/claude-code-tool-result-request.json', import.meta.url), 'utf8'));
const bash: Anthropic.Tool = { name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } };

describe('Claude Code to an Anthropic upstream: same protocol in and out', () => {
  let fake: AnthropicFakeProvider;
  let fakeServer: RunningServer;
  let relay: RunningRelay;
  let client: Anthropic;
  const logs: string[] = [];
  beforeAll(async () => {
    fake = createAnthropicFakeProvider({ apiKey: PROVIDER_KEY, contextWindow: 60_000 });
    fakeServer = await serveHandler(fake.handler, { port: 0 });
    relay = await startRelay({
      port: 0,
      upstreamUrl: fakeServer.url,
      upstreamKey: PROVIDER_KEY,
      upstreamApi: 'anthropic',
      passthroughModels: true,
      context: { models: { 'claude-*': { contextWindow: 60_000, maxOutputTokens: 128_000 } } },
      logDestination: new Writable({
        write(chunk, _encoding, done) {
          logs.push(
            ...String(chunk)
              .split('\n')
              .filter((line) => line !== ''),
          );
          done();
        },
      }),
    });
    client = new Anthropic({ baseURL: relay.url, apiKey: 'client-dummy-key', maxRetries: 0 });
  });
  afterAll(async () => {
    await relay.stop(0);
    await fakeServer.close(0);
  });

  it('forwards a recorded Claude Code request exactly as received, with the provider key as x-api-key', async () => {
    const response = await fetch(`${relay.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'client-dummy-key', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14' },
      body: JSON.stringify(toolTurn),
    });
    expect(response.status).toBe(200);
    await response.text();
    const sent = fake.requests.at(-1)!;
    // Unknown fields, cache_control, the billing line, the mid-conversation system message: all as sent.
    expect(sent.body).toEqual(toolTurn);
    expect(sent.headers['x-api-key']).toBe(PROVIDER_KEY);
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers['anthropic-beta']).toBe('claude-code-20250219,interleaved-thinking-2025-05-14');
  });

  it('holds max_tokens to the output limit of the model, which the context budget assumed, and changes nothing else', async () => {
    const response = await fetch(`${relay.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 200_000, messages: [{ role: 'user', content: 'Hello' }] }),
    });
    expect(response.status).toBe(200);
    expect(fake.requests.at(-1)!.body).toEqual({ model: 'claude-sonnet-4-5', max_tokens: 128_000, messages: [{ role: 'user', content: 'Hello' }] });
  });

  it('passes the upstream stream through and reads its usage, cache reads included, for the log', async () => {
    const request = {
      model: 'claude-sonnet-4-5',
      max_tokens: 1_000,
      system: [{ type: 'text' as const, text: 'rules '.repeat(1_500), cache_control: { type: 'ephemeral' as const } }],
      messages: [{ role: 'user' as const, content: 'Hello' }],
    };
    await client.messages.create(request);
    const message = await client.messages.stream(request).finalMessage();
    expect(message.content[0]?.type).toBe('text');
    expect(message.usage.cache_read_input_tokens).toBeGreaterThan(1_000);
    await waitFor(() => logs.some((line) => line.includes('"cachedTokens"') && line.includes('"stream":true')));
    const line = JSON.parse(logs.filter((entry) => entry.includes('"cachedTokens"')).at(-1) as string) as { cachedTokens: number; promptTokens: number };
    expect(line.cachedTokens).toBe(message.usage.cache_read_input_tokens);
    expect(line.promptTokens).toBe(message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0) + (message.usage.cache_creation_input_tokens ?? 0));
  });

  it('does a tool round trip with thinking blocks and their signatures kept', async () => {
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'USE_TOOL now' }];
    const first = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 2_000, thinking: { type: 'enabled', budget_tokens: 1_024 }, tools: [bash], messages });
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    const use = first.content[1] as Anthropic.ToolUseBlock;
    messages.push({ role: 'assistant', content: first.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'done' }] });
    const second = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 2_000, thinking: { type: 'enabled', budget_tokens: 1_024 }, tools: [bash], messages });
    expect(second.stop_reason).toBe('end_turn');
    expect(fake.requests.at(-1)!.body.messages).toEqual(JSON.parse(JSON.stringify(messages)));
  });

  it('fits an over-long conversation with the fewest edits: kept messages as they were, cleared results in place', async () => {
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: [{ type: 'text', text: 'TASK: fix it' }] }];
    for (let i = 0; i < 30; i += 1) {
      messages.push({
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: `plan ${i}`, signature: `sig-${i}` },
          { type: 'tool_use', id: `toolu_${i}`, name: 'Bash', input: { command: `cat part${i}` } },
        ],
      });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${i}`, content: `line ${i} `.repeat(1_200) }] });
    }
    const { data: message, response } = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 4_000, tools: [bash], messages }).withResponse();
    expect(message.type).toBe('message');
    expect(response.headers.get('x-llm-relay-context')).toMatch(/^stage=(clear|drop)/);
    const client_ = JSON.parse(JSON.stringify(messages)) as Anthropic.MessageParam[];
    const sent = fake.requests.at(-1)!.body.messages as Anthropic.MessageParam[];
    expect(fake.requests.at(-1)!.promptTokens).toBeLessThan(60_000);
    expect(sent[0]).toEqual(client_[0]);
    expect(sent.slice(-4)).toEqual(client_.slice(-4));
    const unchanged = new Set(client_.map((m) => JSON.stringify(m)));
    let cleared = 0;
    for (const m of sent) {
      if (unchanged.has(JSON.stringify(m))) continue;
      // The only edit here: an old tool result's text replaced by the relay's notice, its id and place kept.
      const [block] = m.content as Anthropic.ToolResultBlockParam[];
      expect(m.role).toBe('user');
      expect(block?.type).toBe('tool_result');
      expect(String(block?.content)).toMatch(/^\[llm-relay: this output of the "Bash" tool/);
      cleared += 1;
    }
    expect(cleared).toBeGreaterThan(0);
    // Every assistant message (thinking and signature included) reached the upstream untouched.
    expect(sent.filter((m) => m.role === 'assistant').every((m) => unchanged.has(JSON.stringify(m)))).toBe(true);
  });

  it('counts tokens with the upstream itself', async () => {
    const before = fake.requests.length;
    const counted = await client.messages.countTokens({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hello there' }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(fake.requests.at(-1)?.endpoint).toBe('count_tokens');
    expect(fake.requests.length).toBe(before + 1);
  });

  it('counts a history holding what another upstream wrote as a conversation would send it: without it', async () => {
    // Another upstream's encrypted reasoning and unsigned thinking, as Claude Code keeps them after a fallback.
    const counted = await client.messages.countTokens({
      model: 'claude-sonnet-4-5',
      messages: [
        { role: 'user', content: 'Hello there' },
        {
          role: 'assistant',
          content: [
            { type: 'redacted_thinking', data: 'llm-relay:openai-responses-v1:o:message:rs_1:enc' },
            { type: 'thinking', thinking: 'Unsigned.', signature: '' },
            { type: 'text', text: 'Hi.' },
          ],
        },
        { role: 'user', content: 'Again' },
      ],
    });
    expect(counted.input_tokens).toBeGreaterThan(0);
    const sent = JSON.stringify(fake.requests.at(-1)?.body);
    expect(fake.requests.at(-1)?.endpoint).toBe('count_tokens');
    expect(sent).not.toContain('llm-relay:');
    expect(sent).not.toContain('Unsigned.');
    expect(sent).toContain('Hi.');
  });

  it('passes an upstream error on in Anthropic shape', async () => {
    fake.fail({ status: 529, message: 'Overloaded', times: 3 });
    const error = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });
});

describe('an Anthropic upstream that refuses the relay or lacks an endpoint', () => {
  it('answers a refused provider key with a 502 in Anthropic shape (not a 401 that sends Claude Code to log in)', async () => {
    const fake = createAnthropicFakeProvider({ apiKey: PROVIDER_KEY });
    const fakeServer = await serveHandler(fake.handler, { port: 0 });
    const relay = await startRelay({ port: 0, upstreamUrl: fakeServer.url, upstreamKey: 'sk-wrong-key', upstreamApi: 'anthropic', passthroughModels: true, logLevel: 'silent' });
    try {
      const response = await fetch(`${relay.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'client' },
        body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(response.status).toBe(502);
      const body = (await response.json()) as { type: string; error: { type: string } };
      expect(body).toMatchObject({ type: 'error', error: { type: 'api_error' } });
      expect(JSON.stringify(body)).not.toContain('sk-wrong-key');
    } finally {
      await relay.stop(0);
      await fakeServer.close(0);
    }
  });

  it('counts tokens itself when the upstream has no count_tokens endpoint', async () => {
    const upstream = await serveHandler(async () => Response.json({ type: 'error', error: { type: 'not_found_error', message: 'Not found' } }, { status: 404 }), { port: 0 });
    const relay = await startRelay({ port: 0, upstreamUrl: upstream.url, upstreamKey: PROVIDER_KEY, upstreamApi: 'anthropic', passthroughModels: true, logLevel: 'silent' });
    try {
      const response = await fetch(`${relay.url}/v1/messages/count_tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hello' }] }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ input_tokens: 8 });
    } finally {
      await relay.stop(0);
      await upstream.close(0);
    }
  });
});
