import { describe, expect, it } from 'vitest';
import firstRequest from '../../../test/fixtures/claude-code-messages-request.json';
import toolResultRequest from '../../../test/fixtures/claude-code-tool-result-request.json';
import { anthropicPost, KEY, readEvents } from '../../../test/support/anthropic-test-requests.js';
import { createAnthropicFakeProvider } from './create-anthropic-fake-provider.js';

const hello = { model: 'claude-sonnet-4-5', max_tokens: 1_000, messages: [{ role: 'user', content: 'Say hello' }] };
const claudeCode = { 'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14' };

describe('createAnthropicFakeProvider', () => {
  it('answers a whole Message that quotes the last user turn', async () => {
    const fake = createAnthropicFakeProvider();
    const response = await fake.handler(anthropicPost('/v1/messages?beta=true', hello));
    expect(response.status).toBe(200);
    const message = (await response.json()) as { usage: { input_tokens: number; output_tokens: number } };
    expect(message).toMatchObject({
      id: expect.stringMatching(/^msg_/),
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'Hello from the fake provider. Last message: "Say hello"' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    expect(message.usage.input_tokens).toBe(fake.requests[0]?.promptTokens);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(fake.stats).toEqual({ requests: 1, rejected: 0, aborted: 0, completed: 1 });
    expect(fake.requests[0]?.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('counts tokens without max_tokens, leaving the stats of answers alone', async () => {
    const fake = createAnthropicFakeProvider();
    const { max_tokens: _unused, ...counted } = hello;
    const response = await fake.handler(anthropicPost('/v1/messages/count_tokens', counted));
    expect(response.status).toBe(200);
    const { input_tokens } = (await response.json()) as { input_tokens: number };
    expect(input_tokens).toBeGreaterThan(0);
    expect(fake.requests[0]).toMatchObject({ endpoint: 'count_tokens', promptTokens: input_tokens });
    await fake.handler(anthropicPost('/v1/messages', hello));
    expect(fake.requests[1]?.promptTokens).toBe(input_tokens);
  });

  it("lists models in Anthropic's shape", async () => {
    const fake = createAnthropicFakeProvider({ models: ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5'] });
    const list = await (await fake.handler(new Request('http://fake.local/v1/models', { headers: { 'x-api-key': KEY } }))).json();
    expect(list).toEqual({
      data: [
        { type: 'model', id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: expect.any(String) },
        { type: 'model', id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', created_at: expect.any(String) },
      ],
      has_more: false,
      first_id: 'claude-sonnet-4-5-20250929',
      last_id: 'claude-haiku-4-5',
    });
  });

  it('demands the key in x-api-key, as Anthropic does', async () => {
    const fake = createAnthropicFakeProvider({ apiKey: KEY });
    const wrong = await fake.handler(anthropicPost('/v1/messages', hello, { 'x-api-key': 'sk-ant-other' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' }, request_id: expect.any(String) });
    const bearer = new Request('http://fake.local/v1/messages', { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: JSON.stringify(hello) });
    expect(await (await fake.handler(bearer)).json()).toMatchObject({ error: { type: 'authentication_error', message: 'x-api-key header is required' } });
    expect((await fake.handler(new Request('http://fake.local/v1/models'))).status).toBe(401);
    expect((await fake.handler(anthropicPost('/v1/messages', hello))).status).toBe(200);
    expect(fake.stats).toMatchObject({ requests: 3, rejected: 2, completed: 1 });
  });

  it('answers unknown routes with not_found_error', async () => {
    const response = await createAnthropicFakeProvider().handler(anthropicPost('/v1/chat/completions', hello));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('accepts the requests Claude Code really sends', async () => {
    const fake = createAnthropicFakeProvider();
    for (const recorded of [firstRequest, toolResultRequest]) {
      const response = await fake.handler(anthropicPost('/v1/messages?beta=true', recorded, claudeCode));
      expect(response.status).toBe(200);
      const events = await readEvents(response);
      expect(events.at(-1)?.event).toBe('message_stop');
      // Thinking is on with display "omitted": a thinking block with no text, only a signature.
      expect(events[2]?.data.content_block).toEqual({ type: 'thinking', thinking: '', signature: '' });
    }
    // Each session's billing line comes before the cached system blocks: another session, another prefix.
    expect(fake.requests[1]?.cache?.cache_read_input_tokens).toBe(0);
    await fake.handler(anthropicPost('/v1/messages?beta=true', toolResultRequest, claudeCode));
    const again = fake.requests[2];
    expect(again?.cache).toEqual({ input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: again?.promptTokens });
  });
});

describe('injected failures', () => {
  it('answers a status failure in Anthropic shape, with its headers', async () => {
    const fake = createAnthropicFakeProvider({ failures: [{ status: 529 }, { status: 429, headers: { 'retry-after': '7' } }] });
    const overloaded = await fake.handler(anthropicPost('/v1/messages', hello));
    expect(overloaded.status).toBe(529);
    expect(await overloaded.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    const limited = await fake.handler(anthropicPost('/v1/messages', hello));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toMatchObject({ error: { type: 'rate_limit_error' } });
    expect((await fake.handler(anthropicPost('/v1/messages', hello))).status).toBe(200);
    expect(fake.stats).toMatchObject({ requests: 3, rejected: 2, completed: 1 });
  });

  it('breaks a stream after N events, with no message_stop', async () => {
    const fake = createAnthropicFakeProvider();
    fake.fail({ dropAfterChunks: 3 });
    const response = await fake.handler(anthropicPost('/v1/messages', { ...hello, stream: true }));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const received: string[] = [];
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          received.push(new TextDecoder().decode(value));
        }
      })(),
    ).rejects.toThrow(/dropped/);
    expect(received).toHaveLength(3);
    expect(received.join('')).not.toContain('message_stop');
  });

  it('hangs until the client gives up', async () => {
    const fake = createAnthropicFakeProvider({ failures: [{ hangMs: 60_000 }] });
    const controller = new AbortController();
    const pending = fake.handler(new Request(anthropicPost('/v1/messages', hello), { signal: controller.signal }));
    setTimeout(() => controller.abort(), 10);
    expect((await pending).status).toBe(499);
    expect(fake.stats.aborted).toBe(1);
  });
});
