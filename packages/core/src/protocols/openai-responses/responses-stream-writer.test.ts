import { describe, expect, it } from 'vitest';
import { delta, finishChunk, runWriter, toolPiece, usageChunk } from '../../../test/support/stream-test-chunks.js';

const types = (events: { type: string }[]) => events.map((event) => event.type);

describe('ResponsesStreamWriter', () => {
  it('streams text as one message item with the full event sequence', () => {
    const run = runWriter([delta({ role: 'assistant', content: '' }), delta({ content: 'Hello' }), delta({ content: ' world' }), finishChunk('stop'), usageChunk]);
    expect(types(run.events)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(run.events.map((event) => event.sequence_number)).toEqual(run.events.map((_, index) => index));
    expect(run.events[0]?.response).toMatchObject({ id: 'resp_test', status: 'in_progress', output: [], usage: null, model: 'gpt-5-codex' });
    expect(run.response.output).toEqual([{ type: 'message', id: 'msg_test_0', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello world', annotations: [] }] }]);
    expect(run.response).toMatchObject({ status: 'completed', incomplete_details: null, error: null, created_at: 1_800_000_000 });
    expect(run.response.usage).toEqual({
      input_tokens: 1200,
      input_tokens_details: { cached_tokens: 1024 },
      output_tokens: 80,
      output_tokens_details: { reasoning_tokens: 30 },
      total_tokens: 1280,
    });
  });

  it('begins with response.created even when push comes before start', () => {
    const run = runWriter([delta({ content: 'hi' })], { skipStart: true });
    expect(types(run.events).slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
  });

  it('opens a function call only once its id and name are known', () => {
    const run = runWriter([
      toolPiece(0, { arguments: '{"cmd":' }),
      toolPiece(0, { id: 'call_1', name: 'exec_command', arguments: '"ls' }),
      toolPiece(0, { arguments: ' -la"}' }),
      finishChunk('tool_calls'),
    ]);
    const added = run.events.find((event) => event.type === 'response.output_item.added');
    expect(added?.item).toEqual({ type: 'function_call', id: 'fc_test_0', call_id: 'call_1', name: 'exec_command', arguments: '', status: 'in_progress' });
    const deltas = run.events.filter((event) => event.type === 'response.function_call_arguments.delta').map((event) => event.delta);
    expect(deltas).toEqual(['{"cmd":"ls', ' -la"}']);
    expect(run.events.find((event) => event.type === 'response.function_call_arguments.done')).toMatchObject({ name: 'exec_command', arguments: '{"cmd":"ls -la"}' });
    expect(run.response.output).toEqual([{ type: 'function_call', id: 'fc_test_0', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls -la"}', status: 'completed' }]);
  });

  it('keeps arguments whole wherever they are split, and wherever id and name arrive', () => {
    const args = '{"cmd":"echo \\"naïve ✓ 🚀\\"","workdir":"/tmp"}';
    for (let cut = 0; cut <= args.length; cut += 1) {
      for (const nameFirst of [true, false]) {
        const head = { arguments: args.slice(0, cut), ...(nameFirst ? { id: 'call_x', name: 'exec_command' } : {}) };
        const tail = { arguments: args.slice(cut), ...(nameFirst ? {} : { id: 'call_x', name: 'exec_command' }) };
        const run = runWriter([toolPiece(0, head), toolPiece(0, tail), finishChunk('tool_calls')]);
        expect(run.response.output[0]).toMatchObject({ call_id: 'call_x', arguments: args });
      }
    }
  });

  it('gives 3 interleaved parallel calls an item each, in index order', () => {
    const calls = [
      { id: 'call_a', name: 'exec_command', args: ['{"cmd":', '"ls"', '}'] },
      { id: 'call_b', name: 'view_image', args: ['{"path":', '"a.png"', '}'] },
      { id: 'call_c', name: 'multi_agent_v1__spawn_agent', args: ['{', '', '}'] },
    ];
    const chunks: unknown[] = calls.map((call, index) => toolPiece(index, { id: call.id, name: call.name }));
    for (let piece = 0; piece < 3; piece += 1) calls.forEach((call, index) => chunks.push(toolPiece(index, { arguments: call.args[piece] as string })));
    const run = runWriter([...chunks, finishChunk('tool_calls'), usageChunk]);
    expect(run.response.output.map((item: { call_id: string; name: string; arguments: string; namespace?: string }) => [item.call_id, item.name, item.arguments, item.namespace])).toEqual([
      ['call_a', 'exec_command', '{"cmd":"ls"}', undefined],
      ['call_b', 'view_image', '{"path":"a.png"}', undefined],
      ['call_c', 'spawn_agent', '{}', 'multi_agent_v1'],
    ]);
    // The first call streams live; the others wait for the finish, as whole items.
    const finishAt = run.events.findIndex((event) => event.type === 'response.function_call_arguments.done');
    const liveDeltas = run.events.slice(0, finishAt).filter((event) => event.type === 'response.function_call_arguments.delta');
    expect(liveDeltas.map((event) => event.delta)).toEqual(['{"cmd":', '"ls"', '}']);
  });

  it('puts reasoning before the text as its own item', () => {
    const run = runWriter([delta({ reasoning_content: 'Think' }), delta({ reasoning_content: 'ing.' }), delta({ content: 'Answer' }), finishChunk('stop')]);
    expect(types(run.events).slice(2, 9)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
    ]);
    expect(run.response.output).toEqual([
      { type: 'reasoning', id: 'rs_test_0', summary: [{ type: 'summary_text', text: 'Thinking.' }] },
      { type: 'message', id: 'msg_test_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Answer', annotations: [] }] },
    ]);
  });

  it('closes everything and completes when the upstream ends without a finish reason', () => {
    const run = runWriter([delta({ content: 'partial' }), toolPiece(0, { id: 'call_1', name: 'exec_command', arguments: '{"cmd"' })]);
    expect(run.terminal).toBe('response.completed');
    expect(run.response.output.map((item: { type: string }) => item.type)).toEqual(['message', 'function_call']);
    expect(run.response.usage).toBeNull();
  });

  it('ends with response.incomplete for finish_reason length', () => {
    const run = runWriter([delta({ content: 'cut he' }), finishChunk('length'), usageChunk]);
    expect(run.terminal).toBe('response.incomplete');
    expect(run.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(run.response.output[0]).toMatchObject({ status: 'incomplete' });
    expect(run.response.usage.output_tokens).toBe(80);
  });

  it('closes the open items and ends with response.failed when failing mid-item', () => {
    const run = runWriter([delta({ content: 'Let me look' }), toolPiece(0, { id: 'call_1', name: 'exec_command', arguments: '{"cm' }), toolPiece(1, { id: 'call_2', name: 'view_image' })], {
      fail: { message: 'Upstream stream broke', code: 'server_error' },
    });
    expect(run.terminal).toBe('response.failed');
    expect(run.response).toMatchObject({ status: 'failed', error: { code: 'server_error', message: 'Upstream stream broke' } });
    // The call that was never announced stays unannounced.
    expect(run.response.output.map((item: { type: string; status: string }) => [item.type, item.status])).toEqual([
      ['message', 'completed'],
      ['function_call', 'incomplete'],
    ]);
    expect(types(run.events)).not.toContain('error');
  });

  it('fails on an upstream error chunk, keeping its code', () => {
    const run = runWriter([delta({ content: 'x' }), { error: { message: 'maximum context length exceeded', code: 'context_length_exceeded' } }]);
    expect(run.response.error).toEqual({ code: 'context_length_exceeded', message: 'maximum context length exceeded' });
  });

  it('answers a freeform tool with a custom_tool_call carrying the raw input', () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch';
    const args = JSON.stringify({ input: patch });
    const run = runWriter([toolPiece(0, { id: 'call_p', name: 'apply_patch', arguments: args.slice(0, 9) }), toolPiece(0, { arguments: args.slice(9) }), finishChunk('tool_calls')]);
    expect(run.response.output).toEqual([{ type: 'custom_tool_call', id: 'ctc_test_0', call_id: 'call_p', name: 'apply_patch', input: patch }]);
    expect(types(run.events)).toContain('response.custom_tool_call_input.done');
  });

  it('keeps items sequential when text follows a live tool call', () => {
    const run = runWriter([toolPiece(0, { id: 'call_1', name: 'exec_command', arguments: '{}' }), delta({ content: 'and also' }), finishChunk('tool_calls')]);
    expect(run.response.output.map((item: { type: string }) => item.type)).toEqual(['function_call', 'message']);
  });

  it('tells calls apart by id when the provider leaves out `index`', () => {
    const whole = (id: string, args: string) => delta({ tool_calls: [{ id, type: 'function', function: { name: 'exec_command', arguments: args } }] });
    const run = runWriter([whole('call_1', '{"cmd":"a"}'), whole('call_2', '{"cmd":"b"}'), finishChunk('tool_calls')]);
    expect(run.response.output.map((item: { call_id: string; arguments: string }) => [item.call_id, item.arguments])).toEqual([
      ['call_1', '{"cmd":"a"}'],
      ['call_2', '{"cmd":"b"}'],
    ]);
  });
});
