import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { type AnthropicFakeProvider, createAnthropicFakeProvider } from '@llm-relay/core/testing';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { type RunningRelay, type RunningServer, serveHandler, startRelay } from 'llm-relay';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROVIDER_KEY } from './helpers.js';

describe('OpenAI-chat clients to an Anthropic upstream', () => {
  let fake: AnthropicFakeProvider;
  let fakeServer: RunningServer;
  let relay: RunningRelay;
  let client: OpenAI;
  beforeAll(async () => {
    fake = createAnthropicFakeProvider({ apiKey: PROVIDER_KEY, cacheMinTokens: 100 });
    fakeServer = await serveHandler(fake.handler, { port: 0 });
    relay = await startRelay({
      port: 0,
      upstreamUrl: fakeServer.url,
      upstreamKey: PROVIDER_KEY,
      upstreamApi: 'anthropic',
      model: 'claude-sonnet-4-5',
      logLevel: 'silent',
      retry: { attempts: 2, baseDelayMs: 10 },
    });
    client = new OpenAI({ baseURL: `${relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
  });
  afterAll(async () => {
    await relay.stop(0);
    await fakeServer.close(0);
  });

  const system = `You are a careful coding agent. ${'Follow the house rules. '.repeat(60)}`;

  it('answers a chat completion, sends Messages with the key as x-api-key and cache breakpoints, and reports cache reads', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'system', content: system },
      { role: 'user', content: 'Hello' },
    ];
    await client.chat.completions.create({ model: 'gpt-4', messages });
    const second = await client.chat.completions.create({ model: 'gpt-4', messages });
    expect(second.choices[0]?.message.content).toContain('Hello');
    const sent = fake.requests.at(-1)!;
    expect(sent.headers['x-api-key']).toBe(PROVIDER_KEY);
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.body.model).toBe('claude-sonnet-4-5');
    expect(typeof sent.body.max_tokens).toBe('number');
    expect(JSON.stringify(sent.body)).toContain('"cache_control"');
    // The second identical request reads the system prompt and the task from the cache.
    const usage = second.usage as OpenAI.CompletionUsage;
    expect(usage.prompt_tokens_details?.cached_tokens).toBeGreaterThan(0);
    expect(usage.prompt_tokens).toBe(sent.cache!.input_tokens + sent.cache!.cache_read_input_tokens + sent.cache!.cache_creation_input_tokens);
    // The reads and writes are counted for Prometheus too.
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    const counter = (name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
    expect(counter('llm_relay_cache_read_tokens_total')).toBeGreaterThanOrEqual(usage.prompt_tokens_details?.cached_tokens ?? 1);
    expect(counter('llm_relay_cache_write_tokens_total')).toBeGreaterThan(0);
  });

  it('streams, tool call and usage included, and takes the tool result back as a tool_result block', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'Bash', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } } }];
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'system', content: system },
      { role: 'user', content: 'USE_TOOL please' },
    ];
    const stream = await client.chat.completions.create({ model: 'gpt-4', messages, tools, stream: true, stream_options: { include_usage: true } });
    const calls: Record<number, { id?: string; name?: string; args: string }> = {};
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        const entry = (calls[call.index] ??= { args: '' });
        entry.id ??= call.id;
        entry.name ??= call.function?.name;
        entry.args += call.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(finish).toBe('tool_calls');
    const call = calls[0]!;
    expect(call.name).toBe('Bash');
    expect(JSON.parse(call.args)).toHaveProperty('command');
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    messages.push({ role: 'assistant', content: null, tool_calls: [{ id: call.id!, type: 'function', function: { name: 'Bash', arguments: call.args } }] });
    messages.push({ role: 'tool', tool_call_id: call.id!, content: 'a.ts b.ts' });
    const answer = await client.chat.completions.create({ model: 'gpt-4', messages, tools });
    expect(answer.choices[0]?.finish_reason).toBe('stop');
    const sent = fake.requests.at(-1)!.body.messages as { role: string; content: { type: string; tool_use_id?: string }[] }[];
    expect(sent.at(-1)?.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: call.id });
  });

  it('works with the AI SDK, generateText with a tool and streamText', async () => {
    const provider = createOpenAICompatible({ name: 'relay', baseURL: `${relay.url}/v1`, apiKey: 'dummy', includeUsage: true });
    const seen: string[] = [];
    const result = await generateText({
      model: provider('gpt-4'),
      prompt: 'USE_TOOL now',
      maxRetries: 0,
      stopWhen: stepCountIs(3),
      tools: {
        Bash: tool({
          description: 'run',
          inputSchema: z.object({ command: z.string() }),
          execute: async ({ command }) => {
            seen.push(command);
            return 'done';
          },
        }),
      },
    });
    expect(seen).toHaveLength(1);
    expect(result.steps).toHaveLength(2);
    const streamed = streamText({ model: provider('gpt-4'), prompt: 'Hello', maxRetries: 0 });
    expect((await streamed.text).length).toBeGreaterThan(0);
    expect((await streamed.usage).inputTokens).toBeGreaterThan(0);
  });

  it('retries an overloaded upstream (529) as a 503, and maps a persistent one to 503 for the client', async () => {
    fake.fail({ status: 529, message: 'Overloaded' });
    const ok = await client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] });
    expect(ok.choices[0]?.message.content).toBeTruthy();
    fake.fail({ status: 529, message: 'Overloaded', times: 2 });
    const error = await client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
  });

  it('reaches the Anthropic upstream from /v1/responses too', async () => {
    const response = await client.responses.create({ model: 'gpt-5-codex', input: 'Hello' });
    expect(response.status).toBe('completed');
    expect(response.output_text).toContain('Hello');
    expect(fake.requests.at(-1)?.endpoint).toBe('messages');
  });

  it('streams a tool call to /v1/responses from the Anthropic upstream, and answers its error in Responses shape', async () => {
    const bash = { type: 'function' as const, name: 'bash', strict: false, parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } };
    const stream = await client.responses.create({ model: 'gpt-5-codex', input: 'List the files.', tools: [bash], tool_choice: 'required', stream: true });
    const types: string[] = [];
    let call: { name?: string; arguments?: string } | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_item.done' && event.item.type === 'function_call') call = event.item;
    }
    expect(types.at(-1)).toBe('response.completed');
    expect(call?.name).toBe('bash');
    expect(JSON.parse(call?.arguments ?? '{}')).toHaveProperty('command');
    expect(fake.requests.at(-1)?.endpoint).toBe('messages');
    fake.fail({ status: 400, message: 'messages: text content blocks must be non-empty' });
    const error = await client.responses.create({ model: 'gpt-5-codex', input: 'Hello' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toContain('text content blocks must be non-empty');
  });
});
