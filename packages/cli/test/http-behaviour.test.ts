import { request as httpRequest } from 'node:http';
import { startRelay } from 'llm-relay';
import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDER_KEY, startRig, type TestRig, waitFor } from './helpers.js';

const body = (extra: Record<string, unknown> = {}) => JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }], ...extra });

/** POSTs a chat body with `transfer-encoding: chunked`, one write per piece, so its length is not declared. */
function postChunked(relayUrl: string, pieces: string[]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${relayUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    for (const piece of pieces.slice(0, -1)) req.write(piece);
    req.end(pieces.at(-1));
  });
}

let rig: TestRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

describe('over real HTTP', () => {
  it('forwards each streamed event as it arrives (time to first byte far below the whole stream)', async () => {
    rig = await startRig({ chunkDelayMs: 150, chunks: 4 });
    const started = performance.now();
    const response = await fetch(`${rig.relay.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body({ stream: true }) });
    const reader = response.body!.getReader();
    await reader.read();
    const firstByte = performance.now() - started;
    while (!(await reader.read()).done);
    const total = performance.now() - started;
    // 8 events 150 ms apart: a buffering relay would show the first byte only at the end (~1.2 s).
    expect(total).toBeGreaterThan(1_000);
    expect(firstByte).toBeLessThan(total / 3);
  });

  it('closes the upstream connection when a streaming client leaves', async () => {
    rig = await startRig({ chunkDelayMs: 100, chunks: 50 });
    const controller = new AbortController();
    const response = await fetch(`${rig.relay.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body({ stream: true }), signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    const fake = rig.fake;
    await waitFor(() => fake.stats.aborted === 1, 2_000);
    expect(fake.stats.completed).toBe(0);
  });

  it('closes the upstream connection when a non-streaming client leaves', async () => {
    rig = await startRig({ failures: [{ hangMs: 10_000 }] });
    const req = httpRequest(`${rig.relay.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    req.on('error', () => undefined);
    req.end(body());
    const fake = rig.fake;
    await waitFor(() => fake.stats.requests === 1);
    req.destroy();
    await waitFor(() => fake.stats.aborted === 1, 2_000);
  });

  it('ends a stream whose upstream connection drops with an error event the client sees', async () => {
    // The delay lets the first events reach the relay before the connection dies.
    rig = await startRig({ failures: [{ dropAfterChunks: 3 }], chunkDelayMs: 30 });
    const response = await fetch(`${rig.relay.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body({ stream: true }) });
    const text = await response.text();
    const events = text.trim().split('\n\n');
    // What was in flight when the socket died may be lost; what arrived must come through, then the error.
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const event of events.slice(0, -1)) expect(JSON.parse(event.slice('data: '.length)).object).toBe('chat.completion.chunk');
    const last = events.at(-1) ?? '';
    expect(JSON.parse(last.slice('data: '.length)).error.type).toBe('upstream_error');
  });

  it('never lets the provider key reach a response or a log line, and logs one JSON line per request', async () => {
    rig = await startRig();
    rig.fake.fail({ status: 401, message: `Incorrect API key provided: ${PROVIDER_KEY}` });
    const failed = await fetch(`${rig.relay.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer dummy' }, body: body() });
    const failedText = await failed.text();
    // The relay's provider key failed, not the client's: a 502, never a 401 that sends the agent to log in.
    expect(failed.status).toBe(502);
    expect(JSON.parse(failedText).error.code).toBe('upstream_auth_error');
    expect(failedText).not.toContain(PROVIDER_KEY);
    expect(failedText).toContain('[redacted]');
    const ok = await fetch(`${rig.relay.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer client-secret-xyz' },
      body: body({ stream: true }),
    });
    await ok.text();
    const logs = rig.logs;
    await waitFor(() => logs.filter((line) => line.includes('"msg":"request"')).length === 2);
    for (const line of logs) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toContain(PROVIDER_KEY);
      expect(line).not.toContain('client-secret-xyz');
    }
    const streamed = JSON.parse(logs.filter((line) => line.includes('"msg":"request"'))[1] as string);
    expect(streamed).toMatchObject({ method: 'POST', path: '/v1/chat/completions', status: 200, model: 'gpt-4', upstreamModel: 'fake-model', stream: true, promptTokens: 8 });
    expect(typeof streamed.durationMs).toBe('number');
    expect(typeof streamed.ttfbMs).toBe('number');
    expect(streamed.requestId).toMatch(/^relay-/);
  });

  it('answers 413 over HTTP for a body past the limit, declared or chunked, and logs it', async () => {
    rig = await startRig({}, { maxBodyBytes: 1_000 });
    const big = body({ messages: [{ role: 'user', content: 'x'.repeat(5_000) }] });
    const declared = await fetch(`${rig.relay.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('request_too_large');
    const chunked = await postChunked(
      rig.relay.url,
      [0, 1, 2, 3, 4, 5].map((i) => big.slice(i * 1_000, (i + 1) * 1_000)),
    );
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.text).error.type).toBe('invalid_request_error');
    const logs = rig.logs;
    await waitFor(() => logs.filter((line) => line.includes('"status":413')).length === 2);
    expect(rig.fake.stats.requests).toBe(0);
  });

  it('accepts a chunked request body of unknown length', async () => {
    rig = await startRig();
    const whole = body();
    const answer = await postChunked(rig.relay.url, [whole.slice(0, 10), whole.slice(10)]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).choices[0].message.content).toContain('Hello');
  });

  it('answers every bad input over HTTP with an OpenAI-shaped error and the right status', async () => {
    rig = await startRig();
    const post = (text: string) => fetch(`${rig!.relay.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    const cases: [Promise<Response>, number, string | null][] = [
      [post('{"messages": ['), 400, 'invalid_json'],
      [post(''), 400, null],
      [post('[]'), 400, 'invalid_request'],
      [post('{"messages":[{"role":"robot","content":"x"}]}'), 400, 'invalid_request'],
      [post('{"messages":[{"role":"user","content":"x"}],"stream":"yes"}'), 400, 'invalid_request'],
      [fetch(`${rig.relay.url}/v1/embeddings`, { method: 'POST', body: '{}' }), 404, 'not_found'],
      [fetch(`${rig.relay.url}/v1/chat/completions`), 405, 'method_not_allowed'],
      [fetch(`${rig.relay.url}/health`, { method: 'DELETE' }), 405, 'method_not_allowed'],
    ];
    for (const [pending, status, code] of cases) {
      const response = await pending;
      expect(response.status).toBe(status);
      const { error } = (await response.json()) as { error: Record<string, unknown> };
      expect(Object.keys(error).sort()).toEqual(['code', 'message', 'param', 'type']);
      if (code !== null) expect(error.code).toBe(code);
      expect(response.headers.get('x-request-id')).toBeTruthy();
    }
    expect(rig.fake.stats.requests).toBe(0);
  });

  it('answers 502 when nothing listens upstream', async () => {
    const relay = await startRelay({ port: 0, upstreamUrl: 'http://127.0.0.1:1', logLevel: 'silent' });
    try {
      const response = await fetch(`${relay.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body() });
      expect(response.status).toBe(502);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('upstream_unreachable');
    } finally {
      await relay.stop(0);
    }
  });
});
