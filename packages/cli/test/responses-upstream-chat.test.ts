import Anthropic from '@anthropic-ai/sdk';
import { createResponsesFakeProvider, type ResponsesFakeProvider } from '@llm-relay/core/testing';
import { type RunningRelay, type RunningServer, serveHandler, startRelay } from 'llm-relay';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSession } from '../../core/test/support/agent-session.js';
import { PROVIDER_KEY } from './helpers.js';

const bash: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'bash', description: 'Run a shell command', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } },
};

describe('Chat and Messages clients to an upstream that speaks only Responses', () => {
  let fake: ResponsesFakeProvider;
  let fakeServer: RunningServer;
  let relay: RunningRelay;
  let openai: OpenAI;
  let anthropic: Anthropic;
  beforeAll(async () => {
    fake = createResponsesFakeProvider({ apiKey: PROVIDER_KEY, reply: 'From the Responses upstream.', reasoning: 'Thinking it over.', contextWindow: 40_000 });
    fakeServer = await serveHandler(fake.handler, { port: 0 });
    relay = await startRelay({
      port: 0,
      upstreamUrl: fakeServer.url,
      upstreamKey: PROVIDER_KEY,
      upstreamApi: 'responses',
      model: 'gpt-5-codex',
      logLevel: 'silent',
      retry: { attempts: 2, baseDelayMs: 10 },
      context: { models: { 'gpt-5-codex': { contextWindow: 40_000, maxOutputTokens: 4_000 } } },
    });
    openai = new OpenAI({ baseURL: `${relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: relay.url, apiKey: 'dummy', maxRetries: 0 });
  });
  afterAll(async () => {
    await relay.stop(0);
    await fakeServer.close(0);
  });

  it('answers a whole chat completion from a stateless Responses request carrying the provider key', async () => {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
      stop: ['END'],
    });
    expect(completion.choices[0]?.message.content).toBe('From the Responses upstream.');
    expect((completion.choices[0]!.message as unknown as { reasoning_content?: string }).reasoning_content).toBe('Thinking it over.');
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    const sent = fake.requests.at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(sent.body).toMatchObject({
      model: 'gpt-5-codex',
      store: false,
      include: ['reasoning.encrypted_content'],
      input: [
        { type: 'message', role: 'system', content: 'Be brief.' },
        { type: 'message', role: 'user', content: 'Hello' },
      ],
    });
  });

  it('streams a chat completion with its usage chunk', async () => {
    const stream = await openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('From the Responses upstream.');
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('runs a tool loop: the call comes back as a Chat tool call, its answer goes up paired as the strict upstream demands', async () => {
    for (const stream of [false, true]) {
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'List the files' }];
      let call: OpenAI.ChatCompletionMessageFunctionToolCall | undefined;
      if (stream) {
        const chunks = await openai.chat.completions.create({ model: 'gpt-4', messages, tools: [bash], stream: true });
        let args = '';
        let id = '';
        let name = '';
        for await (const chunk of chunks) {
          const delta = chunk.choices[0]?.delta.tool_calls?.[0];
          if (delta?.id) id = delta.id;
          if (delta?.function?.name) name = delta.function.name;
          args += delta?.function?.arguments ?? '';
        }
        call = { id, type: 'function', function: { name, arguments: args } };
      } else {
        const completion = await openai.chat.completions.create({ model: 'gpt-4', messages, tools: [bash] });
        expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
        call = completion.choices[0]?.message.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall;
      }
      expect(call.function.name).toBe('bash');
      expect(JSON.parse(call.function.arguments)).toHaveProperty('command');
      messages.push({ role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: 'a.txt b.txt' });
      const after = await openai.chat.completions.create({ model: 'gpt-4', messages, tools: [bash] });
      expect(after.choices[0]?.message.content).toBe('From the Responses upstream.');
      expect(fake.requests.at(-1)?.body.input).toEqual(
        expect.arrayContaining([
          { type: 'function_call', call_id: call.id, name: 'bash', arguments: call.function.arguments },
          { type: 'function_call_output', call_id: call.id, output: 'a.txt b.txt' },
        ]),
      );
    }
  });

  it('answers Claude Code-style Messages requests, whole, streamed and with tools', async () => {
    const message = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }] });
    expect(message.content.find((block) => block.type === 'text')).toMatchObject({ text: 'From the Responses upstream.' });
    const stream = anthropic.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }] });
    const final = await stream.finalMessage();
    expect(final.content.find((block) => block.type === 'text')).toMatchObject({ text: 'From the Responses upstream.' });
    const tools: Anthropic.Tool[] = [{ name: 'bash', description: 'Run', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } }];
    const calling = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024, tools, messages: [{ role: 'user', content: 'List the files' }] });
    expect(calling.stop_reason).toBe('tool_use');
    const use = calling.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    const answered = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      tools,
      messages: [
        { role: 'user', content: 'List the files' },
        { role: 'assistant', content: calling.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'a.txt' }] },
      ],
    });
    expect(answered.stop_reason).toBe('end_turn');
  });

  it('maps errors: a 429 is retried, a refused key comes back as an error without the key', async () => {
    fake.fail({ status: 429, headers: { 'retry-after': '0' } });
    const retried = await openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] });
    expect(retried.choices[0]?.message.content).toBe('From the Responses upstream.');
    fake.fail({ status: 400, message: `Bad thing near ${PROVIDER_KEY}`, times: 1 });
    const failed = await openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(OpenAI.APIError);
    expect((failed as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    expect(String((failed as Error).message)).not.toContain(PROVIDER_KEY);
    fake.fail({ status: 400, message: 'refused' });
    const refused = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hello' }] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    expect((refused as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it("answers a refused provider key as the relay's fault (502), never as a 401 that sends the client to log in", async () => {
    const wrong = await startRelay({ port: 0, upstreamUrl: fakeServer.url, upstreamKey: 'sk-wrong-key-0000', upstreamApi: 'responses', model: 'gpt-5-codex', logLevel: 'silent' });
    try {
      const chat = await new OpenAI({ baseURL: `${wrong.url}/v1`, apiKey: 'dummy', maxRetries: 0 }).chat.completions
        .create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hi' }] })
        .catch((error: unknown) => error);
      expect((chat as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
      const messages = await new Anthropic({ baseURL: wrong.url, apiKey: 'dummy', maxRetries: 0 }).messages
        .create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })
        .catch((error: unknown) => error);
      expect((messages as InstanceType<typeof Anthropic.APIError>).status).toBe(502);
      expect(JSON.stringify(messages)).not.toContain('sk-wrong-key-0000');
    } finally {
      await wrong.stop(0);
    }
  });

  it('keeps a long session inside the window with no rejection from the strict upstream', async () => {
    const { messages, sendPoints } = agentSession({ steps: 60, seed: 7, minToolTokens: 300, maxToolTokens: 4_000 });
    const rejectedBefore = fake.stats.rejected;
    let truncated = 0;
    for (const point of sendPoints.filter((_, index) => index % 6 === 0 || index === sendPoints.length - 1)) {
      const response = await fetch(`${relay.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4', messages: messages.slice(0, point), tools: [bash] }),
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      if (!(response.headers.get('x-llm-relay-context') ?? 'stage=none').startsWith('stage=none')) truncated += 1;
    }
    expect(truncated).toBeGreaterThan(0);
    expect(fake.stats.rejected).toBe(rejectedBefore);
  });
});
