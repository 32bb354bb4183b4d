import { describe, expect, it } from 'vitest';
import { AnthropicStreamWriter } from './anthropic-messages/anthropic-stream-writer.js';
import type { MessagesRequest } from './anthropic-messages/anthropic-types.js';
import { toChatRequest } from './anthropic-messages/convert-to-chat-request.js';
import { dropUnsignedThinking } from './anthropic-messages/drop-unsigned-thinking.js';
import { encryptedReasoningOf, isRelayReasoningToken, reasoningDetail, reasoningOfToken, reasoningToken } from './encrypted-reasoning.js';
import { ResponsesStreamToChat } from './openai-responses-upstream/responses-stream-to-chat.js';
import { toResponsesRequest } from './openai-responses-upstream/upstream-request.js';

const sealed = { id: 'rs_a:b/c', encryptedContent: 'gAAAAB+/=x:y', origin: 'o1', precedes: 'call_1' };

describe('encrypted reasoning', () => {
  it("survives the round trip through a redacted_thinking block's data, whatever its id holds", () => {
    const token = reasoningToken(sealed);
    expect(isRelayReasoningToken(token)).toBe(true);
    expect(reasoningOfToken(token)).toEqual(sealed);
    expect(encryptedReasoningOf({ reasoning_details: [reasoningDetail(sealed), { type: 'reasoning.text', text: 'x' }] })).toEqual([sealed]);
  });

  it("reads nothing from Anthropic's own redacted thinking or a broken token", () => {
    for (const data of ['EmwKAhgBEgy3va3pzix', 'llm-relay:openai-responses-v1:', 'llm-relay:openai-responses-v1:%E0%A4%A:x', 42]) expect(reasoningOfToken(data)).toBeUndefined();
    expect(isRelayReasoningToken('EmwKAhgBEgy3va3pzix')).toBe(false);
  });

  it('goes back right before the item it led to, for the key that made it and the current tool loop only', () => {
    // A streamed turn: reasoning, a call, reasoning, a call, as OpenAI's reasoning models interleave them.
    const stream = new ResponsesStreamToChat({ id: 'chatcmpl-1', model: 'm', created: 1, origin: 'here' });
    const events = [
      { type: 'response.output_item.done', output_index: 0, item: { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'enc-1' } },
      { type: 'response.output_item.added', output_index: 1, item: { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'bash', arguments: '' } },
      { type: 'response.function_call_arguments.delta', output_index: 1, item_id: 'fc_1', delta: '{"command":"ls"}' },
      { type: 'response.output_item.done', output_index: 2, item: { type: 'reasoning', id: 'rs_2', summary: [], encrypted_content: 'enc-2' } },
      { type: 'response.output_item.added', output_index: 3, item: { type: 'function_call', id: 'fc_2', call_id: 'call_2', name: 'bash', arguments: '' } },
      { type: 'response.function_call_arguments.delta', output_index: 3, item_id: 'fc_2', delta: '{"command":"pwd"}' },
      { type: 'response.completed', response: { status: 'completed', usage: {} } },
    ];
    const writer = new AnthropicStreamWriter({ id: 'msg_1', model: 'claude' });
    let sse = '';
    for (const event of events) for (const chunk of stream.push({ data: event })) sse += writer.push(chunk);
    sse += writer.finish();
    // Claude Code keeps the blocks and sends them back next turn, as it received them.
    const blocks = [...sse.matchAll(/"content_block":(\{[^\n]*?\})\}\n/g)].map((match) => JSON.parse(match[1] as string) as Record<string, unknown>);
    const input = (block: Record<string, unknown>) => (block.type === 'tool_use' ? { ...block, input: { command: block.id === 'call_1' ? 'ls' : 'pwd' } } : block);
    const history = {
      model: 'claude',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'List and locate.' },
        { role: 'assistant', content: blocks.map(input) },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: 'a.txt' },
            { type: 'tool_result', tool_use_id: 'call_2', content: '/work' },
            // Claude Code's reminders ride with the results: still the same tool loop.
            { type: 'text', text: '<system-reminder>Keep going.</system-reminder>' },
          ],
        },
      ],
    };
    const { chat } = toChatRequest(history as unknown as MessagesRequest, { reasoningContent: true });
    const sent = (origin: string) =>
      (toResponsesRequest(chat, { model: 'gpt-5', origin }).body.input as Record<string, unknown>[]).map((item) =>
        String(item.type === 'reasoning' ? item.id : item.type === 'function_call' ? item.call_id : item.type),
      );
    expect(sent('here')).toEqual(['message', 'rs_1', 'call_1', 'rs_2', 'call_2', 'function_call_output', 'function_call_output', 'message']);
    // Another key or provider could not read it: it is left out rather than refused.
    expect(sent('elsewhere')).toEqual(['message', 'call_1', 'call_2', 'function_call_output', 'function_call_output', 'message']);
    // Once the user speaks again, the finished loop's reasoning is not sent again.
    const later = { ...chat, messages: [...chat.messages, { role: 'user' as const, content: 'Thanks.' }] };
    expect((toResponsesRequest(later, { model: 'gpt-5', origin: 'here' }).body.input as Record<string, unknown>[]).some((item) => item.type === 'reasoning')).toBe(false);
  });

  it("goes to Claude Code as a whole redacted_thinking block, after the thinking and never inside a tool call's arguments", () => {
    const writer = new AnthropicStreamWriter({ id: 'msg_1', model: 'claude' });
    const delta = (fields: Record<string, unknown>) => ({ choices: [{ index: 0, delta: fields, finish_reason: null }] });
    let out = writer.push(delta({ reasoning_content: 'Thinking.' }));
    out += writer.push(delta({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'bash', arguments: '{"comm' } }] }));
    out += writer.push(delta({ reasoning_details: [reasoningDetail(sealed)] }));
    out += writer.push(delta({ tool_calls: [{ index: 0, function: { arguments: 'and":"ls"}' } }] }));
    out += writer.finish();
    const starts = [...out.matchAll(/"content_block_start","index":(\d+),"content_block":\{"type":"(\w+)"/g)].map((match) => [Number(match[1]), match[2]]);
    expect(starts).toEqual([
      [0, 'thinking'],
      [1, 'tool_use'],
      [2, 'redacted_thinking'],
    ]);
    expect(out).toContain(`"data":${JSON.stringify(reasoningToken(sealed))}`);
  });

  it("is taken out of a request to an Anthropic upstream even where unsigned thinking stays; Anthropic's own stays", () => {
    const request = {
      model: 'claude',
      max_tokens: 10,
      messages: [
        { role: 'user' as const, content: 'Hi' },
        {
          role: 'assistant' as const,
          content: [
            { type: 'redacted_thinking' as const, data: reasoningToken(sealed) },
            { type: 'redacted_thinking' as const, data: 'EmwKAhgBEgy3va3pzix' },
            { type: 'text' as const, text: 'Hello' },
          ],
        },
      ],
    };
    for (const keepThinking of [false, true]) {
      const sent = dropUnsignedThinking(request, { keepThinking });
      expect(sent.messages[1]?.content).toEqual([
        { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
        { type: 'text', text: 'Hello' },
      ]);
    }
  });
});
