import { describe, expect, it } from 'vitest';
import { ResponsesStreamToChat } from './responses-stream-to-chat.js';

const identity = { id: 'chatcmpl-1', model: 'm', created: 0 };
const deltas = (chunks: { choices: { delta: Record<string, unknown>; finish_reason: string | null }[] }[]) => chunks.map((chunk) => [chunk.choices[0]?.delta, chunk.choices[0]?.finish_reason]);

describe('ResponsesStreamToChat', () => {
  it('streams text, reasoning and a tool call whose deltas name the item by id or by index', () => {
    const stream = new ResponsesStreamToChat(identity);
    const events = [
      { type: 'response.created', response: {} },
      { type: 'response.output_item.added', output_index: 0, item: { type: 'reasoning', id: 'rs_1' } },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', delta: 'Plan' },
      { type: 'response.output_item.added', output_index: 1, item: { type: 'message', id: 'msg_1' } },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 1, delta: 'Hi' },
      { type: 'response.output_item.added', output_index: 2, item: { type: 'function_call', call_id: 'call_1', name: 'bash', arguments: '' } },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_x', output_index: 2, delta: '{"command":' },
      { type: 'response.function_call_arguments.delta', output_index: 2, delta: '"ls"}' },
      { type: 'response.output_item.done', output_index: 2, item: { type: 'function_call', call_id: 'call_1', name: 'bash', arguments: '{"command":"ls"}' } },
      { type: 'response.completed', response: { status: 'completed', usage: { input_tokens: 10, output_tokens: 2, total_tokens: 12 } } },
    ];
    const chunks = events.flatMap((data) => stream.push({ event: data.type, data: JSON.stringify(data) }));
    expect(deltas(chunks)).toEqual([
      [{ role: 'assistant', content: '' }, null],
      [{ reasoning_content: 'Plan' }, null],
      [{ content: 'Hi' }, null],
      [{ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'bash', arguments: '' } }] }, null],
      [{ tool_calls: [{ index: 0, function: { arguments: '{"command":' } }] }, null],
      [{ tool_calls: [{ index: 0, function: { arguments: '"ls"}' } }] }, null],
      [{}, 'tool_calls'],
    ]);
    expect(stream.done).toBe(true);
    expect(stream.usageChunk().usage).toEqual({ prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 });
  });

  it('sends the whole arguments at the item end when none were streamed, and ends on a failure with its error', () => {
    const stream = new ResponsesStreamToChat(identity);
    stream.push({ data: { type: 'response.output_item.added', output_index: 0, item: { type: 'function_call', id: 'fc_1', call_id: 'call_9', name: 'read' } } });
    const done = stream.push({ data: { type: 'response.output_item.done', output_index: 0, item: { type: 'function_call', id: 'fc_1', call_id: 'call_9', name: 'read', arguments: '{"path":"a"}' } } });
    expect(deltas(done)).toEqual([[{ tool_calls: [{ index: 0, function: { arguments: '{"path":"a"}' } }] }, null]]);
    stream.push({ data: { type: 'response.failed', response: { error: { code: 'server_error', message: 'The model failed.' } } } });
    expect(stream.done).toBe(true);
    expect(stream.error).toEqual({ type: 'api_error', message: 'The model failed.', code: 'server_error' });
    expect(stream.push({ data: { type: 'response.output_text.delta', delta: 'late' } })).toEqual([]);
  });
});
