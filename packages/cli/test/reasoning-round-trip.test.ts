import Anthropic from '@anthropic-ai/sdk';
import { createAnthropicFakeProvider, createFakeProvider, type FakeProvider } from '@llm-relay/core/testing';
import { type RunningRelay, type RunningServer, serveHandler, startRelay } from 'llm-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_KEY } from './helpers.js';

const TURNS = 14;
// Each tool output is a few thousand tokens, so a 40k window is passed half-way and the relay cuts.
const toolOutput = (turn: number) => Array.from({ length: 400 }, (_, line) => `src/module_${turn}_${line}.ts: ok (${line} ms)`).join('\n');

/** A strict DeepSeek-like upstream in thinking mode and a relay in front of it, configured by the caller. */
async function deepseekRig(reasoningContent?: boolean): Promise<{ fake: FakeProvider; relay: RunningRelay; stop(): Promise<void> }> {
  const fake = createFakeProvider({ apiKey: PROVIDER_KEY, requireReasoningBack: true, contextWindow: 40_000 });
  const server: RunningServer = await serveHandler(fake.handler, { port: 0 });
  const relay = await startRelay({
    port: 0,
    upstreamUrl: server.url,
    upstreamKey: PROVIDER_KEY,
    model: 'deepseek-v4-pro',
    reasoningContent,
    logLevel: 'silent',
    context: { models: { 'deepseek-v4-pro': { contextWindow: 40_000, maxOutputTokens: 4_000 } } },
  });
  const stop = async () => {
    await relay.stop(0);
    await server.close(0);
  };
  return { fake, relay, stop };
}

/** Claude Code's loop: every turn asks, gets thinking and a tool call, answers it, gets the final text. */
async function messagesSession(relay: RunningRelay): Promise<{ failures: number; truncated: number }> {
  const client = new Anthropic({ baseURL: relay.url, apiKey: 'dummy', maxRetries: 0 });
  const tools: Anthropic.Tool[] = [{ name: 'bash', description: 'Run', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } }];
  const messages: Anthropic.MessageParam[] = [];
  let failures = 0;
  let truncated = 0;
  for (let turn = 0; turn < TURNS; turn += 1) {
    messages.push({ role: 'user', content: turn === 0 ? 'TASK: make the tests pass.' : `Now check part ${turn}.` });
    for (let step = 0; step < 2; step += 1) {
      const { data, response } = await client.messages
        .create({ model: 'claude-sonnet-4-5', max_tokens: 2_000, tools, messages, thinking: { type: 'enabled', budget_tokens: 1_024 } })
        .withResponse()
        .catch((error: unknown) => {
          failures += 1;
          throw error;
        });
      if (!(response.headers.get('x-llm-relay-context') ?? 'stage=none').startsWith('stage=none')) truncated += 1;
      expect(data.content[0]?.type).toBe('thinking');
      messages.push({ role: 'assistant', content: data.content });
      const use = data.content.find((block) => block.type === 'tool_use');
      if (use === undefined) break;
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: toolOutput(turn) }] });
    }
  }
  return { failures, truncated };
}

