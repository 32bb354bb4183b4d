import { describe, expect, it } from 'vitest';
import { createResponsesFakeProvider } from './create-responses-fake-provider.js';

const post = (fake: ReturnType<typeof createResponsesFakeProvider>, body: unknown) =>
  fake.handler(new Request('http://fake/v1/responses', { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: JSON.stringify(body) }));

describe('createResponsesFakeProvider', () => {
  it('answers a whole response and a stream that ends with response.completed', async () => {
    const fake = createResponsesFakeProvider({ apiKey: 'k', reply: 'Hello there' });
    const whole = (await (await post(fake, { model: 'm', input: 'Hi', store: false })).json()) as { status: string; output: { type: string; content?: { text: string }[] }[] };
    expect(whole.status).toBe('completed');
    expect(whole.output.find((item) => item.type === 'message')?.content?.[0]?.text).toBe('Hello there');
    const stream = await (await post(fake, { model: 'm', input: 'Hi', stream: true })).text();
    expect(stream).toContain('event: response.output_text.delta');
    expect(stream.trim().split('\n\n').at(-1)).toContain('event: response.completed');
  });

  it('refuses, in OpenAI words, what a stateless request cannot hold', async () => {
    const fake = createResponsesFakeProvider({ apiKey: 'k', contextWindow: 50 });
    const call = { type: 'function_call', call_id: 'call_1', name: 'bash', arguments: '{}' };
    const cases: [unknown, RegExp][] = [
      [[{ role: 'user', content: 'go' }, call], /No tool output found for function call call_1/],
      [
        [
          { role: 'user', content: 'go' },
          { type: 'function_call_output', call_id: 'call_2', output: 'x' },
        ],
        /No tool call found for function call output with call_id call_2/,
      ],
      [
        [
          { type: 'reasoning', id: 'rs_1', summary: [] },
          { role: 'user', content: 'go' },
        ],
        /Items are not persisted when `store` is set to false/,
      ],
      [[{ role: 'user', content: 'word '.repeat(200) }], /exceeds the context window/],
    ];
    for (const [input, message] of cases) {
      const response = await post(fake, { model: 'm', input, store: false });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    const unauthorized = await fake.handler(new Request('http://fake/v1/responses', { method: 'POST', body: '{}' }));
    expect(unauthorized.status).toBe(401);
    expect(fake.stats.rejected).toBe(5);
  });
});
