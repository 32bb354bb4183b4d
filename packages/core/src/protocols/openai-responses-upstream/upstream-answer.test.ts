import { describe, expect, it } from 'vitest';
import { fromResponsesResponse } from './upstream-answer.js';

const identity = { id: 'chatcmpl-1', model: 'client-model', created: 1_700_000_000 };
const usage = { input_tokens: 120, input_tokens_details: { cached_tokens: 100 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 3 }, total_tokens: 127 };

describe('fromResponsesResponse', () => {
  it('joins the text, turns calls into tool calls and reasoning into reasoning_content, usage with cached tokens', () => {
    const completion = fromResponsesResponse(
      {
        status: 'completed',
        output: [
          { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Plan' }], encrypted_content: 'opaque' },
          {
            type: 'message',
            id: 'msg_1',
            role: 'assistant',
            content: [
              { type: 'output_text', text: 'Hel' },
              { type: 'output_text', text: 'lo' },
            ],
          },
          { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'bash', arguments: '{"command":"ls"}' },
        ],
        usage,
      },
      identity,
    );
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: 'Hello',
        reasoning_content: 'Plan',
        // Kept for the next turn: the only form of its reasoning a stateless request can hand back.
        reasoning_details: [{ type: 'reasoning.encrypted', id: 'rs_1', data: 'opaque', format: 'openai-responses-v1', origin: '', precedes: 'message' }],
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'bash', arguments: '{"command":"ls"}' } }],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
    expect(completion.usage).toEqual({
      prompt_tokens: 120,
      completion_tokens: 7,
      total_tokens: 127,
      prompt_tokens_details: { cached_tokens: 100 },
      completion_tokens_details: { reasoning_tokens: 3 },
    });
    expect(completion.model).toBe('client-model');
  });

  it('reports an answer cut at its output limit as length, and a failed response as an error', () => {
    const cut = fromResponsesResponse(
      { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ type: 'message', content: [{ type: 'output_text', text: 'par' }] }] },
      identity,
    );
    expect(cut.choices[0].finish_reason).toBe('length');
    expect(() => fromResponsesResponse({ status: 'failed', error: { code: 'server_error', message: 'boom' } }, identity)).toThrow(/boom/);
  });
});
