import { describe, expect, it } from 'vitest';
import { toAnthropicMessage } from './convert-from-chat-response.js';

const completion = (message: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  model: 'qwen3-coder',
  choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
  usage: { prompt_tokens: 5000, completion_tokens: 42, total_tokens: 5042, prompt_tokens_details: { cached_tokens: 4096 } },
  ...extra,
});

describe('toAnthropicMessage', () => {
  it('builds a Message with thinking, text and tool_use in order, named after the requested model', () => {
    const message = toAnthropicMessage(
      completion(
        { content: 'Let me look.', reasoning_content: 'The user wants ls.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } }] },
        'tool_calls',
      ),
      'claude-sonnet-4-5',
    );
    expect(message).toEqual({
      id: 'msg_chatcmpl-1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'The user wants ls.', signature: '' },
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'ls' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 904, output_tokens: 42, cache_creation_input_tokens: 0, cache_read_input_tokens: 4096 },
    });
  });

  it('skips empty text, keeps broken arguments as _raw, and fills missing ids', () => {
    const message = toAnthropicMessage(
      completion(
        { content: '', tool_calls: [{ function: { name: 'Bash', arguments: '{"command":"l' } }, { id: 'c2', function: { name: 'Read', arguments: '' } }, { id: 'c3', function: { arguments: '{}' } }] },
        'stop',
        { id: undefined },
      ),
      'claude-opus-4-1',
    );
    expect(message.id).toMatch(/^msg_[0-9a-f]{24}$/);
    expect(message.content).toEqual([
      { type: 'tool_use', id: expect.stringMatching(/^toolu_[0-9a-f]{24}$/), name: 'Bash', input: { _raw: '{"command":"l' } },
      { type: 'tool_use', id: 'c2', name: 'Read', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('reads content parts and the reasoning field, maps length, and survives a missing usage', () => {
    const message = toAnthropicMessage(
      {
        id: 'x',
        choices: [
          {
            message: {
              content: [
                { type: 'text', text: 'a' },
                { type: 'text', text: 'b' },
              ],
              reasoning: 'r',
            },
            finish_reason: 'length',
          },
        ],
      },
      'm',
    );
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'r', signature: '' },
      { type: 'text', text: 'ab' },
    ]);
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage).toEqual({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    expect(toAnthropicMessage(null, 'm')).toMatchObject({ content: [], stop_reason: 'end_turn' });
  });

  it('reads DeepSeek cache hits', () => {
    const deepseek = completion({ content: 'ok' }, 'stop', { usage: { prompt_tokens: 100, completion_tokens: 3, prompt_cache_hit_tokens: 64 } });
    expect(toAnthropicMessage(deepseek, 'm').usage).toEqual({ input_tokens: 36, output_tokens: 3, cache_creation_input_tokens: 0, cache_read_input_tokens: 64 });
  });
});
