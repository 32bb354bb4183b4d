import { Writable } from 'node:stream';
import { createFakeProvider } from '@llm-relay/core/testing';
import { type RunningRelay, type RunningServer, serveHandler, startRelay } from 'llm-relay';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSession } from '../../core/test/support/agent-session.js';
import { waitFor } from './helpers.js';

const ALICE = 'alice-secret-key-0001';
const BOB = 'bob-secret-key-0002';
const PRIMARY_KEY = 'sk-primary-provider-key-abcdef';

function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const lines = text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return lines.filter((line) => wanted.every((label) => line.includes(label))).reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('the gateway: keys, limits, retries, fallbacks, metrics, over real HTTP', () => {
  let primary: RunningServer;
  let backup: RunningServer;
  let primaryFake: ReturnType<typeof createFakeProvider>;
  let backupFake: ReturnType<typeof createFakeProvider>;
  let relay: RunningRelay;
  let now = 5_000_000;
  const logs: string[] = [];

  beforeAll(async () => {
    primaryFake = createFakeProvider({ apiKey: PRIMARY_KEY, contextWindow: 16_000 });
    backupFake = createFakeProvider({ contextWindow: 1_000_000 });
    primary = await serveHandler(primaryFake.handler, { port: 0 });
    backup = await serveHandler(backupFake.handler, { port: 0 });
    relay = await startRelay({
      port: 0,
      upstreams: { primary: { baseURL: primary.url, apiKey: PRIMARY_KEY }, backup: { baseURL: `${backup.url}/v1` } },
      routes: [
        {
          match: 'coder',
          targets: [
            { upstream: 'primary', model: 'small-model' },
            { upstream: 'backup', model: 'big-model' },
          ],
        },
        { match: 'gpt-4*', targets: [{ upstream: 'primary', model: 'small-model' }] },
      ],
      context: { models: { 'small-model': { contextWindow: 16_000, maxOutputTokens: 1_000 }, 'big-model': { contextWindow: 1_000_000 } } },
      retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 100 },
      clientKeys: [
        { name: 'alice', key: ALICE, limits: { requestsPerMinute: 3 } },
        { name: 'bob', key: BOB, models: ['coder'] },
      ],
      clock: () => now,
      logDestination: new Writable({
        write(chunk, _encoding, done) {
          logs.push(...String(chunk).split('\n').filter(Boolean));
          done();
        },
      }),
    });
  });
  afterAll(async () => {
    await relay.stop(0);
    await primary.close(0);
    await backup.close(0);
  });

  const client = (key: string) => new OpenAI({ baseURL: `${relay.url}/v1`, apiKey: key, maxRetries: 0 });
  const hello = (model = 'coder') => ({ model, messages: [{ role: 'user' as const, content: 'hi' }] });

  it('rejects a wrong key with 401 and a model outside the key with 403', async () => {
    await expect(client('wrong-key').chat.completions.create(hello())).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(client(BOB).chat.completions.create(hello('gpt-4o'))).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    const ok = await client(BOB).chat.completions.create(hello());
    expect(ok.choices[0]?.message.content).toContain('hi');
  });

  it('limits requests per minute with 429 and the OpenAI headers, and resets with the clock', async () => {
    const alice = client(ALICE);
    for (let i = 0; i < 3; i += 1) await alice.chat.completions.create(hello());
    const error = (await alice.chat.completions.create(hello()).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers?.get('retry-after')).toBe('20');
    expect(error.headers?.get('x-ratelimit-limit-requests')).toBe('3');
    now += 60_000;
    const { response } = await alice.chat.completions.create(hello()).withResponse();
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('2');
  });

  it('retries a 503 and says how many attempts it took', async () => {
    primaryFake.fail({ status: 503 });
    const { data, response } = await client(BOB).chat.completions.create(hello()).withResponse();
    expect(data.choices[0]?.message.content).toBeTruthy();
    expect(response.headers.get('x-llm-relay-attempts')).toBe('2');
    expect(response.headers.get('x-llm-relay-upstream')).toBe('primary');
  });

  it('falls back to the backup upstream after repeated 500s', async () => {
    primaryFake.fail({ status: 500, times: 2 });
    const { response } = await client(BOB).chat.completions.create(hello()).withResponse();
    expect(response.headers.get('x-llm-relay-upstream')).toBe('backup');
    expect(response.headers.get('x-llm-relay-model')).toBe('big-model');
    expect(response.headers.get('x-llm-relay-attempts')).toBe('3');
  });

  it('routes an over-long conversation to the larger-context fallback instead of truncating', async () => {
    const { messages } = agentSession({ steps: 12, seed: 4, maxToolTokens: 3_000 });
    const before = backupFake.stats.requests;
    const { response } = await client(BOB)
      .chat.completions.create({ model: 'coder', max_tokens: 1_000, messages: messages as OpenAI.ChatCompletionMessageParam[] })
      .withResponse();
    expect(response.headers.get('x-llm-relay-upstream')).toBe('backup');
    expect(response.headers.get('x-llm-relay-context')).toMatch(/^stage=none/);
    expect(backupFake.stats.requests).toBe(before + 1);
    expect(backupFake.requests.at(-1)?.body.messages).toHaveLength(messages.length);
  });

  it('counts in /metrics what it did, and never logs a key', async () => {
    const scrape = async () => (await fetch(`${relay.url}/metrics`)).text();
    const before = await scrape();
    await client(BOB).chat.completions.create(hello());
    const stream = await client(BOB).chat.completions.create({ ...hello(), stream: true });
    for await (const _chunk of stream);
    await client('nope')
      .chat.completions.create(hello())
      .catch(() => undefined);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('llm_relay_requests_total', { route: 'chat', status: '200', key: 'bob' })).toBe(2);
    expect(delta('llm_relay_requests_total', { route: 'chat', status: '401' })).toBe(1);
    expect(delta('llm_relay_prompt_tokens_total', { key: 'bob' })).toBe(16);
    expect(delta('llm_relay_request_duration_seconds_count', { route: 'chat' })).toBe(3);
    expect(metricValue(after, 'llm_relay_upstream_retries_total', { upstream: 'primary' })).toBeGreaterThanOrEqual(3);
    expect(metricValue(after, 'llm_relay_rate_limited_total', { key: 'alice' })).toBe(1);
    expect(metricValue(after, 'llm_relay_in_flight_requests')).toBe(0);

    await waitFor(() => logs.some((line) => line.includes('"key":"bob"')));
    for (const line of logs) {
      for (const secret of [ALICE, BOB, PRIMARY_KEY]) expect(line).not.toContain(secret);
    }
    const rateLimited = logs.map((line) => JSON.parse(line)).find((entry) => entry.status === 429);
    expect(rateLimited).toMatchObject({ key: 'alice', rateLimit: { allowed: false, remainingRequests: 0 } });
  });
});
