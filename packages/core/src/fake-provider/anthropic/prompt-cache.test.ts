import { describe, expect, it } from 'vitest';
import { anthropicPost, words } from '../../../test/support/anthropic-test-requests.js';
import { type AnthropicFakeProvider, createAnthropicFakeProvider } from './create-anthropic-fake-provider.js';
import { type PrefixBlock, prefixBlocks } from './prefix-blocks.js';
import { createPromptCache } from './prompt-cache.js';

const ephemeral = { type: 'ephemeral' };
const tools = [{ name: 'Bash', description: 'Run a shell command', input_schema: { type: 'object', properties: { command: { type: 'string' } } } }];
const system = [
  { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.332' },
  { type: 'text', text: `You are a coding agent. ${words(1_500)}`, cache_control: ephemeral },
];
const firstTurn = [
  {
    role: 'user',
    content: [
      { type: 'text', text: 'Fix the failing test' },
      { type: 'text', text: 'in src/app.ts', cache_control: ephemeral },
    ],
  },
];

const body = (messages: unknown[], extra: Record<string, unknown> = {}) => ({ model: 'claude-sonnet-4-5', max_tokens: 1_000, tools, system, messages, ...extra });

async function send(fake: AnthropicFakeProvider, request: Record<string, unknown>) {
  const response = await fake.handler(anthropicPost('/v1/messages', request));
  const message = (await response.json()) as { usage: Record<string, number> };
  const recorded = fake.requests[fake.requests.length - 1];
  return { usage: message.usage, prompt: recorded?.promptTokens ?? 0, cache: recorded?.cache };
}

/** Tokens of the first `count` blocks of a request's prefix. */
function tokensThrough(request: Record<string, unknown>, count: number): number {
  return prefixBlocks(request)
    .slice(0, count)
    .reduce((sum, block) => sum + block.tokens, 0);
}

describe('the simulated prompt cache', () => {
  it('writes on the first request and reads everything up to the breakpoint on the second', async () => {
    const fake = createAnthropicFakeProvider();
    const first = await send(fake, body(firstTurn));
    expect(first.prompt).toBeGreaterThan(1_024);
    // The last block is a breakpoint, so the whole prompt is cached and nothing is left uncached.
    expect(first.usage).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: first.prompt, input_tokens: 0 });
    expect(first.cache).toEqual({ cache_read_input_tokens: 0, cache_creation_input_tokens: first.prompt, input_tokens: 0 });
    const second = await send(fake, body(firstTurn));
    expect(second.usage).toMatchObject({ cache_read_input_tokens: second.prompt, cache_creation_input_tokens: 0, input_tokens: 0 });
  });

  it('reads the earlier prefix through the 20-block lookback when a turn moves the last breakpoint', async () => {
    const fake = createAnthropicFakeProvider();
    await send(fake, body(firstTurn));
    // As Claude Code does: the old last block loses its marker (and may become a plain string) next turn.
    const next = body([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Fix the failing test' },
          { type: 'text', text: 'in src/app.ts' },
        ],
      },
      { role: 'assistant', content: 'Done: the import was wrong.' },
      { role: 'user', content: [{ type: 'text', text: 'Now run the linter', cache_control: ephemeral }] },
    ]);
    const second = await send(fake, next);
    const previousPrefix = tokensThrough(next, 1 + 2 + 2);
    expect(second.usage.cache_read_input_tokens).toBe(previousPrefix);
    expect(second.usage.cache_creation_input_tokens).toBe(second.prompt - previousPrefix);
    expect(second.usage.input_tokens).toBe(0);
  });

  it('finds nothing past 20 blocks back: only the system breakpoint is read', async () => {
    const fake = createAnthropicFakeProvider();
    await send(fake, body(firstTurn));
    const manyBlocks = Array.from({ length: 25 }, (_, index) => ({ type: 'text', text: `note ${index}` }));
    const next = body([firstTurn[0], { role: 'assistant', content: 'Noted.' }, { role: 'user', content: [...manyBlocks, { type: 'text', text: 'Go on', cache_control: ephemeral }] }]);
    // firstTurn keeps its marker here: 3 breakpoints, the middle one more than 20 blocks before the last.
    const second = await send(fake, next);
    expect(second.usage.cache_read_input_tokens).toBe(tokensThrough(next, 1 + 2 + 2));
    const far = body([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Fix the failing test' },
          { type: 'text', text: 'in src/app.ts' },
        ],
      },
      { role: 'assistant', content: 'Noted again.' },
      { role: 'user', content: [...manyBlocks, { type: 'text', text: 'Go on', cache_control: ephemeral }] },
    ]);
    const third = await send(fake, far);
    expect(third.usage.cache_read_input_tokens).toBe(tokensThrough(far, 1 + 2));
  });

  it('misses after a change early in the prefix, or with another model', async () => {
    const fake = createAnthropicFakeProvider();
    const first = await send(fake, body(firstTurn));
    const edited = [system[0], { ...system[1], text: `You are a careful coding agent. ${words(1_500)}` }];
    const changed = await send(fake, body(firstTurn, { system: edited }));
    expect(changed.usage).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: changed.prompt });
    const otherModel = await send(fake, body(firstTurn, { model: 'claude-opus-5-5' }));
    expect(otherModel.usage).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: first.prompt });
  });

  it('writes nothing under cacheMinTokens, silently', async () => {
    const fake = createAnthropicFakeProvider({ cacheMinTokens: 4_096 });
    const first = await send(fake, body(firstTurn));
    expect(first.prompt).toBeLessThan(4_096);
    expect(first.usage).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: 0, input_tokens: first.prompt });
    const second = await send(fake, body(firstTurn));
    expect(second.usage).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: 0, input_tokens: second.prompt });
  });

  it('refuses a fifth breakpoint and caches nothing for it', async () => {
    const fake = createAnthropicFakeProvider();
    const marked = (text: string) => ({ type: 'text', text, cache_control: ephemeral });
    // One marker on the system prompt, four on the turn.
    const response = await fake.handler(anthropicPost('/v1/messages', body([{ role: 'user', content: [marked('a'), marked('b'), marked('c'), marked('d')] }])));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'A maximum of 4 blocks with cache_control may be provided. Found 5.' } });
    expect(fake.requests[0]?.cache).toBeUndefined();
  });

  it('leaves the cache alone for count_tokens, and clearCache forgets it', async () => {
    const fake = createAnthropicFakeProvider();
    await fake.handler(anthropicPost('/v1/messages/count_tokens', body(firstTurn)));
    const first = await send(fake, body(firstTurn));
    expect(first.usage.cache_read_input_tokens).toBe(0);
    fake.clearCache();
    expect((await send(fake, body(firstTurn))).usage.cache_read_input_tokens).toBe(0);
  });
});

