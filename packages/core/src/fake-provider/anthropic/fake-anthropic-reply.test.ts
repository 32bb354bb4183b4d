import { describe, expect, it } from 'vitest';
import { anthropicPost } from '../../../test/support/anthropic-test-requests.js';
import { createAnthropicFakeProvider } from './create-anthropic-fake-provider.js';
import { fakeAnthropicReply } from './fake-anthropic-reply.js';

const bash = { name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: { command: { type: 'string' }, timeout: { type: 'number' } }, required: ['command'] } };
const hello = { model: 'claude-sonnet-4-5', max_tokens: 1_000, messages: [{ role: 'user', content: 'Say hello' }] };

describe('fakeAnthropicReply', () => {
  it('calls the first tool when the user says USE_TOOL, and answers in text once the result is back', async () => {
    const fake = createAnthropicFakeProvider();
    const ask = { ...hello, tools: [bash], messages: [{ role: 'user', content: 'Please USE_TOOL now' }] };
    const call = (await (await fake.handler(anthropicPost('/v1/messages', ask))).json()) as { content: { id: string }[]; stop_reason: string };
    expect(call.stop_reason).toBe('tool_use');
    expect(call.content).toEqual([{ type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'Bash', input: { command: 'echo hi' } }]);
    const id = call.content[0]?.id;
    const answered = {
      ...ask,
      messages: [...ask.messages, { role: 'assistant', content: call.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'hi' }] }],
    };
    const after = (await (await fake.handler(anthropicPost('/v1/messages', answered))).json()) as { stop_reason: string };
    expect(after.stop_reason).toBe('end_turn');
  });

  it('stops at max_tokens with stop reason max_tokens', async () => {
    const fake = createAnthropicFakeProvider({ reply: 'one two three four five six seven eight nine ten' });
    const message = (await (await fake.handler(anthropicPost('/v1/messages', { ...hello, max_tokens: 3 }))).json()) as { stop_reason: string; usage: { output_tokens: number } };
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBeLessThanOrEqual(3);
  });

  it('calls no tool for USE_TOOL inside a tool result, nor with tool_choice none', () => {
    const results = [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'grep found USE_TOOL' }] }];
    const echoed = { ...hello, tools: [bash], messages: [{ role: 'user', content: 'go' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} }] }, ...results] };
    expect(fakeAnthropicReply(echoed, { counter: 1 }).stopReason).toBe('end_turn');
    const refused = { ...hello, tools: [bash], tool_choice: { type: 'none' }, messages: [{ role: 'user', content: 'USE_TOOL' }] };
    expect(fakeAnthropicReply(refused, { counter: 1 }).stopReason).toBe('end_turn');
  });

  it('calls the named tool when tool_choice forces it, skipping server tools, and fills required fields', () => {
    const read = { name: 'Read', input_schema: { type: 'object', properties: { path: { type: 'string' }, limit: { type: 'integer' } }, required: ['path', 'limit'] } };
    const search = { type: 'web_search_20250305', name: 'web_search' };
    const forced = { ...hello, tools: [search, bash, read], tool_choice: { type: 'tool', name: 'Read' } };
    expect(fakeAnthropicReply(forced, { counter: 7 }).content).toEqual([{ type: 'tool_use', id: 'toolu_fake_7', name: 'Read', input: { path: 'fake', limit: 1 } }]);
    const any = { ...forced, tool_choice: { type: 'any' } };
    expect(fakeAnthropicReply(any, { counter: 8 }).content[0]).toMatchObject({ name: 'Bash', input: { command: 'echo hi' } });
  });

  it('answers the user turn, not a system message after it, and stops where the window is full', () => {
    const body = {
      ...hello,
      messages: [
        { role: 'user', content: 'Say hello' },
        { role: 'system', content: 'Reminder' },
      ],
    };
    expect(fakeAnthropicReply(body, { counter: 1 }).content).toEqual([{ type: 'text', text: 'Hello from the fake provider. Last message: "Say hello"' }]);
    expect(fakeAnthropicReply(body, { counter: 1, windowRoom: 3 }).stopReason).toBe('model_context_window_exceeded');
  });
});
