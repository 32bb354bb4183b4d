import type { FakeProvider } from '@llm-relay/core/testing';
import type { RunningRelay } from 'llm-relay';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startRig, type TestRig } from './helpers.js';

const KEYS = ['sk-key-one-1111111111', 'sk-key-two-2222222222', 'sk-key-three-33333333'];
const ask = { model: 'gpt-4', messages: [{ role: 'user' as const, content: 'Hello' }] };

describe('several provider keys for one upstream', () => {
  let rig: TestRig;
  let fake: FakeProvider;
  let relay: RunningRelay;
  let logs: string[];
  const keyUsed = (index: number) => fake.requests[index]?.headers.authorization?.replace('Bearer ', '');

  async function start(accepted: string[], relayKeys: string[], keepRequests = 50): Promise<OpenAI> {
    rig = await startRig({ apiKeys: accepted, keepRequests }, { upstreamKey: relayKeys.join(','), retry: { attempts: 2, baseDelayMs: 5 } });
    ({ fake, relay, logs } = rig);
    return new OpenAI({ baseURL: `${relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
  }
  afterEach(() => rig.stop());

  it('spreads requests across the keys of a comma-separated LLM_PROVIDER_KEY', async () => {
    const client = await start(KEYS, KEYS);
    for (let i = 0; i < 6; i += 1) await client.chat.completions.create(ask);
    expect([0, 1, 2, 3, 4, 5].map(keyUsed)).toEqual([...KEYS, ...KEYS]);
  });

  it('rests a rate-limited key for its retry-after while the others carry the requests, unseen by the client', async () => {
    const client = await start(KEYS, KEYS);
    fake.fail({ status: 429, key: KEYS[0], headers: { 'retry-after': '30' } });
    const first = await client.chat.completions.create(ask);
    expect(first.choices[0]?.message.content).toContain('Hello');
    for (let i = 0; i < 4; i += 1) await client.chat.completions.create(ask);
    const used = fake.requests.map((_, index) => keyUsed(index));
    expect(used[0]).toBe(KEYS[0]);
    expect(used.slice(1)).not.toContain(KEYS[0]);
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/llm_relay_provider_key_events_total\{upstream="default",event="rested"\} 1/);
  });

  it('answers 429 with the time the first key is back when every key rests', async () => {
    const client = await start(KEYS.slice(0, 2), KEYS.slice(0, 2));
    fake.fail({ status: 429, key: KEYS[0], headers: { 'retry-after': '40' } });
    fake.fail({ status: 429, key: KEYS[1], headers: { 'retry-after': '20' } });
    const error = await client.chat.completions.create(ask).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const seconds = Number((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after'));
    expect(seconds).toBeGreaterThan(15);
    expect(seconds).toBeLessThanOrEqual(20);
    expect(fake.stats.requests).toBe(2);
  });

  it('serves every request while a healthy key is left: one limited, one refused, two healthy within 10% of each other over 1,000 requests', async () => {
    const limited = 'sk-key-limited-444444';
    const refused = 'sk-key-refused-555555';
    const healthy = KEYS.slice(0, 2);
    const client = await start([...healthy, limited], [limited, refused, ...healthy], 1_001);
    fake.fail({ status: 429, key: limited, headers: { 'retry-after': '3600' } });
    let failed = 0;
    for (let i = 0; i < 1_000; i += 1) await client.chat.completions.create(ask).catch(() => (failed += 1));
    expect(failed).toBe(0);
    // The fake records the requests whose key it knows, the one it answered 429 among them: the limited key
    // once (then resting), none on the refused key (refused before it is recorded), every request answered.
    expect(fake.requests).toHaveLength(1_001);
    const counts = new Map<string | undefined, number>();
    for (const index of fake.requests.keys()) counts.set(keyUsed(index), (counts.get(keyUsed(index)) ?? 0) + 1);
    const [a, b] = healthy.map((key) => counts.get(key) ?? 0) as [number, number];
    expect(a + b).toBe(1_000);
    expect(Math.abs(a - b) / ((a + b) / 2)).toBeLessThanOrEqual(0.1);
    expect([counts.get(limited), counts.get(refused) ?? 0]).toEqual([1, 0]);
  });

  it('takes a refused key out with one log line naming its fingerprint, never the key', async () => {
    const client = await start(KEYS.slice(0, 2), KEYS);
    for (let i = 0; i < 9; i += 1) await client.chat.completions.create(ask);
    // The fake records only requests it accepted: one refusal in all, and every answered request on the two good keys.
    expect(fake.stats.rejected).toBe(1);
    expect(fake.requests).toHaveLength(9);
    expect(new Set(fake.requests.map((_, index) => keyUsed(index)))).toEqual(new Set(KEYS.slice(0, 2)));
    const lines = logs.filter((line) => line.includes('taken out of the rotation'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 50, upstream: 'default', key: expect.stringMatching(/^key-[0-9a-f]{16}$/), status: 401 });
    for (const key of KEYS) expect(logs.join('\n')).not.toContain(key);
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/llm_relay_provider_key_events_total\{upstream="default",event="removed"\} 1/);
  });

  it('takes a forbidden key (403) out like a refused one: every request answered, the key never tried again', async () => {
    const client = await start(KEYS, KEYS);
    // Once only: a key that merely failed once, rather than taken out, would answer on its next turn.
    fake.fail({ status: 403, key: KEYS[0] });
    const first = await client.chat.completions.create(ask).withResponse();
    expect(first.data.choices[0]?.message.content).toContain('Hello');
    // The switch to the next key happened inside the relay, before any byte reached the client.
    expect(first.response.headers.get('x-llm-relay-attempts')).toBe('2');
    for (let i = 0; i < 6; i += 1) expect((await client.chat.completions.create(ask)).choices[0]?.message.content).toContain('Hello');
    // The fake records the forbidden request too (it reads a request before failing it), then never sees that key again.
    expect([...fake.requests.keys()].map(keyUsed)).toEqual([KEYS[0], KEYS[1], KEYS[2], KEYS[1], KEYS[2], KEYS[1], KEYS[2], KEYS[1]]);
    expect(fake.stats.rejected).toBe(1);
    const lines = logs.filter((line) => line.includes('taken out of the rotation'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ upstream: 'default', key: expect.stringMatching(/^key-[0-9a-f]{16}$/), status: 403 });
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/llm_relay_provider_key_events_total\{upstream="default",event="removed"\} 1\n/);
    expect(metrics).not.toMatch(/event="rested"\} [1-9]/);
  });

  it('still rests a limited key after two others were refused in the same request (the refusals shrink the key count, not the switches allowed)', async () => {
    const [refusedOne, refusedTwo, limited, healthy] = ['sk-key-refused-1111111', 'sk-key-refused-2222222', 'sk-key-limited-3333333', 'sk-key-healthy-4444444'];
    const client = await start([limited, healthy], [refusedOne, refusedTwo, limited, healthy]);
    fake.fail({ status: 429, key: limited, headers: { 'retry-after': '3600' } });
    const first = await client.chat.completions.create(ask).withResponse();
    expect(first.data.choices[0]?.message.content).toContain('Hello');
    expect(first.response.headers.get('x-llm-relay-attempts')).toBe('4');
    for (let i = 0; i < 3; i += 1) await client.chat.completions.create(ask);
    // Resting for an hour: the limited key is not tried again, whose turn would otherwise come every other request.
    // (The fake records only requests whose key it knows: the two refused never reach its log.)
    expect([...fake.requests.keys()].map(keyUsed)).toEqual([limited, healthy, healthy, healthy, healthy]);
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/llm_relay_provider_key_events_total\{upstream="default",event="rested"\} 1\n/);
    expect(metrics).toMatch(/llm_relay_provider_key_events_total\{upstream="default",event="removed"\} 2\n/);
  });

  it('rests an overloaded key (529) for its retry-after like a rate-limited one, unseen by the client, and takes it back when the rest ends', async () => {
    const client = await start(KEYS, KEYS);
    fake.fail({ status: 529, key: KEYS[0], headers: { 'retry-after': '1' } });
    const first = await client.chat.completions.create(ask).withResponse();
    expect(first.data.choices[0]?.message.content).toContain('Hello');
    expect(first.response.headers.get('x-llm-relay-attempts')).toBe('2');
    for (let i = 0; i < 5; i += 1) expect((await client.chat.completions.create(ask)).choices[0]?.message.content).toContain('Hello');
    expect([...fake.requests.keys()].map(keyUsed)).toEqual([KEYS[0], KEYS[1], KEYS[2], KEYS[1], KEYS[2], KEYS[1], KEYS[2]]);
    // A key taken out would stay out; a resting one is back on its turn once its second is over.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    for (let i = 0; i < 3; i += 1) expect((await client.chat.completions.create(ask)).choices[0]?.message.content).toContain('Hello');
    expect([...fake.requests.keys()].slice(-3).map(keyUsed)).toEqual(KEYS);
    expect(fake.stats.rejected).toBe(1);
    expect(logs.filter((line) => line.includes('taken out of the rotation'))).toHaveLength(0);
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/llm_relay_provider_key_events_total\{upstream="default",event="rested"\} 1\n/);
    expect(metrics).not.toMatch(/event="removed"\} [1-9]/);
  });
});
