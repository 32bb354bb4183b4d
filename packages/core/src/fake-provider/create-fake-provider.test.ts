import { describe, expect, it } from 'vitest';
import { createFakeProvider } from './create-fake-provider.js';

async function reads(response: Response): Promise<string[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const out: string[] = [];
  for (let read = await reader.read(); !read.done; read = await reader.read()) out.push(decoder.decode(read.value));
  return out;
}

describe('the fake provider streaming with usage', () => {
  it('sends the usage chunk in the same write as the finish, as OpenAI does, then [DONE]', async () => {
    const fake = createFakeProvider({ chunks: 2, chunkDelayMs: 1 });
    const body = { model: 'fake-model', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] };
    const writes = await reads(
      await fake.handler(new Request('http://fake.local/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })),
    );
    const finish = writes.at(-2) as string;
    const events = finish
      .split('\n\n')
      .filter(Boolean)
      .map((event) => JSON.parse(event.slice('data: '.length)) as { choices: { finish_reason: string | null }[]; usage?: unknown });
    expect(events).toHaveLength(2);
    expect(events[0]?.choices[0]?.finish_reason).toBe('stop');
    expect(events[1]?.choices).toEqual([]);
    expect(events[1]?.usage).toMatchObject({ prompt_tokens: expect.any(Number) });
    expect(writes.at(-1)).toBe('data: [DONE]\n\n');
  });
});
