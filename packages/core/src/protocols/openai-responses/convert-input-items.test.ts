import { describe, expect, it } from 'vitest';
import { TOOLS } from '../../../test/support/stream-test-chunks.js';
import { convertInputItems } from './convert-input-items.js';
import { convertTools } from './convert-tools.js';
import type { InputItem } from './responses-types.js';

function convert(items: InputItem[], reasoningContent = false) {
  const dropped: string[] = [];
  const messages = convertInputItems(items, { toolMap: convertTools(TOOLS).toolMap, reasoningContent, drop: (what) => dropped.push(what) });
  return { messages, dropped };
}

const user = (text: string): InputItem => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const reasoning: InputItem = { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Plan.' }], content: [{ type: 'reasoning_text', text: 'Details.' }], encrypted_content: 'gAAA' };
const callA: InputItem = { type: 'function_call', call_id: 'call_a', name: 'exec_command', arguments: '{"cmd":"ls"}' };
const callB: InputItem = { type: 'function_call', call_id: 'call_b', name: 'spawn_agent', namespace: 'multi_agent_v1', arguments: '{}' };

describe('convertInputItems', () => {
  it('makes reasoning, text and consecutive calls one assistant message, then one tool message per output', () => {
    const items: InputItem[] = [
      user('go'),
      reasoning,
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Running both.' }] },
      callA,
      callB,
      { type: 'function_call_output', call_id: 'call_a', output: 'a.txt' },
      { type: 'function_call_output', call_id: 'call_b', output: 'spawned' },
    ];
    const { messages } = convert(items, true);
    expect(messages).toEqual([
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: 'Running both.',
        reasoning_content: 'Plan.\n\nDetails.',
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"ls"}' } },
          { id: 'call_b', type: 'function', function: { name: 'multi_agent_v1__spawn_agent', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: 'a.txt' },
      { role: 'tool', tool_call_id: 'call_b', content: 'spawned' },
    ]);
    // Without the option reasoning is dropped, and nothing else changes.
    expect(convert(items).messages[1]).not.toHaveProperty('reasoning_content');
  });

  it('maps developer to system and keeps user images as image_url parts', () => {
    const { messages } = convert([
      { type: 'message', role: 'developer', content: 'rules' },
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'see' },
          { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'high' },
        ],
      },
    ]);
    expect(messages).toEqual([
      { role: 'system', content: 'rules' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'see' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'high' } },
        ],
      },
    ]);
  });

  it('moves tool output images into one user message after the run of tool messages', () => {
    const image = { type: 'input_image', image_url: 'https://x/a.png' } as const;
    const { messages } = convert([
      callA,
      callB,
      { type: 'function_call_output', call_id: 'call_a', output: [{ type: 'input_text', text: 'shot 1' }, image] },
      { type: 'function_call_output', call_id: 'call_b', output: [image] },
      user('next'),
    ]);
    expect(messages.map((message) => message.role)).toEqual(['assistant', 'tool', 'tool', 'user', 'user']);
    expect(messages[1]?.content).toBe('shot 1\n(1 image from this tool call follows in the next user message)');
    expect(messages[3]?.content).toEqual([
      { type: 'text', text: 'Images returned by tool call call_a:' },
      { type: 'image_url', image_url: { url: 'https://x/a.png' } },
      { type: 'text', text: 'Images returned by tool call call_b:' },
      { type: 'image_url', image_url: { url: 'https://x/a.png' } },
    ]);
  });

  it('wraps custom tool call input as JSON and answers it with a tool message', () => {
    const { messages } = convert([
      { type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' },
      { type: 'custom_tool_call_output', call_id: 'call_p', output: 'Done!' },
    ]);
    expect(messages).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_p', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch\\n*** End Patch"}' } }] },
      { role: 'tool', tool_call_id: 'call_p', content: 'Done!' },
    ]);
  });

  it('drops files and unknown items with a note, and reasoning with nothing to attach to', () => {
    const { messages, dropped } = convert([
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'read' },
          { type: 'input_file', filename: 'spec.pdf', file_data: 'xx' },
        ],
      },
      { type: 'web_search_call', id: 'ws_1', status: 'completed' },
      reasoning,
      user('again'),
    ]);
    expect(messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'read' },
          { type: 'text', text: '[input_file "spec.pdf" omitted: llm-relay cannot pass it to this model]' },
        ],
      },
      { role: 'user', content: 'again' },
    ]);
    expect(dropped).toEqual(['input[0].content[1] (input_file)', 'input[1] (web_search_call)']);
  });
});
