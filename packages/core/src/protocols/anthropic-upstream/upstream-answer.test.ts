import { describe, expect, it } from 'vitest';
import { toFinishReason } from './map-finish-reason.js';
import { fromMessagesResponse } from './upstream-answer.js';

const usage = { input_tokens: 12, cache_creation_input_tokens: 300, cache_read_input_tokens: 4_000, output_tokens: 55 };
const message = (content: unknown[], stop_reason = 'end_turn') => ({
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content,
  stop_reason,
  stop_sequence: null,
  usage,
});

describe('fromMessagesResponse', () => {
  it('answers text as a chat.completion with the three input counts summed', () => {
    expect(
      fromMessagesResponse(
        message([
          { type: 'text', text: 'Hel' },
          { type: 'text', text: 'lo' },
        ]),
        { created: 1_700_000_000, model: 'my-alias' },
      ),
    ).toEqual({
      id: 'msg_01',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'my-alias',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 4_312, completion_tokens: 55, total_tokens: 4_367, prompt_tokens_details: { cached_tokens: 4_000, cache_write_tokens: 300 } },
    });
  });

  it('turns thinking into reasoning_content and tool_use into tool_calls', () => {
    const completion = fromMessagesResponse(
      message(
        [
          { type: 'thinking', thinking: 'Two files to read.', signature: 'EqQBCkgIARABGAIiQ' },
          { type: 'redacted_thinking', data: 'xyz' },
          { type: 'tool_use', id: 'toolu_1', name: 'read', input: { path: 'a.ts' } },
          { type: 'tool_use', id: 'toolu_2', name: 'read', input: {} },
        ],
        'tool_use',
      ),
      { created: 0 },
    );
    expect(completion.model).toBe('claude-sonnet-4-5-20250929');
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        reasoning_content: 'Two files to read.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'read', arguments: '{"path":"a.ts"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'read', arguments: '{}' } },
        ],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
  });

  it('survives a body with nothing in it', () => {
    expect(fromMessagesResponse(null, { created: 0 }).choices[0]?.message).toEqual({ role: 'assistant', content: '' });
    expect(fromMessagesResponse({}, { created: 0 }).usage).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 } });
  });
});

describe('toFinishReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    [null, 'stop'],
    ['something_new', 'stop'],
  ])('%s -> %s', (stopReason, finishReason) => {
    expect(toFinishReason(stopReason)).toBe(finishReason);
  });
});
