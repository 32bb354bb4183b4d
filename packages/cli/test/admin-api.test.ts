import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDER_KEY, startRig, type TestRig } from './helpers.js';

const ADMIN_KEY = 'admin-key-that-must-never-leak-0001';
const CLIENT_KEY = 'client-key-that-must-never-leak-0001';
const SECRETS = [ADMIN_KEY, CLIENT_KEY, PROVIDER_KEY];

let rig: TestRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const admin = (path: string, headers: Record<string, string> = { authorization: `Bearer ${ADMIN_KEY}` }) => fetch(`${(rig as TestRig).relay.url}${path}`, { headers });

/** A tool-using conversation of `steps` steps, each tool result about `chars` long. */
function history(steps: number, chars: number) {
  const messages: OpenAI.ChatCompletionMessageParam[] = [
    { role: 'system', content: 'You are a coding agent.' },
    { role: 'user', content: 'TASK: make the test suite pass.' },
  ];
  for (let i = 0; i < steps; i += 1) {
    messages.push({ role: 'assistant', content: `step ${i}`, tool_calls: [{ id: `call_${i}`, type: 'function', function: { name: 'bash', arguments: '{"command":"pnpm test"}' } }] });
    messages.push({ role: 'tool', tool_call_id: `call_${i}`, content: Array.from({ length: chars / 8 }, (_, k) => `line${k % 50} `).join('') });
  }
  return messages;
}

