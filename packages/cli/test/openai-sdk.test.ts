import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_KEY, startRig, type TestRig } from './helpers.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/opencode-1.18-chat-request.json', import.meta.url), 'utf8'));

describe('the official openai SDK through the relay', () => {
  let rig: TestRig;
  let client: OpenAI;
  beforeAll(async () => {
    rig = await startRig();
    client = new OpenAI({ baseURL: `${rig.relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
  });
  afterAll(() => rig.stop());

  it('gets a non-streamed answer with usage', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] });
    expect(completion.choices[0]?.message.content).toBe('Hello from the fake provider. Last message: "Hello"');
    expect(completion.usage?.prompt_tokens).toBe(8);
    expect(rig.fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
  });

  it('streams an answer chunk by chunk', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4', stream: true, messages: [{ role: 'user', content: 'Hello' }] });
    const pieces: string[] = [];
    for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta.content ?? '');
    expect(pieces.filter((piece) => piece !== '').length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe('Hello from the fake provider. Last message: "Hello"');
  });

  it('replays the recorded OpenCode request (tools, tool call with empty content, stream_options)', async () => {
    const stream = await client.chat.completions.create(fixture);
    let text = '';
    let usage: unknown;
    for await (const chunk of stream as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toContain('hello-from-mock');
    expect(usage).toMatchObject({ prompt_tokens: rig.fake.requests.at(-1)?.promptTokens });
    expect(rig.fake.requests.at(-1)?.body.tools).toHaveLength(10);
  });

  it('does a tool call round trip', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await client.chat.completions.create({ model: 'gpt-4', messages, tools });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(JSON.parse(call?.type === 'function' ? call.function.arguments : '{}')).toEqual({ city: 'fake' });
    messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call!.id, content: 'sunny, 21C' });
    const second = await client.chat.completions.create({ model: 'gpt-4', messages, tools });
    expect(second.choices[0]?.message.content).toContain('sunny, 21C');
  });

  it('surfaces an OpenAI-shaped upstream error as an APIError', async () => {
    rig.fake.fail({ status: 400, message: 'bad temperature' });
    const error = await client.chat.completions.create({ model: 'gpt-4', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain('bad temperature');
  });

  it('lists models', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain('fake-model');
  });
});
