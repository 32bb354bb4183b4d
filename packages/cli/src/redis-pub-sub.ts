import type { Redis } from 'ioredis';

/** A connection for commands and one for a subscription (a subscribed ioredis connection takes no commands). */
export interface RedisPubSub {
  commands: Redis;
  subscriber: Redis;
  /** Gives this user's share back; the connections close when the last user of the URL has closed. */
  close(): Promise<void>;
}

interface Shared {
  connections: Promise<{ commands: Redis; subscriber: Redis }>;
  users: number;
}

// One pair per Redis URL for the whole process: the rate limits, the learned corrections and the key rests
// each had their own (five connections a process, a thousand for a fleet of 200); they share two now.
const open = new Map<string, Shared>();

/**
 * The two ioredis clients shared state needs, one pair per URL however many stores use it (ioredis is
 * loaded here, on first use, so a relay without Redis does not carry it). Each store subscribes to its own
 * channel on the one subscriber and filters messages by channel. They reconnect by themselves and a failed
 * command reaches its caller; the quiet error listeners keep each reconnection attempt from printing a
 * stack on stderr.
 */
export async function connectPubSub(url: string): Promise<RedisPubSub> {
  let shared = open.get(url);
  if (shared === undefined) {
    shared = { connections: connect(url), users: 0 };
    open.set(url, shared);
    shared.connections.catch(() => open.delete(url));
  }
  const entry = shared;
  entry.users += 1;
  const { commands, subscriber } = await entry.connections;
  let closed = false;
  return {
    commands,
    subscriber,
    close: async () => {
      if (closed) return;
      closed = true;
      entry.users -= 1;
      if (entry.users > 0) return;
      if (open.get(url) === entry) open.delete(url);
      await Promise.all([commands, subscriber].map((redis) => redis.quit().catch(() => redis.disconnect())));
    },
  };
}

async function connect(url: string): Promise<{ commands: Redis; subscriber: Redis }> {
  const { Redis: RedisClient } = await import('ioredis');
  const options = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false };
  const commands = new RedisClient(url, options);
  const subscriber = new RedisClient(url, options);
  commands.on('error', () => undefined);
  subscriber.on('error', () => undefined);
  return { commands, subscriber };
}
