import { spawn } from 'node:child_process';
import Anthropic from '@anthropic-ai/sdk';
import { createResponsesFakeProvider, type ResponsesFakeProvider } from '@llm-relay/core/testing';
import { type RunningRelay, type RunningServer, serveHandler, startRelay } from 'llm-relay';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSession } from '../../core/test/support/agent-session.js';
import { bin, collectOutput, waitForStderr } from './command-output.js';
import { PROVIDER_KEY } from './helpers.js';

// A 1x1 PNG: what an agent attaches when the user pastes a screenshot.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

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

  it("sends a Chat image_url data: URL and a Messages base64 image block up as Responses' input_image", async () => {
    const url = `data:image/png;base64,${PNG}`;
    await openai.chat.completions.create({
      model: 'gpt-4',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image_url', image_url: { url } },
          ],
        },
      ],
    });
    expect(fake.requests.at(-1)?.body.input).toEqual([
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'What is in this picture?' },
          { type: 'input_image', image_url: url, detail: 'auto' },
        ],
      },
    ]);
    await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            { type: 'text', text: 'And this one?' },
          ],
        },
      ],
    });
    const user = (fake.requests.at(-1)!.body.input as Record<string, unknown>[]).filter((item) => item.role === 'user');
    expect(user).toEqual([
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_image', image_url: url, detail: 'auto' },
          { type: 'input_text', text: 'And this one?' },
        ],
      },
    ]);
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

/**
 * The strict fake behind a handler that, when told, cuts its next stream after `keep` events and ends it with
 * `response.failed`, as OpenAI does when the model fails mid-answer: what the fake cannot play itself.
 */
