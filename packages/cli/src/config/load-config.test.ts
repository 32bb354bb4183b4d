import { describe, expect, it } from 'vitest';
import { configSchema } from './config-schema.js';
import { resolveConfig } from './load-config.js';

const base = {
  upstreams: [{ name: 'p', baseURL: 'https://provider.example' }],
  models: [{ alias: 'gpt-4', upstream: 'p', model: 'm' }],
};
const resolve = (file: object, env: NodeJS.ProcessEnv = {}) => resolveConfig(configSchema.parse({ ...base, ...file }), env, 'llm-relay.config.yaml');

describe('resolveConfig: the Redis replicas share', () => {
  it('uses a top-level redis for rate limits and learned corrections', () => {
    const resolved = resolve({ redis: { urlEnv: 'REDIS_URL' } }, { REDIS_URL: 'redis://shared:6379' });
    expect(resolved.redisUrl).toBe('redis://shared:6379');
    expect(resolved.sharedRedisUrl).toBe('redis://shared:6379');
  });

  it('keeps rate limits in memory when told to, and still shares corrections', () => {
    const resolved = resolve({ redis: { url: 'redis://shared:6379' }, rateLimits: { store: 'memory' } });
    expect(resolved.redisUrl).toBeUndefined();
    expect(resolved.sharedRedisUrl).toBe('redis://shared:6379');
  });

  it("shares corrections through the rate limits' own redis when that is the only one", () => {
    const resolved = resolve({ rateLimits: { store: 'redis', redisUrl: 'redis://limits:6379' } });
    expect(resolved.redisUrl).toBe('redis://limits:6379');
    expect(resolved.sharedRedisUrl).toBe('redis://limits:6379');
  });

  it('shares nothing without redis', () => {
    const resolved = resolve({ rateLimits: { default: { requestsPerMinute: 5 } } });
    expect(resolved.redisUrl).toBeUndefined();
    expect(resolved.sharedRedisUrl).toBeUndefined();
  });

  it('refuses a redis store with no URL anywhere, and a redis block with both or neither of url and urlEnv', () => {
    expect(configSchema.safeParse({ ...base, rateLimits: { store: 'redis' } }).success).toBe(false);
    expect(configSchema.safeParse({ ...base, redis: {} }).success).toBe(false);
    expect(configSchema.safeParse({ ...base, redis: { url: 'redis://a', urlEnv: 'B' } }).success).toBe(false);
    expect(() => resolve({ redis: { urlEnv: 'REDIS_URL' } })).toThrow(/redis\.urlEnv names the environment variable REDIS_URL, which is not set/);
  });
});

describe('resolveConfig: model limits', () => {
  it('sets only the limits the file gives, so the rest keep their defaults', () => {
    const resolved = resolve({ models: [{ alias: 'gpt-4', upstream: 'p', model: 'm', contextWindow: 100_000 }] });
    expect(resolved.modelWindows).toEqual({ m: { contextWindow: 100_000 } });
    expect(Object.keys(resolved.modelWindows.m ?? {})).toEqual(['contextWindow']);
  });
});
