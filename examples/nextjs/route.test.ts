import { createFakeProvider } from '@llm-relay/core/testing';
import { type RunningServer, serveHandler } from 'llm-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('examples/nextjs route handler', () => {
  let fake: RunningServer;
  let route: { GET: (request: Request) => Promise<Response>; POST: (request: Request) => Promise<Response>; runtime: string };
  beforeAll(async () => {
    fake = await serveHandler(createFakeProvider({ apiKey: 'next-key' }).handler, { port: 0 });
    process.env.LLM_PROVIDER_URL = fake.url;
    process.env.LLM_PROVIDER_KEY = 'next-key';
    process.env.LLM_MODEL = 'fake-model';
    // Next.js calls the exported functions with a Request, as this test does.
    route = await import('./app/v1/[...path]/route.js');
  });
  afterAll(() => fake.close(0));

  it('answers a chat completion through POST', async () => {
    const response = await route.POST(
      new Request('http://localhost:3000/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] }),
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toContain('Hello');
  });

  it('lists models through GET', async () => {
    const response = await route.GET(new Request('http://localhost:3000/v1/models'));
    expect(((await response.json()) as { data: { id: string }[] }).data[0]?.id).toBe('fake-model');
    expect(route.runtime).toBe('nodejs');
  });
});
