import { KeyRests } from '@llm-relay/core';
import type { Redis } from 'ioredis';
import { connectPubSub } from './redis-pub-sub.js';

// Field = key fingerprint (never the key), value = until when it rests (ms since the epoch).
const RESTS = 'llm-relay:{keys}:rest';
const CHANNEL = 'llm-relay:key-rests';

// Keeps the longer rest in one step, so two replicas resting one key at once cannot shorten it, then tells
// every replica. Ended rests are not worth keeping: a late replica loads only the ones still running.
const REST = `
local known = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
local untilMs = tonumber(ARGV[2])
if known and known >= untilMs then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[1] .. ' ' .. ARGV[2])
return 1
`;

// Forgets rests that are still over when it runs: another replica may have rested a key again between this
// replica's read and its clean-up, and that newer rest must stay for replicas started later.
const FORGET_ENDED = `
local now = tonumber(ARGV[1])
for i = 2, #ARGV do
  local untilMs = tonumber(redis.call('HGET', KEYS[1], ARGV[i]))
  if untilMs == nil or untilMs <= now then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 0
`;

type ScriptedRedis = Redis & {
  llmRelayRest(rests: string, fingerprint: string, untilMs: string, channel: string): Promise<number>;
  llmRelayForgetEnded(rests: string, now: string, ...fingerprints: string[]): Promise<number>;
};

/**
 * Provider-key rests shared by relay replicas through Redis: a key one replica got a 429 for rests on every
 * replica (pub/sub), and a replica started later loads the rests still running. Redis being away costs only
 * the sharing: each replica keeps resting keys on its own.
 *
 * @example
 * const shared = await RedisKeyRests.connect('redis://redis:6379');
 * createRelayHandler({ upstream, keyRests: shared.rests });
 */
export class RedisKeyRests {
  private constructor(
    readonly rests: KeyRests,
    private readonly commands: ScriptedRedis,
    /** Takes this store's listeners off and gives its share of the process's Redis connections back. */
    readonly close: () => Promise<void>,
  ) {}

  static async connect(url: string, onError: (error: Error) => void = () => undefined): Promise<RedisKeyRests> {
    const redis = await connectPubSub(url);
    const commands = redis.commands as ScriptedRedis;
    commands.defineCommand('llmRelayRest', { numberOfKeys: 1, lua: REST });
    commands.defineCommand('llmRelayForgetEnded', { numberOfKeys: 1, lua: FORGET_ENDED });
    const rests = new KeyRests({
      onRest: (fingerprint, untilMs) => {
        commands.llmRelayRest(RESTS, fingerprint, String(untilMs), CHANNEL).catch(onError);
      },
    });
    const shared = new RedisKeyRests(rests, commands, redis.close);
    const onMessage = (message: string) => {
      const [fingerprint, untilMs] = message.split(' ');
      if (fingerprint !== undefined && fingerprint !== '') rests.apply(fingerprint, Number(untilMs));
    };
    await redis.subscribe(CHANNEL, onMessage, () => shared.load(), onError);
    return shared;
  }

  /** Applies the rests still running; forgets the ended ones in Redis too, unless rested again meanwhile. */
  async load(now = Date.now()): Promise<void> {
    const all = await this.commands.hgetall(RESTS);
    const ended: string[] = [];
    for (const [fingerprint, value] of Object.entries(all)) {
      const untilMs = Number(value);
      if (Number.isFinite(untilMs) && untilMs > now) this.rests.apply(fingerprint, untilMs);
      else ended.push(fingerprint);
    }
    if (ended.length > 0) await this.commands.llmRelayForgetEnded(RESTS, String(now), ...ended);
  }
}
