import { describe, expect, it } from 'vitest';
import type { MessagesRequest } from './anthropic-types.js';
import { dropUnsignedThinking } from './drop-unsigned-thinking.js';

describe('dropUnsignedThinking', () => {
  it('takes out thinking without a signature, keeps signed thinking, and keeps a turn from going empty', () => {
    const request: MessagesRequest = {
      model: 'claude-sonnet-4-5',
      messages: [
        { role: 'user', content: 'Task' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'from another model', signature: '' },
            { type: 'text', text: 'Hi' },
          ],
        },
        { role: 'user', content: 'And?' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'only this', signature: '' }] },
        { role: 'user', content: 'Go on' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'signed', signature: 'EqQBCkYIBxgC' },
            { type: 'text', text: 'Ok' },
          ],
        },
      ],
    };
    const dropped = dropUnsignedThinking(request);
    expect(dropped.messages[1]?.content).toEqual([{ type: 'text', text: 'Hi' }]);
    expect(dropped.messages[3]?.content).toEqual([{ type: 'text', text: 'only this' }]);
    expect(dropped.messages[5]).toBe(request.messages[5]);
    expect(dropped.messages[0]).toBe(request.messages[0]);
  });

  it('returns the very request when every thinking block is signed', () => {
    const request: MessagesRequest = { model: 'm', messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'x', signature: 'sig' }] }] };
    expect(dropUnsignedThinking(request)).toBe(request);
  });
});
