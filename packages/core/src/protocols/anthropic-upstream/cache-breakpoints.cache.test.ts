import { describe, expect, it } from 'vitest';
import { anthropicPost, words } from '../../../test/support/anthropic-test-requests.js';
import { truncateContext } from '../../context/truncate-context.js';
import { createAnthropicFakeProvider } from '../../fake-provider/anthropic/create-anthropic-fake-provider.js';
import { prefixBlocks } from '../../fake-provider/anthropic/prefix-blocks.js';
import { type CacheUsage, createPromptCache } from '../../fake-provider/anthropic/prompt-cache.js';
import type { ChatMessage } from '../../types/chat.js';
import { placeCacheBreakpoints } from './cache-breakpoints.js';
import { taskMessageIndex } from './task-message-index.js';
import { toMessagesRequest } from './to-messages-request.js';
import { fromMessagesResponse } from './upstream-answer.js';
import type { UpstreamMessagesRequest } from './upstream-types.js';

// Proof, against the fake's simulation of Anthropic's cache (prefix match, 20-block lookback, 1,024-token
// minimum), that the relay's four breakpoints keep the cache warm across turns and truncation cuts.

const MODEL = 'claude-sonnet-4-5';
const tools = [{ type: 'function', function: { name: 'read', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }];
const head: ChatMessage[] = [
  { role: 'system', content: `You are a coding agent. ${words(1_500, 'sys')}` },
  { role: 'user', content: `Fix the failing tests. ${words(100, 'task')}` },
];

/** An assistant message with `calls` parallel tool calls and their answers: 2 x calls blocks upstream. */
function toolTurn(n: number, calls: number): ChatMessage[] {
  const ids = Array.from({ length: calls }, (_, i) => `call_${n}_${i}`);
  return [
    { role: 'assistant', content: `Reading batch ${n}.`, tool_calls: ids.map((id, i) => ({ id, type: 'function', function: { name: 'read', arguments: `{"path":"src/f${n}_${i}.ts"}` } })) },
    ...ids.map((id): ChatMessage => ({ role: 'tool', tool_call_id: id, content: words(8, `r${n}x`) })),
  ];
}

type Placement = 'relay' | 'last-block-only';

function body(messages: ChatMessage[], placement: Placement): UpstreamMessagesRequest {
  const request = toMessagesRequest({ messages, tools }, { maxOutputTokens: 8_192, model: MODEL });
  const options = { taskMessageIndex: taskMessageIndex(request.messages) };
  return placeCacheBreakpoints(request, placement === 'relay' ? options : { ...options, maxBreakpoints: 1 });
}

/** Sends each conversation state in turn to a fresh simulated cache; the usage of each request. */
function replay(states: ChatMessage[][], placement: Placement): (CacheUsage & { prompt: number })[] {
  const cache = createPromptCache({ minTokens: 1_024 });
  return states.map((messages) => {
    const blocks = prefixBlocks(body(messages, placement));
    const usage = cache.apply(MODEL, blocks);
    return { ...usage, prompt: blocks.reduce((sum, block) => sum + block.tokens, 0) };
  });
}

function readShare(usages: readonly (CacheUsage & { prompt: number })[]): number {
  const warm = usages.slice(1);
  return warm.reduce((sum, u) => sum + u.cache_read_input_tokens, 0) / warm.reduce((sum, u) => sum + u.prompt, 0);
}

/** Tokens of tools + system + the task message: what breakpoint (2) keeps cached through a cut. */
function throughTask(request: UpstreamMessagesRequest, taskBlocks: number): number {
  const count = (request.tools?.length ?? 0) + (request.system?.length ?? 0) + taskBlocks;
  return prefixBlocks(request)
    .slice(0, count)
    .reduce((sum, block) => sum + block.tokens, 0);
}

const growing = (turns: number, calls: number) => Array.from({ length: turns + 1 }, (_, k) => [...head, ...Array.from({ length: k }, (_, n) => toolTurn(n, calls)).flat()]);

describe('cache breakpoints on a growing conversation', () => {
  it('reads at least 90% of the prompt from cache once warm, though every turn adds 24 blocks', () => {
    const relay = replay(growing(15, 12), 'relay');
    expect(readShare(relay)).toBeGreaterThanOrEqual(0.9);
    // Each request reads exactly the whole previous request: breakpoint (3) sits where (4) was.
    relay.slice(1).forEach((usage, k) => expect(usage.cache_read_input_tokens).toBe(relay[k]?.prompt));
  });

  it('reads next to nothing with only a last-block breakpoint when turns add more than 20 blocks', () => {
    const lastOnly = replay(growing(15, 12), 'last-block-only');
    expect(readShare(lastOnly)).toBeLessThan(0.05);
    // With small turns the 20-block lookback alone would have done: (3) matters for the big ones.
    expect(readShare(replay(growing(15, 3), 'last-block-only'))).toBeGreaterThan(0.8);
  });
});

describe('cache breakpoints across a truncation cut', () => {
  const turns = Array.from({ length: 12 }, (_, n) => toolTurn(n, 4));
  const before = [...head, ...turns.slice(0, 10).flat()];
  // The relay's truncation dropped turns 0-4 in the middle and kept the system and the task.
  const after = [...head, ...turns.slice(5, 11).flat()];

  it('reads tools + system + task after the cut thanks to breakpoint (2)', () => {
    const [, cut] = replay([before, after], 'relay');
    expect(cut?.cache_read_input_tokens).toBe(throughTask(body(after, 'relay'), 1));
    const [, cold] = replay([before, after], 'last-block-only');
    expect(cold?.cache_read_input_tokens).toBe(0);
  });

  it('still reads the task when the cut leaves a user message that merges into the task message', () => {
    const chat = (n: number): ChatMessage[] => [
      { role: 'assistant', content: `Answer ${n}. ${words(20, `a${n}`)}` },
      { role: 'user', content: `Question ${n}` },
    ];
    const history = Array.from({ length: 8 }, (_, n) => chat(n)).flat();
    const beforeCut = [...head, ...history];
    const afterCut = [...head, ...history.slice(5)];
    const request = body(afterCut, 'relay');
    expect(request.messages[0]?.content).toHaveLength(2);
    const [, cut] = replay([beforeCut, afterCut], 'relay');
    expect(cut?.cache_read_input_tokens).toBe(throughTask(request, 1));
  });

  it('never starts cold under the real truncation engine (cuts included), and reads most of the prompt overall', () => {
    const states: ChatMessage[][] = [];
    for (let k = 0; k <= 40; k += 1) {
      const full = [...head, ...Array.from({ length: k }, (_, n) => toolTurn(n, 12)).flat()];
      states.push(truncateContext(full, { maxPromptTokens: 16_000, tools }).messages);
    }
    const cuts = states.filter((messages, k) => k > 0 && messages.length < (states[k - 1]?.length ?? 0)).length;
    expect(cuts).toBeGreaterThan(0);
    const usages = replay(states, 'relay');
    const floor = throughTask(body(states[0] as ChatMessage[], 'relay'), 1);
    for (const usage of usages.slice(1)) expect(usage.cache_read_input_tokens).toBeGreaterThanOrEqual(floor);
    expect(readShare(usages)).toBeGreaterThan(0.85);
    expect(readShare(replay(states, 'last-block-only'))).toBeLessThan(0.05);
  });
});

describe('through the whole fake provider', () => {
  it('reports the cache reads to a Chat client as cached_tokens', async () => {
    const fake = createAnthropicFakeProvider();
    const cached: number[] = [];
    for (const messages of growing(3, 12)) {
      const response = await fake.handler(anthropicPost('/v1/messages', body(messages, 'relay')));
      expect(response.status).toBe(200);
      const completion = fromMessagesResponse(await response.json(), { created: 0 });
      cached.push(Number((completion.usage.prompt_tokens_details as { cached_tokens: number }).cached_tokens));
      expect(completion.usage.prompt_tokens).toBe(fake.requests.at(-1)?.promptTokens);
    }
    expect(cached[0]).toBe(0);
    cached.slice(1).forEach((tokens, k) => expect(tokens).toBe(fake.requests[k]?.promptTokens));
  });
});
