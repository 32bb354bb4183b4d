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
    const body = nativeResponses(request, chat.messages, origins).body({ messages: kept, sources: kept.map((_, i) => i) }, undefined, 32_000) as ResponsesRequest;
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
    const body = nativeResponses(request, chat.messages, origins).body({ messages: kept, sources }, 'gpt-y', undefined) as ResponsesRequest;
    const input = request.input as unknown[];
    expect(body.input).toEqual([input[0], input[1], input[3]]);
    expect(body.model).toBe('gpt-y');
  });
});
