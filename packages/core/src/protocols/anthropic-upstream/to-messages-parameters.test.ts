import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../types/chat.js';
import { toMessagesRequest } from './to-messages-request.js';

const options = { maxOutputTokens: 8_192, model: 'claude-sonnet-4-5' };
const convert = (messages: ChatMessage[], extra: Partial<ChatRequest> = {}, thinkingModels = false) => toMessagesRequest({ messages, ...extra }, { ...options, thinkingModels });
const text = (value: string) => ({ type: 'text', text: value });
const call = (id: string, name: string, args: string) => ({ id, type: 'function' as const, function: { name, arguments: args } });

describe('toMessagesRequest: parameters', () => {
  const hi: ChatMessage[] = [{ role: 'user', content: 'Hi' }];

  it.each([
    [{}, 8_192],
    [{ max_tokens: 1_000 }, 1_000],
    [{ max_tokens: 1_000, max_completion_tokens: 2_000 }, 2_000],
    [{ max_tokens: 100_000 }, 8_192],
    [{ max_tokens: 0 }, 8_192],
  ])('max_tokens from %j is %d', (extra, expected) => {
    expect(convert(hi, extra).max_tokens).toBe(expected);
  });

  it('maps tools and tool_choice', () => {
    const tools = [
      { type: 'function', function: { name: 'bash', description: 'Run', parameters: { type: 'object', properties: { command: { type: 'string' } } } } },
      { type: 'function', function: { name: 'noargs' } },
      { type: 'function', function: { name: 'bash', description: 'duplicate' } },
      { type: 'custom', custom: { name: 'apply_patch' } },
    ];
    const request = convert(hi, { tools, tool_choice: 'auto' });
    expect(request.tools).toEqual([
      { name: 'bash', description: 'Run', input_schema: { type: 'object', properties: { command: { type: 'string' } } } },
      { name: 'noargs', input_schema: { type: 'object', properties: {} } },
    ]);
    const choice = (tool_choice: unknown, parallel_tool_calls?: boolean) => convert(hi, { tools, tool_choice, parallel_tool_calls }).tool_choice;
    expect(choice('auto')).toEqual({ type: 'auto' });
    expect(choice('required')).toEqual({ type: 'any' });
    expect(choice('none')).toEqual({ type: 'none' });
    expect(choice({ type: 'function', function: { name: 'noargs' } })).toEqual({ type: 'tool', name: 'noargs' });
    expect(choice({ type: 'function', function: { name: 'gone' } })).toEqual({ type: 'auto' });
    expect(choice(undefined, false)).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(choice('required', false)).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(choice(undefined)).toBeUndefined();
    expect(convert(hi, { tools: [], tool_choice: 'required' })).not.toHaveProperty('tool_choice');
  });

  it('maps sampling, stop, user and stream, and drops what Anthropic has no use for', () => {
    const request = convert(hi, {
      temperature: 1.4,
      top_p: 0.9,
      stop: ['END', '\n', ''],
      user: 'user-42',
      stream: true,
      stream_options: { include_usage: true },
      n: 1,
      logprobs: true,
      response_format: { type: 'json_object' },
      seed: 7,
    });
    expect(request).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 8_192,
      messages: [{ role: 'user', content: [text('Hi')] }],
      stop_sequences: ['END'],
      temperature: 1,
      metadata: { user_id: 'user-42' },
      stream: true,
    });
    expect(convert(hi, { top_p: 0.9, stop: 'STOP' })).toMatchObject({ top_p: 0.9, stop_sequences: ['STOP'] });
  });

  it('turns reasoning_effort into a thinking budget below max_tokens, only for thinking models', () => {
    expect(convert(hi, { reasoning_effort: 'high' }).thinking).toBeUndefined();
    expect(convert(hi, { reasoning_effort: 'low', temperature: 0.2 }, true)).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 1_024 } });
    expect(convert(hi, { reasoning_effort: 'low', temperature: 0.2 }, true)).not.toHaveProperty('temperature');
    expect(convert(hi, { reasoning_effort: 'medium' }, true).thinking).toEqual({ type: 'enabled', budget_tokens: 4_096 });
    expect(convert(hi, { reasoning_effort: 'high' }, true).thinking).toEqual({ type: 'enabled', budget_tokens: 8_191 });
    expect(convert(hi, { reasoning_effort: 'high', max_tokens: 1_024 }, true).thinking).toBeUndefined();
    expect(convert(hi, { reasoning_effort: 'minimal' }, true).thinking).toBeUndefined();
  });

  it('leaves thinking off where Anthropic would refuse it', () => {
    const tools = [{ type: 'function', function: { name: 'bash' } }];
    expect(convert(hi, { reasoning_effort: 'low', tools, tool_choice: 'required' }, true).thinking).toBeUndefined();
    const toolLoop: ChatMessage[] = [...hi, { role: 'assistant', content: '', tool_calls: [call('c1', 'bash', '{}')] }, { role: 'tool', tool_call_id: 'c1', content: 'ok' }];
    expect(convert(toolLoop, { reasoning_effort: 'low', tools }, true).thinking).toBeUndefined();
    expect(convert([...hi, { role: 'assistant', content: 'Sure, ' }], { reasoning_effort: 'low' }, true).thinking).toBeUndefined();
  });
});
