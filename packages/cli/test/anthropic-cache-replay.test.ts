import type { ChatMessage } from '@llm-relay/core';
import { createAnthropicFakeProvider } from '@llm-relay/core/testing';
import { serveHandler, startRelay } from 'llm-relay';
import { describe, expect, it } from 'vitest';
import { agentSession } from '../../core/test/support/agent-session.js';
import { PROVIDER_KEY } from './helpers.js';

const WINDOW = 200_000;
// Anthropic's list prices per million input tokens (Claude Sonnet 4.x): uncached, written to the 5-minute cache, read from it.
const PRICE = { input: 3, cacheWrite: 3.75, cacheRead: 0.3 };

describe('a long Chat session to an Anthropic upstream: the prompt cache through truncation cuts', () => {
  it('is never rejected and reads at least 90% of prompt tokens from the cache once truncation has begun', async () => {
    const fake = createAnthropicFakeProvider({ apiKey: PROVIDER_KEY, contextWindow: WINDOW, keepRequests: 2 });
    const fakeServer = await serveHandler(fake.handler, { port: 0 });
    const relay = await startRelay({ port: 0, upstreamUrl: fakeServer.url, upstreamKey: PROVIDER_KEY, upstreamApi: 'anthropic', model: 'claude-sonnet-4-5', logLevel: 'silent' });
    try {
      const { messages, sendPoints } = agentSession({ steps: 300, seed: 42, minToolTokens: 300, maxToolTokens: 30_000 });
      const totals = { prompt: 0, read: 0, written: 0, uncached: 0, afterCut: { prompt: 0, read: 0 } };
      let rejected = 0;
      let truncationBegan = false;
      for (const point of sendPoints) {
        const history: ChatMessage[] = messages.slice(0, point);
        const response = await fetch(`${relay.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-4', max_tokens: 8_192, messages: history }),
        });
        await response.arrayBuffer();
        if (response.status !== 200) rejected += 1;
        if (!(response.headers.get('x-llm-relay-context') ?? 'stage=none').startsWith('stage=none')) truncationBegan = true;
        const cache = fake.requests.at(-1)?.cache;
        if (cache === undefined) continue;
        const prompt = cache.input_tokens + cache.cache_creation_input_tokens + cache.cache_read_input_tokens;
        totals.prompt += prompt;
        totals.read += cache.cache_read_input_tokens;
        totals.written += cache.cache_creation_input_tokens;
        totals.uncached += cache.input_tokens;
        if (truncationBegan) {
          totals.afterCut.prompt += prompt;
          totals.afterCut.read += cache.cache_read_input_tokens;
        }
      }
      const dollars = (tokens: number, price: number) => (tokens / 1e6) * price;
      const withCache = dollars(totals.uncached, PRICE.input) + dollars(totals.written, PRICE.cacheWrite) + dollars(totals.read, PRICE.cacheRead);
      const withoutCache = dollars(totals.prompt, PRICE.input);
      const summary = {
        requests: sendPoints.length,
        rejected,
        upstreamRejected: fake.stats.rejected,
        cacheReadShare: Number((totals.read / totals.prompt).toFixed(3)),
        cacheReadShareAfterTruncationBegan: Number((totals.afterCut.read / totals.afterCut.prompt).toFixed(3)),
        promptTokens: totals.prompt,
        inputCostWithCacheUsd: Number(withCache.toFixed(2)),
        inputCostWithoutCacheUsd: Number(withoutCache.toFixed(2)),
      };
      console.log(`anthropic cache replay (200,000): ${JSON.stringify(summary)}`);
      expect(rejected).toBe(0);
      expect(fake.stats.rejected).toBe(0);
      expect(summary.cacheReadShareAfterTruncationBegan).toBeGreaterThanOrEqual(0.9);
      expect(withCache).toBeLessThan(withoutCache * 0.3);
    } finally {
      await relay.stop(0);
      await fakeServer.close(0);
    }
  }, 300_000);
});
