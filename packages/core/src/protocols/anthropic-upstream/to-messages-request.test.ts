import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../types/chat.js';
import { toMessagesRequest } from './to-messages-request.js';

const options = { maxOutputTokens: 8_192, model: 'claude-sonnet-4-5' };
const convert = (messages: ChatMessage[], extra: Partial<ChatRequest> = {}, thinkingModels = false) => toMessagesRequest({ messages, ...extra }, { ...options, thinkingModels });
const text = (value: string) => ({ type: 'text', text: value });
const call = (id: string, name: string, args: string) => ({ id, type: 'function' as const, function: { name, arguments: args } });

describe('toMessagesRequest: messages', () => {
  it('puts leading system and developer messages in system blocks, in order', () => {
    const request = convert([
      { role: 'system', content: 'You are a coding agent.' },
      { role: 'developer', content: [{ type: 'text', text: 'Rules' }, { type: 'text', text: ' ' }] },
      { role: 'user', content: 'Hi' },
    ]);
    expect(request.system).toEqual([text('You are a coding agent.'), text('Rules')]);
    expect(request.messages).toEqual([{ role: 'user', content: [text('Hi')] }]);
    expect(Object.keys(request)).toEqual(['model', 'max_tokens', 'system', 'messages']);
  });

  it('keeps a mid-conversation system message as a system-reminder in the user turn of its place', () => {
    const request = convert([
      { role: 'user', content: 'Fix the test' },
      { role: 'assistant', content: 'Done.' },
      { role: 'system', content: 'The user switched to plan mode.' },
      { role: 'user', content: 'Now plan the refactor' },
    ]);
    expect(request.system).toBeUndefined();
    expect(request.messages[2]).toEqual({ role: 'user', content: [text('<system-reminder>\nThe user switched to plan mode.\n</system-reminder>'), text('Now plan the refactor')] });
  });

  it('turns images into base64 or url sources, and odd ones into a note', () => {
    const request = convert([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0K' } },
          { type: 'image_url', image_url: { url: 'https://example.com/a.jpg', detail: 'high' } },
          { type: 'image_url', image_url: { url: 'data:image/svg+xml;base64,PHN2Zz4=' } },
          { type: 'input_audio', input_audio: { data: 'UklGR', format: 'wav' } },
          { type: 'text', text: '' },
        ],
      },
    ]);
    expect(request.messages[0]?.content).toEqual([
      text('What is this?'),
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
      text('[image omitted: unsupported type image/svg+xml]'),
      text('[input_audio content omitted: the upstream cannot read it]'),
    ]);
  });

  it('sends assistant text then tool_use blocks, drops reasoning_content, and answers in one user message in call order', () => {
    const request = convert([
      { role: 'user', content: 'List and read' },
      { role: 'assistant', content: 'Looking.', reasoning_content: 'I should list first.', tool_calls: [call('call_a', 'ls', '{"path":"."}'), call('call_b', 'cat', '{"path":"a.ts"}')] },
      { role: 'tool', tool_call_id: 'call_b', content: 'export {}' },
      { role: 'tool', tool_call_id: 'call_a', content: [{ type: 'text', text: 'a.ts' }, { type: 'text', text: 'b.ts' }] },
      { role: 'user', content: 'Thanks, go on' },
    ]);
    expect(request.messages).toEqual([
      { role: 'user', content: [text('List and read')] },
      {
        role: 'assistant',
        content: [text('Looking.'), { type: 'tool_use', id: 'call_a', name: 'ls', input: { path: '.' } }, { type: 'tool_use', id: 'call_b', name: 'cat', input: { path: 'a.ts' } }],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'call_a', content: 'a.ts\nb.ts' }, { type: 'tool_result', tool_use_id: 'call_b', content: 'export {}' }, text('Thanks, go on')],
      },
    ]);
  });

  it('keeps images of a tool result as blocks inside it, and empty results without content', () => {
    const request = convert([
      { role: 'user', content: 'Screenshot' },
      { role: 'assistant', content: '', tool_calls: [call('c1', 'shot', '{}'), call('c2', 'touch', '')] },
      { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'Here' }, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } }] },
      { role: 'tool', tool_call_id: 'c2', content: '' },
    ]);
    expect(request.messages[1]?.content).toEqual([{ type: 'tool_use', id: 'c1', name: 'shot', input: {} }, { type: 'tool_use', id: 'c2', name: 'touch', input: {} }]);
    expect(request.messages[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 'c1', content: [text('Here'), { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } }] },
      { type: 'tool_result', tool_use_id: 'c2' },
    ]);
  });

  it('keeps broken arguments visible, fixes ids Anthropic refuses, and pairs what a client left unpaired', () => {
    const request = convert([
      { role: 'user', content: 'Go' },
      { role: 'assistant', content: null, tool_calls: [call('functions.bash:0', 'bash', '{"command": "ls'), call('call_2', 'bash', '{}')] },
      { role: 'tool', tool_call_id: 'functions.bash:0', content: 'error: bad JSON' },
      { role: 'tool', tool_call_id: 'call_zzz', content: 'stray' },
    ]);
    expect(request.messages[1]?.content[0]).toEqual({ type: 'tool_use', id: 'functions_bash_0', name: 'bash', input: { _raw: '{"command": "ls' } });
    expect(request.messages[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 'functions_bash_0', content: 'error: bad JSON' },
      { type: 'tool_result', tool_use_id: 'call_2', content: 'No result was given for this tool call.', is_error: true },
      text('[result of tool call call_zzz]\nstray'),
    ]);
  });

  it('starts with a user placeholder when the history opens with the assistant, and fills empty user turns', () => {
    const request = convert([
      { role: 'system', content: 'S' },
      { role: 'assistant', content: 'Earlier answer' },
      { role: 'user', content: '   ' },
    ]);
    expect(request.messages).toEqual([
      { role: 'user', content: [text('[conversation continues]')] },
      { role: 'assistant', content: [text('Earlier answer')] },
      { role: 'user', content: [text('[conversation continues]')] },
    ]);
    expect(convert([{ role: 'system', content: 'S' }]).messages).toEqual([{ role: 'user', content: [text('[conversation continues]')] }]);
  });

  it('merges same-role neighbours and drops assistant messages with nothing to send', () => {
    const request = convert([
      { role: 'user', content: 'One' },
      { role: 'user', content: 'Two' },
      { role: 'assistant', content: '', reasoning_content: 'hmm' },
      { role: 'user', content: 'Three' },
      { role: 'assistant', content: 'A' },
      { role: 'assistant', content: 'B  \n' },
    ]);
    expect(request.messages).toEqual([
      { role: 'user', content: [text('One'), text('Two'), text('Three')] },
      { role: 'assistant', content: [text('A'), text('B')] },
    ]);
  });

  it('answers calls of a final assistant message so the request stays valid', () => {
    const request = convert([{ role: 'user', content: 'Go' }, { role: 'assistant', content: 'Calling', tool_calls: [call('c1', 'bash', '{}')] }]);
    expect(request.messages.at(-1)).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c1', content: 'No result was given for this tool call.', is_error: true }] });
  });

  it('carries a client cache_control on text parts', () => {
    const request = convert([{ role: 'user', content: [{ type: 'text', text: 'Task', cache_control: { type: 'ephemeral', ttl: '1h', extra: 1 } }] }]);
    expect(request.messages[0]?.content).toEqual([{ type: 'text', text: 'Task', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
  });
});

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
      temperature: 1.4, top_p: 0.9, stop: ['END', '\n', ''], user: 'user-42', stream: true,
      stream_options: { include_usage: true }, n: 1, logprobs: true, response_format: { type: 'json_object' }, seed: 7,
    });
    expect(request).toEqual({
      model: 'claude-sonnet-4-5', max_tokens: 8_192, messages: [{ role: 'user', content: [text('Hi')] }],
      stop_sequences: ['END'], temperature: 1, metadata: { user_id: 'user-42' }, stream: true,
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
