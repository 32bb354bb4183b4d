import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisForSuite } from '../test/redis-server.js';
import { RedisKeyRests } from './redis-key-rests.js';

const RESTS = 'llm-relay:{keys}:rest';

describe('RedisKeyRests in a real redis-server', () => {
  const redis = redisForSuite();

  it('loads the rests still running, forgets the ended ones, and keeps one rested again between its read and its clean-up', async () => {
    const other = new Redis(redis.url);
    const now = Date.now();
    try {
      await other.hset(RESTS, 'key-running', String(now + 60_000), 'key-ended', String(now - 1_000), 'key-again', String(now - 1_000));
      const shared = await RedisKeyRests.connect(redis.url);
      try {
        expect([shared.rests.restingUntil('key-running', now), shared.rests.restingUntil('key-ended', now)]).toEqual([now + 60_000, undefined]);
        expect(await other.hkeys(RESTS)).toEqual(['key-running']);
        // Another replica rests a key again after this one read it as ended, before this one cleans up.
        await other.hset(RESTS, 'key-again', String(now - 1_000));
        const commands = (shared as unknown as { commands: Redis }).commands;
        const read = commands.hgetall.bind(commands);
        (commands as { hgetall: unknown }).hgetall = async (key: string) => {
          const all = await read(key);
          await other.hset(RESTS, 'key-again', String(now + 30_000));
          return all;
        };
        await shared.load(now);
        expect(await other.hget(RESTS, 'key-again')).toBe(String(now + 30_000));
      } finally {
        await shared.close();
      }
    } finally {
      other.disconnect();
    }
  });
});
