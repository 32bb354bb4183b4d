import { describe, expect, it } from 'vitest';
import { agentSession } from '../../test/support/agent-session.js';
import { chatRequest, fakeFetch, fakeNetwork } from '../../test/support/test-helpers.js';
import { estimateTokens } from '../context/estimate-tokens.js';
import { createFakeProvider, type FakeProviderOptions } from '../fake-provider/create-fake-provider.js';
import type { RelayHandlerOptions, RequestRecord } from '../options/relay-options.js';
import { createRelayHandler } from './create-relay-handler.js';

const SECRET = 'sk-provider-secret-0123456789';

// No sockets here: the fake provider's handler stands in for the network (integration tests use real HTTP).
function setup(fakeOptions: FakeProviderOptions = {}, relay: Partial<RelayHandlerOptions> = {}) {
  const fake = createFakeProvider({ apiKey: SECRET, ...fakeOptions });
  const records: RequestRecord[] = [];
  const handler = createRelayHandler({
    upstream: { baseURL: 'http://fake.local', apiKey: SECRET },
    models: { defaultModel: 'fake-model', aliases: { 'gpt-4*': 'MiniMaxAI/MiniMax-M2.5' } },
    fetch: fakeFetch(fake),
    onRequestEnd: (record) => records.push(record),
    ...relay,
  });
  return { fake, handler, records };
}

const chat = chatRequest;

async function expectOpenAIError(response: Response, status: number) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: Record<string, unknown> };
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(typeof body.error.message).toBe('string');
  return body.error;
}

describe('createRelayHandler: bad input', () => {
  it('answers invalid JSON, bad shapes, unknown routes and wrong methods with OpenAI-shaped errors', async () => {
    const { handler } = setup();
    expect((await expectOpenAIError(await handler(chat('{"messages": [')), 400)).code).toBe('invalid_json');
    expect((await expectOpenAIError(await handler(chat({ messages: 'hi' })), 400)).param).toBe('messages');
    expect((await expectOpenAIError(await handler(chat({ messages: [] })), 400)).param).toBe('messages');
    expect((await expectOpenAIError(await handler(chat({ messages: [{ role: 'robot', content: 'x' }] })), 400)).param).toBe('messages[0].role');
    expect((await expectOpenAIError(await handler(chat({ messages: [{ role: 'user', content: 5 }] })), 400)).param).toBe('messages[0].content');
    expect((await expectOpenAIError(await handler(chat('')), 400)).message).toMatch(/empty/);
    const unknown = await expectOpenAIError(await handler(new Request('http://relay.local/v2/nothing')), 404);
    expect(unknown.message).toBe(
      'No route for GET /v2/nothing; the relay serves POST /v1/messages/count_tokens, POST /v1/chat/completions, POST /v1/responses, POST /v1/messages, GET /v1/models, GET /health.',
    );
    // Off every route, a client whose headers name its protocol gets that protocol's error shape.
    const anthropic = await handler(new Request('http://relay.local/v2/nothing', { headers: { 'anthropic-version': '2023-06-01' } }));
    expect([anthropic.status, await anthropic.json()]).toEqual([
      404,
      { type: 'error', error: { type: 'not_found_error', message: expect.stringContaining('No route') }, request_id: expect.any(String) },
    ]);
    const wrongMethod = await handler(new Request('http://relay.local/v1/chat/completions'));
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    await expectOpenAIError(wrongMethod, 405);
  });

  it('rejects a body over the limit with 413 without reading it all', async () => {
    const { handler } = setup({}, { maxBodyBytes: 1_000 });
    const big = { messages: [{ role: 'user', content: 'x'.repeat(5_000) }] };
    expect((await expectOpenAIError(await handler(chat(big)), 413)).code).toBe('request_too_large');
  });
});

