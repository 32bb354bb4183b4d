import { Writable } from 'node:stream';
import { clearTokenCaches } from '@llm-relay/core';
import { serveHandler, startRelay } from 'llm-relay';
import { afterEach, describe, expect, it } from 'vitest';
import { startRig, type TestRig, waitFor } from './helpers.js';

let rig: TestRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const post = (url: string, body: string) => fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('no request can hold the relay', () => {
  it('answers a 5 MB one-word message, and /health while it is being prepared', async () => {
    rig = await startRig();
    clearTokenCaches();
    const word = 'a'.repeat(5_000_000);
    let bigDone = false;
    const big = post(rig.relay.url, JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: `${word} b${word}` }] })).then(async (response) => {
      const text = await response.text();
      bigDone = true;
      return { status: response.status, text, context: response.headers.get('x-llm-relay-context') };
    });
    // Health checks run back to back while the big request is in the relay: some must come back before it.
    let healthBeforeBig = 0;
    while (!bigDone) {
      const health = await fetch(`${rig.relay.url}/health`);
      expect(health.status).toBe(200);
      await health.arrayBuffer();
      if (!bigDone) healthBeforeBig += 1;
    }
    const result = await big;
    expect(result.status).toBe(200);
    expect(result.context).toMatch(/^stage=hard-cap/);
    expect(healthBeforeBig).toBeGreaterThan(0);
    // What reached the provider fits its window, with the head and tail of the text kept.
    const sent = rig.fake.requests.at(-1)!;
    expect(sent.promptTokens).toBeLessThanOrEqual(196_608);
    expect(String(sent.body.messages[0]?.content)).toMatch(/^a+\n\[\.\.\. [\d,]+ tokens omitted by llm-relay \.\.\.\]\n[ab]+$/);
  }, 60_000);

  it('counts special-token text as plain text', async () => {
    rig = await startRig();
    const response = await post(rig.relay.url, JSON.stringify({ messages: [{ role: 'user', content: 'what does <|endoftext|> mean?' }] }));
    expect(response.status).toBe(200);
  });

  it('answers JSON nested 10,000 levels deep with a 400 that says so', async () => {
    rig = await startRig();
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const response = await post(rig.relay.url, `{"messages":[{"role":"user","content":"hi"}],"extra":${deep}}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/nested more than 256 levels/);
  });

  it('answers 502 upstream_invalid_response when the provider sends a 200 that is not JSON, and logs it', async () => {
    const upstream = await serveHandler(async () => new Response('<html>gateway says hi</html>', { status: 200, headers: { 'content-type': 'application/json' } }), { port: 0 });
    const logs: string[] = [];
    const relay = await startRelay({
      port: 0,
      upstreamUrl: upstream.url,
      model: 'fake-model',
      logDestination: new Writable({
        write(chunk, _encoding, done) {
          logs.push(String(chunk));
          done();
        },
      }),
    });
    try {
      const response = await post(relay.url, JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }));
      expect(response.status).toBe(502);
      const body = (await response.json()) as { error: { code: string } };
      expect(body.error.code).toBe('upstream_invalid_response');
      await waitFor(() => logs.some((line) => line.includes('"status":502')));
    } finally {
      await relay.stop(0);
      await upstream.close(0);
    }
  });
});
