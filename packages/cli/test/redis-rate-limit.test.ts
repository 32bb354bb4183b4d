import { MemoryRateLimitStore } from '@llm-relay/core';
import { createFakeProvider } from '@llm-relay/core/testing';
import { Redis } from 'ioredis';
import { RedisRateLimitStore, serveHandler, startRelay } from 'llm-relay';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { redisForSuite } from './redis-server.js';

describe('rate limits in a real redis-server', () => {
  const redis = redisForSuite();

  it('gives the same answers as the memory store for the same sequence', async () => {
    const store = new RedisRateLimitStore(new Redis(redis.url));
    const memory = new MemoryRateLimitStore();
    const steps: [number, number][] = [
      [0, 30],
      [1_000, 30],
      [2_000, 30],
      [20_000, 10],
      [20_500, 45],
      [80_000, 60],
      [80_001, 1],
    ];
    try {
      for (const [at, cost] of steps) {
        const checks = [
          { key: `parity:{k}:tok`, cost, limit: 60 },
          { key: `parity:{k}:req`, cost: 1, limit: 5 },
        ];
        const [fromRedis, fromMemory] = await Promise.all([store.consume(checks, 60_000, at), memory.consume(checks, 60_000, at)]);
        expect(fromRedis).toEqual(fromMemory);
        if (fromRedis.allowed) {
          await store.debit('parity:{k}:tok', 5, 60, 60_000, at);
          await memory.debit('parity:{k}:tok', 5, 60, 60_000, at);
        }
      }
    } finally {
      await store.close();
    }
  });

  it('is atomic under concurrent requests: exactly the limit gets through', async () => {
    const store = new RedisRateLimitStore(new Redis(redis.url));
    try {
      const results = await Promise.all(Array.from({ length: 50 }, () => store.consume([{ key: 'race:{k}:req', cost: 1, limit: 20 }], 60_000, 5_000)));
      expect(results.filter((result) => result.allowed)).toHaveLength(20);
    } finally {
      await store.close();
    }
  });

  it('shares one limit between two relay instances', async () => {
    const fake = await serveHandler(createFakeProvider().handler, { port: 0 });
    let now = 1_000_000;
    const common = {
      port: 0,
      upstreamUrl: fake.url,
      model: 'fake-model',
      logLevel: 'silent',
      clientKeys: [{ name: 'team', key: 'team-key-123456', limits: { requestsPerMinute: 3 } }],
      rateLimitStore: { redisUrl: redis.url },
      clock: () => now,
    };
    const [a, b] = await Promise.all([startRelay(common), startRelay(common)]);
    try {
      const clients = [a, b].map((relay) => new OpenAI({ baseURL: `${relay.url}/v1`, apiKey: 'team-key-123456', maxRetries: 0 }));
      const ask = (i: number) => clients[i % 2]!.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] });
      await ask(0);
      await ask(1);
      await ask(2);
      const error = await ask(3).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('x-ratelimit-remaining-requests')).toBe('0');
      now += 20_000;
      // 20 s refill 1 of the 3 per minute, on either instance.
      await expect(ask(4)).resolves.toBeDefined();
      await expect(ask(5)).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    } finally {
      await Promise.all([a.stop(0), b.stop(0)]);
      await fake.close(0);
    }
  });
});
