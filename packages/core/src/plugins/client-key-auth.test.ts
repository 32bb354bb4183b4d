import { describe, expect, it } from 'vitest';
import { chatRequest, fakeFetch } from '../../test/support/test-helpers.js';
import { createFakeProvider } from '../fake-provider/create-fake-provider.js';
import { createRelayHandler } from '../handler/create-relay-handler.js';
import type { RequestRecord } from '../options/relay-options.js';
import { clientKeyAuth } from './client-key-auth.js';

const ALICE = 'alice-key-123';
const BOB_SHA = 'd68c3a0e0b6c5a0e9b04e7a3a0b8c6e4d0f0b1a2c3d4e5f60718293a4b5c6d7e';

function setup() {
  const records: RequestRecord[] = [];
  const handler = createRelayHandler({
    upstream: { baseURL: 'http://fake' },
    models: { defaultModel: 'fake-model' },
    fetch: fakeFetch(createFakeProvider()),
    plugins: [
      clientKeyAuth([
        { name: 'alice', key: ALICE },
        { name: 'bob', sha256: BOB_SHA, models: ['gpt-4*'] },
      ]),
    ],
    onRequestEnd: (record) => records.push(record),
  });
  return { handler, records };
}

const body = (model = 'gpt-4') => ({ model, messages: [{ role: 'user', content: 'hi' }] });

describe('clientKeyAuth', () => {
  it('answers 401 without a key or with a wrong one, naming no key', async () => {
    const { handler } = setup();
    const missing = await handler(chatRequest(body()));
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('missing_api_key');
    const wrong = await handler(chatRequest(body(), { authorization: 'Bearer nope' }));
    expect(wrong.status).toBe(401);
    const text = await wrong.text();
    expect(text).toContain('invalid_api_key');
    expect(text).not.toContain('nope');
  });

  it('accepts a configured key by Bearer or x-api-key and records its name only', async () => {
    const { handler, records } = setup();
    expect((await handler(chatRequest(body(), { authorization: `Bearer ${ALICE}` }))).status).toBe(200);
    expect((await handler(chatRequest(body(), { 'x-api-key': ALICE }))).status).toBe(200);
    expect(records.map((record) => record.keyName)).toEqual(['alice', 'alice']);
    expect(JSON.stringify(records)).not.toContain(ALICE);
  });

  it('matches a key given by its sha256 and enforces its model list', async () => {
    const { sha256 } = await import('./constant-time-equal.js');
    const bobKey = 'bob-key-456';
    const digest = [...(await sha256(bobKey))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    const handler = createRelayHandler({
      upstream: { baseURL: 'http://fake' },
      models: { defaultModel: 'fake-model' },
      fetch: fakeFetch(createFakeProvider()),
      plugins: [clientKeyAuth([{ name: 'bob', sha256: digest, models: ['gpt-4*'] }])],
    });
    expect((await handler(chatRequest(body('gpt-4o'), { authorization: `Bearer ${bobKey}` }))).status).toBe(200);
    const denied = await handler(chatRequest(body('claude-3'), { authorization: `Bearer ${bobKey}` }));
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('model_not_allowed');
  });

  it('leaves /health open for load balancers', async () => {
    const { handler } = setup();
    expect((await handler(new Request('http://relay.local/health'))).status).toBe(200);
    expect((await handler(new Request('http://relay.local/v1/models'))).status).toBe(401);
  });
});
