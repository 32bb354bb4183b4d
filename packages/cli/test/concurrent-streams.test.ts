import { Writable } from 'node:stream';
import { createFakeProvider } from '@llm-relay/core/testing';
import { type RunningRelay, type RunningServer, serveHandler, startRelay } from 'llm-relay';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// More streams than the relay's upstream pool once allowed (256 connections).
const STREAMS = 300;
const REPLY = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');

describe(`${STREAMS} streams through the relay at once`, () => {
  const fake = createFakeProvider({ reply: REPLY, chunks: 8 });
  let provider: RunningServer;
  let relay: RunningRelay;
  // The provider answers no one until every stream has reached it: if the relay held any back (a capped
  // upstream pool queues the ones past its cap until others end), none would ever end and the test fails.
  let arrived = 0;
  let openAll!: () => void;
  const allArrived = new Promise<void>((resolve) => (openAll = resolve));

  beforeAll(async () => {
    provider = await serveHandler(
      async (request) => {
        arrived += 1;
        if (arrived === STREAMS) openAll();
        await allArrived;
        return fake.handler(request);
      },
      { port: 0 },
    );
    const logs = new Writable({ write: (_chunk, _encoding, done) => done() });
    relay = await startRelay({ port: 0, upstreamUrl: provider.url, upstreamKey: 'k', model: 'fake-model', logDestination: logs });
  });
  afterAll(async () => {
    await relay.stop(0);
    await provider.close(0);
  });

  it('all reach the provider together and arrive whole, each with every piece in order', { timeout: 30_000 }, async () => {
    const client = new OpenAI({ baseURL: `${relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
    const answers = await Promise.all(
      Array.from({ length: STREAMS }, async (_, i) => {
        const stream = await client.chat.completions.create({ model: 'gpt-4', stream: true, messages: [{ role: 'user', content: `stream ${i}` }] });
        let text = '';
        let finish: string | null | undefined;
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta.content ?? '';
          finish = chunk.choices[0]?.finish_reason ?? finish;
        }
        return { text, finish };
      }),
    );
    expect(answers.filter((answer) => answer.text === REPLY && answer.finish === 'stop')).toHaveLength(STREAMS);
    expect(fake.stats.completed).toBe(STREAMS);
  });
});
