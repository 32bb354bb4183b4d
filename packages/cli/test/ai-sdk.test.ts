import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startRig, type TestRig } from './helpers.js';

describe('the AI SDK (openai-compatible provider) through the relay', () => {
  let rig: TestRig;
  let provider: ReturnType<typeof createOpenAICompatible>;
  beforeAll(async () => {
    rig = await startRig();
    provider = createOpenAICompatible({ name: 'relay', baseURL: `${rig.relay.url}/v1`, apiKey: 'dummy', includeUsage: true });
  });
  afterAll(() => rig.stop());

  it('generateText', async () => {
    const result = await generateText({ model: provider('gpt-4'), prompt: 'Hello', maxRetries: 0 });
    expect(result.text).toBe('Hello from the fake provider. Last message: "Hello"');
    expect(result.usage.inputTokens).toBe(8);
  });

  it('streamText', async () => {
    const result = streamText({ model: provider('gpt-4'), prompt: 'Hello', maxRetries: 0 });
    const parts: string[] = [];
    for await (const part of result.textStream) parts.push(part);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.join('')).toBe('Hello from the fake provider. Last message: "Hello"');
    expect((await result.usage).inputTokens).toBe(8);
  });

  it('runs a tool call and answers with its result', async () => {
    const calls: string[] = [];
    const result = await generateText({
      model: provider('gpt-4'),
      prompt: 'Weather in Paris?',
      maxRetries: 0,
      stopWhen: stepCountIs(3),
      tools: {
        weather: tool({
          description: 'current weather',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => {
            calls.push(city);
            return `cloudy in ${city}`;
          },
        }),
      },
    });
    expect(calls).toEqual(['fake']);
    expect(result.steps).toHaveLength(2);
    expect(result.text).toContain('cloudy in fake');
  });

  it('streams a tool call and the answer after it, as OpenCode does', async () => {
    const result = streamText({
      model: provider('gpt-4'),
      prompt: 'List the files',
      maxRetries: 0,
      stopWhen: stepCountIs(3),
      tools: {
        bash: tool({ description: 'run a command', inputSchema: z.object({ command: z.string() }), execute: async ({ command }) => `ran ${command}: a.ts b.ts` }),
      },
    });
    const types: string[] = [];
    for await (const part of result.fullStream) types.push(part.type);
    expect(types).toContain('tool-call');
    expect(types).toContain('tool-result');
    expect(await result.text).toContain('ran echo fake-tool-ok: a.ts b.ts');
    // The second request carried the assistant's tool call and its answer, and the strict provider took it.
    expect(rig.fake.stats.rejected).toBe(0);
    expect(rig.fake.requests.at(-1)?.body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
  });
});
