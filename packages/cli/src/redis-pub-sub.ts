import type { Redis } from 'ioredis';

/** A user's share of the process's Redis connections to one URL. */
export interface RedisPubSub {
  /** The connection for commands and scripts. */
  commands: Redis;
  /**
   * Follows a state shared through Redis: listens on `channel` of the one subscribed connection (a
   * subscribed ioredis connection takes no commands, so it is a second one, opened on the first
   * subscription), `onMessage` for each message on it, then runs `load` (subscribed first: what is published
   * in between is heard rather than missed), and runs it again each time the connection is ready after a
   * reconnection (ioredis subscribes again by itself; what was published meanwhile was missed). Failures go
   * to `onError`; resolves once the first load is done or failed.
   */
  subscribe(channel: string, onMessage: (message: string) => void, load: () => Promise<void>, onError: (error: Error) => void): Promise<void>;
  /** Takes this user's listeners off and gives its share back; the connections close with the URL's last user. */
  close(): Promise<void>;
}

interface Shared {
  /** ioredis's client class, loaded with the first connection. */
  Client: new (
    url: string,
    options: typeof OPTIONS,
  ) => Redis;
  commands: Redis;
  subscriber: Redis | undefined;
  users: number;
}

// One pair per Redis URL for the whole process: the rate limits, the learned corrections and the key rests
// each had their own (five connections a process, a thousand for a fleet of 200); they share two now.
const open = new Map<string, Promise<Shared>>();

/**
 * The process's connections to `url`, shared by however many stores use it (ioredis is loaded here, on first
 * use, so a relay without Redis does not carry it). They reconnect by themselves and a failed command reaches
 * its caller; the quiet error listeners keep each reconnection attempt from printing a stack on stderr.
 */
export async function connectPubSub(url: string): Promise<RedisPubSub> {
  let opening = open.get(url);
  if (opening === undefined) {
    opening = connect(url);
    open.set(url, opening);
    opening.catch(() => open.delete(url));
  }
  const shared = await opening;
  shared.users += 1;
  const removers: (() => void)[] = [];
  let closed = false;
  return {
    commands: shared.commands,
    async subscribe(channel, onMessage, load, onError) {
      shared.subscriber ??= quiet(new shared.Client(url, OPTIONS));
      const subscriber = shared.subscriber;
      let started = false;
      const message = (from: string, text: string) => {
        if (from === channel) onMessage(text);
      };
      // During start-up the load below does it.
      const onReady = () => {
        if (started) load().catch(onError);
      };
      subscriber.on('message', message);
      subscriber.on('ready', onReady);
      removers.push(() => {
        subscriber.off('message', message);
        subscriber.off('ready', onReady);
      });
      try {
        await subscriber.subscribe(channel);
        await load();
      } catch (error) {
        onError(error as Error);
      }
      started = true;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const remove of removers) remove();
      shared.users -= 1;
      if (shared.users > 0) return;
      if (open.get(url) === opening) open.delete(url);
      const connections = [shared.commands, shared.subscriber].filter((redis) => redis !== undefined);
      await Promise.all(connections.map((redis) => redis.quit().catch(() => redis.disconnect())));
    },
  };
}

const OPTIONS = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false };

async function connect(url: string): Promise<Shared> {
  const { Redis: RedisClient } = await import('ioredis');
  return { Client: RedisClient, commands: quiet(new RedisClient(url, OPTIONS)), subscriber: undefined, users: 0 };
}

function quiet(redis: Redis): Redis {
  redis.on('error', () => undefined);
  return redis;
}
