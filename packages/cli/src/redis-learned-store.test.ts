import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisForSuite } from '../test/redis-server.js';
import { RedisLearnedStore } from './redis-learned-store.js';

/** Resolves once `check` holds, polling the event loop (pub/sub arrives asynchronously). */
async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('RedisLearnedStore in a real redis-server', () => {
  const redis = redisForSuite();

  it('merges what two replicas learn at once to the largest factor and the smallest window, on both', async () => {
    const [a, b] = await Promise.all([RedisLearnedStore.connect(redis.url), RedisLearnedStore.connect(redis.url)]);
    try {
      a.learned.learn('race-model', { factorBoost: 1.3, contextWindow: 50_000 });
      b.learned.learn('race-model', { factorBoost: 1.1, contextWindow: 30_000 });
      const merged = { factorBoost: 1.3, contextWindow: 30_000 };
      await eventually(() => JSON.stringify(a.learned.get('race-model')) === JSON.stringify(merged) && JSON.stringify(b.learned.get('race-model')) === JSON.stringify(merged));
      const late = await RedisLearnedStore.connect(redis.url);
      expect(late.learned.get('race-model')).toEqual(merged);
      await late.close();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('tells the host what other replicas taught it, and ignores messages that are not corrections', async () => {
    const heard: string[] = [];
    const store = await RedisLearnedStore.connect(redis.url, { onShared: (model) => heard.push(model) });
    const publisher = new Redis(redis.url);
    try {
      for (const message of ['not json', '[]', '{"model":""}', '{"model":"m","factorBoost":"9"}', '{"model":"m","contextWindow":-1}']) await publisher.publish('llm-relay:learned', message);
      await publisher.publish('llm-relay:learned', JSON.stringify({ model: 'noise-model', contextWindow: 12_000 }));
      await eventually(() => heard.includes('noise-model'));
      // race-model was loaded at start (the test above left it in Redis); nothing came of the noise.
      expect(heard).toEqual(['race-model', 'noise-model']);
      expect(store.learned.get('m')).toBeUndefined();
      expect(store.learned.get('noise-model')).toEqual({ contextWindow: 12_000 });
    } finally {
      publisher.disconnect();
      await store.close();
    }
  });

  it('starts without Redis and keeps learning on its own, reporting what it could not share', async () => {
    const errors: Error[] = [];
    const store = await RedisLearnedStore.connect('redis://127.0.0.1:1', { onError: (error) => errors.push(error) });
    try {
      store.learned.learn('alone', { contextWindow: 8_000 });
      expect(store.learned.get('alone')).toEqual({ contextWindow: 8_000 });
      await eventually(() => errors.length >= 2);
    } finally {
      await store.close();
    }
  });
});