describe('createRelayHandler: forwarding', () => {
  it('injects the provider key, keeps client credentials and cookies away from it, and maps the model', async () => {
    const { handler, fake, records } = setup();
    const response = await handler(
      chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, { authorization: 'Bearer dummy', cookie: 'session=abc', 'x-request-id': 'req-123', connection: 'keep-alive' }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-123');
    expect(response.headers.get('x-llm-relay-model')).toBe('MiniMaxAI/MiniMax-M2.5');
    const upstream = fake.requests[0];
    expect(upstream?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(upstream?.headers.cookie).toBeUndefined();
    expect(upstream?.body.model).toBe('MiniMaxAI/MiniMax-M2.5');
    const text = await response.text();
    expect(text).not.toContain(SECRET);
    expect([...response.headers.values()].join(' ')).not.toContain(SECRET);
    expect(records[0]).toMatchObject({ status: 200, model: 'gpt-4o', upstreamModel: 'MiniMaxAI/MiniMax-M2.5', promptTokens: 8, stream: false });
  });

  it("forwards a Chat client's own reasoning_content as sent (only converted requests have it stripped)", async () => {
    const { handler, fake } = setup();
    const messages = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello', reasoning_content: 'thought' },
      { role: 'user', content: 'again' },
    ];
    expect((await handler(chat({ messages }))).status).toBe(200);
    expect(fake.requests[0]?.body.messages[1]).toEqual(messages[1]);
  });

  it('loads the cl100k tokenizer itself for a GPT-4-era upstream model', async () => {
    const { handler } = setup({}, { models: { defaultModel: 'gpt-4-0613' } });
    const response = await handler(chat({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-llm-relay-context')).toMatch(/^stage=none; tokens=8->8/);
  });

  it('lists models and answers health', async () => {
    const { handler } = setup();
    expect(await (await handler(new Request('http://relay.local/health'))).json()).toEqual({ status: 'ok' });
    const list = (await (await handler(new Request('http://relay.local/v1/models'))).json()) as { object: string; data: { id: string }[] };
    expect(list.object).toBe('list');
    expect(list.data.map((model) => model.id)).toEqual(['fake-model']);
  });

  it('passes an upstream error through with its status, headers and body', async () => {
    const { handler } = setup({ failures: [{ status: 429, message: 'slow down', headers: { 'retry-after': '7', 'x-ratelimit-remaining-requests': '0' } }] }, { retry: { attempts: 1 } });
    const response = await handler(chat({ stream: true, messages: [{ role: 'user', content: 'hi' }] }));
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect((await expectOpenAIError(response, 429)).message).toBe('slow down');
  });
});

describe('createRelayHandler: streaming', () => {
  const readAll = async (response: Response) => new TextDecoder().decode(await response.arrayBuffer());

  it('removes the usage it asked for when the client did not, and keeps it when the client did', async () => {
    const { handler, fake, records } = setup();
    const plain = await readAll(await handler(chat({ stream: true, messages: [{ role: 'user', content: 'hi' }] })));
    expect(fake.requests[0]?.body.stream_options).toEqual({ include_usage: true });
    expect(plain).not.toContain('usage');
    expect(plain.trim().endsWith('data: [DONE]')).toBe(true);
    expect(records[0]).toMatchObject({ promptTokens: 8, outcome: 'completed' });

    const withUsage = await readAll(await handler(chat({ stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] })));
    expect(withUsage).toContain('"usage":{"prompt_tokens":8');
  });

  it('passes through a JSON answer to a stream request, and still reports the request', async () => {
    const fake = createFakeProvider();
    const records: RequestRecord[] = [];
    const handler = createRelayHandler({
      upstream: { baseURL: 'http://fake.local' },
      // A provider that ignores `stream: true`.
      fetch: (async (url: string, init: RequestInit) => {
        const body = JSON.parse(String(init.body));
        return fake.handler(new Request(url, { ...init, body: JSON.stringify({ ...body, stream: false }) }));
      }) as typeof fetch,
      onRequestEnd: (record) => records.push(record),
    });
    const response = await handler(chat({ stream: true, messages: [{ role: 'user', content: 'hi' }] }));
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(((await response.json()) as { object: string }).object).toBe('chat.completion');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 200, promptTokens: 8 });
  });

  it('ends a stream the upstream drops half-way with an error event', async () => {
    const { handler, records } = setup({ failures: [{ dropAfterChunks: 3 }] });
    const response = await handler(chat({ stream: true, messages: [{ role: 'user', content: 'hi' }] }));
    expect(response.status).toBe(200);
    const text = await readAll(response);
    const events = text.trim().split('\n\n');
    expect(events).toHaveLength(4);
    const last = JSON.parse((events.at(-1) as string).slice('data: '.length));
    expect(last.error.code).toBe('stream_interrupted');
    expect(records[0]?.outcome).toBe('interrupted');
  });

  it('cuts a silent stream with the idle timeout, not a total one', async () => {
    const { handler } = setup({ chunkDelayMs: 300 }, { streamIdleTimeoutMs: 100, requestTimeoutMs: 5_000 });
    const text = await readAll(await handler(chat({ stream: true, messages: [{ role: 'user', content: 'hi' }] })));
    expect(text).toContain('"code":"idle_timeout"');
  });
});

describe('createRelayHandler: upstreams of another protocol', () => {
  it('moves on to a fallback of another protocol when the first target cannot be reached, after its retries', async () => {
    const { fetch: network, fakes } = fakeNetwork({ chat: {} });
    const handler = createRelayHandler({
      upstreams: { responses: { baseURL: 'http://responses.local', api: 'responses' }, chat: { baseURL: 'http://chat' } },
      routes: [
        {
          match: '*',
          targets: [
            { upstream: 'responses', model: 'gpt-x' },
            { upstream: 'chat', model: 'fake-model' },
          ],
        },
      ],
      fetch: network,
    });
    const response = await handler(chat({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] }));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-llm-relay-upstream')).toBe('chat');
    // Three tries of the unreachable Responses upstream (the default attempts), then the Chat one.
    expect(response.headers.get('x-llm-relay-attempts')).toBe('4');
    expect(fakes.chat?.requests).toHaveLength(1);
  });
});

