import { type LearnedAdjustment, LearnedAdjustments } from '@llm-relay/core';
import type { Redis } from 'ioredis';
import { connectPubSub } from './redis-pub-sub.js';

// One hash per kind of correction, field = model, under one hash tag so the script's two keys share a Redis
// Cluster slot. A replica that starts late reads both hashes; running replicas hear the channel.
const FACTORS = 'llm-relay:{learned}:factor';
const WINDOWS = 'llm-relay:{learned}:window';
const CHANNEL = 'llm-relay:learned';

// Merges as LearnedAdjustments does (largest factor, smallest window) in one step, so two replicas learning
// at once cannot overwrite each other, then tells every replica what is now known.
const MERGE = `
local model = ARGV[1]
local factor = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
if factor then
  local known = tonumber(redis.call('HGET', KEYS[1], model))
  if not known or factor > known then redis.call('HSET', KEYS[1], model, ARGV[2]) else factor = known end
else
  factor = tonumber(redis.call('HGET', KEYS[1], model))
end
if window then
  local known = tonumber(redis.call('HGET', KEYS[2], model))
  if not known or window < known then redis.call('HSET', KEYS[2], model, ARGV[3]) else window = known end
else
  window = tonumber(redis.call('HGET', KEYS[2], model))
end
local message = cjson.encode({ model = model, factorBoost = factor, contextWindow = window })
redis.call('PUBLISH', ARGV[4], message)
return message
`;

type SharedListener = (model: string, adjustment: LearnedAdjustment) => void;

export interface RedisLearnedStoreListeners {
  /** A correction another replica learned changed what this one knows (at start, or while running). */
  onShared?: SharedListener;
  /** A correction could not be loaded or published; each replica keeps learning on its own meanwhile. */
  onError?(error: Error): void;
}

type ScriptedRedis = Redis & { llmRelayLearn(factors: string, windows: string, model: string, factor: string, window: string, channel: string): Promise<string> };

/**
 * Overflow corrections shared by relay replicas through Redis: what one replica learns from a provider's
 * "context too long" answer, the others use on their next request (pub/sub), and a replica started later
 * loads at start. Redis being away costs only the sharing: each replica keeps learning on its own.
 */
export class RedisLearnedStore {
  private constructor(
    /** The handler's corrections, filled from Redis and published to it. */
    readonly learned: LearnedAdjustments,
    private readonly commands: ScriptedRedis,
    /** Takes this store's listeners off and gives its share of the process's Redis connections back. */
    readonly close: () => Promise<void>,
  ) {}

  /**
   * Connects (ioredis is loaded here, on first use), subscribes, then loads what was learned before this
   * replica started. The listeners are for the log: what another replica taught this one, and what could not be shared.
   *
   * @example
   * const store = await RedisLearnedStore.connect('redis://redis:6379', { onError: (error) => logger.warn({ err: error }, 'not shared') });
   * createRelayHandler({ upstream, learned: store.learned });
   */
  static async connect(url: string, listeners: RedisLearnedStoreListeners = {}): Promise<RedisLearnedStore> {
    const onError = listeners.onError ?? (() => undefined);
    const onShared = listeners.onShared ?? (() => undefined);
    const redis = await connectPubSub(url);
    const commands = redis.commands as ScriptedRedis;
    commands.defineCommand('llmRelayLearn', { numberOfKeys: 2, lua: MERGE });
    const learned: LearnedAdjustments = new LearnedAdjustments({
      onLearn: (model, adjustment) => {
        void commands.llmRelayLearn(FACTORS, WINDOWS, model, numberArg(adjustment.factorBoost), numberArg(adjustment.contextWindow), CHANNEL).then(
          (merged) => applyMessage(learned, merged, () => undefined),
          (error: Error) => onError(error),
        );
      },
    });
    const store = new RedisLearnedStore(learned, commands, redis.close);
    // Loaded again after a reconnection, or a first connection after Redis was away at start.
    await redis.subscribe(
      CHANNEL,
      (message) => applyMessage(learned, message, onShared),
      () => store.load(onShared),
      onError,
    );
    return store;
  }

  /** Applies every correction Redis holds; `onShared` hears each one that was new here. */
  async load(onShared: SharedListener = () => undefined): Promise<void> {
    const [factors, windows] = await Promise.all([this.commands.hgetall(FACTORS), this.commands.hgetall(WINDOWS)]);
    for (const model of new Set([...Object.keys(factors), ...Object.keys(windows)])) {
      const adjustment = { factorBoost: numberOrUndefined(factors[model]), contextWindow: numberOrUndefined(windows[model]) };
      if (this.learned.apply(model, adjustment)) onShared(model, this.learned.get(model) ?? adjustment);
    }
  }
}

function numberArg(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

function numberOrUndefined(value: string | undefined): number | undefined {
  const parsed = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

// Messages come from any process that can publish on the channel: only numbers are taken from them.
function applyMessage(learned: LearnedAdjustments, message: string, onShared: SharedListener): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return;
  }
  if (typeof parsed !== 'object' || parsed === null) return;
  const { model, factorBoost, contextWindow } = parsed as Record<string, unknown>;
  if (typeof model !== 'string' || model === '') return;
  const adjustment = { factorBoost: typeof factorBoost === 'number' ? factorBoost : undefined, contextWindow: typeof contextWindow === 'number' ? contextWindow : undefined };
  if (learned.apply(model, adjustment)) onShared(model, learned.get(model) ?? adjustment);
}
