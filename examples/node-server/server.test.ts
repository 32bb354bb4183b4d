import type { AddressInfo } from 'node:net';
import { createFakeProvider } from '@llm-relay/core/testing';
import { type RunningServer, serveHandler } from 'llm-relay';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelayServer } from './server.js';

describe('examples/node-server', () => {
  let fake: RunningServer;
  let server: ReturnType<typeof createRelayServer>;
  beforeAll(async () => {
    fake = await serveHandler(createFakeProvider({ apiKey: 'node-key' }).handler, { port: 0 });
    server = createRelayServer(fake.url, 'node-key');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await fake.close(0);
  });

  it('serves the openai SDK, streamed', async () => {
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, apiKey: 'dummy' });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello from the fake provider. Last message: "Hi"');
  });
});
