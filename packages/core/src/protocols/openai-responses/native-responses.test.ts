import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../types/chat.js';
import { toChatRequest } from './convert-to-chat-request.js';
import { nativeResponses } from './native-responses.js';
import type { ResponsesRequest } from './responses-types.js';

const request = {
  model: 'gpt-x',
  max_output_tokens: 100_000,
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'rules' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'TASK' }] },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'long answer A' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'more' }] },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'long answer B' }] },
    { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'opaque' },
    { type: 'function_call', call_id: 'c1', name: 'exec_command', arguments: '{"cmd":"ls"}' },
    { type: 'function_call_output', call_id: 'c1', output: 'a b' },
  ],
} as unknown as ResponsesRequest;

describe('nativeResponses', () => {
  it('puts each capped message back in its own items, and leaves every other item as it came', () => {
    const { chat, origins } = toChatRequest(request);
    // [system, user TASK, assistant A, user more, assistant B + call, tool c1]
    const kept: ChatMessage[] = chat.messages.map((message, i) => (i === 2 || i === 4 ? { ...message, content: `capped ${i}` } : message));
    const body = nativeResponses(request, chat.messages, origins).body({ messages: kept, sources: kept.map((_, i) => i) }, undefined, 32_000, 'drop') as ResponsesRequest;
    const input = body.input as unknown as Record<string, unknown>[];
    expect(input).toHaveLength(8);
    expect(input[2]).toEqual({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'capped 2' }] });
    expect(input[4]).toEqual({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'capped 4' }] });
    expect(input.slice(5)).toEqual((request.input as unknown[]).slice(5));
    // The output limit the context budget assumed.
    expect(body.max_output_tokens).toBe(32_000);
  });

  it('drops the items of a dropped turn, reasoning included, and forwards the rest untouched', () => {
    const { chat, origins } = toChatRequest(request);
    const sources = [0, 1, 3];
    const kept = sources.map((i) => chat.messages[i] as ChatMessage);
    const body = nativeResponses(request, chat.messages, origins).body({ messages: kept, sources }, 'gpt-y', undefined, 'drop') as ResponsesRequest;
    const input = request.input as unknown[];
    expect(body.input).toEqual([input[0], input[1], input[3]]);
    expect(body.model).toBe('gpt-y');
  });

  it('puts each capped call of a step of many back in its own item, by call id', () => {
    const calls = Array.from({ length: 5_000 }, (_, i) => ({ type: 'function_call', call_id: `c${i}`, name: 'read', arguments: `{"path":"f${i}"}` }));
    const many = { model: 'gpt-x', input: [{ type: 'message', role: 'user', content: 'TASK' }, ...calls] } as unknown as ResponsesRequest;
    const { chat, origins } = toChatRequest(many);
    const step = chat.messages[1] as ChatMessage;
    // The engine capped the step's calls, last first: the order of the Chat calls no longer follows the items.
    const capped = { ...step, tool_calls: [...(step.tool_calls ?? [])].reverse().map((call) => ({ ...call, function: { ...call.function, arguments: `{"capped":"${call.id}"}` } })) };
    const body = nativeResponses(many, chat.messages, origins).body({ messages: [chat.messages[0] as ChatMessage, capped], sources: [0, 1] }, undefined, undefined, 'drop') as ResponsesRequest;
    const input = body.input as unknown as Record<string, unknown>[];
    expect(input).toHaveLength(5_001);
    expect(input[1]).toEqual({ type: 'function_call', call_id: 'c0', name: 'read', arguments: '{"capped":"c0"}' });
    expect(input[5_000]).toEqual({ type: 'function_call', call_id: 'c4999', name: 'read', arguments: '{"capped":"c4999"}' });
  });
});
