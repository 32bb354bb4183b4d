import type { Redis } from 'ioredis';

/** A connection for commands and one for a subscription (a subscribed ioredis connection takes no commands). */
export interface RedisPubSub {
  commands: Redis;
  subscriber: Redis;
  close(): Promise<void>;
}

/**
 * Connects the two ioredis clients shared state needs (ioredis is loaded here, on first use, so a relay
 * without Redis does not carry it). They reconnect by themselves and a failed command reaches its caller;
 * the quiet error listeners keep each reconnection attempt from printing a stack on stderr.
 */
export async function connectPubSub(url: string): Promise<RedisPubSub> {
  const { Redis: RedisClient } = await import('ioredis');
  const options = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false };
  const commands = new RedisClient(url, options);
  const subscriber = new RedisClient(url, options);
  commands.on('error', () => undefined);
  subscriber.on('error', () => undefined);
  return {
    commands,
    subscriber,
    close: async () => {
      await Promise.all([commands, subscriber].map((redis) => redis.quit().catch(() => redis.disconnect())));
    },
  };
}