describe('the admin API', () => {
  it('is off (404, naming the flag) without an admin key, even where client keys are required', async () => {
    rig = await startRig({}, { logLevel: 'silent', clientKeys: [{ name: 'team', key: CLIENT_KEY }] });
    for (const path of ['/ui', '/ui/app.js', '/admin/overview', '/admin/events']) {
      const response = await admin(path, { authorization: `Bearer ${CLIENT_KEY}` });
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'admin_off', message: expect.stringContaining('--admin-key') });
    }
  });

  it('needs the admin key: missing or wrong answers 401 in JSON, a client key never opens it, the admin key is no client key', async () => {
    rig = await startRig({}, { logLevel: 'silent', clientKeys: [{ name: 'team', key: CLIENT_KEY }], admin: { key: ADMIN_KEY } });
    const missing = await admin('/admin/overview', {});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toBe('application/json');
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('missing_admin_key');
    const refused: Record<string, string>[] = [
      { authorization: 'Bearer wrong-admin-key-000000000' },
      { authorization: `Bearer ${CLIENT_KEY}` },
      { 'x-api-key': CLIENT_KEY },
      { 'x-admin-key': `${ADMIN_KEY}x` },
    ];
    for (const headers of refused) {
      const response = await admin('/admin/requests', headers);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toMatch(/_admin_key$/);
    }
    expect((await admin('/admin/overview')).status).toBe(200);
    expect((await admin('/admin/overview', { 'x-admin-key': ADMIN_KEY })).status).toBe(200);
    // The other way round: the admin key opens no relay route.
    const relayed = await fetch(`${rig.relay.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(relayed.status).toBe(401);
    const post = await fetch(`${rig.relay.url}/admin/overview`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(post.status).toBe(405);
    expect((await admin('/admin/nothing-here')).status).toBe(404);
  });

  it('refuses to start with an admin key that is also a client key, or a short one', async () => {
    await expect(startRig({}, { logLevel: 'silent', clientKeys: [{ name: 'team', key: ADMIN_KEY }], admin: { key: ADMIN_KEY } })).rejects.toThrow(/also the client key "team"/);
    await expect(startRig({}, { logLevel: 'silent', admin: { key: 'short' } })).rejects.toThrow(/at least 16 characters/);
  });

  it('serves the page with a CSP and no external source, and the address the client claims is not believed', async () => {
    rig = await startRig({}, { logLevel: 'silent', admin: { key: ADMIN_KEY } });
    const page = await admin('/ui', { 'x-llm-relay-peer': '10.0.0.1' });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/https?:|\*/);
    const html = await page.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const script = await (await admin('/ui/app.js', {})).text();
    expect(script).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('reports sessions, cuts, requests with marked messages, and the last hour, with every secret redacted', async () => {
    rig = await startRig(
      {},
      { logLevel: 'silent', clientKeys: [{ name: 'team', key: CLIENT_KEY }], admin: { key: ADMIN_KEY }, context: { maxPromptTokens: 3_000, maxMessageTokens: 600, protectRecent: 4 } },
    );
    const client = new OpenAI({ baseURL: `${rig.relay.url}/v1`, apiKey: CLIENT_KEY, defaultHeaders: { 'x-session-id': 'session-under-test' } });
    const ids: string[] = [];
    for (const steps of [1, 4, 12]) {
      const { response } = await client.chat.completions.create({ model: 'gpt-4', messages: history(steps, 2_000) }).withResponse();
      ids.push(response.headers.get('x-request-id') as string);
    }
    const bodies: string[] = [];
    const read = async (path: string) => {
      const response = await admin(path);
      expect(response.status, path).toBe(200);
      const text = await response.text();
      bodies.push(text);
      return JSON.parse(text) as Record<string, any>;
    };

    const overview = await read('/admin/overview');
    expect(overview.totals).toMatchObject({ requests: 3, errors: 0 });
    expect(overview.minutes).toHaveLength(60);
    expect(overview.byKey).toEqual([expect.objectContaining({ name: 'team', requests: 3 })]);
    expect(overview.byModel[0]).toMatchObject({ name: 'fake-model', requests: 3 });
    expect(overview.inFlight).toBe(0);

    const { sessions } = await read('/admin/sessions');
    expect(sessions).toEqual([expect.objectContaining({ id: 'session-under-test', source: 'client', requests: 3, keyName: 'team' })]);
    const session = await read('/admin/sessions/session-under-test');
    expect(session.points.map((p: { requestId: string }) => p.requestId)).toEqual(ids);
    const cut = session.points.at(-1);
    expect(cut.stage).not.toBe('none');
    expect(cut.tokensBefore).toBeGreaterThan(cut.budget);
    expect(cut.tokensAfter).toBeLessThanOrEqual(cut.budget);
    expect(session.cuts).toBeGreaterThanOrEqual(1);

    const list = await read('/admin/requests?session=session-under-test');
    expect(list.requests.map((r: { requestId: string }) => r.requestId)).toEqual([...ids].reverse());
    const detail = await read(`/admin/requests/${ids[2]}`);
    const marks = detail.messages.map((m: { mark: string }) => m.mark);
    expect(detail.messages).toHaveLength(2 + 12 * 2);
    expect(marks.filter((m: string) => m === 'dropped')).toHaveLength(detail.truncation.messagesDropped);
    expect(marks.filter((m: string) => m === 'cleared')).toHaveLength(detail.truncation.toolResultsCleared);
    expect(marks.filter((m: string) => m === 'capped')).toHaveLength(detail.truncation.messagesCapped);
    expect(marks.filter((m: string) => m !== 'kept').length).toBeGreaterThan(0);
    expect(detail.sentCount).toBe(detail.truncation.messagesAfter);
    expect(detail.attempts).toEqual([expect.objectContaining({ upstream: 'default', status: 200, attempt: 1 })]);
    expect(Object.fromEntries(detail.headers).authorization).toBe('[redacted]');
    expect(Object.fromEntries(detail.headers)['x-session-id']).toBe('session-under-test');
    expect(detail.record).toMatchObject({ status: 200, keyName: 'team', sessionId: 'session-under-test' });

    for (const body of bodies) for (const secret of SECRETS) expect(body).not.toContain(secret);
  });

  it("keeps the inspector's ring within its byte bound, evicting the oldest requests", async () => {
    rig = await startRig({}, { logLevel: 'silent', admin: { key: ADMIN_KEY, ringBytes: 200_000 } });
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const response = await fetch(`${rig.relay.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: `${i} ${'x'.repeat(20_000)}` }] }),
      });
      await response.arrayBuffer();
      ids.push(response.headers.get('x-request-id') as string);
    }
    const { ring, requests, total } = (await (await admin('/admin/requests?limit=1000')).json()) as {
      ring: { entries: number; bytes: number; maxBytes: number };
      requests: { requestId: string }[];
      total: number;
    };
    expect(total).toBe(30);
    expect(ring.maxBytes).toBe(200_000);
    expect(ring.bytes).toBeLessThanOrEqual(200_000);
    expect(ring.bytes).toBeGreaterThan(20_000 * ring.entries);
    expect(ring.entries).toBeLessThan(30);
    expect(requests.map((r) => r.requestId)).toEqual(ids.slice(-ring.entries).reverse());
    expect((await admin(`/admin/requests/${ids[0]}`)).status).toBe(404);
  });

  it('streams each finished request as a server-sent event', async () => {
    rig = await startRig({}, { logLevel: 'silent', admin: { key: ADMIN_KEY } });
    const events = await admin('/admin/events');
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toContain('event: hello');
    const response = await fetch(`${rig.relay.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-session-id': 'live-one' },
      body: JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await response.arrayBuffer();
    let text = '';
    while (!text.includes('event: request')) text += (await reader.read()).value ?? '';
    const data = JSON.parse(/data: (.*)/.exec(text.slice(text.indexOf('event: request')))?.[1] as string) as { requestId: string; sessionId: string; status: number };
    expect(data).toMatchObject({ requestId: response.headers.get('x-request-id'), sessionId: 'live-one', status: 200 });
    await reader.cancel();
  });
});
