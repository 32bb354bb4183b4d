import Anthropic from '@anthropic-ai/sdk';
import { createFakeProvider, createResponsesFakeProvider, type ResponsesFakeProvider } from '@llm-relay/core/testing';
import { type RunningRelay, type RunningServer, serveHandler, startRelay } from 'llm-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_KEY } from './helpers.js';

const bash: Anthropic.Tool = { name: 'bash', description: 'Run a shell command', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } };
const task: Anthropic.MessageParam = { role: 'user', content: 'List the files.' };

type Item = Record<string, unknown>;
const reasoningItems = (fake: ResponsesFakeProvider) => (fake.requests.at(-1)!.body.input as Item[]).filter((item) => item.type === 'reasoning');

/** The turn Claude Code sends next: its history, the answer as it came, the tool's result. */
function nextTurn(answer: Anthropic.Message): Anthropic.MessageParam[] {
  const call = answer.content.find((block) => block.type === 'tool_use');
  if (call === undefined) throw new Error('no tool call');
  return [task, { role: 'assistant', content: answer.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'a.txt b.txt' }] }];
}

describe("a Responses upstream's encrypted reasoning carried through Claude Code's history", () => {
  let fake: ResponsesFakeProvider;
  let fakeServer: RunningServer;
  let relay: RunningRelay;
  let anthropic: Anthropic;
  beforeAll(async () => {
    fake = createResponsesFakeProvider({ apiKey: PROVIDER_KEY, reasoning: 'I should list the directory.' });
    fakeServer = await serveHandler(fake.handler, { port: 0 });
    relay = await startRelay({ port: 0, upstreamUrl: fakeServer.url, upstreamKey: PROVIDER_KEY, upstreamApi: 'responses', model: 'gpt-5-codex', logLevel: 'silent', retry: { attempts: 1 } });
    anthropic = new Anthropic({ baseURL: relay.url, apiKey: 'dummy', maxRetries: 0 });
  });
  afterAll(async () => {
    await relay.stop(0);
    await fakeServer.close(0);
  });

  it('hands the model its reasoning item back on the next turn of a tool loop, whole answers', async () => {
    const first = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1_000, tools: [bash], messages: [task] });
    const redacted = first.content.filter((block) => block.type === 'redacted_thinking');
    expect(redacted).toHaveLength(1);
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'redacted_thinking', 'tool_use']);
    const issued = fake.stats.completed;
    await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1_000, tools: [bash], messages: nextTurn(first) });
    const [item] = reasoningItems(fake);
    expect(item).toEqual({ type: 'reasoning', id: expect.stringMatching(/^rs_/), encrypted_content: `fake-encrypted:${String(item?.id)}`, summary: [] });
    // Reasoning goes before the turn's call, as the model wrote it.
    const input = fake.requests.at(-1)?.body.input as Item[];
    expect(input.findIndex((entry) => entry.type === 'reasoning')).toBe(input.findIndex((entry) => entry.type === 'function_call') - 1);
    expect(fake.stats.completed).toBe(issued + 1);
    expect(fake.stats.rejected).toBe(0);
  });

  it('does the same for streamed answers', async () => {
    const first = await anthropic.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1_000, tools: [bash], messages: [task] }).finalMessage();
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'redacted_thinking', 'tool_use']);
    const second = await anthropic.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1_000, tools: [bash], messages: nextTurn(first) }).finalMessage();
    expect(second.stop_reason).toBe('end_turn');
    const [item] = reasoningItems(fake);
    expect(item?.encrypted_content).toBe(`fake-encrypted:${String(item?.id)}`);
    expect(fake.stats.rejected).toBe(0);
  });

  it('is refused upstream when altered, as a real provider refuses it: the client hears why, in its protocol', async () => {
    const first = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1_000, tools: [bash], messages: [task] });
    const altered = first.content.map((block) => (block.type === 'redacted_thinking' ? { ...block, data: `${block.data}x` } : block));
    const error = await anthropic.messages
      .create({ model: 'claude-sonnet-4-5', max_tokens: 1_000, tools: [bash], messages: nextTurn({ ...first, content: altered }) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).message).toContain('could not be verified');
  });
});

describe('the encrypted reasoning is never sent where it means nothing', () => {
  it('is left out for a Chat upstream, whose models could not read it', async () => {
    const chatFake = createFakeProvider({ apiKey: PROVIDER_KEY });
    const chatServer = await serveHandler(chatFake.handler, { port: 0 });
    const relay = await startRelay({ port: 0, upstreamUrl: chatServer.url, upstreamKey: PROVIDER_KEY, model: 'qwen3-coder', logLevel: 'silent' });
    try {
      const anthropic = new Anthropic({ baseURL: relay.url, apiKey: 'dummy', maxRetries: 0 });
      // origin, the item it came before, its id, then the provider's sealed content.
      const token = 'llm-relay:openai-responses-v1:origin-1:toolu_1:rs_1:fake-encrypted:rs_1';
      const history: Anthropic.MessageParam[] = [
        task,
        {
          role: 'assistant',
          content: [
            { type: 'redacted_thinking', data: token },
            { type: 'tool_use', id: 'toolu_1', name: 'bash', input: { command: 'ls' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.txt' }] },
      ];
      await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1_000, tools: [bash], messages: history });
      const sent = JSON.stringify(chatFake.requests.at(-1)?.body);
      expect(sent).not.toContain('fake-encrypted');
      expect(sent).not.toContain('reasoning_details');
    } finally {
      await relay.stop(0);
      await chatServer.close(0);
    }
  });
});
