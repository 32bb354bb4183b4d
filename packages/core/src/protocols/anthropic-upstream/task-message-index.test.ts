import { describe, expect, it } from 'vitest';
import { taskMessageIndex } from './task-message-index.js';
import { toMessagesRequest } from './to-messages-request.js';

const options = { maxOutputTokens: 1_000, model: 'm' };

describe('taskMessageIndex', () => {
  it('is 0 when the conversation starts with the task', () => {
    const request = toMessagesRequest(
      {
        messages: [
          { role: 'system', content: 'S' },
          { role: 'user', content: 'Task' },
          { role: 'assistant', content: 'Ok' },
        ],
      },
      options,
    );
    expect(taskMessageIndex(request.messages)).toBe(0);
  });

  it('skips the placeholder put before an opening assistant message', () => {
    const request = toMessagesRequest(
      {
        messages: [
          { role: 'assistant', content: 'Earlier' },
          { role: 'user', content: 'Task' },
        ],
      },
      options,
    );
    expect(taskMessageIndex(request.messages)).toBe(2);
    expect(request.messages[2]?.content).toEqual([{ type: 'text', text: 'Task' }]);
  });
});
