import { describe, expect, it } from 'vitest';
import { type AnthropicMessageResponse, anthropicStreamEvents } from '../../fake-provider/anthropic/anthropic-stream-events.js';
import { type ChatCompletionChunk, type MessagesStreamEvent, MessagesStreamToChat } from './messages-stream-to-chat.js';
import { fromMessagesResponse } from './upstream-answer.js';

const usage = { input_tokens: 3, cache_creation_input_tokens: 500, cache_read_input_tokens: 9_000, output_tokens: 40 };
const message = (content: AnthropicMessageResponse['content'], stop_reason: string): AnthropicMessageResponse => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content,
  stop_reason,
  stop_sequence: null,
  usage,
});

/** SSE frames as Anthropic sends them, parsed the way the relay's SSE stage hands them over. */
function parse(frames: readonly string[]): MessagesStreamEvent[] {
  return frames.map((frame) => ({ event: /^event: (.*)$/m.exec(frame)?.[1], data: JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? 'null') }));
}

function run(events: readonly MessagesStreamEvent[]) {
  const stream = new MessagesStreamToChat({ id: 'chatcmpl-1', model: 'my-alias', created: 1_700_000_000 });
  const chunks = events.flatMap((event) => stream.push(event));
  return { stream, chunks };
}

/** What a Chat client makes of the chunks: the message it would show. */
function accumulate(chunks: readonly ChatCompletionChunk[]) {
  let content = '';
  let reasoning = '';
  let finish: string | null = null;
  const calls: { id: string; name: string; arguments: string }[] = [];
  for (const chunk of chunks) {
    const choice = chunk.choices[0];
    if (choice === undefined) continue;
    const delta = choice.delta as { content?: string; reasoning_content?: string; tool_calls?: { index: number; id?: string; function: { name?: string; arguments?: string } }[] };
    content += delta.content ?? '';
    reasoning += delta.reasoning_content ?? '';
    for (const call of delta.tool_calls ?? []) {
      const entry = (calls[call.index] ??= { id: '', name: '', arguments: '' });
      entry.id += call.id ?? '';
      entry.name += call.function.name ?? '';
      entry.arguments += call.function.arguments ?? '';
    }
    finish = choice.finish_reason ?? finish;
  }
  return { content, reasoning, calls: calls.map((call) => ({ ...call, arguments: JSON.parse(call.arguments) as unknown })), finish };
}

const recorded: [string, AnthropicMessageResponse][] = [
  ['text', message([{ type: 'text', text: 'Hello there, general Kenobi.' }], 'end_turn')],
  [
    'thinking then text',
    message(
      [
        { type: 'thinking', thinking: 'The user greets me.', signature: 'c2ln' },
        { type: 'text', text: 'Hi!' },
      ],
      'end_turn',
    ),
  ],
  [
    'parallel tool blocks after thinking',
    message(
      [
        { type: 'thinking', thinking: 'Read both files.', signature: 'c2ln' },
        { type: 'text', text: 'Reading.' },
        { type: 'tool_use', id: 'toolu_a', name: 'read', input: { path: 'src/a.ts', lines: [1, 20] } },
        { type: 'tool_use', id: 'toolu_b', name: 'read', input: { path: 'src/"b".ts' } },
        { type: 'tool_use', id: 'toolu_c', name: 'list', input: {} },
      ],
      'tool_use',
    ),
  ],
  ['cut off', message([{ type: 'text', text: 'A long answer that' }], 'max_tokens')],
];

describe('MessagesStreamToChat', () => {
  it.each(recorded.flatMap(([name, msg]) => [1, 3, 8].map((pieces) => [name, pieces, msg] as const)))('%s in %d pieces gives what fromMessagesResponse gives', (_name, pieces, msg) => {
    const { stream, chunks } = run(parse(anthropicStreamEvents(msg, pieces)));
    const whole = fromMessagesResponse(msg, { created: 1_700_000_000, model: 'my-alias' });
    const reply = whole.choices[0].message;
    expect(accumulate(chunks)).toEqual({
      content: reply.content ?? '',
      reasoning: reply.reasoning_content ?? '',
      calls: (reply.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments) as unknown })),
      finish: whole.choices[0].finish_reason,
    });
    expect(stream.usage).toEqual(whole.usage);
    expect(stream.usageChunk()).toEqual({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'my-alias', choices: [], usage: whole.usage });
    expect(stream.done).toBe(true);
    expect(stream.error).toBeUndefined();
    expect(chunks.filter((chunk) => chunk.choices[0]?.finish_reason !== null)).toHaveLength(1);
  });

  it('emits exact chunks for a tool call whose JSON arrives split, role first', () => {
    const { chunks } = run([
      { event: 'message_start', data: { type: 'message_start', message: { id: 'msg_1', usage: { input_tokens: 10, output_tokens: 1 } } } },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'bash', input: {} } } },
      { event: 'ping', data: { type: 'ping' } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '' } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"command": "l' } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: 's -la"}' } } },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
      { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 20 } } },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ]);
    expect(chunks.map((chunk) => [chunk.choices[0]?.delta, chunk.choices[0]?.finish_reason])).toEqual([
      [{ role: 'assistant', content: '' }, null],
      [{ tool_calls: [{ index: 0, id: 'toolu_1', type: 'function', function: { name: 'bash', arguments: '' } }] }, null],
      [{ tool_calls: [{ index: 0, function: { arguments: '{"command": "l' } }] }, null],
      [{ tool_calls: [{ index: 0, function: { arguments: 's -la"}' } }] }, null],
      [{}, 'tool_calls'],
    ]);
    expect(chunks[0]).toMatchObject({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'my-alias' });
  });

  it('stops at an error event and says what it was', () => {
    const { stream, chunks } = run([
      { event: 'message_start', data: '{"type":"message_start","message":{"usage":{"input_tokens":5}}}' },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hal' } } },
      { event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'f' } } },
    ]);
    expect(accumulate(chunks)).toMatchObject({ content: 'Hal', finish: null });
    expect(stream.done).toBe(true);
    expect(stream.error).toEqual({ type: 'overloaded_error', message: 'Overloaded' });
  });

  it('finishes a stream that ended without a stop reason, and ignores what it does not know', () => {
    const { stream, chunks } = run([
      { data: { type: 'content_block_start', index: 0, content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} } } },
      { data: { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"query":"x"}' } } },
      { data: { type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: {} } } },
      { data: { type: 'content_block_start', index: 1, content_block: { type: 'text', text: 'Found it.' } } },
      { data: { type: 'content_block_delta', index: 1, delta: { type: 'signature_delta', signature: 'x' } } },
      { data: { type: 'something_new' } },
      { data: { type: 'message_stop' } },
    ]);
    expect(chunks.map((chunk) => [chunk.choices[0]?.delta, chunk.choices[0]?.finish_reason])).toEqual([
      [{ role: 'assistant', content: 'Found it.' }, null],
      [{}, 'stop'],
    ]);
    expect(stream.done).toBe(true);
  });
});
