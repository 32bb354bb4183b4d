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
      {
        role: 'developer',
        content: [
          { type: 'text', text: 'Rules' },
          { type: 'text', text: ' ' },
        ],
      },
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
      {
        role: 'tool',
        tool_call_id: 'call_a',
        content: [
          { type: 'text', text: 'a.ts' },
          { type: 'text', text: 'b.ts' },
        ],
      },
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
      {
        role: 'tool',
        tool_call_id: 'c1',
        content: [
          { type: 'text', text: 'Here' },
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c2', content: '' },
    ]);
    expect(request.messages[1]?.content).toEqual([
      { type: 'tool_use', id: 'c1', name: 'shot', input: {} },
      { type: 'tool_use', id: 'c2', name: 'touch', input: {} },
    ]);
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
    const request = convert([
      { role: 'user', content: 'Go' },
      { role: 'assistant', content: 'Calling', tool_calls: [call('c1', 'bash', '{}')] },
    ]);
    expect(request.messages.at(-1)).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c1', content: 'No result was given for this tool call.', is_error: true }] });
  });

  it('carries a client cache_control on text parts', () => {
    const request = convert([{ role: 'user', content: [{ type: 'text', text: 'Task', cache_control: { type: 'ephemeral', ttl: '1h', extra: 1 } }] }]);
    expect(request.messages[0]?.content).toEqual([{ type: 'text', text: 'Task', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
  });

  it('merges turns of 200,000 blocks, past where spread arguments overflow the stack', () => {
    const parts = Array.from({ length: 200_000 }, (_, i) => text(`part ${i}`));
    const request = convert([
      { role: 'user', content: 'Task' },
      { role: 'user', content: parts },
      { role: 'assistant', content: 'ok' },
      { role: 'assistant', content: null, tool_calls: Array.from({ length: 200_000 }, (_, i) => call(`c${i}`, 'read', '{}')) },
    ]);
    expect(request.messages).toHaveLength(3);
    expect(request.messages[0]?.content).toHaveLength(200_001);
    expect(request.messages[1]?.content).toHaveLength(200_001);
    expect(request.messages[2]?.content).toHaveLength(200_000);
  });
});
