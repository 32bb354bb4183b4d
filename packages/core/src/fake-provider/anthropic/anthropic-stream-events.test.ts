import { describe, expect, it } from 'vitest';
import { anthropicPost, readEvents } from '../../../test/support/anthropic-test-requests.js';
import { createAnthropicFakeProvider } from './create-anthropic-fake-provider.js';

const bash = { name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } };
const hello = { model: 'claude-sonnet-4-5', max_tokens: 1_000, stream: true, messages: [{ role: 'user', content: 'Say hello' }] };

describe('anthropicStreamEvents', () => {
  it('streams the full event sequence, every event with its event: line', async () => {
    const fake = createAnthropicFakeProvider({ chunks: 3 });
    const response = await fake.handler(anthropicPost('/v1/messages', hello));
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readEvents(response);
    expect(events.every(({ event, data }) => data.type === event)).toBe(true);
    expect(events.map(({ event }) => event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const start = events[0]?.data.message as { usage: Record<string, number>; content: unknown[]; stop_reason: unknown };
    expect(start).toMatchObject({ content: [], stop_reason: null, usage: { output_tokens: 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } });
    const text = events.filter(({ event }) => event === 'content_block_delta').map(({ data }) => (data.delta as { text: string }).text);
    expect(text.join('')).toBe('Hello from the fake provider. Last message: "Say hello"');
    expect(events[7]?.data).toMatchObject({ delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: expect.any(Number) } });
    expect(fake.stats.completed).toBe(1);
  });

  it('streams thinking (with its signature) and tool input as input_json_delta', async () => {
    const fake = createAnthropicFakeProvider();
    const body = { ...hello, thinking: { type: 'enabled', budget_tokens: 500 }, tools: [bash], messages: [{ role: 'user', content: 'USE_TOOL please' }] };
    const events = await readEvents(await fake.handler(anthropicPost('/v1/messages', body)));
    const starts = events.filter(({ event }) => event === 'content_block_start').map(({ data }) => data.content_block);
    expect(starts).toEqual([
      { type: 'thinking', thinking: '', signature: '' },
      { type: 'tool_use', id: expect.any(String), name: 'Bash', input: {} },
    ]);
    const deltas = events.filter(({ event }) => event === 'content_block_delta').map(({ data }) => data.delta as Record<string, string>);
    expect(deltas.some((delta) => delta.type === 'thinking_delta')).toBe(true);
    expect(deltas.filter((delta) => delta.type === 'signature_delta')).toHaveLength(1);
    const json = deltas.filter((delta) => delta.type === 'input_json_delta').map((delta) => delta.partial_json);
    expect(JSON.parse(json.join(''))).toEqual({ command: 'echo hi' });
    expect(events.find(({ event }) => event === 'message_delta')?.data.delta).toEqual({ stop_reason: 'tool_use', stop_sequence: null });
  });
});
