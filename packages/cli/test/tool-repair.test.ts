import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import Anthropic from '@anthropic-ai/sdk';
import { createFakeProvider, DEMO_TOOL_FORMATS, type DemoToolFormat } from '@llm-relay/core/testing';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { serveHandler, startRelay } from 'llm-relay';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROVIDER_KEY, startRig, type TestRig, waitFor } from './helpers.js';

const FAMILIES = DEMO_TOOL_FORMATS.filter((format) => format !== 'broken-json');

const chatTools: OpenAI.Chat.ChatCompletionFunctionTool[] = [
  { type: 'function', function: { name: 'bash', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } } },
  { type: 'function', function: { name: 'read', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } } },
];
const anthropicTools: Anthropic.Tool[] = chatTools.map((t) => ({ name: t.function.name, input_schema: t.function.parameters as Anthropic.Tool.InputSchema }));
const responsesTools: OpenAI.Responses.FunctionTool[] = chatTools.map((t) => ({ type: 'function', name: t.function.name, parameters: t.function.parameters ?? null, strict: false }));
// What the fake model calls with two parallel calls: the shell, then the next tool offered.
const EXPECTED = [
  ['bash', { command: 'echo fake-tool-ok' }],
  ['read', { path: 'fake' }],
];

async function rigFor(format: DemoToolFormat, relay: Parameters<typeof startRig>[1] = {}): Promise<TestRig> {
  return startRig({ toolFormat: format, parallelToolCalls: 2, chunks: 16 }, relay);
}