describe('createRelayHandler: upstream failures', () => {
  it('answers 502 when the upstream is unreachable and 504 when it does not answer in time', async () => {
    const unreachable = setup(
      {},
      {
        fetch: (async () => {
          throw new TypeError('fetch failed');
        }) as typeof fetch,
      },
    );
    expect((await expectOpenAIError(await unreachable.handler(chat({ messages: [{ role: 'user', content: 'hi' }] })), 502)).code).toBe('upstream_unreachable');
    const slow = setup({ failures: [{ hangMs: 2_000 }] }, { requestTimeoutMs: 100 });
    expect((await expectOpenAIError(await slow.handler(chat({ messages: [{ role: 'user', content: 'hi' }] })), 504)).code).toBe('upstream_timeout');
  });
});

describe('createRelayHandler: context', () => {
  it('truncates an over-long session so a strict provider accepts it, and reports it in a header', async () => {
    const { messages } = agentSession({ steps: 40, seed: 5, maxToolTokens: 6_000 });
    const { handler, fake } = setup({ contextWindow: 32_000 }, { context: { defaultContextWindow: 32_000 } });
    const response = await handler(chat({ model: 'anything', max_tokens: 1_000, messages }));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-llm-relay-context')).toMatch(/^stage=(clear|drop); tokens=\d+->\d+; budget=30360/);
    expect(fake.stats.rejected).toBe(0);
    expect(fake.requests[0]?.promptTokens).toBeLessThanOrEqual(30_360);
  });

  it('answers context_length_exceeded itself when even the newest turn cannot fit', async () => {
    const { handler, fake } = setup({}, { context: { maxPromptTokens: 20 } });
    const error = await expectOpenAIError(
      await handler(
        chat({
          messages: [
            { role: 'system', content: 'a long system prompt '.repeat(20) },
            { role: 'user', content: 'hi' },
          ],
        }),
      ),
      400,
    );
    expect(error.code).toBe('context_length_exceeded');
    expect(fake.stats.requests).toBe(0);
  });

  it('tightens its estimate and retries once when the provider counts more than it did', async () => {
    const session = agentSession({ steps: 30, seed: 9, maxToolTokens: 5_000 });
    // Fits our budget (38,200) by our count, but the provider's tokenizer counts 30% more than ours.
    const point = session.sendPoints.filter((p) => {
      const tokens = estimateTokens(session.messages.slice(0, p));
      return tokens > 32_000 && tokens < 37_000;
    })[0];
    expect(point).toBeDefined();
    const messages = session.messages.slice(0, point);
    const { handler, fake, records } = setup({ contextWindow: 40_000, tokenFactor: 1.3 }, { context: { defaultContextWindow: 40_000 } });
    const response = await handler(chat({ max_tokens: 1_000, messages }));
    expect(response.status).toBe(200);
    expect(fake.stats.rejected).toBe(1);
    expect(records[0]?.attempts).toBe(2);
    // The correction is remembered for the model: the next request fits the first time.
    const next = await handler(chat({ max_tokens: 1_000, messages: [...messages, { role: 'user', content: 'go on' }] }));
    expect(next.status).toBe(200);
    expect(fake.stats.rejected).toBe(1);
    expect(records[1]?.attempts).toBe(1);
  });
});
