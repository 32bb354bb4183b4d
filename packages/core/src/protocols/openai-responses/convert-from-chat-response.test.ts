import { describe, expect, it } from 'vitest';
import { TOOLS, usageChunk } from '../../../test/support/stream-test-chunks.js';
import { RelayError } from '../../errors/relay-error.js';
import { fromChatResponse } from './convert-from-chat-response.js';
import { convertTools } from './convert-tools.js';

const { toolMap } = convertTools(TOOLS);
const options = { id: 'resp_abc', model: 'gpt-5-codex', toolMap, createdAt: 1_800_000_000 };

function completion(message: Record<string, unknown>, finishReason = 'stop') {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model: 'deepseek-chat',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }],
    usage: usageChunk.usage,
  };
}

describe('fromChatResponse', () => {
  it('builds reasoning, message and tool call items with usage and the client model', () => {
    const response = fromChatResponse(
      completion(
        {
          content: 'Checking.',
          reasoning_content: 'The user wants files.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"ls"}' } },
            { id: 'call_2', type: 'function', function: { name: 'multi_agent_v1__spawn_agent', arguments: '{}' } },
          ],
        },
        'tool_calls',
      ),
      options,
    );
    expect(response).toMatchObject({
      id: 'resp_abc',
      object: 'response',
      created_at: 1_800_000_000,
      status: 'completed',
      model: 'gpt-5-codex',
      error: null,
      incomplete_details: null,
      tools: [],
      parallel_tool_calls: true,
      tool_choice: 'auto',
    });
    expect(response.output).toEqual([
      { type: 'reasoning', id: 'rs_abc_0', summary: [{ type: 'summary_text', text: 'The user wants files.' }] },
      { type: 'message', id: 'msg_abc_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.', annotations: [] }] },
      { type: 'function_call', id: 'fc_abc_2', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls"}', status: 'completed' },
      // Codex needs the bare name with its namespace: a flattened or dotted name is an "unsupported call".
      { type: 'function_call', id: 'fc_abc_3', call_id: 'call_2', name: 'spawn_agent', namespace: 'multi_agent_v1', arguments: '{}', status: 'completed' },
    ]);
    expect(response.usage).toEqual({ input_tokens: 1200, input_tokens_details: { cached_tokens: 1024 }, output_tokens: 80, output_tokens_details: { reasoning_tokens: 30 }, total_tokens: 1280 });
  });

  it('answers a custom tool with a custom_tool_call holding the raw input', () => {
    const patch = '*** Begin Patch\n*** End Patch';
    const response = fromChatResponse(
      completion({ content: null, tool_calls: [{ id: 'call_p', type: 'function', function: { name: 'apply_patch', arguments: JSON.stringify({ input: patch }) } }] }),
      options,
    );
    expect(response.output).toEqual([{ type: 'custom_tool_call', id: 'ctc_abc_0', call_id: 'call_p', name: 'apply_patch', input: patch }]);
  });

  it('marks a cut answer incomplete with reason max_output_tokens', () => {
    const response = fromChatResponse(completion({ content: 'It was a dark and' }, 'length'), options);
    expect(response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
  });

  it('echoes the request settings it was given', () => {
    const request = { model: 'gpt-5-codex', input: 'hi', tool_choice: 'required' as const, parallel_tool_calls: false, temperature: 0.5, reasoning: { effort: 'low' }, max_output_tokens: 99 };
    expect(fromChatResponse(completion({ content: 'ok' }), { ...options, request })).toMatchObject({
      tool_choice: 'required',
      parallel_tool_calls: false,
      temperature: 0.5,
      reasoning: { effort: 'low', summary: null },
      max_output_tokens: 99,
      store: false,
    });
  });

  it('refuses an answer without choices with a 502', () => {
    expect(() => fromChatResponse({ object: 'chat.completion' }, options)).toThrow(RelayError);
  });
});
