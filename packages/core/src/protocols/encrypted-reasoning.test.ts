import { describe, expect, it } from 'vitest';
import { AnthropicStreamWriter } from './anthropic-messages/anthropic-stream-writer.js';
import { dropUnsignedThinking } from './anthropic-messages/drop-unsigned-thinking.js';
import { encryptedReasoningOf, isRelayReasoningToken, reasoningDetail, reasoningOfToken, reasoningToken } from './encrypted-reasoning.js';
import { ResponsesStreamToChat } from './openai-responses-upstream/responses-stream-to-chat.js';

const sealed = { id: 'rs_a:b/c', encryptedContent: 'gAAAAB+/=x:y' };

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

  it('comes out of a streamed Responses reasoning item once it is done', () => {
    const stream = new ResponsesStreamToChat({ id: 'chatcmpl-1', model: 'm', created: 1 });
    const chunks = stream.push({ data: { type: 'response.output_item.done', output_index: 0, item: { type: 'reasoning', id: sealed.id, summary: [], encrypted_content: sealed.encryptedContent } } });
    expect(encryptedReasoningOf(chunks[0]?.choices[0]?.delta)).toEqual([sealed]);
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