/** Codex's loop, over raw Responses: the output items (reasoning among them) go back as input next time. */
async function responsesSession(relay: RunningRelay): Promise<{ failures: number; truncated: number }> {
  const tools = [{ type: 'function', name: 'bash', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } }];
  const input: Record<string, unknown>[] = [];
  let failures = 0;
  let truncated = 0;
  for (let turn = 0; turn < TURNS; turn += 1) {
    input.push({ type: 'message', role: 'user', content: turn === 0 ? 'TASK: make the tests pass.' : `Now check part ${turn}.` });
    for (let step = 0; step < 2; step += 1) {
      const response = await fetch(`${relay.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-5-codex', input, tools, store: false, include: ['reasoning.encrypted_content'] }),
      });
      if (response.status !== 200) {
        failures += 1;
        break;
      }
      if (!(response.headers.get('x-llm-relay-context') ?? 'stage=none').startsWith('stage=none')) truncated += 1;
      const output = ((await response.json()) as { output: Record<string, unknown>[] }).output;
      expect(output[0]?.type).toBe('reasoning');
      input.push(...output);
      const call = output.find((item) => item.type === 'function_call');
      if (call === undefined) break;
      input.push({ type: 'function_call_output', call_id: call.call_id, output: toolOutput(turn) });
    }
  }
  return { failures, truncated };
}

describe('reasoning round trip to a DeepSeek thinking model, from clients that carry it in their own protocol', () => {
  let rig: Awaited<ReturnType<typeof deepseekRig>>;
  beforeAll(async () => {
    rig = await deepseekRig();
  });
  afterAll(() => rig.stop());

  it("Claude Code's thinking blocks go back as reasoning_content through a long, cut session: zero rejections", async () => {
    const { failures, truncated } = await messagesSession(rig.relay);
    expect(failures).toBe(0);
    expect(truncated).toBeGreaterThan(0);
    expect(rig.fake.stats.rejected).toBe(0);
    const last = rig.fake.requests.at(-1)!.body.messages.filter((message) => message.role === 'assistant');
    expect(last.length).toBeGreaterThan(0);
    for (const message of last) expect(message.reasoning_content).toMatch(/^Thinking about request \d+\.$/);
  });

  it("Codex's reasoning items go back as reasoning_content through a long, cut session: zero rejections", async () => {
    const before = rig.fake.stats.rejected;
    const { failures, truncated } = await responsesSession(rig.relay);
    expect(failures).toBe(0);
    expect(truncated).toBeGreaterThan(0);
    expect(rig.fake.stats.rejected).toBe(before);
  });
});

describe('the same upstream with reasoning explicitly off (the setting wins over the table)', () => {
  it('is refused in DeepSeek words once a turn has to carry earlier reasoning', async () => {
    const rig = await deepseekRig(false);
    try {
      const client = new Anthropic({ baseURL: rig.relay.url, apiKey: 'dummy', maxRetries: 0 });
      const first = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
      const second = await client.messages
        .create({
          model: 'claude-sonnet-4-5',
          max_tokens: 100,
          messages: [
            { role: 'user', content: 'Hi' },
            { role: 'assistant', content: first.content },
            { role: 'user', content: 'And?' },
          ],
        })
        .catch((error: unknown) => error);
      expect(second).toBeInstanceOf(Anthropic.BadRequestError);
      expect(String((second as Error).message)).toContain('must be passed back');
    } finally {
      await rig.stop();
    }
  });
});

describe('a session that switches from a thinking model without signatures to Claude', () => {
  it('does not forward thinking Anthropic never signed: the strict upstream takes the history, the text stays', async () => {
    const deepseek = await deepseekRig();
    const anthropicFake = createAnthropicFakeProvider({ apiKey: PROVIDER_KEY });
    const server = await serveHandler(anthropicFake.handler, { port: 0 });
    const claude = await startRelay({ port: 0, upstreamUrl: server.url, upstreamKey: PROVIDER_KEY, upstreamApi: 'anthropic', model: 'claude-sonnet-4-5', logLevel: 'silent' });
    try {
      const first = await new Anthropic({ baseURL: deepseek.relay.url, apiKey: 'dummy', maxRetries: 0 }).messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Hi' }],
      });
      expect(first.content[0]).toMatchObject({ type: 'thinking', signature: '' });
      const history: Anthropic.MessageParam[] = [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: 'And now?' },
      ];
      const second = await new Anthropic({ baseURL: claude.url, apiKey: 'dummy', maxRetries: 0 }).messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: history });
      expect(second.content.length).toBeGreaterThan(0);
      const sent = anthropicFake.requests.at(-1)!.body as { messages: { role: string; content: { type: string }[] }[] };
      expect(sent.messages[1]?.content.map((block) => block.type)).toEqual(['text']);
    } finally {
      await claude.stop(0);
      await server.close(0);
      await deepseek.stop();
    }
  });
});
