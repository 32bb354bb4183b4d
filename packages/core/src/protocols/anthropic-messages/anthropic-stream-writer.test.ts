import { describe, expect, it } from 'vitest';
import { checkAnthropicEvents } from '../../../test/support/check-anthropic-events.js';
import { AnthropicStreamWriter } from './anthropic-stream-writer.js';

type Delta = Record<string, unknown>;

const chunk = (delta: Delta, finish: string | null = null) => ({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] });
const call = (index: number, fields: { id?: string; name?: string; args?: string }) => ({
  index,
  ...(fields.id === undefined ? {} : { id: fields.id, type: 'function' }),
  function: { ...(fields.name === undefined ? {} : { name: fields.name }), ...(fields.args === undefined ? {} : { arguments: fields.args }) },
});
const usageChunk = { object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 1200, completion_tokens: 31, total_tokens: 1231, prompt_tokens_details: { cached_tokens: 1000 } } };

/** The whole stream: start, every chunk, then finish (the upstream sent [DONE]). */
function write(chunks: unknown[], end: (writer: AnthropicStreamWriter) => string = (writer) => writer.finish()): string {
  const writer = new AnthropicStreamWriter({ id: 'msg_test', model: 'claude-sonnet-4-5' });
  return writer.start() + chunks.map((c) => writer.push(c)).join('') + end(writer);
}

