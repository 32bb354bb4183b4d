import { describe, expect, it } from 'vitest';
import firstTurn from '../../../test/fixtures/claude-code-messages-request.json';
import toolTurn from '../../../test/fixtures/claude-code-tool-result-request.json';
import { toolSequenceError } from '../../fake-provider/tool-sequence-error.js';
import type { MessagesRequest } from './anthropic-types.js';
import { toChatRequest } from './convert-to-chat-request.js';
import { validateMessagesRequest } from './validate-messages-request.js';

const fixture = (json: unknown): MessagesRequest => validateMessagesRequest(structuredClone(json));
const request = (messages: unknown[], extra: Record<string, unknown> = {}): MessagesRequest => fixture({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages, ...extra });

describe('toChatRequest with recorded Claude Code requests', () => {
  it('converts a first turn: one system message, the mid-conversation system message in place', () => {
    const body = fixture(firstTurn);
    body.tools = [...(body.tools ?? []), { type: 'web_search_20250305', name: 'web_search', max_uses: 5 }];
    const { chat, droppedTools } = toChatRequest(body, { maxOutputTokens: 32_000 });
    const json = JSON.stringify(chat);

    expect(chat.messages.map((message) => message.role)).toEqual(['system', 'user', 'system']);
    const system = chat.messages[0]?.content as string;
    expect(system.startsWith("You are a Claude agent, built on Anthropic's Claude Agent SDK.\n\n\nYou are an agent")).toBe(true);
    expect(system).not.toContain('x-anthropic-billing-header');
    expect(chat.messages[1]?.content).toMatch(/^<system-reminder>[\s\S]*\n\nSay hello$/);
    expect(chat.messages[2]).toEqual({ role: 'system', content: expect.stringMatching(/^# Environment\n/) });
    expect(droppedTools).toEqual(['web_search']);
    expect(chat.tools).toHaveLength(12);
    expect(chat.tools?.[0]).toEqual({ type: 'function', function: { name: 'Agent', description: expect.any(String), parameters: expect.objectContaining({ type: 'object' }) } });
    expect(chat).toMatchObject({ model: 'claude-opus-5-5', max_tokens: 32_000, stream: true, stream_options: { include_usage: true } });
    expect(Object.keys(chat)).toEqual(['model', 'messages', 'tools', 'max_tokens', 'stream', 'stream_options']);
    for (const key of ['cache_control', 'defer_loading', 'output_config']) expect(json.includes(`"${key}":`), key).toBe(false);
  });

  it('converts a tool round trip into tool_calls and a matching tool message', () => {
    const { chat } = toChatRequest(fixture(toolTurn), {});
    expect(chat.messages.map((message) => message.role)).toEqual(['system', 'user', 'system', 'assistant', 'tool']);
    const [call] = chat.messages[3]?.tool_calls ?? [];
    expect(chat.messages[3]?.content).toBe('Running a tool.');
    expect(call).toEqual({ id: 'toolu_fake_1', type: 'function', function: { name: 'Bash', arguments: expect.any(String) } });
    expect(JSON.parse(call?.function.arguments ?? '')).toEqual({ command: 'echo fake-tool-ok', description: 'Echo a marker' });
    expect(chat.messages[4]).toEqual({ role: 'tool', tool_call_id: 'toolu_fake_1', content: 'fake-tool-ok' });
    expect(toolSequenceError(chat.messages)).toBeUndefined();
    expect(chat.max_tokens).toBe(128_000);
    expect(JSON.stringify(chat).includes('"cache_control":')).toBe(false);
  });
});

describe('toChatRequest rules', () => {
  const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } };

  it('moves tool results first, their images and the turn text into one user message after them', () => {
    const { chat } = toChatRequest(
      request([
        { role: 'user', content: 'Look at both files' },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 't1', name: 'Read', input: { path: 'a.png' } },
            { type: 'tool_use', id: 't2', name: 'Read', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'a.png' }, image] },
            {
              type: 'tool_result',
              tool_use_id: 't2',
              content: [
                { type: 'text', text: 'ENOENT' },
                { type: 'text', text: 'no such file' },
              ],
              is_error: true,
            },
            { type: 'text', text: 'What do you see?' },
            { type: 'image', source: { type: 'url', url: 'https://example.com/b.png' } },
          ],
        },
      ]),
    );
    expect(chat.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 't1', type: 'function', function: { name: 'Read', arguments: '{"path":"a.png"}' } },
          { id: 't2', type: 'function', function: { name: 'Read', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 't1', content: 'a.png\n[1 image(s) of this result are in the next user message]' },
      { role: 'tool', tool_call_id: 't2', content: 'Error: ENOENT\nno such file' },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0K' } },
          { type: 'text', text: 'What do you see?' },
          { type: 'image_url', image_url: { url: 'https://example.com/b.png' } },
        ],
      },
    ]);
    expect(toolSequenceError(chat.messages)).toBeUndefined();
  });

  it('keeps thinking as reasoning_content only when asked, and never redacted thinking', () => {
    const messages = [
      { role: 'user', content: 'Hi' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Plan.', signature: 'sig' },
          { type: 'redacted_thinking', data: 'xx' },
          { type: 'text', text: '' },
          { type: 'text', text: 'Hello' },
        ],
      },
    ];
    expect(toChatRequest(request(messages), { reasoningContent: true }).chat.messages[1]).toEqual({ role: 'assistant', content: 'Hello', reasoning_content: 'Plan.' });
    expect(toChatRequest(request(messages), {}).chat.messages[1]).toEqual({ role: 'assistant', content: 'Hello' });
  });

  it('maps tool_choice, parallel calls, stop sequences and sampling; drops top_k', () => {
    const tools = [
      { name: 'Bash', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } },
      { type: 'custom', name: 'Read', description: 'Reads', input_schema: { type: 'object' } },
    ];
    const convert = (tool_choice: unknown) => toChatRequest(request([{ role: 'user', content: 'x' }], { tools, tool_choice, stop_sequences: ['END'], temperature: 0.2, top_p: 0.9, top_k: 5 })).chat;
    expect(convert({ type: 'auto' })).toEqual({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'x' }],
      tools: [
        { type: 'function', function: { name: 'Bash', parameters: { type: 'object' } } },
        { type: 'function', function: { name: 'Read', description: 'Reads', parameters: { type: 'object' } } },
      ],
      tool_choice: 'auto',
      max_tokens: 1024,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END'],
    });
    expect(convert({ type: 'any', disable_parallel_tool_use: true })).toMatchObject({ tool_choice: 'required', parallel_tool_calls: false });
    expect(convert({ type: 'none' }).tool_choice).toBe('none');
    expect(convert({ type: 'tool', name: 'Read' }).tool_choice).toEqual({ type: 'function', function: { name: 'Read' } });
    expect(convert({ type: 'tool', name: 'web_search' }).tool_choice).toBe('auto');
  });

  it('leaves out tools and tool_choice when only server tools were sent, and max_tokens when absent', () => {
    const body = request([{ role: 'user', content: 'x' }], { tools: [{ type: 'web_search_20250305', name: 'web_search' }], tool_choice: { type: 'any' } });
    delete body.max_tokens;
    expect(toChatRequest(body)).toEqual({ chat: { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'x' }] }, droppedTools: ['web_search'], origins: [{ message: 0, part: 0 }] });
  });

  it('joins system blocks, skips empty ones, and accepts a string system', () => {
    const blocks = request([{ role: 'user', content: 'x' }], {
      system: [
        { type: 'text', text: 'A' },
        { type: 'text', text: '' },
        { type: 'text', text: 'B', cache_control: { type: 'ephemeral' } },
      ],
    });
    expect(toChatRequest(blocks).chat.messages[0]).toEqual({ role: 'system', content: 'A\n\nB' });
    const text = request([{ role: 'user', content: 'x' }], { system: 'A\n\nB' });
    expect(JSON.stringify(toChatRequest(text).chat)).toBe(JSON.stringify(toChatRequest(blocks).chat));
  });
});
