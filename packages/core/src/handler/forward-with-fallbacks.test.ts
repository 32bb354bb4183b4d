import { describe, expect, it } from 'vitest';
import { agentSession } from '../../test/support/agent-session.js';
import { chatRequest, fakeNetwork } from '../../test/support/test-helpers.js';
import { estimateTokens } from '../context/estimate-tokens.js';
import type { RelayHandlerOptions } from '../options/relay-options.js';
import type { UpstreamAttempt } from '../plugins/relay-plugin.js';
import { createRelayHandler } from './create-relay-handler.js';

function twoUpstreams(primary: Parameters<typeof fakeNetwork>[0][string], extra: Partial<RelayHandlerOptions> = {}) {
  const network = fakeNetwork({ primary, backup: { contextWindow: 1_000_000 } });
  const attempts: UpstreamAttempt[] = [];
  const handler = createRelayHandler({
    upstreams: { primary: { baseURL: 'http://primary' }, backup: { baseURL: 'http://backup/v1' } },
    routes: [
      {
        match: 'coder',
        targets: [
          { upstream: 'primary', model: 'small-model' },
          { upstream: 'backup', model: 'big-model' },
        ],
      },
    ],
    models: {},
    fetch: network.fetch,
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 50 },
    context: { models: { 'small-model': { contextWindow: 16_000, maxOutputTokens: 1_000 }, 'big-model': { contextWindow: 1_000_000 } } },
    plugins: [{ name: 'watch', onUpstreamAttempt: (_context, attempt) => attempts.push(attempt) }],
    ...extra,
  });
  return { handler, ...network, attempts };
}

const hello = { model: 'coder', messages: [{ role: 'user', content: 'hi' }] };

describe('retries and fallbacks', () => {
  it('retries a 503 with backoff and then succeeds on the same upstream', async () => {
    const { handler, fakes, attempts } = twoUpstreams({ failures: [{ status: 503, times: 2 }] });
    const response = await handler(chatRequest(hello));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-llm-relay-upstream')).toBe('primary');
    expect(response.headers.get('x-llm-relay-attempts')).toBe('3');
    expect(fakes.primary?.stats.requests).toBe(3);
    expect(attempts.map((a) => [a.upstream, a.status, a.willRetry])).toEqual([
      ['primary', 503, true],
      ['primary', 503, true],
      ['primary', 200, false],
    ]);
  });

  it('falls back to the next upstream after repeated 500s', async () => {
    const { handler, fakes } = twoUpstreams({ failures: [{ status: 500, times: 10 }] });
    const response = await handler(chatRequest(hello));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-llm-relay-upstream')).toBe('backup');
    expect(response.headers.get('x-llm-relay-model')).toBe('big-model');
    expect(response.headers.get('x-llm-relay-attempts')).toBe('4');
    expect(fakes.backup?.requests[0]?.body.model).toBe('big-model');
  });

  it('honours Retry-After, and moves on when it asks for longer than the backoff allows', async () => {
    const { handler, fakes } = twoUpstreams({ failures: [{ status: 429, headers: { 'retry-after': '3600' }, times: 5 }] });
    const response = await handler(chatRequest(hello));
    expect(response.headers.get('x-llm-relay-upstream')).toBe('backup');
    expect(fakes.primary?.stats.requests).toBe(1);
  });

  it('does not retry or fall back on a client error', async () => {
    const { handler, fakes } = twoUpstreams({ failures: [{ status: 400, message: 'bad parameter' }] });
    const response = await handler(chatRequest(hello));
    expect(response.status).toBe(400);
    expect(fakes.primary?.stats.requests).toBe(1);
    expect(fakes.backup?.stats.requests).toBe(0);
  });

  it('routes to a larger-context fallback instead of truncating', async () => {
    const session = agentSession({ steps: 12, seed: 2, maxToolTokens: 3_000 });
    expect(estimateTokens(session.messages)).toBeGreaterThan(20_000);
    const { handler, fakes } = twoUpstreams({ contextWindow: 16_000 });
    const response = await handler(chatRequest({ model: 'coder', max_tokens: 1_000, messages: session.messages }));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-llm-relay-upstream')).toBe('backup');
    expect(response.headers.get('x-llm-relay-context')).toMatch(/^stage=none/);
    expect(fakes.backup?.requests[0]?.body.messages).toHaveLength(session.messages.length);
    expect(fakes.primary?.stats.requests).toBe(0);
  });

  it('answers 404 model_not_found for a name no route takes', async () => {
    const { handler } = twoUpstreams({});
    const response = await handler(chatRequest({ ...hello, model: 'unknown' }));
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'model_not_found', message: expect.stringContaining('coder') });
  });
});
