import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../types/chat.js';
import { toolSequenceError } from './tool-sequence-error.js';

const call = (id: string) => ({ id, type: 'function' as const, function: { name: 'bash', arguments: '{}' } });

describe('toolSequenceError', () => {
  it('accepts parallel calls answered in any order', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: null, tool_calls: [call('a'), call('b')] },
      { role: 'tool', tool_call_id: 'b', content: '2' },
      { role: 'tool', tool_call_id: 'a', content: '1' },
      { role: 'assistant', content: 'done' },
    ];
    expect(toolSequenceError(messages)).toBeUndefined();
  });

  it("rejects an orphan tool message with OpenAI's wording", () => {
    const error = toolSequenceError([
      { role: 'user', content: 'go' },
      { role: 'tool', tool_call_id: 'a', content: '1' },
    ]);
    expect(error?.message).toContain("messages with role 'tool' must be a response to a preceeding message with 'tool_calls'");
    expect(error?.param).toBe('messages.[1].role');
  });

  it('rejects a call without its answer', () => {
    const error = toolSequenceError([
      { role: 'user', content: 'go' },
      { role: 'assistant', content: null, tool_calls: [call('a'), call('b')] },
      { role: 'tool', tool_call_id: 'a', content: '1' },
      { role: 'user', content: 'next' },
    ]);
    expect(error?.message).toContain('did not have response messages: b');
  });
});
