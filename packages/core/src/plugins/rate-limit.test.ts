import { describe, expect, it } from 'vitest';
import { chatRequest, fakeFetch } from '../../test/support/test-helpers.js';
import { createFakeProvider } from '../fake-provider/create-fake-provider.js';
import { createRelayHandler } from '../handler/create-relay-handler.js';
import { clientKeyAuth } from './client-key-auth.js';
import { MemoryRateLimitStore } from './memory-rate-limit-store.js';
import { formatDuration, rateLimit } from './rate-limit.js';

function setup(limits: { requestsPerMinute?: number; tokensPerMinute?: number }) {
  let now = 1_000_000;
  const handler = createRelayHandler({
    upstream: { baseURL: 'http://fake' },
    models: { defaultModel: 'fake-model' },
    fetch: fakeFetch(createFakeProvider()),
    plugins: [clientKeyAuth([{ name: 'alice', key: 'ak' }]), rateLimit({ store: new MemoryRateLimitStore(), limitsFor: () => limits, now: () => now })],
  });
  const send = () => handler(chatRequest({ messages: [{ role: 'user', content: 'hi' }] }, { authorization: 'Bearer ak' }));
  return { send, advance: (ms: number) => (now += ms) };
}

describe('rateLimit', () => {
  it('answers 429 with Retry-After and OpenAI rate-limit headers once the requests are used up, and recovers', async () => {
    const { send, advance } = setup({ requestsPerMinute: 2 });
    const first = await send();
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    expect((await send()).status).toBe(200);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(limited.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(limited.headers.get('x-ratelimit-reset-requests')).toBe('1m0s');
    const error = ((await limited.json()) as { error: { type: string; code: string; message: string } }).error;
    expect(error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(error.message).toContain('"alice"');
    advance(30_000);
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(429);
  });

  it('counts prompt tokens before and completion tokens after', async () => {
    // Each request: 8 prompt tokens, 12 completion tokens from the fake provider.
    const { send, advance } = setup({ tokensPerMinute: 50 });
    const first = await send();
    expect(first.headers.get('x-ratelimit-remaining-tokens')).toBe('42');
    await first.text();
    const second = await send();
    expect(second.headers.get('x-ratelimit-remaining-tokens')).toBe('22');
    await second.text();
    // 50 - 2 * 20 = 10 left, below the next prompt's 8 + nothing: still fits once, then not.
    expect((await send()).status).toBe(200);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-limit-tokens')).toBe('50');
    advance(60_000);
    expect((await send()).status).toBe(200);
  });

  it('formats durations as OpenAI does', () => {
    expect(formatDuration(20)).toBe('20ms');
    expect(formatDuration(1_500)).toBe('1.5s');
    expect(formatDuration(360_000)).toBe('6m0s');
  });

  it('answers 503 rate_limit_store_unavailable, not a 500, when its store fails', async () => {
    const failing = { consume: () => Promise.reject(new Error('connection refused')), debit: () => Promise.resolve() };
    const handler = createRelayHandler({
      upstream: { baseURL: 'http://fake' },
      models: { defaultModel: 'fake-model' },
      fetch: fakeFetch(createFakeProvider()),
      plugins: [rateLimit({ store: failing, limitsFor: () => ({ requestsPerMinute: 5 }) })],
    });
    const response = await handler(chatRequest({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('rate_limit_store_unavailable');
  });
});