describe('createPromptCache', () => {
  const block = (text: string, breakpoint: boolean): PrefixBlock => ({ canonical: JSON.stringify(text), tokens: 600, breakpoint });

  it('bills several new breakpoints once, from the hit to the last one written', () => {
    const cache = createPromptCache({ minTokens: 1_000 });
    const blocks = [block('a', true), block('b', true), block('c', false), block('d', true), block('e', false)];
    // 'a' alone (600) is under the minimum: only the prefixes through 'b' and 'd' are written.
    expect(cache.apply('m', blocks)).toEqual({ cache_read_input_tokens: 0, cache_creation_input_tokens: 2_400, input_tokens: 600 });
    expect(cache.size).toBe(2);
    expect(cache.apply('m', blocks)).toEqual({ cache_read_input_tokens: 2_400, cache_creation_input_tokens: 0, input_tokens: 600 });
  });

  it('stays within maxEntries, dropping the least recently used', () => {
    const cache = createPromptCache({ minTokens: 1, maxEntries: 2 });
    const request = (text: string) => [block(text, true)];
    cache.apply('m', request('one'));
    cache.apply('m', request('two'));
    cache.apply('m', request('one'));
    cache.apply('m', request('three'));
    expect(cache.size).toBe(2);
    expect(cache.apply('m', request('one')).cache_read_input_tokens).toBe(600);
    expect(cache.apply('m', request('two')).cache_read_input_tokens).toBe(0);
  });
});
