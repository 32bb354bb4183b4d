import { describe, expect, it } from 'vitest';
import { anthropicPost } from '../../../test/support/anthropic-test-requests.js';
import { createAnthropicFakeProvider } from './create-anthropic-fake-provider.js';
import { type AnthropicValidationOptions, anthropicRequestError } from './validate-anthropic-request.js';

const strict: AnthropicValidationOptions = { requireMaxTokens: true, allowSystemRole: false };
const base = { model: 'claude-sonnet-4-5', max_tokens: 100 };
const errorOf = (body: Record<string, unknown>, options = strict) => anthropicRequestError(body, options);
const cached = (text: string) => ({ type: 'text', text, cache_control: { type: 'ephemeral' } });

describe('anthropicRequestError', () => {
  it('accepts a plain request', () => {
    expect(errorOf({ ...base, system: 'Be brief', messages: [{ role: 'user', content: 'Hi' }] })).toBeUndefined();
  });

  it('demands max_tokens on /v1/messages only', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };
    expect(errorOf(body)).toBe('max_tokens: Field required');
    expect(errorOf(body, { ...strict, requireMaxTokens: false })).toBeUndefined();
  });

  it('demands a model and a message list', () => {
    expect(errorOf({ max_tokens: 10, messages: [] })).toBe('model: Field required');
    expect(errorOf({ ...base })).toBe('messages: Field required');
  });

  it('wants the first message from the user', () => {
    expect(errorOf({ ...base, messages: [{ role: 'assistant', content: 'Hello' }] })).toBe('messages: first message must use the "user" role');
  });

  it('refuses role system inside messages without the beta, and other roles always', () => {
    const messages = [
      { role: 'user', content: 'Hi' },
      { role: 'system', content: 'Mind the tests' },
    ];
    expect(errorOf({ ...base, messages })).toBe('messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.');
    expect(errorOf({ ...base, messages }, { ...strict, allowSystemRole: true })).toBeUndefined();
    expect(
      errorOf({
        ...base,
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'tool', content: 'x' },
        ],
      }),
    ).toBe("messages.1.role: Input should be 'user' or 'assistant'");
  });

  it('refuses empty and blank text blocks, in messages and in system', () => {
    const empty = {
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hi' },
            { type: 'text', text: '' },
          ],
        },
      ],
    };
    expect(errorOf(empty)).toBe('messages: text content blocks must be non-empty');
    expect(errorOf({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: '  \n' }] }] })).toBe('messages: text content blocks must contain non-whitespace text');
    expect(errorOf({ ...base, system: [{ type: 'text', text: '' }], messages: [{ role: 'user', content: 'Hi' }] })).toBe('system: text content blocks must be non-empty');
  });

  it('refuses empty content except in a final assistant prefill', () => {
    expect(errorOf({ ...base, messages: [{ role: 'user', content: '' }] })).toBe('messages.0: all messages must have non-empty content except for the optional final assistant message');
    expect(
      errorOf({
        ...base,
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: '' },
        ],
      }),
    ).toBeUndefined();
  });

  it('checks tool_use / tool_result pairing', () => {
    const messages = [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_x', name: 'Bash', input: {} }] },
      { role: 'user', content: 'I never ran it' },
    ];
    expect(errorOf({ ...base, messages })).toMatch(/^messages\.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_x\./);
  });

  it('counts cache_control over tools, system and messages: 4 pass, 5 fail', () => {
    const tools = [{ name: 'Bash', description: 'Run', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }];
    const system = [cached('One'), cached('Two')];
    const four = { ...base, tools, system, messages: [{ role: 'user', content: [cached('Three')] }] };
    expect(errorOf(four)).toBeUndefined();
    const five = { ...four, messages: [{ role: 'user', content: [cached('Three'), cached('Four')] }] };
    expect(errorOf(five)).toBe('A maximum of 4 blocks with cache_control may be provided. Found 5.');
  });
});

describe('the fake answers validation errors as Anthropic does', () => {
  it('with status 400 and the error envelope', async () => {
    const fake = createAnthropicFakeProvider();
    const response = await fake.handler(anthropicPost('/v1/messages', { model: 'm', messages: [{ role: 'user', content: 'Hi' }] }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { request_id: string };
    expect(body).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' }, request_id: expect.stringMatching(/^req_/) });
    expect(response.headers.get('request-id')).toBe(body.request_id);
    expect(fake.stats).toMatchObject({ requests: 1, rejected: 1, completed: 0 });
    expect(fake.requests[0]?.cache).toBeUndefined();
  });

  it('accepts role system only with an anthropic-beta header', async () => {
    const fake = createAnthropicFakeProvider();
    const body = {
      ...base,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'system', content: 'Mind the tests' },
      ],
    };
    expect((await fake.handler(anthropicPost('/v1/messages', body))).status).toBe(400);
    expect((await fake.handler(anthropicPost('/v1/messages', body, { 'anthropic-beta': 'claude-code-20250219' }))).status).toBe(200);
  });

  it('refuses a body that is not JSON, and one over 32 MB', async () => {
    const fake = createAnthropicFakeProvider();
    const broken = await fake.handler(anthropicPost('/v1/messages', '{"model":'));
    expect(broken.status).toBe(400);
    const huge = await fake.handler(anthropicPost('/v1/messages', 'x', { 'content-length': String(33 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { type: 'request_too_large' } });
  });

  it('says `prompt is too long` with both numbers when the prompt is over the window', async () => {
    const fake = createAnthropicFakeProvider({ contextWindow: 50 });
    const response = await fake.handler(anthropicPost('/v1/messages', { ...base, messages: [{ role: 'user', content: 'tell me more '.repeat(40) }] }));
    expect(response.status).toBe(400);
    const prompt = fake.requests[0]?.promptTokens ?? 0;
    expect(prompt).toBeGreaterThan(50);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', message: `prompt is too long: ${prompt} tokens > 50 maximum` } });
  });

  it('lets max_tokens overrun the window (current models) unless maxTokensMustFit', async () => {
    const body = { ...base, max_tokens: 128_000, messages: [{ role: 'user', content: 'Hi' }] };
    const modern = createAnthropicFakeProvider({ contextWindow: 1_000 });
    expect((await modern.handler(anthropicPost('/v1/messages', body))).status).toBe(200);
    const older = createAnthropicFakeProvider({ contextWindow: 1_000, maxTokensMustFit: true });
    const response = await older.handler(anthropicPost('/v1/messages', body));
    const prompt = older.requests[0]?.promptTokens ?? 0;
    expect(await response.json()).toMatchObject({
      error: { message: `input length and \`max_tokens\` exceed context limit: ${prompt} + 128000 > 1000, decrease input length or \`max_tokens\` and try again` },
    });
  });
});
