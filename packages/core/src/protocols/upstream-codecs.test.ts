import { describe, expect, it } from 'vitest';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import { upstreamCodec } from './upstream-codecs.js';

const chat = upstreamCodec({ baseURL: 'http://provider.local/v1' });
const anthropic = upstreamCodec({ baseURL: 'https://api.anthropic.com' });
const responses = upstreamCodec({ baseURL: 'http://provider.local/v1', api: 'responses' });
const openAIError = (message: string, code: string | null = null, type = 'invalid_request_error') => JSON.stringify({ error: { message, type, param: null, code } });
const anthropicError = (type: string, message: string) => JSON.stringify({ type: 'error', error: { type, message } });

describe('upstream codecs', () => {
  it('are chosen by the API the upstream speaks, and own its endpoint and headers', () => {
    expect([chat.api, anthropic.api, responses.api]).toEqual(['chat', 'anthropic', 'responses']);
    expect([chat.endpoint, anthropic.endpoint, responses.endpoint]).toEqual(['chat/completions', 'messages', 'responses']);
    const headers: Record<string, string> = {};
    anthropic.headers.authorize(headers, 'sk-ant-x');
    expect(headers).toEqual({ 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-x' });
    const bearer: Record<string, string> = {};
    responses.headers.authorize(bearer, 'sk-x');
    expect(bearer).toEqual({ authorization: 'Bearer sk-x' });
  });

  it('decode an OpenAI-shaped error into a value with the answer as it came, for a client of that protocol', () => {
    const text = openAIError('Rate limit reached', 'rate_limit_exceeded', 'requests');
    const failure = chat.decodeError({ status: 429, text, headers: new Headers({ 'retry-after': '7', 'x-ratelimit-remaining-requests': '0', 'set-cookie': 'a=b' }) });
    expect(failure).toBeInstanceOf(UpstreamFailure);
    expect([failure.status, failure.code, failure.message]).toEqual([429, 'rate_limit_exceeded', 'Rate limit reached']);
    expect(failure.headers).toEqual({ 'retry-after': '7', 'x-ratelimit-remaining-requests': '0' });
    expect(failure.original).toEqual({ api: 'chat', status: 429, text });
    expect(failure.overflow).toBeUndefined();
  });

  it("read the overflow's counts from each protocol's wording", () => {
    const openAI = chat.decodeError({
      status: 400,
      text: openAIError("This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.", 'context_length_exceeded'),
      headers: new Headers(),
    });
    expect(openAI.overflow).toEqual({ limit: 8192, actual: 9000 });
    const claude = anthropic.decodeError({ status: 400, text: anthropicError('invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum'), headers: new Headers() });
    expect(claude.overflow).toEqual({ limit: 200_000, actual: 210_000 });
    expect(claude.code).toBe('context_length_exceeded');
    expect(claude.original?.api).toBe('anthropic');
    // Older Claude models count the answer's max_tokens too: the prompt alone is what the context engine corrects by.
    const both = anthropic.decodeError({
      status: 400,
      text: anthropicError('invalid_request_error', 'input length and `max_tokens` exceed context limit: 190000 + 20000 > 200000, decrease input length or `max_tokens` and try again'),
      headers: new Headers(),
    });
    expect(both.overflow).toEqual({ limit: 200_000, actual: 190_000, requested: 210_000 });
    // What a client is told needs the sum: the prompt alone is under the window.
    expect(both.contextLength).toEqual({ needed: 210_000, maximum: 200_000 });
    expect([openAI.contextLength, claude.contextLength]).toEqual([
      { needed: 9_000, maximum: 8_192 },
      { needed: 210_000, maximum: 200_000 },
    ]);
  });

  it("read an overflow's numbers from a provider that names it in its code under another status, or from another llm-relay in front of it", () => {
    const named = chat.decodeError({
      status: 500,
      text: openAIError("This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.", 'context_length_exceeded'),
      headers: new Headers(),
    });
    expect([named.overflow, named.contextLength]).toEqual([
      { limit: 8_192, actual: 9_000 },
      { needed: 9_000, maximum: 8_192 },
    ]);
    const relayed = chat.decodeError({
      status: 400,
      text: openAIError('This request needs at least 250,000 prompt tokens after truncation, but the budget is 200,000 tokens. Shorten it.', 'context_length_exceeded'),
      headers: new Headers(),
    });
    expect(relayed.contextLength).toEqual({ needed: 250_000, maximum: 200_000 });
    // Not an overflow by its code, and a status that is no client error: read as nothing.
    expect(
      chat.decodeError({ status: 500, text: openAIError('maximum context length is 10 tokens. However, your messages resulted in 20 tokens', 'server_error'), headers: new Headers() }).overflow,
    ).toBeUndefined();
  });

  it("answer a refused provider key as the relay's 502 on every upstream, naming the right upstream and keeping no original", () => {
    for (const codec of [chat, responses]) {
      const failure = codec.decodeError({ status: 401, text: openAIError('Incorrect API key provided: [redacted]', 'invalid_api_key'), headers: new Headers() });
      expect([failure.status, failure.code, failure.original]).toEqual([502, 'upstream_auth_error', undefined]);
      expect(failure.message).not.toContain('Anthropic');
      expect(failure.message).toContain('Incorrect API key provided');
    }
    const claude = anthropic.decodeError({ status: 401, text: anthropicError('authentication_error', 'invalid x-api-key'), headers: new Headers() });
    expect([claude.status, claude.code, claude.original]).toEqual([502, 'upstream_auth_error', undefined]);
  });

  it('wrap a body of no known shape, keeping its status and no original', () => {
    const failure = responses.decodeError({ status: 503, text: '<html>Service Unavailable</html>', headers: new Headers() });
    expect([failure.status, failure.type, failure.original]).toEqual([503, 'upstream_error', undefined]);
    expect(failure.message).toBe('The upstream answered 503: <html>Service Unavailable</html>');
    const overloaded = anthropic.decodeError({ status: 529, text: anthropicError('overloaded_error', 'Overloaded'), headers: new Headers() });
    expect([overloaded.status, overloaded.code, overloaded.original?.status]).toEqual([503, 'overloaded', 529]);
  });

  it('encode the Chat form for their protocol, naming what had no place in it', () => {
    const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }], stop: ['x'], max_tokens: 50 };
    expect(chat.encode(request, { model: 'm', maxOutputTokens: 100, origin: '' })).toEqual({ body: request, dropped: [] });
    const converted = responses.encode(request, { model: 'gpt-5', maxOutputTokens: 100, origin: '' });
    expect(converted.dropped).toEqual(['stop']);
    expect(converted.body).toMatchObject({ model: 'gpt-5', store: false, max_output_tokens: 50 });
    expect(anthropic.encode(request, { model: 'claude-x', maxOutputTokens: 100, origin: '' }).body).toMatchObject({ model: 'claude-x', max_tokens: 50, stop_sequences: ['x'] });
  });
});
