import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_KEY, startRig, type TestRig } from './helpers.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const codexFirst = fixture('codex-responses-request.json');
const codexToolOutput = fixture('codex-responses-tool-output-request.json');

const shell: OpenAI.Responses.FunctionTool = { type: 'function', name: 'exec_command', strict: false, parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] } };
const readFile: OpenAI.Responses.FunctionTool = { type: 'function', name: 'read_file', strict: false, parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };

describe('the openai SDK through /v1/responses to a Chat upstream', () => {
  let rig: TestRig;
  let client: OpenAI;
  beforeAll(async () => {
    rig = await startRig();
    client = new OpenAI({ baseURL: `${rig.relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
  });
  afterAll(() => rig.stop());

  it('answers responses.create with a Response object and usage', async () => {
    const response = await client.responses.create({ model: 'gpt-5-codex', instructions: 'Be brief.', input: 'Hello', store: false });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('Hello from the fake provider. Last message: "Hello"');
    const sent = rig.fake.requests.at(-1)!;
    expect(response.usage?.input_tokens).toBe(sent.promptTokens);
    expect(sent.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(sent.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello' },
    ]);
    expect(sent.body).not.toHaveProperty('store');
  });

  it('streams with responses.stream: the full event sequence, ending in response.completed', async () => {
    const stream = client.responses.stream({ model: 'gpt-5-codex', input: 'Hello' });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('Hello from the fake provider. Last message: "Hello"');
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types).toEqual(
      expect.arrayContaining(['response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.done', 'response.output_item.done']),
    );
    expect(types.at(-1)).toBe('response.completed');
    expect(final.usage?.input_tokens).toBe(rig.fake.requests.at(-1)?.promptTokens);
  });

  it('does a function tool round trip, the call and its output one assistant message and one tool message', async () => {
    const first = await client.responses.stream({ model: 'gpt-5-codex', input: 'Run it', tools: [shell] }).finalResponse();
    const call = first.output.find((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall | undefined;
    expect(call).toMatchObject({ name: 'exec_command', arguments: '{"cmd":"echo fake-tool-ok"}' });
    const second = await client.responses.create({
      model: 'gpt-5-codex',
      tools: [shell],
      input: [{ role: 'user', content: 'Run it' }, call!, { type: 'function_call_output', call_id: call!.call_id, output: 'fake-tool-ok' }],
    });
    expect(second.output_text).toContain('fake-tool-ok');
    const sent = rig.fake.requests.at(-1)!.body.messages;
    expect(sent.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: call!.call_id, function: { name: 'exec_command' } }] });
    expect(sent.at(-1)).toEqual({ role: 'tool', tool_call_id: call!.call_id, content: 'fake-tool-ok' });
  });

  it('answers a custom (freeform) tool with a custom_tool_call item carrying the raw input', async () => {
    const applyPatch = { type: 'custom', name: 'apply_patch', description: 'Apply a patch' } as const;
    const response = await client.responses.create({ model: 'gpt-5-codex', input: 'Patch it', tools: [applyPatch] });
    expect(response.output[0]).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', input: 'fake' });
    const sentTool = (rig.fake.requests.at(-1)!.body.tools as { function: { name: string; parameters: unknown } }[])[0];
    expect(sentTool?.function.name).toBe('apply_patch');
  });

  it('replays the recorded Codex requests: namespaces flattened, hosted tools dropped, Codex-only fields not forwarded', async () => {
    for (const body of [codexFirst, codexToolOutput]) {
      const response = await fetch(`${rig.relay.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer dummy' }, body: JSON.stringify(body) });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text.trimEnd().split('\n\n').at(-1)).toMatch(/^event: response\.completed\n/);
    }
    const sent = rig.fake.requests.at(-1)!.body;
    for (const field of ['store', 'include', 'prompt_cache_key', 'client_metadata', 'reasoning']) expect(sent).not.toHaveProperty(field);
    const names = (sent.tools as { function: { name: string } }[]).map((tool) => tool.function.name);
    expect(names.every((name) => /^[a-zA-Z0-9_-]{1,64}$/.test(name))).toBe(true);
    expect(names).toContain('exec_command');
    expect(names.some((name) => name.startsWith('multi_agent_v1__'))).toBe(true);
    expect(sent.messages[0]?.role).toBe('system');
    expect(sent.messages.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_fake_mwy93scfrec7', function: { name: 'exec_command', arguments: '{"cmd":"echo fake-tool-ok"}' } }] });
    expect(sent.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_fake_mwy93scfrec7' });
  });

  it('says the relay is stateless when asked for previous_response_id', async () => {
    const error = await client.responses.create({ model: 'gpt-5-codex', input: 'Hi', previous_response_id: 'resp_123' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/stateless/);
  });
});

describe('the openai SDK through /v1/responses: parallel calls, reasoning and errors', () => {
  let rig: TestRig;
  let client: OpenAI;
  beforeAll(async () => {
    rig = await startRig({ parallelToolCalls: 2, reasoning: 'Thinking it over.' });
    client = new OpenAI({ baseURL: `${rig.relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
  });
  afterAll(() => rig.stop());

  it('streams a reasoning item and parallel calls as separate function_call items', async () => {
    const final = await client.responses.stream({ model: 'gpt-5-codex', input: 'Look around', tools: [shell, readFile] }).finalResponse();
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'function_call', 'function_call']);
    expect(final.output[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking it over.' }] });
    const calls = final.output.filter((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall[];
    expect(calls.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['exec_command', { cmd: 'echo fake-tool-ok' }],
      ['read_file', { path: 'fake' }],
    ]);
  });

  it('answers a provider 429 with code rate_limit_exceeded in OpenAI shape', async () => {
    rig.fake.fail({ status: 429, message: 'Rate limit reached. Please try again in 30s.', headers: { 'retry-after': '30' }, times: 3 });
    const error = await client.responses.create({ model: 'gpt-5-codex', input: 'Hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('30');
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('rate_limit_exceeded');
  });
});

describe('the openai SDK through /v1/responses: a conversation that cannot fit', () => {
  let rig: TestRig;
  beforeAll(async () => {
    rig = await startRig({}, { context: { models: { 'fake-model': { contextWindow: 4_000, maxOutputTokens: 1_000 } } } });
  });
  afterAll(() => rig.stop());

  it('answers 400 with code context_length_exceeded, which Codex reacts to', async () => {
    const client = new OpenAI({ baseURL: `${rig.relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
    const input = Array.from({ length: 60 }, (_, i) => ({ role: 'developer' as const, content: `rule ${i}: ${'keep this rule '.repeat(20)}` }));
    const error = await client.responses.create({ model: 'gpt-5-codex', input: [{ role: 'user', content: 'task' }, ...input] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('context_length_exceeded');
    expect(rig.fake.stats.requests).toBe(0);
  });
});
