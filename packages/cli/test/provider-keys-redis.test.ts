import { keyFingerprint } from '@llm-relay/core';
import type { FakeProvider } from '@llm-relay/core/testing';
import { Redis } from 'ioredis';
import { type RunningRelay, startRelay } from 'llm-relay';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRig, type TestRig, waitFor } from './helpers.js';
import { startRedis } from './redis-server.js';

const HEALTHY = ['sk-key-one-1111111111', 'sk-key-two-2222222222'];
const LIMITED = 'sk-key-limited-444444';
const REFUSED = 'sk-key-refused-555555';
// The limited key first: the very first request meets its 429, then the refusal, before a healthy key serves it.
const RELAY_KEYS = [LIMITED, REFUSED, ...HEALTHY];
// Where RedisKeyRests keeps the rests and tells the other replicas of them (packages/cli/src/redis-key-rests.ts).
const RESTS = 'llm-relay:{keys}:rest';
const CHANNEL = 'llm-relay:key-rests';
const RETRY_AFTER_S = 3_600;
const ask = { model: 'gpt-4', messages: [{ role: 'user' as const, content: 'Hello' }] };

/** How many requests the fake accepted on each key (a 429 it injected counts: it read the request first). */
function requestsByKey(fake: FakeProvider): Map<string | undefined, number> {
  const counts = new Map<string | undefined, number>();
  for (const request of fake.requests) {
    const key = request.headers.authorization?.replace('Bearer ', '');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Every request served: the limited key tried once in all, the refused one never accepted (the fake does not
 * record a request whose key it refuses, so the difference is the refused key's tries), and the healthy
 * keys sharing the 1,000 requests within 10% of each other.
 */
function expectServedByHealthyKeys(fake: FakeProvider, refusedTries: number): void {
  const counts = requestsByKey(fake);
  expect(counts.get(LIMITED)).toBe(1);
  expect(counts.get(REFUSED)).toBeUndefined();
  expect(fake.stats.requests - fake.requests.length).toBe(refusedTries);
  const [a, b] = HEALTHY.map((key) => counts.get(key) ?? 0) as [number, number];
  expect(a + b).toBe(1_000);
  expect(Math.abs(a - b) / ((a + b) / 2)).toBeLessThanOrEqual(0.1);
}

describe('several provider keys for one upstream, with the rests shared through a real redis-server', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  // The test's own connections: one to read the stored rests, one to hear what is published.
  let reader: Redis;
  let listener: Redis;
  let published: string[];
  let rig: TestRig | undefined;
  let second: RunningRelay | undefined;

  beforeAll(async () => {
    // No redis-server fails here, naming scripts/setup.sh, rather than skipping.
    redis = await startRedis();
    reader = new Redis(redis.url);
    listener = new Redis(redis.url);
    await listener.subscribe(CHANNEL);
    listener.on('message', (_channel: string, message: string) => published.push(message));
  });
  beforeEach(async () => {
    published = [];
    // A rest left by the test before would be loaded at start-up and keep the limited key from ever being tried.
    await reader.flushall();
  });
  afterEach(async () => {
    await second?.stop(0);
    await rig?.stop();
    second = undefined;
    rig = undefined;
  });
  afterAll(async () => {
    reader?.disconnect();
    listener?.disconnect();
    await redis?.stop();
  });

  async function start(): Promise<TestRig> {
    rig = await startRig({ apiKeys: [...HEALTHY, LIMITED], keepRequests: 1_100 }, { upstreamKey: RELAY_KEYS.join(','), retry: { attempts: 2, baseDelayMs: 5 }, redisUrl: redis.url });
    rig.fake.fail({ status: 429, key: LIMITED, headers: { 'retry-after': String(RETRY_AFTER_S) } });
    return rig;
  }

  it('serves all of 1,000 requests: the refused key tried once, the limited key tried once and resting in Redis until its retry-after, two healthy keys within 10% of each other', async () => {
    const { fake, relay } = await start();
    const client = new OpenAI({ baseURL: `${relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
    const before = Date.now();
    let failed = 0;
    for (let i = 0; i < 1_000; i += 1) await client.chat.completions.create(ask).catch(() => (failed += 1));
    const after = Date.now();
    expect(failed).toBe(0);
    expectServedByHealthyKeys(fake, 1);

    // Only the rest is shared: a refusal takes the key out of this process only.
    const stored = await reader.hgetall(RESTS);
    const fingerprint = keyFingerprint(LIMITED);
    expect(Object.keys(stored)).toEqual([fingerprint]);
    const untilMs = Number(stored[fingerprint]);
    expect(untilMs).toBeGreaterThanOrEqual(before + RETRY_AFTER_S * 1_000);
    expect(untilMs).toBeLessThanOrEqual(after + RETRY_AFTER_S * 1_000);
    // Told to the other replicas once, not once per request that skipped the key.
    await waitFor(() => published.length > 0);
    expect(published).toEqual([`${fingerprint} ${untilMs}`]);

    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/llm_relay_provider_key_events_total\{upstream="default",event="rested"\} 1\n/);
    expect(metrics).toMatch(/llm_relay_provider_key_events_total\{upstream="default",event="removed"\} 1\n/);
  }, 20_000);

  it('serves all of 1,000 requests alternated between two replicas on one Redis: the limited key tried once in all, the refused key once by each, two healthy keys within 10% of each other', async () => {
    const { fake, fakeServer, relay } = await start();
    second = await startRelay({
      port: 0,
      upstreamUrl: fakeServer.url,
      upstreamKey: RELAY_KEYS.join(','),
      model: 'fake-model',
      retry: { attempts: 2, baseDelayMs: 5 },
      redisUrl: redis.url,
      logLevel: 'silent',
    });
    const clients = [relay, second].map((replica) => new OpenAI({ baseURL: `${replica.url}/v1`, apiKey: 'dummy', maxRetries: 0 }));
    let failed = 0;
    await clients[0]?.chat.completions.create(ask).catch(() => (failed += 1));
    // The rest travels by pub/sub, which no request waits for: the second replica's first request must come after it.
    await waitFor(() => published.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (let i = 1; i < 1_000; i += 1) await clients[i % 2]?.chat.completions.create(ask).catch(() => (failed += 1));
    expect(failed).toBe(0);
    // The second replica starts its turn on the limited key too: it skipped it because it heard of the rest.
    // Refusals are not shared: each replica finds out for itself, once.
    expectServedByHealthyKeys(fake, 2);
    expect(published).toHaveLength(1);
  }, 20_000);
});
