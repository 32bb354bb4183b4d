import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisForSuite } from '../test/redis-server.js';
import { connectPubSub } from './redis-pub-sub.js';

async function clients(url: string): Promise<string[]> {
  const admin = new Redis(url);
  try {
    return ((await admin.client('LIST')) as string)
      .trim()
      .split('\n')
      .filter((line) => !/ cmd=client\|list /.test(line));
  } finally {
    admin.disconnect();
  }
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('the Redis connections a process shares', () => {
  const redis = redisForSuite();

  it('are one pair per URL, the subscriber opened only for a subscription; a user that closes stops hearing, the last one closes them', async () => {
    const limits = await connectPubSub(redis.url);
    await limits.commands.ping();
    expect(await clients(redis.url)).toHaveLength(1);
    const [a, b] = await Promise.all([connectPubSub(redis.url), connectPubSub(redis.url)]);
    expect(a.commands).toBe(limits.commands);
    const heard: string[] = [];
    const nothing = async () => undefined;
    const fail = (error: Error) => {
      throw error;
    };
    await a.subscribe('channel-a', (message) => heard.push(`a:${message}`), nothing, fail);
    await b.subscribe('channel-b', (message) => heard.push(`b:${message}`), nothing, fail);
    expect(await clients(redis.url)).toHaveLength(2);
    await limits.commands.publish('channel-a', '1');
    await limits.commands.publish('channel-b', '2');
    // PUBLISH answers once the server has sent the message, not once the subscriber has read it.
    await until(() => heard.length >= 2);
    await a.close();
    await limits.commands.publish('channel-a', '3');
    await limits.commands.publish('channel-b', '4');
    await until(() => heard.length >= 3);
    // A message still on its way to a listener already taken off would show here.
    await limits.commands.ping();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toEqual(['a:1', 'b:2', 'b:4']);
    await Promise.all([b.close(), limits.close()]);
    for (let i = 0; i < 100 && (await clients(redis.url)).length > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await clients(redis.url)).toHaveLength(0);
  });
});