describe('AnthropicStreamWriter', () => {
  it('streams text as one text block and reports usage in message_delta', () => {
    const sse = write([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hel' }), chunk({ content: 'lo' }), chunk({}, 'stop'), usageChunk]);
    const stream = checkAnthropicEvents(sse);
    expect(stream.names).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(stream.blocks).toEqual([{ type: 'text', text: 'Hello' }]);
    expect(stream.stopReason).toBe('end_turn');
    expect(stream.usage).toEqual({ input_tokens: 200, output_tokens: 31, cache_creation_input_tokens: 0, cache_read_input_tokens: 1000 });
    expect(
      sse.startsWith(
        'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_test","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0,',
      ),
    ).toBe(true);
  });

  it('puts reasoning (reasoning_content or reasoning) in a thinking block closed with a signature_delta', () => {
    const sse = write([chunk({ reasoning_content: 'Let me ' }), chunk({ reasoning: 'think.' }), chunk({ content: 'Done.' }), chunk({}, 'stop')]);
    const stream = checkAnthropicEvents(sse);
    expect(stream.blocks).toEqual([
      { type: 'thinking', text: 'Let me think.' },
      { type: 'text', text: 'Done.' },
    ]);
    expect(sse).toContain('"content_block":{"type":"thinking","thinking":"","signature":""}');
    expect(sse).toContain('"delta":{"type":"signature_delta","signature":""}');
  });

  it('opens a tool block only once a late id and name are known, with the earlier arguments first', () => {
    const sse = write([
      chunk({ content: 'Running it.' }),
      chunk({ tool_calls: [call(0, { args: '{"comm' })] }),
      chunk({ tool_calls: [call(0, { args: 'and": "ls' })] }),
      chunk({ tool_calls: [call(0, { id: 'call_late' })] }),
      chunk({ tool_calls: [call(0, { name: 'Bash' })] }),
      chunk({ tool_calls: [call(0, { args: ' -la"}' })] }, 'tool_calls'),
    ]);
    const stream = checkAnthropicEvents(sse);
    expect(stream.blocks).toEqual([
      { type: 'text', text: 'Running it.' },
      { type: 'tool_use', id: 'call_late', name: 'Bash', text: '{"command": "ls -la"}' },
    ]);
    expect(stream.stopReason).toBe('tool_use');
    expect(sse).toContain('"delta":{"type":"input_json_delta","partial_json":"{\\"command\\": \\"ls"}');
  });

  it('serialises three interleaved parallel calls into one block at a time', () => {
    const pieces = [
      ['{"path":', '"a.ts"', '}'],
      ['{"path":"b', '.ts"}'],
      ['{', '"path"', ':"c.ts"', '}'],
    ];
    const chunks: unknown[] = [0, 1, 2].map((i) => chunk({ tool_calls: [call(i, { id: `call_${i}`, name: 'Read', args: '' })] }));
    for (let step = 0; step < 4; step += 1) {
      chunks.push(chunk({ tool_calls: [0, 1, 2].flatMap((i) => (pieces[i]?.[step] === undefined ? [] : [call(i, { args: pieces[i]?.[step] })])) }));
    }
    chunks.push(chunk({}, 'tool_calls'));
    const stream = checkAnthropicEvents(write(chunks));
    expect(stream.blocks.map((block) => [block.id, JSON.parse(block.text)])).toEqual([
      ['call_0', { path: 'a.ts' }],
      ['call_1', { path: 'b.ts' }],
      ['call_2', { path: 'c.ts' }],
    ]);
  });

  it('closes a finished call as soon as its JSON is complete, before the stream ends', () => {
    const writer = new AnthropicStreamWriter({ id: 'msg_1', model: 'm' });
    writer.start();
    writer.push(chunk({ tool_calls: [call(0, { id: 'call_0', name: 'Read', args: '{"path":"a"' })] }));
    expect(writer.push(chunk({ tool_calls: [call(0, { args: '}' })] }))).toContain('event: content_block_stop');
  });

  it('holds text that arrives while a call is incomplete until the call is done', () => {
    const sse = write([
      chunk({ tool_calls: [call(0, { id: 'call_0', name: 'Bash', args: '{"command":' })] }),
      chunk({ content: 'odd' }),
      chunk({ tool_calls: [call(0, { args: '"ls"}' })] }),
      chunk({ content: ' provider' }),
    ]);
    expect(checkAnthropicEvents(sse).blocks).toEqual([
      { type: 'tool_use', id: 'call_0', name: 'Bash', text: '{"command":"ls"}' },
      { type: 'text', text: 'odd provider' },
    ]);
  });

  it('still closes every block and sends message_delta when no finish reason came', () => {
    const text = checkAnthropicEvents(write([chunk({ content: 'cut' })]));
    expect(text.stopReason).toBe('end_turn');
    const tool = checkAnthropicEvents(write([chunk({ tool_calls: [call(0, { id: 'call_0', name: 'Bash', args: '{"command":"l' })] })]));
    expect(tool.stopReason).toBe('tool_use');
    expect(tool.blocks[0]?.text).toBe('{"command":"l');
    expect(tool.usage).toEqual({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  });

  it('gives a nameless id a toolu_ id at the end and drops a call that never got a name', () => {
    const stream = checkAnthropicEvents(write([chunk({ tool_calls: [call(0, { name: 'Bash', args: '{"command":"ls"}' })] }), chunk({ tool_calls: [call(1, { id: 'call_1', args: '{}' })] })]));
    expect(stream.blocks).toHaveLength(1);
    expect(stream.blocks[0]).toMatchObject({ type: 'tool_use', name: 'Bash', text: '{"command":"ls"}' });
    expect(stream.blocks[0]?.id).toMatch(/^toolu_[0-9a-f]{24}$/);
  });

  it('maps length to max_tokens and content_filter to refusal', () => {
    expect(checkAnthropicEvents(write([chunk({ content: 'a' }, 'length')])).stopReason).toBe('max_tokens');
    expect(checkAnthropicEvents(write([chunk({ content: 'a' }, 'content_filter')])).stopReason).toBe('refusal');
  });

  it('ends a failed stream with an error event and leaves a half-written block unclosed', () => {
    const sse = write(
      [chunk({ content: 'Half' }), chunk({ tool_calls: [call(0, { id: 'call_0', name: 'Bash', args: '{"comm' })] })],
      (writer) => writer.fail('upstream connection reset') + writer.finish() + writer.push(chunk({ content: 'late' })),
    );
    const stream = checkAnthropicEvents(sse);
    expect(stream.end).toBe('error');
    expect(stream.error).toEqual({ type: 'api_error', message: 'upstream connection reset' });
    expect(stream.names.slice(-2)).toEqual(['content_block_delta', 'error']);
  });

  it('pings, starts on its own when push comes first, and says nothing after the end', () => {
    const writer = new AnthropicStreamWriter({ id: 'msg_1', model: 'm' });
    const sse = writer.ping() + writer.push(chunk({ content: 'x' })) + writer.ping() + writer.finish();
    expect(checkAnthropicEvents(sse).names.filter((name) => name === 'ping')).toHaveLength(2);
    expect(writer.start() + writer.push(chunk({ content: 'y' })) + writer.ping() + writer.finish() + writer.fail('late')).toBe('');
    expect(checkAnthropicEvents(new AnthropicStreamWriter({ id: 'm', model: 'm' }).finish()).names).toEqual(['message_start', 'message_delta', 'message_stop']);
  });

  it('reads tool calls of servers that leave out the index', () => {
    const stream = checkAnthropicEvents(
      write([
        chunk({ tool_calls: [{ id: 'a', function: { name: 'Read', arguments: '{"path":' } }] }),
        chunk({ tool_calls: [{ function: { arguments: '"x"}' } }] }),
        chunk({ tool_calls: [{ id: 'b', function: { name: 'Read', arguments: '{"path":"y"}' } }] }),
      ]),
    );
    expect(stream.blocks.map((block) => [block.id, block.text])).toEqual([
      ['a', '{"path":"x"}'],
      ['b', '{"path":"y"}'],
    ]);
  });
});
