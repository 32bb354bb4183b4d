import { createRelayHandler } from '@llm-relay/core';
import { createFakeProvider } from '@llm-relay/core/testing';
import { serveHandler, startRelay } from 'llm-relay';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, ticketAudit } from './audit-hook.js';

describe('examples/custom-hook', () => {
  it('refuses a request without a ticket and audits the others, through the CLI server', async () => {
    const fake = await serveHandler(createFakeProvider().handler, { port: 0 });
    const trail: AuditEntry[] = [];
    const relay = await startRelay({ port: 0, upstreamUrl: fake.url, model: 'fake-model', logLevel: 'silent', plugins: [ticketAudit(trail)] });
    try {
      const client = new OpenAI({ baseURL: `${relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
      await expect(client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 400, code: 'missing_ticket' });
      const { response } = await client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-ticket': 'OPS-42' } }).withResponse();
      expect(response.headers.get('x-ticket')).toBe('OPS-42');
      expect(trail).toEqual([{ ticket: 'OPS-42', model: 'fake-model', promptTokens: 8, status: 200 }]);
    } finally {
      await relay.stop(0);
      await fake.close(0);
    }
  });

  it('works the same on the bare core handler', async () => {
    const trail: AuditEntry[] = [];
    const fake = createFakeProvider();
    const handler = createRelayHandler({
      upstream: { baseURL: 'http://fake' },
      fetch: ((url: string, init: RequestInit) => fake.handler(new Request(url, init))) as typeof fetch,
      plugins: [ticketAudit(trail)],
    });
    const response = await handler(
      new Request('http://relay/v1/chat/completions', { method: 'POST', headers: { 'x-ticket': 'DEV-7' }, body: JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] }) }),
    );
    expect(response.status).toBe(200);
    expect(trail).toHaveLength(1);
  });
});
