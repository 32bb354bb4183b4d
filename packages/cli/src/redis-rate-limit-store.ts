import type { BucketCheck, ConsumeResult, RateLimitStore } from '@llm-relay/core';
import { bucketState } from '@llm-relay/core';
import type { Redis } from 'ioredis';
import { connectPubSub } from './redis-pub-sub.js';

// The same token-bucket steps as the memory store (refill, check all, take all or nothing), in one script
// so that concurrent relays never interleave between the read and the write.
const CONSUME = `
local function quantize(x) return math.floor(x * 1e6 + 0.5) / 1e6 end
local window = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local levels = {}
local allowed = 1
for i, key in ipairs(KEYS) do
  local cost = tonumber(ARGV[1 + i * 2])
  local limit = tonumber(ARGV[2 + i * 2])
  local state = redis.call('HMGET', key, 'l', 't')
  local level = limit
  if state[1] then
    level = quantize(math.min(limit, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * limit / window))
  end
  levels[i] = level
  if cost > level then allowed = 0 end
end
local out = { allowed }
for i, key in ipairs(KEYS) do
  local level = levels[i]
  if allowed == 1 then
    level = quantize(level - tonumber(ARGV[1 + i * 2]))
    redis.call('HSET', key, 'l', tostring(level), 't', tostring(now))
    redis.call('PEXPIRE', key, math.ceil(window * 2))
  end
  out[#out + 1] = tostring(level)
end
return out
`;

const DEBIT = `
local function quantize(x) return math.floor(x * 1e6 + 0.5) / 1e6 end
local cost = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'l', 't')
local level = limit
if state[1] then
  level = quantize(math.min(limit, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * limit / window))
end
level = quantize(math.max(-limit, level - cost))
redis.call('HSET', KEYS[1], 'l', tostring(level), 't', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 2))
return tostring(level)
`;

type ScriptedRedis = Redis & {
  llmRelayConsume(...args: (string | number)[]): Promise<string[] | (number | string)[]>;
  llmRelayDebit(key: string, ...args: (string | number)[]): Promise<string>;
};

/**
 * Rate-limit buckets in Redis, so several relay replicas share one limit. One atomic script per check.
 * Keys carry a `{name}` hash tag, so a client's buckets sit in one Redis Cluster slot.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: ScriptedRedis;

  /** `close`: what gives the connection back (default: quit it; a shared one is only released). */
  constructor(
    redis: Redis,
    private readonly release: () => Promise<void> = async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  ) {
    // ioredis reconnects by itself and a failed command reaches the caller (a 503); without a listener each
    // reconnection attempt would print an "Unhandled error event" stack on stderr.
    redis.on('error', () => undefined);
    redis.defineCommand('llmRelayConsume', { lua: CONSUME });
    redis.defineCommand('llmRelayDebit', { numberOfKeys: 1, lua: DEBIT });
    this.redis = redis as ScriptedRedis;
  }

  /** On the process's one command connection to `url`, shared with the other Redis stores (see `connectPubSub`). */
  static async connect(url: string): Promise<RedisRateLimitStore> {
    const shared = await connectPubSub(url);
    return new RedisRateLimitStore(shared.commands, shared.close);
  }

  async consume(checks: BucketCheck[], windowMs: number, nowMs: number): Promise<ConsumeResult> {
    const args: (string | number)[] = [checks.length, ...checks.map((check) => check.key), windowMs, nowMs];
    for (const check of checks) args.push(check.cost, check.limit);
    const [allowedFlag, ...levels] = await this.redis.llmRelayConsume(...args);
    const allowed = Number(allowedFlag) === 1;
    return {
      allowed,
      buckets: checks.map((check, i) => bucketState(check.key, check.limit, Number(levels[i]), check.cost, allowed, windowMs)),
    };
  }

  async debit(key: string, cost: number, limit: number, windowMs: number, nowMs: number): Promise<void> {
    await this.redis.llmRelayDebit(key, cost, limit, windowMs, nowMs);
  }

  async close(): Promise<void> {
    await this.release();
  }
}
