import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../types/chat.js';
import type { MessagesRequest } from './anthropic-types.js';
import { applyContextEdits } from './apply-context-edits.js';
import { toChatRequest } from './convert-to-chat-request.js';

const request = (): MessagesRequest =>
  ({
    model: 'claude-x',
    max_tokens: 100,
    system: [{ type: 'text', text: 'rules', cache_control: { type: 'ephemeral' } }],
    unknown_field: { kept: true },
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'TASK' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'hm', signature: 'sig' },
          { type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'x'.repeat(50) } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: 'long output', is_error: true, cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'and also this' },
        ],
      },
      { role: 'assistant', content: 'ok' },
    ],
  }) as unknown as MessagesRequest;

/** The engine's edits, simulated the way it makes them: copies by spread, drops by omission. */
function edit(messages: ChatMessage[], changes: Record<number, ((m: ChatMessage) => ChatMessage) | 'drop'>): [ChatMessage[], number[]] {
  const kept: ChatMessage[] = [];
  const sources: number[] = [];
  messages.forEach((message, i) => {
    const change = changes[i];
    if (change === 'drop') return;
    kept.push(change === undefined ? message : change(message));
    sources.push(i);
  });
  return [kept, sources];
}

describe('applyContextEdits', () => {
  it('returns the very request when the engine changed nothing', () => {
    const raw = request();
    const { chat, origins } = toChatRequest(raw);
    const converted = chat.messages;
    const all = converted.map((_, i) => i);
    expect(applyContextEdits(raw, converted, origins, converted, all)).toBe(raw);
    expect(applyContextEdits(raw, converted, origins, [...converted], all)).toEqual(raw);
  });

  it('replaces a cleared tool result in place, keeping its id, error flag and cache marker', () => {
    const raw = request();
    const { chat, origins } = toChatRequest(raw);
    const converted = chat.messages;
    // [system, user TASK, assistant, tool t1, user text, assistant ok]
    const out = applyContextEdits(raw, converted, origins, ...edit(converted, { 3: (m) => ({ ...m, content: '[cleared]' }) }));
    expect(out.messages[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 't1', content: '[cleared]', is_error: true, cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'and also this' },
      ],
    });
    expect(out.messages[1]).toBe(raw.messages[1]);
    expect((out as unknown as { unknown_field: unknown }).unknown_field).toEqual({ kept: true });
  });

  it('puts capped tool-call arguments back as input, leaving the thinking block and its signature alone', () => {
    const raw = request();
    const { chat, origins } = toChatRequest(raw);
    const converted = chat.messages;
    const capped = edit(converted, { 2: (m) => ({ ...m, tool_calls: m.tool_calls?.map((c) => ({ ...c, function: { ...c.function, arguments: '{"command":"x…"}' } })) }) });
    const assistant = applyContextEdits(raw, converted, origins, ...capped).messages[1];
    expect(assistant).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'hm', signature: 'sig' },
        { type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'x…' } },
      ],
    });
  });

  it('drops a whole tool turn but keeps the user text that came with its results', () => {
    const raw = request();
    const { chat, origins } = toChatRequest(raw);
    const converted = chat.messages;
    const out = applyContextEdits(raw, converted, origins, ...edit(converted, { 2: 'drop', 3: 'drop' }));
    expect(out.messages.map((m) => m.role)).toEqual(['user', 'user', 'assistant']);
    expect(out.messages[1]).toEqual({ role: 'user', content: [{ type: 'text', text: 'and also this' }] });
  });

  it('rebuilds a hard-capped system prompt as one text block', () => {
    const raw = request();
    const { chat, origins } = toChatRequest(raw);
    const converted = chat.messages;
    const out = applyContextEdits(raw, converted, origins, ...edit(converted, { 0: (m) => ({ ...m, content: 'ru[...]' }) }));
    expect(out.system).toEqual([{ type: 'text', text: 'ru[...]' }]);
    expect(out.messages).toEqual(raw.messages);
  });
});
