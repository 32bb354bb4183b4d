import { describe, expect, it } from 'vitest';
import firstTurn from '../../../test/fixtures/codex-responses-request.json';
import toolTurn from '../../../test/fixtures/codex-responses-tool-output-request.json';
import type { ChatMessage } from '../../types/chat.js';
import { toChatRequest } from './convert-to-chat-request.js';
import type { ResponsesRequest } from './responses-types.js';
import { CHAT_TOOL_NAME } from './tool-names.js';
import { validateResponsesRequest } from './validate-responses-request.js';

// Real Codex CLI 0.171 request bodies, validated as the handler will.
const codex = (body: unknown) => validateResponsesRequest(structuredClone(body));
const toolNames = (tools: unknown[] | undefined) => (tools as { function: { name: string } }[]).map((tool) => tool.function.name);

describe('toChatRequest with Codex requests', () => {
  it('turns the first Codex turn into a chat request', () => {
    const { chat, droppedTools, droppedParams } = toChatRequest(codex(firstTurn));
    const messages = chat.messages;
    expect(messages.map((message) => message.role)).toEqual(['system', 'system', 'user', 'user']);
    expect(messages[0]?.content).toMatch(/^You are a coding agent running in the Codex CLI/);
    expect(messages[3]?.content).toBe('Say hello');
    expect(droppedTools).toEqual(['web_search']);
    const names = toolNames(chat.tools);
    expect(names.every((name) => CHAT_TOOL_NAME.test(name))).toBe(true);
    expect(names).toContain('multi_agent_v1__spawn_agent');
    expect(names).toContain('exec_command');
    expect(chat).toMatchObject({ model: 'gpt-fake', tool_choice: 'auto', parallel_tool_calls: true, stream: true, stream_options: { include_usage: true } });
    for (const key of ['store', 'include', 'prompt_cache_key', 'client_metadata', 'reasoning']) expect(chat).not.toHaveProperty(key);
    expect(droppedParams).toEqual(expect.arrayContaining(['store', 'include', 'prompt_cache_key', 'client_metadata', 'reasoning.summary']));
  });

  it('makes the function_call and its output an assistant tool call and a tool message with the same id', () => {
    const { chat } = toChatRequest(codex(toolTurn));
    const [assistant, tool] = chat.messages.slice(-2) as [ChatMessage, ChatMessage];
    expect(assistant).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_fake_mwy93scfrec7', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"echo fake-tool-ok"}' } }],
    });
    expect(tool).toEqual({ role: 'tool', tool_call_id: 'call_fake_mwy93scfrec7', content: expect.stringContaining('fake-tool-ok') });
  });

  it('gives the same bytes for the same conversation, and a stable prefix as it grows', () => {
    const whole = toChatRequest(codex(toolTurn)).chat;
    expect(JSON.stringify(toChatRequest(codex(toolTurn)).chat)).toBe(JSON.stringify(whole));
    const earlier = codex({ ...toolTurn, input: toolTurn.input.slice(0, 4) });
    expect(JSON.stringify(toChatRequest(earlier).chat.messages)).toBe(JSON.stringify(whole.messages.slice(0, 4)));
  });
});

describe('toChatRequest parameters', () => {
  const base: ResponsesRequest = { model: 'm', input: 'hi' };

  it('puts instructions first as a system message and a string input as a user message', () => {
    expect(toChatRequest({ ...base, instructions: 'Be brief.' }).chat.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ]);
  });

  it('maps output limit, effort, sampling and streaming', () => {
    const request = { ...base, max_output_tokens: 50_000, reasoning: { effort: 'high' }, temperature: 0.2, top_p: 0.9 };
    expect(toChatRequest(request, { maxOutputTokens: 8192 }).chat).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 8192,
      reasoning_effort: 'high',
      temperature: 0.2,
      top_p: 0.9,
    });
    expect(toChatRequest({ ...base, max_output_tokens: 100 }, { maxOutputTokens: 8192 }).chat.max_tokens).toBe(100);
  });

  it('reports what it does not forward, unknown fields included', () => {
    const request = { ...base, store: false, metadata: { a: 'b' }, text: { verbosity: 'low' }, truncation: 'auto', user: 'u', service_tier: 'auto', brand_new: 1 };
    const { chat, droppedParams } = toChatRequest(request);
    expect(droppedParams).toEqual(['store', 'metadata', 'text', 'truncation', 'user', 'service_tier', 'brand_new']);
    expect(Object.keys(chat)).toEqual(['model', 'messages']);
  });

  it('leaves out tool_choice and parallel_tool_calls when no tool survives', () => {
    const { chat, droppedTools, droppedParams } = toChatRequest({ ...base, tools: [{ type: 'web_search' }], tool_choice: 'auto', parallel_tool_calls: true });
    expect(chat).not.toHaveProperty('tools');
    expect(chat).not.toHaveProperty('tool_choice');
    expect(chat).not.toHaveProperty('parallel_tool_calls');
    expect(droppedTools).toEqual(['web_search']);
    expect(droppedParams).toEqual(['tool_choice', 'parallel_tool_calls']);
  });

  it('names a namespace tool in tool_choice by its flattened name', () => {
    const tools = [{ type: 'namespace', name: 'ns', tools: [{ type: 'function', name: 'go', parameters: {} }] }];
    const { chat } = toChatRequest({ ...base, tools, tool_choice: { type: 'function', name: 'go', namespace: 'ns' } });
    expect(chat.tool_choice).toEqual({ type: 'function', function: { name: 'ns__go' } });
  });

  it('converts 200,000 input items, past where spread arguments overflow the stack', () => {
    const input = Array.from({ length: 200_000 }, (_, i) => ({ type: 'message', role: i % 2 === 0 ? 'user' : 'assistant', content: `step ${i}` }));
    const { chat, origins } = toChatRequest(validateResponsesRequest({ model: 'gpt-5-codex', input }));
    expect(chat.messages).toHaveLength(200_000);
    expect(chat.messages.at(-1)).toEqual({ role: 'assistant', content: 'step 199999' });
    expect(origins.at(-1)).toEqual([199_999]);
  });
});
