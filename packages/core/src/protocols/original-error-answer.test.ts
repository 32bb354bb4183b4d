import { describe, expect, it } from 'vitest';
import { messagesFrontDoor } from './anthropic-messages/messages-front-door.js';
import { chatFrontDoor } from './openai-chat/chat-front-door.js';
import { responsesFrontDoor } from './openai-responses/responses-front-door.js';
import { upstreamCodec } from './upstream-codecs.js';

const responsesUpstream = upstreamCodec({ baseURL: 'http://provider.local/v1', api: 'responses' });
const chatUpstream = upstreamCodec({ baseURL: 'http://provider.local/v1' });
const limited = JSON.stringify({ error: { message: 'Slow down', type: 'requests', param: null, code: null } });

describe("an upstream's own error answer", () => {
  it('reaches a client of the same protocol as it came, with its retry hints', async () => {
    const failure = chatUpstream.decodeError({
      status: 400,
      text: '{"error":{"message":"bad","type":"invalid_request_error","param":"x","code":"odd","extra":1}}',
      headers: new Headers({ 'x-request-id': 'up_1' }),
    });
    const response = chatFrontDoor.errorResponse(failure, new Headers({ 'x-request-id': 'req_1' }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { message: 'bad', type: 'invalid_request_error', param: 'x', code: 'odd', extra: 1 } });
    expect(response.headers.get('x-upstream-request-id')).toBe('up_1');
  });

  it("is answered in the client's own protocol otherwise", async () => {
    const failure = chatUpstream.decodeError({ status: 400, text: '{"error":{"message":"bad","type":"invalid_request_error"}}', headers: new Headers() });
    const response = messagesFrontDoor.errorResponse(failure, new Headers());
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'bad' } });
  });

  it('is a 429 with `rate_limit_exceeded` for Codex whatever code the provider gave it, so Codex waits and retries', async () => {
    const failure = responsesUpstream.decodeError({ status: 429, text: limited, headers: new Headers({ 'retry-after': '3' }) });
    const response = responsesFrontDoor.errorResponse(failure, new Headers());
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect((await response.json()).error).toMatchObject({ code: 'rate_limit_exceeded', message: 'Slow down' });
  });

  it('is a spent quota as it came, for Codex to report rather than wait out', async () => {
    const text = JSON.stringify({ error: { message: 'You exceeded your current quota.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } });
    const failure = responsesUpstream.decodeError({ status: 429, text, headers: new Headers() });
    const response = responsesFrontDoor.errorResponse(failure, new Headers());
    expect(response.status).toBe(429);
    expect(await response.text()).toBe(text);
  });
});