function failingMidStream(fake: ResponsesFakeProvider) {
  const next = { keep: 0 };
  const handler = async (request: Request): Promise<Response> => {
    const response = await fake.handler(request);
    if (next.keep === 0 || response.headers.get('content-type') !== 'text/event-stream') return response;
    const events = (await response.text()).split('\n\n').filter((event) => event !== '');
    const failed = {
      type: 'response.failed',
      sequence_number: next.keep,
      response: { id: 'resp_failed', object: 'response', status: 'failed', error: { code: 'server_error', message: 'The model failed half-way through.' }, output: [] },
    };
    const body = `${events.slice(0, next.keep).join('\n\n')}\n\nevent: response.failed\ndata: ${JSON.stringify(failed)}\n\n`;
    next.keep = 0;
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
  return { handler, next };
}

describe('Chat and Messages streams from a Responses upstream that fails half-way', () => {
  const REPLY = 'A reply long enough to be cut in the middle.';
  let fake: ResponsesFakeProvider;
  let upstream: ReturnType<typeof failingMidStream>;
  let fakeServer: RunningServer;
  let relay: RunningRelay;
  let openai: OpenAI;
  let anthropic: Anthropic;
  beforeAll(async () => {
    // Paced events: with none, a stream that dies is cut before its headers ever leave the fake's socket.
    fake = createResponsesFakeProvider({ apiKey: PROVIDER_KEY, reply: REPLY, chunkDelayMs: 2 });
    upstream = failingMidStream(fake);
    fakeServer = await serveHandler(upstream.handler, { port: 0 });
    relay = await startRelay({ port: 0, upstreamUrl: fakeServer.url, upstreamKey: PROVIDER_KEY, upstreamApi: 'responses', model: 'gpt-5-codex', logLevel: 'silent' });
    openai = new OpenAI({ baseURL: `${relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: relay.url, apiKey: 'dummy', maxRetries: 0 });
  });
  afterAll(async () => {
    await relay.stop(0);
    await fakeServer.close(0);
  });

  /** Reads a Chat stream to its end: the text that arrived, and what the iteration threw (undefined if nothing). */
  async function readChat(): Promise<{ text: string; error: unknown }> {
    let text = '';
    try {
      const stream = await openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }], stream: true });
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    } catch (error) {
      return { text, error };
    }
    return { text, error: undefined };
  }

  /** Reads a Messages stream to its end, as `readChat` does. */
  async function readMessages(): Promise<{ text: string; error: unknown }> {
    let text = '';
    try {
      const stream = anthropic.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }] });
      for await (const event of stream) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    } catch (error) {
      return { text, error };
    }
    return { text, error: undefined };
  }

  /** What arrived was the start of the answer, not nothing and not all of it. */
  function expectCutShort(text: string) {
    expect(text).not.toBe('');
    expect(REPLY.startsWith(text)).toBe(true);
    expect(text).not.toBe(REPLY);
  }

  it('ends an openai SDK Chat stream whose upstream connection drops with an error the iteration throws', async () => {
    // Four events of preamble, then two text deltas, then the connection dies.
    fake.fail({ dropAfterChunks: 6 });
    const { text, error } = await readChat();
    expectCutShort(text);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toMatch(/upstream/i);
    expect((error as InstanceType<typeof OpenAI.APIError>).type).toBe('upstream_error');
  }, 15_000);

  it('ends an @anthropic-ai/sdk Messages stream whose upstream connection drops with an error event the iteration throws', async () => {
    fake.fail({ dropAfterChunks: 6 });
    const { text, error } = await readMessages();
    expectCutShort(text);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringMatching(/upstream/i) } });
  }, 15_000);

  it("ends both clients' streams on the upstream's response.failed with its message, after the text that came", async () => {
    upstream.next.keep = 6;
    const chat = await readChat();
    expectCutShort(chat.text);
    expect(chat.error).toBeInstanceOf(OpenAI.APIError);
    expect((chat.error as Error).message).toContain('The model failed half-way through.');
    upstream.next.keep = 6;
    const messages = await readMessages();
    expectCutShort(messages.text);
    expect(messages.error).toBeInstanceOf(Anthropic.APIError);
    expect((messages.error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { message: expect.stringContaining('The model failed half-way through.') } });
  }, 15_000);
});

describe('llm-relay --demo --upstream-api responses, run as a command', () => {
  it('answers the openai SDK on Chat and the @anthropic-ai/sdk on Messages from its built-in Responses provider', async () => {
    const env = { ...process.env, LLM_PROVIDER_URL: '', LLM_PROVIDER_KEY: '', RELAY_PORT: '' };
    const output = collectOutput(spawn(process.execPath, [bin, '--demo', '--upstream-api', 'responses', '--port', '0'], { env, cwd: '/' }));
    try {
      const url = (await waitForStderr(output))[1] as string;
      const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'dummy', maxRetries: 0 });
      const completion = await openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Ping 123' }] });
      // The fake quotes the user, so the text shows the request made the trip.
      expect(completion.choices[0]?.message.content).toContain('"Ping 123"');
      // Encrypted reasoning in the Responses format comes only from a Responses upstream.
      expect((completion.choices[0]!.message as unknown as { reasoning_details?: unknown[] }).reasoning_details).toEqual([expect.objectContaining({ format: 'openai-responses-v1' })]);
      const chunks = await openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Ping 456' }], stream: true });
      let text = '';
      for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toContain('"Ping 456"');

      const anthropic = new Anthropic({ baseURL: url, apiKey: 'dummy', maxRetries: 0 });
      const tools: Anthropic.Tool[] = [{ name: 'bash', description: 'Run', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } }];
      const task: Anthropic.MessageParam = { role: 'user', content: 'List the files' };
      const calling = await anthropic.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1024, tools, messages: [task] }).finalMessage();
      expect(calling.stop_reason).toBe('tool_use');
      expect(calling.content.find((block) => block.type === 'redacted_thinking')).toMatchObject({ data: expect.stringMatching(/^llm-relay:openai-responses-v1:/) });
      const use = calling.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
      // The demo's provider is the strict one: the sealed reasoning and the paired result must come back intact.
      const answered = await anthropic.messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 1024,
        tools,
        messages: [task, { role: 'assistant', content: calling.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'a.txt' }] }],
      });
      expect(answered.stop_reason).toBe('end_turn');
      expect(answered.content.find((block) => block.type === 'text')).toMatchObject({ text: expect.stringContaining('a.txt') });
    } finally {
      output.child.kill('SIGKILL');
    }
  }, 15_000);
});