describe.each(FAMILIES)('tool calls written as %s markup reach every front door as tool calls', (format) => {
  let rig: TestRig;
  let openai: OpenAI;
  let anthropic: Anthropic;
  beforeAll(async () => {
    rig = await rigFor(format);
    openai = new OpenAI({ baseURL: `${rig.relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: rig.relay.url, apiKey: 'dummy', maxRetries: 0 });
  });
  afterAll(() => rig.stop());

  it('chat, whole (openai SDK)', async () => {
    const completion = await openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'List files' }], tools: chatTools });
    const message = completion.choices[0]!.message;
    expect(message.content).toBe('I will run that now.\n');
    expect(message.tool_calls?.map((c) => (c.type === 'function' ? [c.function.name, JSON.parse(c.function.arguments)] : []))).toEqual(EXPECTED);
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('chat, streamed (openai SDK)', async () => {
    const stream = openai.chat.completions.stream({ model: 'gpt-4', messages: [{ role: 'user', content: 'List files' }], tools: chatTools });
    const final = await stream.finalChatCompletion();
    const message = final.choices[0]!.message;
    expect(message.content).toBe('I will run that now.\n');
    expect(message.tool_calls?.map((c) => (c.type === 'function' ? [c.function.name, JSON.parse(c.function.arguments)] : []))).toEqual(EXPECTED);
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('messages, whole and streamed (@anthropic-ai/sdk)', async () => {
    const params = { model: 'claude-sonnet-4-5', max_tokens: 1_000, tools: anthropicTools, messages: [{ role: 'user' as const, content: 'List files' }] };
    for (const message of [await anthropic.messages.create(params), await anthropic.messages.stream(params).finalMessage()]) {
      expect(message.content[0]).toEqual({ type: 'text', text: 'I will run that now.\n' });
      const uses = message.content.filter((block) => block.type === 'tool_use');
      expect(uses.map((block) => [block.name, block.input])).toEqual(EXPECTED);
      expect(message.stop_reason).toBe('tool_use');
    }
  });

  it('responses, whole and streamed (openai SDK)', async () => {
    const params = { model: 'gpt-5-codex', input: 'List files', tools: responsesTools, store: false };
    for (const response of [await openai.responses.create(params), await openai.responses.stream(params).finalResponse()]) {
      const calls = response.output.filter((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall[];
      expect(calls.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual(EXPECTED);
      expect(response.output_text).toBe('I will run that now.\n');
    }
  });

  it('logs each repair and counts it in /metrics', async () => {
    await waitFor(() => rig.logs.some((line) => line.includes('"repaired"')));
    const line = JSON.parse(rig.logs.find((l) => l.includes('"repaired"'))!) as { repaired: { kind: string; family: string; tool: string }[] };
    expect(line.repaired).toContainEqual({ kind: 'text_markup', family: expect.any(String), tool: 'bash' });
    const metrics = await (await fetch(`${rig.relay.url}/metrics`)).text();
    expect(metrics).toMatch(/llm_relay_tool_calls_repaired_total\{kind="text_markup",family="[a-z0-9.-]+"\} [1-9]/);
  });
});

describe('tool-call repair beyond the families', () => {
  it('mends broken JSON arguments of a structured call, whole and streamed', async () => {
    const rig = await rigFor('broken-json');
    try {
      const openai = new OpenAI({ baseURL: `${rig.relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
      const whole = await openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Go' }], tools: chatTools });
      const streamed = await openai.chat.completions.stream({ model: 'gpt-4', messages: [{ role: 'user', content: 'Go' }], tools: chatTools }).finalChatCompletion();
      for (const completion of [whole, streamed]) {
        const calls = completion.choices[0]!.message.tool_calls ?? [];
        expect(calls.map((c) => (c.type === 'function' ? [c.function.name, JSON.parse(c.function.arguments)] : []))).toEqual(EXPECTED);
      }
      await waitFor(() => rig.logs.filter((line) => line.includes('"json_syntax"')).length >= 2);
    } finally {
      await rig.stop();
    }
  });

  it('runs a tool through the AI SDK when the model writes its call as Qwen3-Coder markup', async () => {
    const rig = await startRig({ toolFormat: 'qwen3-coder' });
    try {
      const provider = createOpenAICompatible({ name: 'relay', baseURL: `${rig.relay.url}/v1`, apiKey: 'dummy' });
      const ran: string[] = [];
      const tools = {
        bash: tool({
          inputSchema: z.object({ command: z.string() }),
          execute: async ({ command }) => {
            ran.push(command);
            return 'fake-tool-ok';
          },
        }),
      };
      const whole = await generateText({ model: provider('gpt-4'), prompt: 'List files', tools, stopWhen: stepCountIs(2), maxRetries: 0 });
      expect(whole.steps[0]?.toolCalls.map((call) => call.toolName)).toEqual(['bash']);
      const streamed = streamText({ model: provider('gpt-4'), prompt: 'List files', tools, stopWhen: stepCountIs(2), maxRetries: 0 });
      expect((await streamed.steps)[0]?.toolCalls.map((call) => call.toolName)).toEqual(['bash']);
      expect(ran).toEqual(['echo fake-tool-ok', 'echo fake-tool-ok']);
    } finally {
      await rig.stop();
    }
  });

  it('leaves markup as text with --no-tool-repair', async () => {
    const rig = await rigFor('hermes', { toolRepair: false });
    try {
      const openai = new OpenAI({ baseURL: `${rig.relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
      const completion = await openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Go' }], tools: chatTools });
      expect(completion.choices[0]!.message.content).toContain('<tool_call>');
      expect(completion.choices[0]!.message.tool_calls ?? []).toEqual([]);
    } finally {
      await rig.stop();
    }
  });

  it('leaves markup as text on a route that turns repair off', async () => {
    const fake = createFakeProvider({ toolFormat: 'hermes' });
    const fakeServer = await serveHandler(fake.handler, { port: 0 });
    const relay = await startRelay({
      port: 0,
      logLevel: 'silent',
      upstreams: { fake: { baseURL: fakeServer.url } },
      routes: [
        { match: 'raw', targets: [{ upstream: 'fake', model: 'fake-model' }], toolRepair: false },
        { match: 'gpt-4', targets: [{ upstream: 'fake', model: 'fake-model' }] },
      ],
    });
    try {
      const openai = new OpenAI({ baseURL: `${relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
      const raw = await openai.chat.completions.create({ model: 'raw', messages: [{ role: 'user', content: 'Go' }], tools: chatTools });
      const repaired = await openai.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Go' }], tools: chatTools });
      expect(raw.choices[0]!.message.content).toContain('<tool_call>');
      expect(repaired.choices[0]!.message.tool_calls).toHaveLength(1);
    } finally {
      await relay.stop(0);
      await fakeServer.close(0);
    }
  });

  it('passes plain streamed text through unchanged when tools are offered: same chunks, same text', async () => {
    const rig = await startRig({ chunks: 24, reply: 'Plain <b>text</b> with [brackets], `code` and a < sign.' });
    try {
      const body = JSON.stringify({ model: 'fake-model', stream: true, tool_choice: 'none', messages: [{ role: 'user', content: 'Hi' }], tools: chatTools });
      const post = async (url: string, headers: Record<string, string>) =>
        (await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })).text();
      const events = (sse: string) =>
        sse
          .split('\n\n')
          .filter((e) => e.startsWith('data: {'))
          .map((e) => JSON.parse(e.slice(6)) as { id: string; created: number; choices: { delta: { content?: string } }[] });
      const relayed = events(await post(rig.relay.url, {}));
      const direct = events(await post(rig.fakeServer.url, { authorization: `Bearer ${PROVIDER_KEY}` }));
      const text = (list: typeof relayed) => list.map((e) => e.choices[0]?.delta.content ?? '').join('');
      expect(text(relayed)).toBe('Plain <b>text</b> with [brackets], `code` and a < sign.');
      expect(text(relayed)).toBe(text(direct));
      // Only where a piece ends in what may open markup does text move on to the next chunk.
      const shape = (list: typeof relayed) =>
        list.map((e) => ({ ...e, id: '', created: 0, choices: e.choices.map((c) => ({ ...c, delta: { ...c.delta, content: c.delta.content === undefined ? undefined : '' } })) }));
      expect(shape(relayed)).toEqual(shape(direct));
      const moved = relayed.filter((e, i) => e.choices[0]?.delta.content !== direct[i]?.choices[0]?.delta.content);
      expect(moved.length).toBeLessThanOrEqual(8);
    } finally {
      await rig.stop();
    }
  });
});
